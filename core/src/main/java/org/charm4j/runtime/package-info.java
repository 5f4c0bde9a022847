/**
 * The runtime inside one process: the node, its PEs and their duty cycle, messages, collections and their element
 * tables, reductions, threaded entry methods, and the base classes that generated proxies build on.
 *
 * <p>Public classes here are public for the code that {@code org.charm4j.processor.ChareProcessor} generates; they are
 * not the programming interface, which is {@code org.charm4j}.
 */
package org.charm4j.runtime;
