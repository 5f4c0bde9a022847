package org.charm4j.kernels.ir;

import java.util.List;

/**
 * A statement of the kernel IR. Control flow is structured: counted loops and two-way conditionals only.
 *
 * <p>Threading: immutable; any thread.
 */
public sealed interface Stmt {
    /**
     * {@code var = value}.
     *
     * @param var   the variable assigned.
     * @param value its new value, of the variable's type.
     * @param line  source line, or -1.
     */
    record Assign(Var var, Expr value, int line) implements Stmt {
        /**
         * An assignment without a source line.
         *
         * @param var   the variable.
         * @param value its value.
         */
        public Assign(final Var var, final Expr value) {
            this(var, value, -1);
        }
    }

    /**
     * {@code array[index] = value}.
     *
     * @param array the array written.
     * @param index the element's index ({@link Type#INT}).
     * @param value a {@link Type#DOUBLE} value.
     * @param line  source line, or -1.
     */
    record Store(ArrayParam array, Expr index, Expr value, int line) implements Stmt {
        /**
         * A store without a source line.
         *
         * @param array the array.
         * @param index the index.
         * @param value the value.
         */
        public Store(final ArrayParam array, final Expr index, final Expr value) {
            this(array, index, value, -1);
        }
    }

    /**
     * {@code for (index = from; index < to; index += step) body}: {@code to} is evaluated once, before the first
     * iteration ({@link IrBuilder} checks that the body assigns nothing it reads), {@code step} is positive, and the
     * body does not assign {@code index}. After the loop, {@code index} holds the first value not below {@code to}
     * (or {@code from} if the loop ran no iteration), as in Java.
     *
     * @param index    the induction variable ({@link Type#INT}).
     * @param from     its first value.
     * @param to       the bound, exclusive.
     * @param step     the increment, at least 1.
     * @param parallel whether the variable is marked {@link org.charm4j.kernels.Parallel}: iterations may run in any
     *                 order or at once.
     * @param body     the statements of one iteration.
     * @param line     source line of the loop's condition, or -1.
     */
    record Loop(Var index, Expr from, Expr to, int step, boolean parallel, List<Stmt> body, int line)
        implements Stmt {
        /** Copies the body. */
        public Loop {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code if (cond) then else otherwise}.
     *
     * @param cond      a {@link Type#BOOLEAN} expression.
     * @param then      run when it holds.
     * @param otherwise run when it does not (often empty).
     * @param line      source line of the condition, or -1.
     */
    record If(Expr cond, List<Stmt> then, List<Stmt> otherwise, int line) implements Stmt {
        /** Copies the branches. */
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /**
     * A work-group barrier of a per-work-item kernel ({@link org.charm4j.kernels.WorkItem#barrier()}): every item of
     * the group waits here for the others; local and global memory written before it is visible after it.
     *
     * @param line source line, or -1.
     */
    record Barrier(int line) implements Stmt {
    }

    /**
     * The end of the kernel, the last statement of its body (the IR has no early return).
     *
     * @param value the result, or {@code null} for a {@code void} kernel.
     */
    record Return(Expr value) implements Stmt {
    }
}
