/**
 * GPU back ends for {@code @Kernel} methods: {@link org.charm4j.gpu.GpuKernel} compiles a specialized kernel for an
 * OpenCL device (translated from the kernel compiler's IR by {@code org.charm4j.gpu.translate}, run through the FFM
 * binding in {@code org.charm4j.gpu.opencl}) and launches it asynchronously. CUDA (driver API + NVRTC) is the next
 * back end on the same translator; its FFM binding, {@code org.charm4j.gpu.cuda}, is in place
 * ({@link org.charm4j.gpu.cuda.CudaDevice}, checked on a machine by {@link org.charm4j.gpu.cuda.CudaSelfCheck}).
 */
package org.charm4j.gpu;
