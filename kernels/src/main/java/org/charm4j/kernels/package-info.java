/**
 * CPU kernels: {@link org.charm4j.kernels.Kernel} methods specialized with their {@link org.charm4j.kernels.Const}
 * parameters folded in as constants (a hidden class per tuple, cached), launched through
 * {@link org.charm4j.kernels.Kernels#of(Class, String, Class...)}; SIMD helpers live in
 * {@code org.charm4j.kernels.simd} and the apps' kernels in {@code org.charm4j.kernels.lib}.
 */
package org.charm4j.kernels;
