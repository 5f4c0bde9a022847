/**
 * JMH benchmarks of messaging within one process: the round trip of an entry-method call between two PEs (groups and
 * 1-D arrays), the rate of small messages from one PE to another, and a broadcast followed by a sum reduction. Each
 * runs a charm4j job ({@code +p2}) beside JMH ({@link org.charm4j.jmh.messaging.Job}); an operation is many in-job
 * iterations, so the JMH thread's wake-up at the end of each is amortized.
 */
package org.charm4j.jmh.messaging;
