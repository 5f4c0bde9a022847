/**
 * JMH benchmarks of the kernels module: the Jacobi 7-point and Lennard-Jones kernels (generic, specialized, Vector
 * API; off-heap and heap), the cost of a specialization and of a launch that hits the cache, and both apps' kernels in
 * one JVM. The C loops they are compared with are in {@code jmh/c} ({@code jmh/c/run.sh}).
 */
package org.charm4j.jmh.kernels;
