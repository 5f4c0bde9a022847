package org.charm4j.gpu.translate;

import java.util.Map;
import java.util.OptionalLong;

import org.charm4j.OffHeapArray;
import org.charm4j.kernels.ir.Expr;
import org.charm4j.kernels.ir.Exprs;
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

    /**
     * Evaluates an expression of literals, parameters and lengths: binds the arguments as literals and folds with the
     * kernel IR's own folding ({@link Exprs}), so the value has Java's semantics.
     */
    static Number eval(final Expr e, final Map<String, ?> args) {
        if (bind(e, args) instanceof Expr.Literal l) {
            return l.value();
        }
        throw new IllegalArgumentException("a grid bound does not fold to a number: " + e + " (a division by zero?)");
    }

    private static Expr bind(final Expr e, final Map<String, ?> args) {
        return switch (e) {
            case Expr.Literal l -> l;
            case Expr.Param p -> {
                final Object v = args.get(p.param().name());
                if (!(v instanceof Number n)) {
                    throw new IllegalArgumentException("the grid needs the scalar argument " + p.param().name()
                        + " (a number), got " + v);
                }
                yield switch (p.type()) {
                    case INT, BOOLEAN -> Exprs.ofInt(n.intValue());
                    case LONG -> Exprs.ofLong(n.longValue());
                    case DOUBLE -> Exprs.ofDouble(n.doubleValue());
                };
            }
            case Expr.Length len -> {
                final Object v = args.get(len.array().name());
                yield switch (v) {
                    case double[] d -> len.type() == Type.INT ? Exprs.ofInt(d.length) : Exprs.ofLong(d.length);
                    case OffHeapArray o -> len.type() == Type.INT ? Exprs.ofInt(Math.toIntExact(o.length()))
                        : Exprs.ofLong(o.length());
                    case null, default -> throw new IllegalArgumentException("the grid needs the array argument "
                        + len.array().name() + " (for its length), got " + v);
                };
            }
            case Expr.Neg n -> Exprs.neg(bind(n.operand(), args));
            case Expr.Convert c -> Exprs.convert(c.type(), bind(c.operand(), args));
            case Expr.Binary b -> Exprs.binary(b.op(), bind(b.left(), args), bind(b.right(), args));
            default -> throw new IllegalArgumentException("a grid bound cannot read " + e);
        };
    }
}
