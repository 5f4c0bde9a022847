/**
 * Load balancing: the strategies an AtSync step runs ({@code +balancer NAME}), as in Charm++ ({@link
 * org.charm4j.lb.Strategies}), and the interface for a program's own ({@link org.charm4j.lb.Strategy}).
 */
package org.charm4j.lb;
