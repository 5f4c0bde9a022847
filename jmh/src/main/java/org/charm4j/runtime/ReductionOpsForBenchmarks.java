package org.charm4j.runtime;

import org.charm4j.DoubleArray;
import org.charm4j.FloatArray;
import org.charm4j.IntArray;
import org.charm4j.LongArray;
import org.charm4j.Reducer;

/**
 * For {@code org.charm4j.jmh.reductions.ArrayCombineBenchmark}: {@link ReductionOps} is package-private, so this class
 * sits in its package, in the jmh module (on the class path a package may span jars), and core exports nothing for
 * benchmarks. {@link #combineBefore} keeps the element-by-element ladder that {@code ReductionOps.combineObject} had
 * before its loops were generated (a scalar {@code combineDouble}/{@code combineLong} call, with its switch on the
 * reducer, per element), so that one run measures both.
 *
 * <p>Threading: stateless, any thread.
 */
public final class ReductionOpsForBenchmarks {
    private ReductionOpsForBenchmarks() {
    }

    /**
     * {@code ReductionOps.combineObject}: combines {@code v} into {@code acc}; an off-heap {@code v} is consumed.
     *
     * @param r   a built-in reducer.
     * @param acc the accumulator, overwritten.
     * @param v   the contribution.
     * @return {@code acc}.
     */
    public static Object combine(final Reducer r, final Object acc, final Object v) {
        return ReductionOps.combineObject(r, acc, v);
    }

    /**
     * The array cases of {@code ReductionOps.combineObject} as they were before the generated loops, verbatim.
     *
     * @param r   a built-in reducer.
     * @param acc the accumulator, overwritten.
     * @param v   the contribution.
     * @return {@code acc}.
     */
    public static Object combineBefore(final Reducer r, final Object acc, final Object v) {
        if (r.kind() == Reducer.Kind.CUSTOM) {
            return r.combine(acc, v);
        }
        switch (acc) {
            case double[] a when v instanceof double[] b -> {
                ReductionOps.checkLength(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    a[i] = ReductionOps.combineDouble(r, Partial.DOUBLE, a[i], b[i]);
                }
            }
            case float[] a when v instanceof float[] b -> {
                ReductionOps.checkLength(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) ReductionOps.combineDouble(r, Partial.FLOAT, a[i], b[i]);
                }
            }
            case int[] a when v instanceof int[] b -> {
                ReductionOps.checkLength(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    a[i] = (int) ReductionOps.combineLong(r, a[i], b[i]);
                }
            }
            case long[] a when v instanceof long[] b -> {
                ReductionOps.checkLength(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    a[i] = ReductionOps.combineLong(r, a[i], b[i]);
                }
            }
            case boolean[] a when v instanceof boolean[] b -> {
                ReductionOps.checkLength(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    a[i] = ReductionOps.combineLong(r, a[i] ? 1 : 0, b[i] ? 1 : 0) != 0;
                }
            }
            case DoubleArray a when v instanceof DoubleArray b -> {
                ReductionOps.checkLength(a.length(), b.length());
                for (long i = 0; i < a.length(); i++) {
                    a.set(i, ReductionOps.combineDouble(r, Partial.DOUBLE, a.get(i), b.get(i)));
                }
                b.moveOut();
            }
            case FloatArray a when v instanceof FloatArray b -> {
                ReductionOps.checkLength(a.length(), b.length());
                for (long i = 0; i < a.length(); i++) {
                    a.set(i, (float) ReductionOps.combineDouble(r, Partial.FLOAT, a.get(i), b.get(i)));
                }
                b.moveOut();
            }
            case IntArray a when v instanceof IntArray b -> {
                ReductionOps.checkLength(a.length(), b.length());
                for (long i = 0; i < a.length(); i++) {
                    a.set(i, (int) ReductionOps.combineLong(r, a.get(i), b.get(i)));
                }
                b.moveOut();
            }
            case LongArray a when v instanceof LongArray b -> {
                ReductionOps.checkLength(a.length(), b.length());
                for (long i = 0; i < a.length(); i++) {
                    a.set(i, ReductionOps.combineLong(r, a.get(i), b.get(i)));
                }
                b.moveOut();
            }
            default -> throw new IllegalArgumentException("cannot combine " + name(acc) + " with " + name(v));
        }
        return acc;
    }

    private static String name(final Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }
}
