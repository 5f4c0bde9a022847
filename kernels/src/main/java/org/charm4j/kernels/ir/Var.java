package org.charm4j.kernels.ir;

/**
 * A local variable of the kernel (or of an inlined helper): named after the source where the class has a local
 * variable table, else after its slot. Two variables are the same when their ids are.
 *
 * @param id   unique within one {@link KernelIr}.
 * @param name the name shown in the IR's text (unique within one {@link KernelIr}).
 * @param type its type.
 *
 * <p>Threading: immutable; any thread.
 */
public record Var(int id, String name, Type type) {
    @Override
    public String toString() {
        return name;
    }
}
