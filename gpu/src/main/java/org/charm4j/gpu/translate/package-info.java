/**
 * Translation of a specialized {@link org.charm4j.kernels.ir.KernelIr} to GPU C source, OpenCL C 1.2 or CUDA C, by
 * one walker ({@link org.charm4j.gpu.translate.GpuTranslator}). The {@code @Parallel} loops at the top of the kernel
 * (up to three, nested) become the work grid; the innermost of them is grid dimension 0 (OpenCL
 * {@code get_global_id(0)}, CUDA {@code x}), the next one out dimension 1, and so on, so that the loop which usually
 * walks memory fastest is the one whose work items are adjacent. The result ({@link org.charm4j.gpu.translate.GpuSource})
 * describes, for a launcher, the kernel arguments in order ({@link org.charm4j.gpu.translate.KernelArg}) and the
 * extent of each grid dimension ({@link org.charm4j.gpu.translate.GridDim}), constant or computed from the launch
 * arguments. What cannot run as a grid is refused with a {@link org.charm4j.gpu.translate.GpuRefusedException}.
 *
 * <p>Results are meant to be the CPU's bit for bit: no contraction into FMA (OpenCL {@code FP_CONTRACT OFF}, nvrtc
 * {@code --fmad=false}, see {@link org.charm4j.gpu.translate.GpuSource#compilerOptions()}), double literals in hex,
 * Java's conversions, {@code Math.min}/{@code max} and {@code abs} as helper functions. Not covered: integer overflow
 * in {@code + - *} (wraps in Java, undefined in C; wraps on every GPU in practice), integer division by zero (throws in
 * Java, undefined on a GPU), and exp, log, sin, cos and pow, which Java and the GPU libraries both give within 1 ulp
 * but not necessarily the same bits ({@link org.charm4j.gpu.translate.GpuSource#notes()} says so).
 */
package org.charm4j.gpu.translate;
