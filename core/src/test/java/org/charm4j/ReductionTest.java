package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class ReductionTest {
    static final Map<String, Object> RESULTS = new ConcurrentHashMap<>();
    static final Reducer CONCAT = Reducer.custom("test.concat", (String a, String b) ->
        a.compareTo(b) < 0 ? a + "+" + b : b + "+" + a);

    /** Contributes every kind of value; element i contributes values derived from i. */
    public static class Part extends Chare {
        private int i() {
            return thisIndex().x();
        }

        @Entry
        public void all(final ReductionTest_CollectorProxy.Element c) {
            final int i = i();
            contribute(i + 1, Reducer.SUM, c::intSum);
            contribute(i + 1, Reducer.PRODUCT, c::intProduct);
            contribute((long) i << 33, Reducer.MAX, c::longMax);
            contribute(1.5f * (i + 1), Reducer.MIN, c::floatMin);
            contribute(0.25 * i, Reducer.SUM, c::doubleSum);
            contribute(i % 2 == 0, Reducer.AND, c::allEven);
            contribute(i == 2, Reducer.OR, c::anyTwo);
            contribute(1 << i, Reducer.BIT_OR, c::bits);
            contribute(0b1111 >> i, Reducer.BIT_AND, c::bitAnd);
            contribute(i, Reducer.BIT_XOR, c::xor);
            contribute(new double[] {i, 2 * i}, Reducer.SUM, c::doubleArraySum);
            contribute(new int[] {i, -i}, Reducer.MAX, c::intArrayMax);
            final DoubleArray a = DoubleArray.of(i, 1);
            contribute(a, Reducer.SUM, c::offHeapSum);
            contribute("e" + i, Reducer.GATHER, c::gathered);
            contribute("s" + i, CONCAT, c::custom);
            contribute(Reducer.NOP, c::barrier);
        }

        @Entry
        public void twoInFlight(final Future<Integer> first, final Future<Integer> second) {
            contribute(1, Reducer.SUM, first);
            contribute(10 * (i() + 1), Reducer.SUM, second);
        }

        @Entry
        public void mismatched() {
            if (i() == 1) {
                contribute(1.0, Reducer.SUM, (double x) -> { });
            } else {
                contribute(1, Reducer.MAX, (int x) -> { });
            }
        }

        @Entry
        public void bitwiseOnDoubles() {
            contribute(1.0, Reducer.BIT_OR, (Target<Double>) x -> { });
        }

        @Entry
        public void differentLengths() {
            contribute(new double[i() + 1], Reducer.SUM, (Target<double[]>) x -> { });
        }
    }

    /** Receives the results. */
    public static class Collector extends Chare {
        @Entry public void intSum(final int v) { RESULTS.put("intSum", v); }
        @Entry public void intProduct(final int v) { RESULTS.put("intProduct", v); }
        @Entry public void longMax(final long v) { RESULTS.put("longMax", v); }
        @Entry public void floatMin(final float v) { RESULTS.put("floatMin", v); }
        @Entry public void doubleSum(final double v) { RESULTS.put("doubleSum", v); }
        @Entry public void allEven(final boolean v) { RESULTS.put("allEven", v); }
        @Entry public void anyTwo(final boolean v) { RESULTS.put("anyTwo", v); }
        @Entry public void bits(final int v) { RESULTS.put("bits", v); }
        @Entry public void bitAnd(final int v) { RESULTS.put("bitAnd", v); }
        @Entry public void xor(final int v) { RESULTS.put("xor", v); }
        @Entry public void doubleArraySum(final double[] v) { RESULTS.put("doubleArraySum", v); }
        @Entry public void intArrayMax(final int[] v) { RESULTS.put("intArrayMax", v); }
        @Entry public void offHeapSum(final DoubleArray v) { RESULTS.put("offHeapSum", v.toArray()); }
        @Entry public void gathered(final List<String> v) { RESULTS.put("gathered", v); }
        @Entry public void custom(final String v) { RESULTS.put("custom", v); }

        @Entry
        public void barrier() {
            RESULTS.put("barrier", true);
            Charm.exit();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 6})
    void everyBuiltInReducerOnEveryTypeAndACustomOne(final int pes) {
        RESULTS.clear();
        final int n = 5;
        Jobs.ok(pes, args -> {
            final var c = ReductionTest_CollectorProxy.newChareOn(pes - 1);
            ReductionTest_PartProxy.newArray(n).all(c);
        });
        assertEquals(15, RESULTS.get("intSum"));
        assertEquals(120, RESULTS.get("intProduct"));
        assertEquals(4L << 33, RESULTS.get("longMax"));
        assertEquals(1.5f, RESULTS.get("floatMin"));
        assertEquals(2.5, RESULTS.get("doubleSum"));
        assertEquals(false, RESULTS.get("allEven"));
        assertEquals(true, RESULTS.get("anyTwo"));
        assertEquals(0b11111, RESULTS.get("bits"));
        assertEquals(0, RESULTS.get("bitAnd"));
        assertEquals(0 ^ 1 ^ 2 ^ 3 ^ 4, RESULTS.get("xor"));
        assertArrayEquals(new double[] {10, 20}, (double[]) RESULTS.get("doubleArraySum"));
        assertArrayEquals(new int[] {4, 0}, (int[]) RESULTS.get("intArrayMax"));
        assertArrayEquals(new double[] {10, 5}, (double[]) RESULTS.get("offHeapSum"));
        assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), RESULTS.get("gathered"));
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4"),
            List.of(((String) RESULTS.get("custom")).split("\\+")).stream().sorted().toList());
        assertEquals(true, RESULTS.get("barrier"));
    }

    @Test
    void severalReductionsInFlightStayApart() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(3, args -> {
            final var parts = ReductionTest_PartProxy.newArray(7);
            final Future<Integer> a = new Future<>();
            final Future<Integer> b = new Future<>();
            final Future<Integer> c = new Future<>();
            final Future<Integer> d = new Future<>();
            parts.twoInFlight(a, b);
            parts.twoInFlight(c, d);
            out.add(List.of(a.get(), b.get(), c.get(), d.get()));
            Charm.exit();
        });
        assertEquals(List.of(7, 280, 7, 280), out.get(0));
    }

    @Test
    void mismatchedReducersOrTypesFailNamingBoth() {
        final Jobs.Result r = Jobs.run(1, args -> ReductionTest_PartProxy.newArray(3).mismatched());
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("with Reducer.SUM"), r.stderr());
        assertTrue(r.stderr().contains("with Reducer.MAX"), r.stderr());
        assertTrue(r.stderr().contains("same reducer and type"), r.stderr());
    }

    @Test
    void reducerThatDoesNotApplyAndArraysOfDifferentLengthsFail() {
        final Jobs.Result bits = Jobs.run(2, args -> ReductionTest_PartProxy.newArray(2).bitwiseOnDoubles());
        assertEquals(1, bits.exitCode());
        assertTrue(bits.stderr().contains("Reducer.BIT_OR, which does not apply to double"), bits.stderr());
        final Jobs.Result lengths = Jobs.run(1, args -> ReductionTest_PartProxy.newArray(2).differentLengths());
        assertEquals(1, lengths.exitCode());
        assertTrue(lengths.stderr().contains("different lengths"), lengths.stderr());
    }

    @Test
    void reducersAreFoundByNameAndNamesAreUnique() {
        assertEquals(Reducer.SUM, Reducer.named("sum"));
        assertEquals(CONCAT, Reducer.named("test.concat"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Reducer.custom("sum", (Integer a, Integer b) -> a)).getMessage().contains("exists already"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Reducer.named("nope")).getMessage().contains("unknown reducer 'nope'"));
    }
}
