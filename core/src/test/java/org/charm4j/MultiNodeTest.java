package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The core model over several nodes in one JVM, every message between nodes encoded and decoded by the wire codec:
 * +p2 ++ppn 1, +p4 ++ppn 2, +p6 ++ppn 2, +p4 ++ppn 1.
 */
@Timeout(60)
class MultiNodeTest {
    @ParameterizedTest
    @CsvSource({"2,1", "4,2", "6,2", "4,1"})
    void helloBarrierArraysReductionsFuturesAndThreadedAcrossNodes(final int pes, final int ppn) {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        GroupAndArrayTest.LINES.clear();
        ReductionTest.RESULTS.clear();
        Jobs.ok(pes, ppn, args -> {
            final var cells = GroupAndArrayTest_CellProxy.newArray(new int[] {3, 4}, 100);
            final Future<Integer> sum = new Future<>();
            cells.sum(1, sum);
            out.add(sum.get());
            out.add(cells.at(2, 3).value().get());
            out.add(cells.gather().where().get().size());
            final var w = FutureAndThreadedTest_WorkerProxy.newArray(new int[] {4}, (i, s, n) -> n - 1);
            out.add(w.at(0).sumOfSquaresVia(w.at(1), 10).get());
            final var r = MessagingTest_ReceiverProxy.newChareOn(pes - 1);
            final double[] a = {1, 2, 3};
            r.keep(a, DoubleArray.of(4, 5), new ArrayList<>(List.of("x")));
            out.add(r.kept().get());
            for (long i = 0; i < 20_000; i++) {
                r.seq(i, i * 0.5, -i);
            }
            out.add(r.report().get());
            final var items = SparseAndChareTest_ItemProxy.newSparseArray();
            for (int i = 0; i < 9; i++) {
                items.insert(Index.of(i, 2 * i), "it");
            }
            items.doneInserting();
            final Future<Integer> count = new Future<>();
            items.count(count);
            out.add(count.get());
            final var c = ReductionTest_CollectorProxy.newChareOn(pes - 1);
            ReductionTest_PartProxy.newArray(5).all(c);
        });
        assertEquals(12 * 101 + 120 + 18, out.get(0));
        assertEquals(123, out.get(1));
        assertEquals(12, out.get(2));
        assertEquals(385, out.get(3));
        assertEquals("[1.0, 2.0, 3.0] [4.0, 5.0] [x]", out.get(4));
        assertEquals("20000 true", out.get(5));
        assertEquals(9, out.get(6));
        assertEquals(15, ReductionTest.RESULTS.get("intSum"));
        assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), ReductionTest.RESULTS.get("gathered"));
        assertTrue((Boolean) ReductionTest.RESULTS.get("barrier"));
    }

    @ParameterizedTest
    @CsvSource({"2,1", "4,2"})
    void anErrorOnAnotherNodeEndsEveryNode(final int pes, final int ppn) {
        final Jobs.Result r = Jobs.run(pes, ppn, args -> FutureAndThreadedTest_WorkerProxy.newChareOn(pes - 1)
            .boom("far away"));
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("PE " + (pes - 1) + ": entry method Worker.boom(String)"), r.stderr());
    }
}
