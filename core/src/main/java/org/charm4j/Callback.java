package org.charm4j;

/**
 * Where a barrier reduction's result goes: usually a method reference to an entry method of a proxy, as in
 * {@code contribute(Reducer.NOP, MyProxy.of(this).at(0)::done)}. It runs on the PE at the root of the reduction tree, where calling a proxy sends a message.
 *
 * <p>Threading: called on the reduction's root PE.
 */
@FunctionalInterface
public interface Callback extends java.io.Serializable {
    /** Runs the callback.
     */
    void run();
}
