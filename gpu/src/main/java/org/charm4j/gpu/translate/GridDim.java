package org.charm4j.gpu.translate;

import java.util.Map;
import java.util.OptionalLong;

import org.charm4j.OffHeapArray;
import org.charm4j.kernels.ir.Expr;
import org.charm4j.kernels.ir.Type;

/**
 * One dimension of the work grid: the {@code @Parallel} loop {@code for (index = from; index < to; index++)}, one work
 * item per iteration. {@code from} and {@code to} read only literals, scalar parameters and array lengths, so a
 * launcher can evaluate them from the launch arguments; the kernel checks {@code index < to} itself, so the launcher
 * may round the global size up to a multiple of its work-group size.
 *
 * @param dim   the grid dimension: 0 for the innermost parallel loop (OpenCL {@code get_global_id(0)}, CUDA
 *              {@code x}), up to 2.
 * @param index the loop variable's name in the Java source.
 * @param from  the first value of the loop variable.
 * @param to    its bound, exclusive.
 *
 * <p>Threading: immutable; any thread.
 */
public record GridDim(int dim, String index, Expr from, Expr to) {
    /** @return the number of work items when {@code from} and {@code to} are literals, else empty. */
    public OptionalLong constantExtent() {
        if (from instanceof Expr.Literal && to instanceof Expr.Literal) {
            return OptionalLong.of(extent(Map.of()));
        }
        return OptionalLong.empty();
    }

    /**
     * @param args the launch arguments by Java parameter name: a {@link Number} for a scalar, a {@code double[]} or
     *             an {@link OffHeapArray} for an array whose length a bound reads.
     * @return the number of work items, {@code max(0, to - from)}.
     * @throws IllegalArgumentException if an argument the bounds read is missing or of the wrong kind.
     */
    public long extent(final Map<String, ?> args) {
        final long lo = eval(from, args).longValue();
        final long hi = eval(to, args).longValue();
        return Math.max(0, hi - lo);
    }

    @Override
    public String toString() {
        return "dim " + dim + ": " + index + " in [" + from + ", " + to + ")";
    }

    /** Evaluates an expression of literals, parameters and lengths with Java's semantics. */
    static Number eval(final Expr e, final Map<String, ?> args) {
        return switch (e) {
            case Expr.Literal l -> l.value();
            case Expr.Param p -> {
                final Object v = args.get(p.param().name());
                if (!(v instanceof Number n)) {
                    throw new IllegalArgumentException("the grid needs the scalar argument " + p.param().name()
                        + " (a number), got " + v);
                }
                yield switch (p.type()) {
                    case INT, BOOLEAN -> n.intValue();
                    case LONG -> n.longValue();
                    case DOUBLE -> n.doubleValue();
                };
            }
            case Expr.Length len -> {
                final Object v = args.get(len.array().name());
                yield switch (v) {
                    case double[] d -> d.length;
                    case OffHeapArray o -> o.length();
                    case null, default -> throw new IllegalArgumentException("the grid needs the array argument "
                        + len.array().name() + " (for its length), got " + v);
                };
            }
            case Expr.Neg n -> {
                final Number v = eval(n.operand(), args);
                yield switch (n.type()) {
                    case INT, BOOLEAN -> -v.intValue();
                    case LONG -> -v.longValue();
                    case DOUBLE -> -v.doubleValue();
                };
            }
            case Expr.Convert c -> {
                final Number v = eval(c.operand(), args);
                final boolean fromDouble = c.operand().type() == Type.DOUBLE;
                yield switch (c.type()) {
                    case INT, BOOLEAN -> fromDouble ? (int) v.doubleValue() : (int) v.longValue();
                    case LONG -> fromDouble ? (long) v.doubleValue() : v.longValue();
                    case DOUBLE -> fromDouble ? v.doubleValue() : (double) v.longValue();
                };
            }
            case Expr.Binary b -> binary(b, eval(b.left(), args), eval(b.right(), args));
            default -> throw new IllegalArgumentException("a grid bound cannot read " + e);
        };
    }

    private static Number binary(final Expr.Binary b, final Number x, final Number y) {
        switch (b.type()) {
            case INT, BOOLEAN -> {
                final int p = x.intValue();
                final int q = y.intValue();
                return switch (b.op()) {
                    case ADD -> p + q;
                    case SUB -> p - q;
                    case MUL -> p * q;
                    case DIV -> p / q;
                    case REM -> p % q;
                    case SHL -> p << q;
                    case SHR -> p >> q;
                    case USHR -> p >>> q;
                    case AND -> p & q;
                    case OR -> p | q;
                    case XOR -> p ^ q;
                };
            }
            case LONG -> {
                final long p = x.longValue();
                final long q = y.longValue();
                final int s = y.intValue();
                return switch (b.op()) {
                    case ADD -> p + q;
                    case SUB -> p - q;
                    case MUL -> p * q;
                    case DIV -> p / q;
                    case REM -> p % q;
                    case SHL -> p << s;
                    case SHR -> p >> s;
                    case USHR -> p >>> s;
                    case AND -> p & q;
                    case OR -> p | q;
                    case XOR -> p ^ q;
                };
            }
            default -> {
                final double p = x.doubleValue();
                final double q = y.doubleValue();
                return switch (b.op()) {
                    case ADD -> p + q;
                    case SUB -> p - q;
                    case MUL -> p * q;
                    case DIV -> p / q;
                    case REM -> p % q;
                    default -> throw new IllegalArgumentException("a grid bound cannot compute " + b);
                };
            }
        }
    }
}
