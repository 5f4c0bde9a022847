package org.charm4j.runtime;

import org.charm4j.DoubleArray;
import org.charm4j.FloatArray;
import org.charm4j.IntArray;
import org.charm4j.LongArray;
import org.charm4j.OffHeapArray;
import org.charm4j.Reducer;

/**
 * The arithmetic of the built-in reducers: on unboxed primitives, and element by element on primitive arrays and
 * off-heap arrays, combining into the first operand (which the reduction owns).
 *
 * <p>Threading: stateless, any thread.
 */
final class ReductionOps {
    private ReductionOps() {
    }

    static boolean supports(final Reducer r, final byte type) {
        return switch (r.kind()) {
            case NOP -> type == Partial.NONE;
            case GATHER -> type == Partial.GATHER;
            case CUSTOM -> type == Partial.OBJECT;
            case SUM, PRODUCT, MAX, MIN -> type >= Partial.INT && type <= Partial.DOUBLE || type == Partial.OBJECT;
            case AND, OR, XOR -> type == Partial.INT || type == Partial.LONG || type == Partial.BOOLEAN
                || type == Partial.OBJECT;
            case BIT_AND, BIT_OR, BIT_XOR -> type == Partial.INT || type == Partial.LONG || type == Partial.OBJECT;
        };
    }

    static long combineLong(final Reducer r, final long a, final long b) {
        return switch (r.kind()) {
            case SUM -> a + b;
            case PRODUCT -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case AND -> a != 0 && b != 0 ? 1 : 0;
            case OR -> a != 0 || b != 0 ? 1 : 0;
            case XOR -> a != 0 ^ b != 0 ? 1 : 0;
            case BIT_AND -> a & b;
            case BIT_OR -> a | b;
            case BIT_XOR -> a ^ b;
            default -> throw new IllegalArgumentException(r + " does not combine integers");
        };
    }

    static double combineDouble(final Reducer r, final byte type, final double a, final double b) {
        final double v = switch (r.kind()) {
            case SUM -> a + b;
            case PRODUCT -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new IllegalArgumentException(r + " does not combine floating-point values");
        };
        return type == Partial.FLOAT ? (float) v : v;
    }

    /** The first contribution of a reduction: the reduction takes it (copies a heap array, moves an off-heap one). */
    static Object own(final Reducer r, final Object v) {
        if (r.kind() == Reducer.Kind.CUSTOM) {
            return Args.copy(v);
        }
        final boolean logical = r.kind() == Reducer.Kind.AND || r.kind() == Reducer.Kind.OR
            || r.kind() == Reducer.Kind.XOR || r.kind() == Reducer.Kind.BIT_AND || r.kind() == Reducer.Kind.BIT_OR
            || r.kind() == Reducer.Kind.BIT_XOR;
        if (v instanceof boolean[] && !logical) {
            throw new IllegalArgumentException(r + " does not apply to boolean[] (use AND, OR or XOR)");
        }
        if (logical && isFloatingArray(v)) {
            throw new IllegalArgumentException(r + " does not apply to " + v.getClass().getSimpleName()
                + " (logical and bitwise reducers take boolean or integer arrays)");
        }
        return switch (v) {
            case double[] a -> a.clone();
            case float[] a -> a.clone();
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case boolean[] a -> a.clone();
            case DoubleArray a -> a.moveOut();
            case FloatArray a -> a.moveOut();
            case IntArray a -> a.moveOut();
            case LongArray a -> a.moveOut();
            case null -> throw new IllegalArgumentException("null is no value for " + r);
            default -> throw new IllegalArgumentException(r + " combines numbers, primitive arrays and off-heap"
                + " arrays, not " + v.getClass().getName() + "; use Reducer.custom for other types");
        };
    }

    /**
     * Combines {@code v} into {@code acc}, which the reduction owns (see {@link #own}); an off-heap {@code v} is
     * consumed. Arrays go element by element through the generated {@code DoubleArrayCombine},
     * {@code FloatArrayCombine}, {@code IntArrayCombine} and {@code LongArrayCombine} (from
     * {@code core/src/template/java/org/charm4j/runtime/ArrayCombine.java.template}).
     */
    static Object combineObject(final Reducer r, final Object acc, final Object v) {
        if (r.kind() == Reducer.Kind.CUSTOM) {
            return r.combine(acc, v);
        }
        switch (acc) {
            case double[] a when v instanceof double[] b -> DoubleArrayCombine.combine(r, a, b);
            case float[] a when v instanceof float[] b -> FloatArrayCombine.combine(r, a, b);
            case int[] a when v instanceof int[] b -> IntArrayCombine.combine(r, a, b);
            case long[] a when v instanceof long[] b -> LongArrayCombine.combine(r, a, b);
            case boolean[] a when v instanceof boolean[] b -> combineBooleans(r, a, b);
            case DoubleArray a when v instanceof DoubleArray b -> {
                DoubleArrayCombine.combine(r, a, b);
                taken(b);
            }
            case FloatArray a when v instanceof FloatArray b -> {
                FloatArrayCombine.combine(r, a, b);
                taken(b);
            }
            case IntArray a when v instanceof IntArray b -> {
                IntArrayCombine.combine(r, a, b);
                taken(b);
            }
            case LongArray a when v instanceof LongArray b -> {
                LongArrayCombine.combine(r, a, b);
                taken(b);
            }
            default -> throw new IllegalArgumentException("cannot combine " + name(acc) + " with " + name(v));
        }
        return acc;
    }

    private static void combineBooleans(final Reducer r, final boolean[] a, final boolean[] b) {
        checkLength(a.length, b.length);
        switch (r.kind()) {
            case AND, BIT_AND -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] &= b[i];
                }
            }
            case OR, BIT_OR -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] |= b[i];
                }
            }
            case XOR, BIT_XOR -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] ^= b[i];
                }
            }
            // The reducers own() refuses for boolean[]: as 0 and 1, as they always were.
            default -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] = combineLong(r, a[i] ? 1 : 0, b[i] ? 1 : 0) != 0;
                }
            }
        }
    }

    private static boolean isFloatingArray(final Object v) {
        return v instanceof double[] || v instanceof float[] || v instanceof DoubleArray || v instanceof FloatArray;
    }

    /** A contribution that was combined is consumed: its sender's handle goes stale, as after a send. */
    private static void taken(final OffHeapArray b) {
        b.moveOut();
    }

    /** Refuses arrays of different lengths; the generated combiners call it too, for one wording. */
    static void checkLength(final long a, final long b) {
        if (a != b) {
            throw new IllegalArgumentException("arrays of different lengths (" + a + " and " + b + ")");
        }
    }

    private static String name(final Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }
}
