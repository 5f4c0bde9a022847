package org.charm4j.gpu.translate;

/**
 * The C dialects {@link GpuTranslator} writes.
 *
 * <p>Threading: immutable; any thread.
 */
public enum Dialect {
    /** OpenCL C 1.2 with {@code cl_khr_fp64}: a {@code __kernel}, arrays as {@code __global double*}. */
    OPENCL,
    /** CUDA C for nvrtc: an {@code extern "C" __global__} function, arrays as {@code double*}. */
    CUDA
}
