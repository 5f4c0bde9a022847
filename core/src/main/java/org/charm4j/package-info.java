/**
 * The charm4j programming model: chares, proxies, collections, reductions, futures, channels and off-heap arrays.
 */
package org.charm4j;
