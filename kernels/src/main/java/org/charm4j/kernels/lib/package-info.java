/**
 * Ready-made kernels of the apps: the 7-point Jacobi update of stencil3d and LeanMD's Lennard-Jones pair forces,
 * each as a scalar kernel and a Vector API kernel, all with {@code @Const} sizes.
 */
package org.charm4j.kernels.lib;
