package org.charm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.charm4j.ByteArray;
import org.charm4j.DoubleArray;
import org.charm4j.FloatArray;
import org.charm4j.IntArray;
import org.charm4j.LongArray;
import org.charm4j.OffHeapArray;
import org.charm4j.Reducer;
import org.charm4j.Reducer.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ReductionOps#own} and {@link ReductionOps#combineObject} on every built-in reducer and array type, heap and
 * off-heap, against a scalar reference written out here (for {@code float}: computed in double and rounded, as the
 * scalar path does). The data hold every pair of special values (NaN, -0.0, infinities, subnormals, extremes) and
 * random bits; each case runs on several lengths (loop tails) and then many rounds on the longest, so that C2's
 * compiled, vectorized loops are checked as well as the interpreter's.
 */
class ArrayCombineTest {
    private static final int[] LENGTHS = {0, 1, 2, 3, 7, 8, 17, 64, 65};
    private static final int ROUNDS = 300;
    private static final int RANDOM = 1500;

    // ------------------------------------------------------------------ references

    private static double ref(final Kind k, final double a, final double b) {
        return switch (k) {
            case SUM -> a + b;
            case PRODUCT -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new AssertionError(k);
        };
    }

    private static float ref(final Kind k, final float a, final float b) {
        return (float) ref(k, (double) a, (double) b);
    }

    private static long ref(final Kind k, final long a, final long b) {
        return switch (k) {
            case SUM -> a + b;
            case PRODUCT -> a * b;
            case MAX -> a >= b ? a : b;
            case MIN -> a <= b ? a : b;
            case AND -> a != 0 && b != 0 ? 1 : 0;
            case OR -> a != 0 || b != 0 ? 1 : 0;
            case XOR -> (a != 0) != (b != 0) ? 1 : 0;
            case BIT_AND -> a & b;
            case BIT_OR -> a | b;
            case BIT_XOR -> a ^ b;
            default -> throw new AssertionError(k);
        };
    }

    private static int ref(final Kind k, final int a, final int b) {
        return (int) ref(k, (long) a, (long) b);
    }

    private static boolean ref(final Kind k, final boolean a, final boolean b) {
        return switch (k) {
            case AND, BIT_AND -> a && b;
            case OR, BIT_OR -> a || b;
            case XOR, BIT_XOR -> a != b;
            default -> throw new AssertionError(k);
        };
    }

    // ------------------------------------------------------------------ data: {a, b}, every pair of specials, then random

    private static double[][] doubles() {
        final double[] s = {0.0, -0.0, 1.0, -1.0, 0.5, 3.0, Math.PI, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE, 1e-200, 1e200, 1 + Math.ulp(1.0), 0x1p52, 0x1p53 + 2};
        final Random rnd = new Random(1);
        final double[] a = new double[s.length * s.length + RANDOM];
        final double[] b = new double[a.length];
        pairs(s.length, (p, i, j) -> {
            a[p] = s[i];
            b[p] = s[j];
        });
        for (int p = s.length * s.length; p < a.length; p++) {
            a[p] = p % 2 == 0 ? Double.longBitsToDouble(rnd.nextLong()) : rnd.nextGaussian();
            b[p] = p % 3 == 0 ? Double.longBitsToDouble(rnd.nextLong()) : rnd.nextGaussian() * 1e3;
        }
        return new double[][] {a, b};
    }

