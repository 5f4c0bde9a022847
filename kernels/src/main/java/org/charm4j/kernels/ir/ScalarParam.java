package org.charm4j.kernels.ir;

/**
 * A scalar (non-{@code @Const}) parameter of the kernel; {@code @Const} ones are folded and do not appear in the IR.
 *
 * @param index the parameter's position in the kernel's signature.
 * @param name  the parameter's name.
 * @param type  its type.
 *
 * <p>Threading: immutable; any thread.
 */
public record ScalarParam(int index, String name, Type type) {
    @Override
    public String toString() {
        return name;
    }
}
