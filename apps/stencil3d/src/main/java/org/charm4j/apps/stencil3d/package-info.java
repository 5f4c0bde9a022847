/**
 * Charm++'s stencil3d mini-app ({@code examples/charm++/load_balancing/stencil3d}) in charm4j: a 3D grid in blocks,
 * one chare per block, ghost faces as off-heap arrays, a 7-point Jacobi {@code @Kernel}, a barrier per iteration and
 * AtSync load balancing every 5 iterations, with the original's uneven work. Run it with
 * {@code bin/charmrun stencil3d} ({@link org.charm4j.apps.stencil3d.Stencil3d}).
 */
package org.charm4j.apps.stencil3d;