    private static float[][] floats() {
        final float[] s = {0f, -0f, 1f, -1f, 0.5f, 3f, (float) Math.PI, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 3 * Float.MIN_VALUE, Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, 1e-20f, 1e20f, 1 + Math.ulp(1f), 0x1p23f, 0x1p24f + 2, 1e-3f, 3e38f};
        final Random rnd = new Random(2);
        final float[] a = new float[s.length * s.length + RANDOM];
        final float[] b = new float[a.length];
        pairs(s.length, (p, i, j) -> {
            a[p] = s[i];
            b[p] = s[j];
        });
        for (int p = s.length * s.length; p < a.length; p++) {
            // Random bits (every exponent: overflow, subnormal results), tiny values, and ordinary ones.
            a[p] = switch (p % 3) {
                case 0 -> Float.intBitsToFloat(rnd.nextInt());
                case 1 -> Float.intBitsToFloat(rnd.nextInt(0x0200_0000) | (rnd.nextBoolean() ? 0x8000_0000 : 0));
                default -> (float) rnd.nextGaussian();
            };
            b[p] = p % 2 == 0 ? Float.intBitsToFloat(rnd.nextInt()) : (float) (rnd.nextGaussian() * 1e-3);
        }
        return new float[][] {a, b};
    }

    private static long[][] longs() {
        final long[] s = {0, 1, -1, 2, -2, 3, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 32, 0x5555_5555_5555_5555L, 0xFFFF_0000_FFFF_0000L};
        final Random rnd = new Random(3);
        final long[] a = new long[s.length * s.length + RANDOM];
        final long[] b = new long[a.length];
        pairs(s.length, (p, i, j) -> {
            a[p] = s[i];
            b[p] = s[j];
        });
        for (int p = s.length * s.length; p < a.length; p++) {
            a[p] = p % 2 == 0 ? rnd.nextLong() : rnd.nextInt(3) - 1;
            b[p] = p % 3 == 0 ? rnd.nextLong() : rnd.nextInt(3) - 1;
        }
        return new long[][] {a, b};
    }

    private static int[][] ints() {
        final int[] s = {0, 1, -1, 2, -2, 3, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE + 1, 1 << 16,
            0x5555_5555, 0xFFFF_0000};
        final Random rnd = new Random(4);
        final int[] a = new int[s.length * s.length + RANDOM];
        final int[] b = new int[a.length];
        pairs(s.length, (p, i, j) -> {
            a[p] = s[i];
            b[p] = s[j];
        });
        for (int p = s.length * s.length; p < a.length; p++) {
            a[p] = p % 2 == 0 ? rnd.nextInt() : rnd.nextInt(3) - 1;
            b[p] = p % 3 == 0 ? rnd.nextInt() : rnd.nextInt(3) - 1;
        }
        return new int[][] {a, b};
    }

    private static boolean[][] booleans() {
        final Random rnd = new Random(5);
        final boolean[] a = new boolean[4 + RANDOM];
        final boolean[] b = new boolean[a.length];
        pairs(2, (p, i, j) -> {
            a[p] = i == 1;
            b[p] = j == 1;
        });
        for (int p = 4; p < a.length; p++) {
            a[p] = rnd.nextBoolean();
            b[p] = rnd.nextBoolean();
        }
        return new boolean[][] {a, b};
    }

    private interface Pair {
        void at(int p, int i, int j);
    }

