package org.charm4j;

/**
 * Where a reduction's result goes when it is an object (an array, a gathered list, a custom reducer's value), or any
 * result boxed: a method reference to an entry method of a proxy, or a {@link Future}. It runs on the PE at the root
 * of the reduction tree, where calling a proxy sends a message.
 *
 * <p>Threading: called on the reduction's root PE.
 *
 * @param <T> the result type.
 */
@FunctionalInterface
public interface Target<T> extends java.io.Serializable {
    /**
     * @param value the reduced value.
     */
    void accept(T value);
}
