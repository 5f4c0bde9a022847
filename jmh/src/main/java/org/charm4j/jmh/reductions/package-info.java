/**
 * JMH benchmarks of the reducers' arithmetic on one thread, without a job: combining arrays element by element.
 */
package org.charm4j.jmh.reductions;
