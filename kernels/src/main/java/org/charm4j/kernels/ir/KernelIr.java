package org.charm4j.kernels.ir;

import java.util.List;

/**
 * One specialization of a kernel in the IR: its non-{@code @Const} parameters and its body, constants folded,
 * helpers inlined. {@link #toString()} prints it as C-like text, the form to show a user.
 *
 * @param name       {@code Owner.method}.
 * @param constants  {@code name=value} of each folded {@code @Const} parameter, for the text.
 * @param scalars    the scalar parameters.
 * @param arrays     the array parameters.
 * @param returnType the type returned, or {@code null} for {@code void}.
 * @param vars       every local variable, in order of first appearance.
 * @param body       the statements; the last is a {@link Stmt.Return}.
 * @param workItem   the parameter index of a per-work-item kernel's {@link org.charm4j.kernels.WorkItem}, or -1 for
 *                   a kernel of {@code @Parallel} loops.
 * @param locals     the work-group's local arrays of a per-work-item kernel, in order of their
 *                   {@code localDoubles} calls.
 *
 * <p>Threading: immutable; any thread.
 */
public record KernelIr(String name, List<String> constants, List<ScalarParam> scalars, List<ArrayParam> arrays,
                       Type returnType, List<Var> vars, List<Stmt> body, int workItem, List<LocalArray> locals) {
    /** Copies the lists. */
    public KernelIr {
        constants = List.copyOf(constants);
        scalars = List.copyOf(scalars);
        arrays = List.copyOf(arrays);
        vars = List.copyOf(vars);
        body = List.copyOf(body);
        locals = List.copyOf(locals);
    }

    /**
     * A kernel of {@code @Parallel} loops (no work item, no local memory).
     *
     * @param name       {@code Owner.method}.
     * @param constants  {@code name=value} of each folded {@code @Const} parameter.
     * @param scalars    the scalar parameters.
     * @param arrays     the array parameters.
     * @param returnType the type returned, or {@code null}.
     * @param vars       every local variable.
     * @param body       the statements.
     */
    public KernelIr(final String name, final List<String> constants, final List<ScalarParam> scalars,
                    final List<ArrayParam> arrays, final Type returnType, final List<Var> vars,
                    final List<Stmt> body) {
        this(name, constants, scalars, arrays, returnType, vars, body, -1, List.of());
    }

    /** @return whether it is written per work item ({@link org.charm4j.kernels.WorkItem}), not as parallel loops. */
    public boolean perWorkItem() {
        return workItem >= 0;
    }

    /** @return whether some statement is a {@link Stmt.Barrier}. */
    public boolean hasBarriers() {
        return IrQueries.hasBarrier(body);
    }

    /**
     * A work-group's local array.
     *
     * @param array  the array ({@link ArrayKind#LOCAL}).
     * @param length its constant length in doubles.
     */
    public record LocalArray(ArrayParam array, int length) {
    }

    /** @return the arrays that some statement stores into. */
    public List<ArrayParam> writtenArrays() {
        return IrQueries.storedArrays(body).stream().toList();
    }

    @Override
    public String toString() {
        return IrPrinter.print(this);
    }
}
