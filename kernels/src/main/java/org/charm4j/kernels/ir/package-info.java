/**
 * The kernel IR: a {@link org.charm4j.kernels.Kernel} method read from its bytecode with its {@code @Const} values
 * folded in and its static helpers inlined, as structured loops, affine array indices, arithmetic, {@code Math}
 * calls, conditionals and reductions into locals. The CPU SIMD back end generates code from it, and GPU back ends
 * (OpenCL C, CUDA C) are meant to translate from it too: it has no Java-specific construct beyond the two array
 * kinds. {@link org.charm4j.kernels.ir.IrBuilder} makes it; {@link org.charm4j.kernels.ir.KernelIr#toString()} shows
 * it as C-like text.
 */
package org.charm4j.kernels.ir;
