package org.charm4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The core model end to end, as a program: each check prints {@code ok <what>} or {@code FAILED <what>}, and the
 * job exits 0 only if all passed. {@link MultiProcessJobTest} runs it as real processes.
 */
public final class Scenario {
    private Scenario() {
    }

    /** A result chare on the last PE collects reduction results that main then asks for. */
    public static class Results extends Chare {
        private final List<Object> got = new ArrayList<>();

        @Entry
        public void intSum(final int v) {
            got.add("intSum=" + v);
        }

        @Entry
        public void doubles(final double[] v) {
            got.add("doubles=" + java.util.Arrays.toString(v));
        }

        @Entry
        public void offHeap(final DoubleArray v) {
            got.add("offHeap=" + java.util.Arrays.toString(v.toArray()));
        }

        @Entry
        public void gathered(final List<String> v) {
            got.add("gathered=" + v);
        }

        @Entry
        public List<Object> results() {
            return got;
        }
    }

    /** Array elements that contribute. */
    public static class Part extends Chare {
        @Entry
        public void contributeAll(final Scenario_ResultsProxy.Element r, final Future<Void> barrier) {
            final int i = thisIndex().x();
            contribute(i + 1, Reducer.SUM, r::intSum);
            contribute(new double[] {i, 1}, Reducer.SUM, r::doubles);
            contribute(DoubleArray.of(2 * i), Reducer.MAX, r::offHeap);
            contribute("p" + i, Reducer.GATHER, r::gathered);
            contribute(Reducer.NOP, barrier);
        }

        @Entry
        public String where() {
            return thisIndex() + "@" + Charm.myPe();
        }

        @Entry
        public double sum(final DoubleArray a) {
            double s = 0;
            for (long k = 0; k < a.length(); k++) {
                s += a.get(k);
            }
            return s;
        }
    }

    private static int failures;

    private static void check(final String what, final Object expected, final Object actual) {
        if (Objects.equals(expected, actual)) {
            System.out.println("ok " + what);
        } else {
            failures++;
            System.out.println("FAILED " + what + ": expected " + expected + " but got " + actual);
        }
    }

    /** A job that runs until it is killed: main says it is ready, then waits for a future no one completes. */
    public static final class Forever {
        private Forever() {
        }

        /**
         * @param args runtime options.
         */
        public static void main(final String[] args) {
            Charm.start(args, a -> {
                System.out.println("ready on " + Charm.numPes() + " PEs");
                System.out.flush();
                new Future<Void>().get();
            });
        }
    }

    /**
     * @param args runtime options.
     */
    public static void main(final String[] args) {
        Charm.start(args, a -> {
            final int pes = Charm.numPes();
            final var results = Scenario_ResultsProxy.newChareOn(pes - 1);
            final var parts = Scenario_PartProxy.newArray(6);
            final Future<Void> barrier = new Future<>();
            parts.contributeAll(results, barrier);
            barrier.get();
            // reductions completed at PE 0 send their results to the chare on the last PE; ask it once they are in
            List<Object> got = results.results().get();
            while (got.size() < 4) {
                got = results.results().get();
            }
            final List<Object> sorted = new ArrayList<>(got);
            sorted.sort(java.util.Comparator.comparing(Object::toString));
            check("reductions across processes", List.of("doubles=[15.0, 6.0]", "gathered=[p0, p1, p2, p3, p4, p5]",
                "intSum=21", "offHeap=[10.0]"), sorted);
            final List<String> where = parts.gather().where().get();
            final List<String> expectedWhere = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                expectedWhere.add("[" + i + "]@" + i * pes / 6);
            }
            check("elements placed in blocks on every process", expectedWhere, where);
            final DoubleArray big = DoubleArray.allocate(1 << 20);
            big.fill(0.5);
            check("a 8 MiB off-heap array to the last PE", (double) (1 << 19), parts.at(5).sum(big).get());
            check("the sender's handle is stale after the send", false, big.isOwned());
            final var workers = FutureAndThreadedTest_WorkerProxy.newArray(new int[] {4}, (i, sh, n) -> n - 1);
            check("a threaded entry method on the last PE waits on a chare of its PE", 385,
                workers.at(0).sumOfSquaresVia(workers.at(1), 10).get());
            check("awaitAny across processes", "soon=9", workers.at(2).anyOf(workers.at(3)).get());
            final var group = FutureAndThreadedTest_WorkerProxy.newGroup();
            group.whenDone().square(3).get();
            final List<Integer> expectedSquares = new ArrayList<>();
            for (int pe = 0; pe < pes; pe++) {
                expectedSquares.add(49);
            }
            check("a group broadcast gathers every PE's result", expectedSquares, group.gather().square(7).get());
            final var items = SparseAndChareTest_ItemProxy.newSparseArray();
            items.at(Index.of(7, 7)).note("early");
            for (int i = 0; i < 10; i++) {
                items.insert(Index.of(i, i * i), "item");
            }
            items.insert(Index.of(7, 7), "late");
            items.doneInserting();
            final Future<Integer> count = new Future<>();
            items.count(count);
            check("a sparse array spread over processes reduces", 11, count.get());
            check("an early message waited for its element", true,
                items.at(Index.of(7, 7)).describe().get().endsWith("[early]"));
            try {
                workers.at(3).failing().get();
                check("an exception reaches the caller's future", "an exception", "none");
            } catch (final RuntimeException e) {
                final CharmException note = CharmException.noteOf(e);
                check("an exception on another process reaches the caller's future", true,
                    note != null && note.getMessage().contains("Worker.failing()"));
            }
            Charm.exit(failures == 0 ? 0 : 1);
        });
    }
}
