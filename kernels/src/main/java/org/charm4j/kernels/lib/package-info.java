/**
 * Ready-made kernels of the apps: the 7-point Jacobi update of stencil3d and LeanMD's Lennard-Jones pair forces,
 * each as a scalar kernel and a Vector API kernel, all with {@code @Const} sizes.
 *
 * <p><b>Which layout to compute on</b> (JMH, JDK 25, Zen 4 with AVX-512, one core; figures in the kernels note):
 * the Jacobi sweep runs fastest on {@code double[]} ({@link org.charm4j.kernels.lib.Jacobi7#jacobiVectorHeap}):
 * 2.5x, 1.7x, 1.5x, 1.05x, 0.95x gcc -O3 at n = 8, 16, 32, 64, 128. The same Vector loop on off-heap
 * {@code DoubleArray}s ({@link org.charm4j.kernels.lib.Jacobi7#jacobiVector}: int induction variable, strides
 * hoisted, the masked tail out of line) now runs at 0.8-0.9x of {@code double[]} for n &lt;= 16 and at n &gt;= 64, but
 * 0.55x at n = 32; a variant that checked the bounds once per launch and then read raw addresses was measured no
 * faster (and was removed, being unsafe), so the per-access checks are not the cost.
 * So a stencil block is computed on {@code double[]}; off-heap arrays carry the ghost faces in messages. The
 * Lennard-Jones kernel computes on the off-heap cells directly (1.1x-3.2x gcc).
 */
package org.charm4j.kernels.lib;
