/**
 * A small CUDA binding over {@code java.lang.foreign}: the driver API ({@code libcuda.so.1}) and NVRTC
 * ({@code libnvrtc}), no JNI, no native code of our own. Open a device, compile CUDA C to the device's own
 * architecture, allocate device memory, copy asynchronously on streams, launch kernels and poll events.
 *
 * <p>{@link org.charm4j.gpu.cuda.Cuda} and {@link org.charm4j.gpu.cuda.Nvrtc} hold the raw downcalls;
 * {@link org.charm4j.gpu.cuda.CudaDevice} is the entry point. It retains the device's primary context, the one the CUDA
 * runtime (and so CuPy or PyTorch in the same process) uses, and makes it current on the calling thread at each call
 * that needs it. Every call that returns an error throws {@link org.charm4j.gpu.cuda.CudaException} naming the call,
 * the error and what it was called on. {@link org.charm4j.gpu.cuda.CudaSelfCheck} is a command-line check of a machine.
 * The JVM needs {@code --enable-native-access=ALL-UNNAMED} (charm4j's JVM flags have it).
 */
package org.charm4j.gpu.cuda;
