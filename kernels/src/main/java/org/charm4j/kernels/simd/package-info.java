/**
 * SIMD helpers on the Vector API ({@code jdk.incubator.vector}) for the inner loops that C2 does not vectorize by
 * itself: a row of the 7-point stencil and a row of Lennard-Jones pair forces, on off-heap segments and on heap
 * arrays.
 */
package org.charm4j.kernels.simd;
