package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class GroupAndArrayTest {
    static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();
    static final Map<Index, Integer> WHERE = new ConcurrentHashMap<>();

    /** The hello world of the talk, recording instead of printing. */
    public static class Hello extends Chare {
        @Entry
        public void sayHi(final int a, final double b, final String c) {
            LINES.add("Hello from PE " + Charm.myPe() + " vals=[" + a + ", " + b + ", " + c + "] index "
                + thisIndex().x());
            contribute(Reducer.BARRIER, GroupAndArrayTest_HelloProxy.of(this).at(0)::done);
        }

        @Entry
        public void done() {
            LINES.add("done on PE " + Charm.myPe());
            Charm.exit();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void helloGroupBroadcastsAndBarrierReachesElementZero(final int pes) {
        LINES.clear();
        Jobs.ok(pes, args -> GroupAndArrayTest_HelloProxy.newGroup().sayHi(1, 2.33, "hi"));
        final List<String> expected = new ArrayList<>();
        for (int pe = 0; pe < pes; pe++) {
            expected.add("Hello from PE " + pe + " vals=[1, 2.33, hi] index " + pe);
        }
        expected.add("done on PE 0");
        final List<String> got = new ArrayList<>(LINES);
        Collections.sort(got);
        Collections.sort(expected);
        assertEquals(expected, got);
    }

    /** An element of a 2-D array that knows its constructor argument. */
    public static class Cell extends Chare {
        private final int base;

        public Cell(final int base) {
            this.base = base;
            WHERE.put(thisIndex(), Charm.myPe());
        }

        @Entry
        public void sum(final int extra, final Future<Integer> result) {
            contribute(base + thisIndex().x() * 10 + thisIndex().y() + extra, Reducer.SUM, result);
        }

        @Entry
        public int value() {
            return base + thisIndex().x() * 10 + thisIndex().y();
        }

        @Entry
        public String where() {
            return thisIndex() + "@" + Charm.myPe();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4})
    void denseTwoDimensionalArrayReducesCallsAndChecksBounds(final int pes) {
        WHERE.clear();
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(pes, args -> {
            final GroupAndArrayTest_CellProxy cells = GroupAndArrayTest_CellProxy.newArray(new int[] {3, 4}, 100);
            final Future<Integer> sum = new Future<>();
            cells.sum(1, sum);
            out.add(sum.get());
            out.add(cells.at(2, 3).value().get());
            out.add(cells.gather().value().get());
            try {
                cells.at(3, 0);
            } catch (final IndexOutOfBoundsException e) {
                out.add(e.getMessage());
            }
            Charm.exit();
        });
        // sum over i<3, j<4 of (100 + 10 i + j + 1) = 12*101 + 10*(0+1+2)*4 + 3*(0+1+2+3)
        assertEquals(12 * 101 + 120 + 18, out.get(0));
        assertEquals(123, out.get(1));
        final List<Integer> expectedGather = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                expectedGather.add(100 + 10 * i + j);
            }
        }
        assertEquals(expectedGather, out.get(2));
        assertTrue(((String) out.get(3)).contains("[3,0] is outside"), out.get(3).toString());
        assertEquals(12, WHERE.size());
        // block map: row-major positions 0..11 spread in equal blocks over the PEs
        final TreeMap<Integer, Integer> perPe = new TreeMap<>();
        WHERE.forEach((idx, pe) -> {
            final int linear = idx.x() * 4 + idx.y();
            assertEquals(linear * pes / 12, pe, "block placement of " + idx);
            perPe.merge(pe, 1, Integer::sum);
        });
        assertEquals(pes, perPe.size());
    }

    @org.junit.jupiter.api.Test
    void userMapPlacesElementsAndOneDimensionalArrayWorks() {
        WHERE.clear();
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(4, args -> {
            final GroupAndArrayTest_CellProxy cells = GroupAndArrayTest_CellProxy.newArray(new int[] {8},
                (index, shape, numPes) -> numPes - 1 - index.x() % numPes, 0);
            out.add(cells.gather().where().get());
            Charm.exit();
        });
        assertEquals(List.of("[0]@3", "[1]@2", "[2]@1", "[3]@0", "[4]@3", "[5]@2", "[6]@1", "[7]@0"), out.get(0));
    }

    @org.junit.jupiter.api.Test
    void sixDimensionsAndBadShapesFailAtTheCaller() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final GroupAndArrayTest_CellProxy cells = GroupAndArrayTest_CellProxy.newArray(new int[] {2, 1, 1, 1, 1, 2},
                0);
            out.add(cells.at(1, 0, 0, 0, 0, 1).where().get());
            out.add(assertThrows(IllegalArgumentException.class,
                () -> GroupAndArrayTest_CellProxy.newArray(new int[] {1, 1, 1, 1, 1, 1, 1}, 0)).getMessage());
            out.add(assertThrows(IllegalArgumentException.class,
                () -> GroupAndArrayTest_CellProxy.newArray(new int[] {2, 0}, 0)).getMessage());
            out.add(assertThrows(IndexOutOfBoundsException.class, () -> cells.at(0, 0)).getMessage());
            Charm.exit();
        });
        assertEquals("[1,0,0,0,0,1]@1", out.get(0));
        assertTrue(((String) out.get(1)).contains("1 to 6 dimensions"));
        assertTrue(((String) out.get(2)).contains("at least 1"));
        assertTrue(((String) out.get(3)).contains("outside"));
    }
}
