/**
 * CPU kernels: @Kernel methods specialized with their @Const parameters, and SIMD helpers.
 */
package org.charm4j.kernels;
