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
 *
 * <p>Threading: immutable; any thread.
 */
public record KernelIr(String name, List<String> constants, List<ScalarParam> scalars, List<ArrayParam> arrays,
                       Type returnType, List<Var> vars, List<Stmt> body) {
    /** Copies the lists. */
    public KernelIr {
        constants = List.copyOf(constants);
        scalars = List.copyOf(scalars);
        arrays = List.copyOf(arrays);
        vars = List.copyOf(vars);
        body = List.copyOf(body);
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
