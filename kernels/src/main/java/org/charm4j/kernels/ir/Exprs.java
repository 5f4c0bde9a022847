package org.charm4j.kernels.ir;

import java.util.List;

/**
 * Factories of {@link Expr} that fold constants with Java's semantics ({@code 3 + 4} becomes {@code 7},
 * {@code (nx + 2) * (ny + 2)} with constant sizes becomes one literal) and simplify {@code x + 0}, {@code x * 1}
 * on integers. Doubles fold only where the result is the same bits as computing at run time.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Exprs {
    private Exprs() {
    }

    /** @param v a value. @return the int literal. */
    public static Expr.Literal ofInt(final int v) {
        return new Expr.Literal(Type.INT, v);
    }

    /** @param v a value. @return the long literal. */
    public static Expr.Literal ofLong(final long v) {
        return new Expr.Literal(Type.LONG, v);
    }

    /** @param v a value. @return the double literal. */
    public static Expr.Literal ofDouble(final double v) {
        return new Expr.Literal(Type.DOUBLE, v);
    }

    /**
     * @param op the operation.
     * @param a  left operand.
     * @param b  right operand.
     * @return {@code a op b}, folded where both are literals.
     */
    public static Expr binary(final BinOp op, final Expr a, final Expr b) {
        if (a instanceof Expr.Literal x && b instanceof Expr.Literal y) {
            final Expr folded = fold(op, x, y);
            if (folded != null) {
                return folded;
            }
        }
        if (a.type() == Type.INT || a.type() == Type.LONG) {
            if ((op == BinOp.ADD || op == BinOp.SUB) && isZero(b)) {
                return a;
            }
            if (op == BinOp.ADD && isZero(a)) {
                return b;
            }
            if (op == BinOp.MUL && isOne(b)) {
                return a;
            }
            if (op == BinOp.MUL && isOne(a)) {
                return b;
            }
            // (x + c1) + c2 -> x + (c1 + c2): keeps affine indices short.
            if ((op == BinOp.ADD || op == BinOp.SUB) && b instanceof Expr.Literal c2
                && a instanceof Expr.Binary inner && (inner.op() == BinOp.ADD || inner.op() == BinOp.SUB)
                && inner.right() instanceof Expr.Literal c1) {
                final long v1 = inner.op() == BinOp.ADD ? c1.value().longValue() : -c1.value().longValue();
                final long v2 = op == BinOp.ADD ? c2.value().longValue() : -c2.value().longValue();
                final long sum = v1 + v2;
                final Expr lit = a.type() == Type.INT ? ofInt((int) sum) : ofLong(sum);
                return binary(BinOp.ADD, inner.left(), lit);
            }
        }
        return new Expr.Binary(op, a, b);
    }

    /**
     * @param a operand.
     * @return {@code -a}, folded for literals.
     */
    public static Expr neg(final Expr a) {
        if (a instanceof Expr.Literal x) {
            return switch (x.type()) {
                case INT -> ofInt(-x.value().intValue());
                case LONG -> ofLong(-x.value().longValue());
                case DOUBLE -> ofDouble(-x.value().doubleValue());
                case BOOLEAN -> new Expr.Neg(a);
            };
        }
        return new Expr.Neg(a);
    }

    /**
     * @param to the type converted to.
     * @param a  operand.
     * @return {@code (to) a}, folded for literals.
     */
    public static Expr convert(final Type to, final Expr a) {
        if (a.type() == to) {
            return a;
        }
        if (a instanceof Expr.Literal x) {
            final Number v = x.value();
            return switch (to) {
                case INT -> ofInt(x.type() == Type.DOUBLE ? (int) v.doubleValue() : (int) v.longValue());
                case LONG -> ofLong(x.type() == Type.DOUBLE ? (long) v.doubleValue() : v.longValue());
                case DOUBLE -> ofDouble(x.type() == Type.DOUBLE ? v.doubleValue() : (double) v.longValue());
                case BOOLEAN -> new Expr.Convert(to, a);
            };
        }
        return new Expr.Convert(to, a);
    }

    /**
     * @param fn   the function.
     * @param type the type of its arguments.
     * @param args the arguments.
     * @return the call (never folded: the back end computes it as Java would).
     */
    public static Expr call(final MathFn fn, final Type type, final List<Expr> args) {
        return new Expr.Call(fn, type, args);
    }

    private static boolean isZero(final Expr e) {
        return e instanceof Expr.Literal l && l.value().longValue() == 0;
    }

    private static boolean isOne(final Expr e) {
        return e instanceof Expr.Literal l && l.value().longValue() == 1;
    }

    private static Expr fold(final BinOp op, final Expr.Literal x, final Expr.Literal y) {
        switch (x.type()) {
            case INT -> {
                final int a = x.value().intValue();
                final int b = y.value().intValue();
                return switch (op) {
                    case ADD -> ofInt(a + b);
                    case SUB -> ofInt(a - b);
                    case MUL -> ofInt(a * b);
                    case DIV -> b == 0 ? null : ofInt(a / b);
                    case REM -> b == 0 ? null : ofInt(a % b);
                    case SHL -> ofInt(a << b);
                    case SHR -> ofInt(a >> b);
                    case USHR -> ofInt(a >>> b);
                    case AND -> ofInt(a & b);
                    case OR -> ofInt(a | b);
                    case XOR -> ofInt(a ^ b);
                };
            }
            case LONG -> {
                final long a = x.value().longValue();
                final long b = y.value().longValue();
                final int s = y.value().intValue();
                return switch (op) {
                    case ADD -> ofLong(a + b);
                    case SUB -> ofLong(a - b);
                    case MUL -> ofLong(a * b);
                    case DIV -> b == 0 ? null : ofLong(a / b);
                    case REM -> b == 0 ? null : ofLong(a % b);
                    case SHL -> ofLong(a << s);
                    case SHR -> ofLong(a >> s);
                    case USHR -> ofLong(a >>> s);
                    case AND -> ofLong(a & b);
                    case OR -> ofLong(a | b);
                    case XOR -> ofLong(a ^ b);
                };
            }
            case DOUBLE -> {
                final double a = x.value().doubleValue();
                final double b = y.value().doubleValue();
                return switch (op) {
                    case ADD -> ofDouble(a + b);
                    case SUB -> ofDouble(a - b);
                    case MUL -> ofDouble(a * b);
                    case DIV -> ofDouble(a / b);
                    case REM -> ofDouble(a % b);
                    default -> null;
                };
            }
            default -> {
                return null;
            }
        }
    }
}
