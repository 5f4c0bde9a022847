/**
 * Ready-made kernels of the apps: the 7-point Jacobi update of stencil3d and LeanMD's Lennard-Jones pair forces.
 * {@link org.charm4j.kernels.lib.Jacobi7#jacobi} (off-heap), {@link org.charm4j.kernels.lib.Jacobi7#jacobiHeap},
 * {@link org.charm4j.kernels.lib.LennardJones#forces} (off-heap) and
 * {@link org.charm4j.kernels.lib.LennardJones#forcesHeap} are plain loops, vectorized by the kernel compiler
 * ({@code org.charm4j.kernels.ir} and its SIMD back end); the {@code Vector} versions are hand-written Vector API code,
 * kept as the benchmarks to beat ({@code CompiledKernelsBenchmark} in the jmh module compares them).
 *
 * <p>The Jacobi versions give the same bits. The compiled Lennard-Jones kernels sum the energy and the forces on A as
 * vector reductions (another order of summation than the scalar loop, within rounding); the forces on B are
 * element-wise, the same bits.
 */
package org.charm4j.kernels.lib;