    private static void pairs(final int n, final Pair f) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f.at(i * n + j, i, j);
            }
        }
    }

    // ------------------------------------------------------------------ every reducer x type

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"SUM", "PRODUCT", "MAX", "MIN"})
    void doublesMatchTheScalarReference(final Kind k) {
        final Reducer r = reducer(k);
        final double[][] ab = doubles();
        for (final int n : lengths(ab[0].length)) {
            final double[] a = Arrays.copyOf(ab[0], n);
            final double[] b = Arrays.copyOf(ab[1], n);
            final double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                expected[i] = ref(k, a[i], b[i]);
                assertBits(expected[i], ReductionOps.combineDouble(r, Partial.DOUBLE, a[i], b[i]), i, a[i], b[i]);
            }
            for (int round = 0; round < rounds(n, ab[0].length); round++) {
                assertBits(expected, (double[]) combineHeap(r, a, b), a, b);
                assertBits(expected, ((DoubleArray) combineOffHeap(r, DoubleArray.of(a), DoubleArray.of(b)))
                    .toArray(), a, b);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"SUM", "PRODUCT", "MAX", "MIN"})
    void floatsMatchTheScalarReferenceRoundedToFloat(final Kind k) {
        final Reducer r = reducer(k);
        final float[][] ab = floats();
        for (final int n : lengths(ab[0].length)) {
            final float[] a = Arrays.copyOf(ab[0], n);
            final float[] b = Arrays.copyOf(ab[1], n);
            final float[] expected = new float[n];
            for (int i = 0; i < n; i++) {
                expected[i] = ref(k, a[i], b[i]);
                assertBits(expected[i], (float) ReductionOps.combineDouble(r, Partial.FLOAT, a[i], b[i]), i, a[i],
                    b[i]);
            }
            for (int round = 0; round < rounds(n, ab[0].length); round++) {
                assertBits(expected, (float[]) combineHeap(r, a, b), a, b);
                assertBits(expected, ((FloatArray) combineOffHeap(r, FloatArray.of(a), FloatArray.of(b))).toArray(),
                    a, b);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"SUM", "PRODUCT", "MAX", "MIN", "AND", "OR", "XOR", "BIT_AND",
        "BIT_OR", "BIT_XOR"})
    void longsMatchTheScalarReference(final Kind k) {
        final Reducer r = reducer(k);
        final long[][] ab = longs();
        for (final int n : lengths(ab[0].length)) {
            final long[] a = Arrays.copyOf(ab[0], n);
            final long[] b = Arrays.copyOf(ab[1], n);
            final long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = ref(k, a[i], b[i]);
                assertEquals(expected[i], ReductionOps.combineLong(r, a[i], b[i]));
            }
            for (int round = 0; round < rounds(n, ab[0].length); round++) {
                assertArrayEquals(expected, (long[]) combineHeap(r, a, b), k + " of long[" + n + "]");
                assertArrayEquals(expected, ((LongArray) combineOffHeap(r, LongArray.of(a), LongArray.of(b)))
                    .toArray(), k + " of LongArray[" + n + "]");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"SUM", "PRODUCT", "MAX", "MIN", "AND", "OR", "XOR", "BIT_AND",
        "BIT_OR", "BIT_XOR"})
    void intsMatchTheScalarReference(final Kind k) {
        final Reducer r = reducer(k);
        final int[][] ab = ints();
        for (final int n : lengths(ab[0].length)) {
            final int[] a = Arrays.copyOf(ab[0], n);
            final int[] b = Arrays.copyOf(ab[1], n);
            final int[] expected = new int[n];
            for (int i = 0; i < n; i++) {
                expected[i] = ref(k, a[i], b[i]);
                assertEquals(expected[i], (int) ReductionOps.combineLong(r, a[i], b[i]));
            }
            for (int round = 0; round < rounds(n, ab[0].length); round++) {
                assertArrayEquals(expected, (int[]) combineHeap(r, a, b), k + " of int[" + n + "]");
                assertArrayEquals(expected, ((IntArray) combineOffHeap(r, IntArray.of(a), IntArray.of(b)))
                    .toArray(), k + " of IntArray[" + n + "]");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"AND", "OR", "XOR", "BIT_AND", "BIT_OR", "BIT_XOR"})
    void booleansMatchTheScalarReference(final Kind k) {
        final Reducer r = reducer(k);
        final boolean[][] ab = booleans();
        for (final int n : lengths(ab[0].length)) {
            final boolean[] a = Arrays.copyOf(ab[0], n);
            final boolean[] b = Arrays.copyOf(ab[1], n);
            final boolean[] expected = new boolean[n];
            for (int i = 0; i < n; i++) {
                expected[i] = ref(k, a[i], b[i]);
                assertEquals(expected[i], ReductionOps.combineLong(r, a[i] ? 1 : 0, b[i] ? 1 : 0) != 0);
            }
            for (int round = 0; round < rounds(n, ab[0].length); round++) {
                assertArrayEquals(expected, (boolean[]) combineHeap(r, a, b), k + " of boolean[" + n + "]");
            }
        }
    }

    /** own() refuses them for boolean[]; combineObject still combines them as 0 and 1, as it always did. */
    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"SUM", "PRODUCT", "MAX", "MIN"})
    void booleansUnderArithmeticReducersCombineAsZeroAndOne(final Kind k) {
        final Reducer r = reducer(k);
        final boolean[][] ab = booleans();
        final boolean[] a = ab[0].clone();
        final boolean[] expected = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            expected[i] = ref(k, a[i] ? 1L : 0L, ab[1][i] ? 1L : 0L) != 0;
        }
        assertSame(a, ReductionOps.combineObject(r, a, ab[1]));
        assertArrayEquals(expected, a);
    }

    // ------------------------------------------------------------------ errors, as before

    @Test
    void arraysOfDifferentLengthsAreRefusedAndTheContributionKeptLive() {
        final String msg = "arrays of different lengths (3 and 4)";
        assertMessage(msg, () -> ReductionOps.combineObject(Reducer.SUM, new double[3], new double[4]));
        assertMessage(msg, () -> ReductionOps.combineObject(Reducer.SUM, new float[3], new float[4]));
        assertMessage(msg, () -> ReductionOps.combineObject(Reducer.SUM, new int[3], new int[4]));
        assertMessage(msg, () -> ReductionOps.combineObject(Reducer.SUM, new long[3], new long[4]));
        assertMessage(msg, () -> ReductionOps.combineObject(Reducer.AND, new boolean[3], new boolean[4]));
        final OffHeapArray[][] pairs = {
            {DoubleArray.allocate(3), DoubleArray.allocate(4)}, {FloatArray.allocate(3), FloatArray.allocate(4)},
            {IntArray.allocate(3), IntArray.allocate(4)}, {LongArray.allocate(3), LongArray.allocate(4)}};
        for (final OffHeapArray[] p : pairs) {
            assertMessage(msg, () -> ReductionOps.combineObject(Reducer.MAX, p[0], p[1]));
            assertTrue(p[0].isOwned() && p[1].isOwned(), p[1].getClass().getSimpleName() + " was consumed");
        }
    }

    @Test
    void aReducerThatDoesNotApplyToTheTypeIsNamed() {
        for (final Reducer r : new Reducer[] {Reducer.AND, Reducer.OR, Reducer.XOR, Reducer.BIT_AND,
            Reducer.BIT_OR, Reducer.BIT_XOR}) {
            for (final Object v : new Object[] {new double[1], new float[1], DoubleArray.allocate(1),
                FloatArray.allocate(1)}) {
                assertMessage(r + " does not apply to " + v.getClass().getSimpleName()
                    + " (logical and bitwise reducers take boolean or integer arrays)", () -> ReductionOps.own(r, v));
                assertMessage(r + " does not combine floating-point values",
                    () -> ReductionOps.combineObject(r, v instanceof OffHeapArray o ? o.copy() : v,
                        v instanceof OffHeapArray o ? o.copy() : v));
            }
        }
        for (final Reducer r : new Reducer[] {Reducer.SUM, Reducer.PRODUCT, Reducer.MAX, Reducer.MIN}) {
            assertMessage(r + " does not apply to boolean[] (use AND, OR or XOR)",
                () -> ReductionOps.own(r, new boolean[1]));
        }
        for (final Reducer r : new Reducer[] {Reducer.NOP, Reducer.GATHER}) {
            assertMessage(r + " does not combine integers",
                () -> ReductionOps.combineObject(r, new int[1], new int[1]));
            assertMessage(r + " does not combine integers",
                () -> ReductionOps.combineObject(r, LongArray.allocate(1), LongArray.allocate(1)));
            assertMessage(r + " does not combine floating-point values",
                () -> ReductionOps.combineObject(r, new double[1], new double[1]));
            assertMessage(r + " does not combine floating-point values",
                () -> ReductionOps.combineObject(r, FloatArray.allocate(1), FloatArray.allocate(1)));
        }
    }

    @Test
    void valuesThatAreNotLikeArraysAreNamed() {
        assertMessage("cannot combine double[] with float[]",
            () -> ReductionOps.combineObject(Reducer.SUM, new double[1], new float[1]));
        assertMessage("cannot combine DoubleArray with double[]",
            () -> ReductionOps.combineObject(Reducer.SUM, DoubleArray.allocate(1), new double[1]));
        assertMessage("cannot combine IntArray with LongArray",
            () -> ReductionOps.combineObject(Reducer.SUM, IntArray.allocate(1), LongArray.allocate(1)));
        assertMessage("cannot combine long[] with null", () -> ReductionOps.combineObject(Reducer.SUM, new long[1],
            null));
        assertMessage("null is no value for Reducer.SUM", () -> ReductionOps.own(Reducer.SUM, null));
        assertMessage("Reducer.SUM combines numbers, primitive arrays and off-heap arrays, not org.charm4j.ByteArray;"
            + " use Reducer.custom for other types", () -> ReductionOps.own(Reducer.SUM, ByteArray.allocate(1)));
    }

    // ------------------------------------------------------------------ helpers

    private static Reducer reducer(final Kind k) {
        return Reducer.named(k.name().toLowerCase(Locale.ROOT));
    }

    private static int[] lengths(final int full) {
        final int[] l = Arrays.copyOf(LENGTHS, LENGTHS.length + 1);
        l[LENGTHS.length] = full;
        return l;
    }

    private static int rounds(final int n, final int full) {
        return n == full ? ROUNDS : 1;
    }

    /** As a reduction does: owns a copy of {@code a}, combines {@code b} into it; neither argument changes. */
    private static Object combineHeap(final Reducer r, final Object a, final Object b) {
        final Object aBefore = copyOf(a);
        final Object bBefore = copyOf(b);
        final Object acc = ReductionOps.own(r, a);
        assertNotSame(a, acc);
        assertSame(acc, ReductionOps.combineObject(r, acc, b));
        assertTrue(Arrays.deepEquals(new Object[] {aBefore, bBefore}, new Object[] {a, b}), "an operand changed");
        return acc;
    }

    /** As a reduction does: takes {@code a}, then combines {@code b} into it, which consumes {@code b}. */
    private static Object combineOffHeap(final Reducer r, final OffHeapArray a, final OffHeapArray b) {
        final Object acc = ReductionOps.own(r, a);
        assertFalse(a.isOwned(), "own() moves the first contribution");
        assertSame(acc, ReductionOps.combineObject(r, acc, b));
        assertFalse(b.isOwned(), "a combined contribution is consumed");
        assertTrue(((OffHeapArray) acc).isOwned());
        return acc;
    }

    private static Object copyOf(final Object array) {
        final int n = Array.getLength(array);
        final Object c = Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, c, 0, n);
        return c;
    }

    private static void assertBits(final double expected, final double actual, final int i, final double a,
                                   final double b) {
        // doubleToLongBits: -0.0 differs from 0.0, every NaN is one NaN (Java does not fix a NaN's payload).
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
            () -> "[" + i + "]: " + a + " and " + b + " gave " + actual + ", not " + expected);
    }

    private static void assertBits(final float expected, final float actual, final int i, final float a,
                                   final float b) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
            () -> "[" + i + "]: " + a + " and " + b + " gave " + actual + ", not " + expected);
    }

    private static void assertBits(final double[] expected, final double[] actual, final double[] a,
                                   final double[] b) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertBits(expected[i], actual[i], i, a[i], b[i]);
        }
    }

    private static void assertBits(final float[] expected, final float[] actual, final float[] a, final float[] b) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertBits(expected[i], actual[i], i, a[i], b[i]);
        }
    }

    private static void assertMessage(final String expected, final org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
