/**
 * A synthetic imbalanced program for load balancing: {@code bin/charmrun +p2 imbalanced}, and
 * {@code bin/bench-lb} for its time per iteration with and without each balancer.
 */
package org.charm4j.examples.lb;
