package org.charm4j;

/**
 * Where a double reduction's result goes: usually a method reference to an entry method of a proxy, as in
 * {@code contribute(x, Reducer.MAX, MyProxy.of(this).at(0)::result)}. It runs on the PE at the root of the reduction tree, where calling a proxy sends a message.
 *
 * <p>Threading: called on the reduction's root PE.
 */
@FunctionalInterface
public interface DoubleTarget extends java.io.Serializable {
    /**
     * @param value the reduced value.
     */
    void accept(double value);
}
