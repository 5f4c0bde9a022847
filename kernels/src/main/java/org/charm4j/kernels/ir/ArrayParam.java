package org.charm4j.kernels.ir;

/**
 * An array parameter of the kernel.
 *
 * @param index the parameter's position in the kernel's signature.
 * @param name  the parameter's name.
 * @param kind  {@code double[]} or {@code DoubleArray}.
 *
 * <p>Threading: immutable; any thread.
 */
public record ArrayParam(int index, String name, ArrayKind kind) {
    @Override
    public String toString() {
        return name;
    }
}
