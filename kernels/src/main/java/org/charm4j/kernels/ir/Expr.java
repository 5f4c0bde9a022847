package org.charm4j.kernels.ir;

import java.util.List;

/**
 * An expression of the kernel IR: pure (no side effect), typed, immutable. Equal expressions are equal records, so
 * a back end may share their values. Make them with the factories of {@link Exprs}, which fold constants.
 *
 * <p>Threading: immutable; any thread.
 */
public sealed interface Expr {
    /** @return the type of the value. */
    Type type();

    /**
     * A constant: an {@code Integer}, {@code Long} or {@code Double} (a boolean is an {@code Integer} 0 or 1).
     *
     * @param type  its type.
     * @param value its value.
     */
    record Literal(Type type, Number value) implements Expr {
        @Override
        public String toString() {
            return IrPrinter.literal(this);
        }
    }

    /**
     * The current value of a local variable.
     *
     * @param var the variable.
     */
    record Read(Var var) implements Expr {
        @Override
        public Type type() {
            return var.type();
        }

        @Override
        public String toString() {
            return var.name();
        }
    }

    /**
     * The value of a scalar parameter (parameters are never assigned in the IR: the builder copies one that the
     * kernel assigns into a variable).
     *
     * @param param the parameter.
     */
    record Param(ScalarParam param) implements Expr {
        @Override
        public Type type() {
            return param.type();
        }

        @Override
        public String toString() {
            return param.name();
        }
    }

    /**
     * An element of an array parameter.
     *
     * @param array the array.
     * @param index the element's index ({@link Type#INT}).
     */
    record Load(ArrayParam array, Expr index) implements Expr {
        @Override
        public Type type() {
            return Type.DOUBLE;
        }

        @Override
        public String toString() {
            return array.name() + "[" + IrPrinter.strip(index) + "]";
        }
    }

    /**
     * The length of an array parameter, in elements ({@link Type#INT} for {@code double[]}, {@link Type#LONG} for an
     * off-heap array).
     *
     * @param array the array.
     */
    record Length(ArrayParam array) implements Expr {
        @Override
        public Type type() {
            return array.kind() == ArrayKind.OFF_HEAP ? Type.LONG : Type.INT;
        }

        @Override
        public String toString() {
            return "length(" + array.name() + ")";
        }
    }

    /**
     * An arithmetic or bitwise operation with Java's semantics for its type (integer overflow wraps, integer division
     * by zero throws, doubles are IEEE 754 without contraction into FMA).
     *
     * @param op    the operation.
     * @param left  left operand.
     * @param right right operand (of the same type, or {@link Type#INT} for shifts).
     */
    record Binary(BinOp op, Expr left, Expr right) implements Expr {
        @Override
        public Type type() {
            return left.type();
        }

        @Override
        public String toString() {
            return "(" + left + " " + op.symbol() + " " + right + ")";
        }
    }

    /**
     * Negation.
     *
     * @param operand the value negated.
     */
    record Neg(Expr operand) implements Expr {
        @Override
        public Type type() {
            return operand.type();
        }

        @Override
        public String toString() {
            return "-" + operand;
        }
    }

    /**
     * A call of a {@code java.lang.Math} function.
     *
     * @param fn   the function.
     * @param type the type of its arguments and result.
     * @param args its arguments.
     */
    record Call(MathFn fn, Type type, List<Expr> args) implements Expr {
        /** Copies the arguments. */
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            final StringBuilder b = new StringBuilder(fn.cName()).append('(');
            for (int i = 0; i < args.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(args.get(i));
            }
            return b.append(')').toString();
        }
    }

    /**
     * A conversion with Java's semantics ({@code (int) 1e300} is {@code Integer.MAX_VALUE}, NaN becomes 0).
     *
     * @param type    the type converted to.
     * @param operand the value converted.
     */
    record Convert(Type type, Expr operand) implements Expr {
        @Override
        public String toString() {
            return "(" + type.cName() + ") " + operand;
        }
    }

    /**
     * A comparison, false when either double operand is NaN (Java's {@code <}, {@code ==} and so on).
     *
     * @param op    the comparison.
     * @param left  left operand.
     * @param right right operand, of the same type.
     */
    record Compare(CmpOp op, Expr left, Expr right) implements Expr {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }

        @Override
        public String toString() {
            return "(" + left + " " + op.symbol() + " " + right + ")";
        }
    }

    /**
     * The negation of a condition.
     *
     * @param operand a {@link Type#BOOLEAN} expression.
     */
    /**
     * A per-work-item kernel's id or extent ({@link org.charm4j.kernels.WorkItem#globalId} ...), an int.
     *
     * @param fn  which one.
     * @param dim the dimension, 0 to 2.
     */
    record WorkItemQuery(WorkItemFn fn, int dim) implements Expr {
        @Override
        public Type type() {
            return Type.INT;
        }

        @Override
        public String toString() {
            return fn.javaName() + "(" + dim + ")";
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }

        @Override
        public String toString() {
            return "!" + operand;
        }
    }
}
