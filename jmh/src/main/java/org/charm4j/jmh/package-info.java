/**
 * JMH benchmarks of messaging, reductions, serialization and kernels.
 */
package org.charm4j.jmh;
