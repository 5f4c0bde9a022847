package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.charm4j.lb.LbInput;
import org.charm4j.lb.Strategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Location management, migration and AtSync load balancing, in one process and over in-JVM nodes. */
@Timeout(120)
class MigrationTest {
    @ParameterizedTest
    @ValueSource(strings = {"2 2", "3 3", "2 1", "4 2", "4 1"})
    void elementsMoveWithStateAndMessagesArriveOnceInOrderAndReductionsStayExact(final String layout) {
        final String[] l = layout.split(" ");
        final String text = Jobs.checks(Integer.parseInt(l[0]), Integer.parseInt(l[1]), new String[0],
            MigrationChecks::moves);
        assertTrue(text.contains("ok elements keep state") && text.contains("ok calls sent while")
            && text.contains("ok reductions over elements") && text.contains("ok broadcasts to elements that keep")
            && text.contains("ok gathers and completions of broadcasts"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 2", "4 2"})
    void periodicBalancingMovesElementsThatNeverCallAtSync(final String layout) {
        final String[] l = layout.split(" ");
        final String text = Jobs.checks(Integer.parseInt(l[0]), Integer.parseInt(l[1]),
            new String[] {"+balancer", "GreedyLB", "+LBPeriod", "0.2", "+LBDebug", "1"},
            MigrationChecks::periodicBalancing);
        assertTrue(text.contains("ok periodic balancing") && text.contains("(periodic)"), text);
    }

    @Test
    void theBalancersInputCountsCallsReceived() {
        Jobs.checks(2, 1, new String[] {"+balancer", "CountingLB"}, MigrationChecks::messagesCounted);
    }

    @Test
    void aStepWithinTheToleranceRunsNoStrategy() {
        final String text = Jobs.checks(2, 1, new String[] {"+balancer", "CallsLB", "+LBTolerance", "1000"},
            MigrationChecks::toleranceSkipsTheStrategy);
        assertTrue(text.contains("ok a balancing step within +LBTolerance runs no strategy"), text);
    }

    @Test
    void aChareWithA16MibOffHeapArrayMovesBetweenProcesses() {
        final String text = Jobs.checks(2, 1, new String[0], MigrationChecks::bigMove);
        assertTrue(text.contains("ok a chare with a 16 MiB"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 3", "4 2", "2 1"})
    void withRotateLbEveryElementVisitsEveryPe(final String layout) {
        final String[] l = layout.split(" ");
        final int p = Integer.parseInt(l[0]);
        final AtomicReference<String> r = new AtomicReference<>();
        Jobs.ok(p, Integer.parseInt(l[1]), new String[] {"+balancer", "RotateLB"}, a -> {
            r.set(MigrationChecks.imbalanced(2 * p + 1, p, 50));
            Charm.exit();
        });
        final String report = r.get();
        final String[] elements = report.substring(report.indexOf("report=[") + 8, report.length() - 1)
            .split(", (?=\\d+:)");
        assertEquals(2 * p + 1, elements.length, report);
        for (final String e : elements) {
            assertEquals(String.valueOf(p), e.split(":")[2], "element " + e + " did not visit every PE: " + report);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 2", "4 2"})
    void anImbalancedProgramGivesTheSameResultsWithAndWithoutBalancing(
        final String layout) {
        final String[] l = layout.split(" ");
        final int p = Integer.parseInt(l[0]);
        final int ppn = Integer.parseInt(l[1]);
        final AtomicReference<String> off = new AtomicReference<>();
        final AtomicReference<String> greedy = new AtomicReference<>();
        // 20 elements in blocks: the heavy ones (i % 10 == 0, 10x the work) start on the first PEs
        Jobs.ok(p, ppn, new String[] {"+LBOff"}, a -> {
            off.set(MigrationChecks.imbalanced(20, 4, 300));
            Charm.exit();
        });
        Jobs.ok(p, ppn, new String[] {"+balancer", "GreedyLB", "+LBDebug", "1"}, a -> {
            greedy.set(MigrationChecks.imbalanced(20, 4, 300));
            Charm.exit();
        });
        final String sumsOff = off.get().substring(0, off.get().indexOf(" report="));
        final String sumsGreedy = greedy.get().substring(0, greedy.get().indexOf(" report="));
        assertEquals(sumsOff, sumsGreedy, "the results must not depend on balancing");
        // Where GreedyLB puts the heavy elements depends on measured wall times, too noisy on a shared 2-core machine
        // for a test (speed lives in benchmarks: bin/bench-lb); its placement on exact loads is tested on the
        // strategies alone (greedyLbReachesMaxOverAverageAtMost1_05AndRefineLb1_1OnSyntheticLoads).
        final String offReport = off.get();
        assertTrue(!offReport.contains(":2:"), "with +LBOff nothing moves: " + offReport);
    }

    @Test
    void notMigratableElementsNeverMoveUnderRandomLbAndMigrateMeRefuses() {
        final AtomicReference<String> r = new AtomicReference<>();
        Jobs.ok(4, 2, new String[] {"+balancer", "RandomLB"}, a -> {
            r.set(MigrationChecks.pinned(12, 6));
            Charm.exit();
        });
        final String report = r.get();
        final String[] elements = report.substring(report.indexOf("report=[") + 8, report.length() - 1)
            .split(", (?=\\d+:)");
        assertEquals(12, elements.length, report);
        for (final String e : elements) {
            final String[] f = e.split(":");
            assertEquals("[" + f[1] + "]", f[2], "a @NotMigratable element moved: " + report);
            assertEquals("true", f[3], "migrateMe did not refuse: " + report);
        }
        // and RandomLB does move migratable elements
        final AtomicReference<String> w = new AtomicReference<>();
        Jobs.ok(4, 2, new String[] {"+balancer", "RandomLB"}, a -> {
            w.set(MigrationChecks.imbalanced(12, 6, 20));
            Charm.exit();
        });
        assertTrue(w.get().matches(".*\\d+:\\d+:[2-4]:.*"), "RandomLB moved nothing: " + w.get());
    }

    @Test
    void migrateMeOfAGroupMemberFailsClearly() {
        final Jobs.Result r = Jobs.run(2, a -> GroupMover.newGroupAndMove());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("only array elements migrate"), r.stderr());
    }

    /** A group member that tries to move. */
    public static class GroupMover extends Chare {
        @Entry
        public void go() {
            migrateMe((Charm.myPe() + 1) % Charm.numPes());
        }

        static void newGroupAndMove() {
            MigrationTest_GroupMoverProxy.newGroup().go();
        }
    }

    private static LbInput synthetic(final int n, final int pes, final long seed) {
        final java.util.Random r = new java.util.Random(seed);
        final Index[] index = new Index[n];
        final double[] load = new double[n];
        final int[] pe = new int[n];
        final boolean[] mig = new boolean[n];
        for (int i = 0; i < n; i++) {
            index[i] = Index.of(i);
            load[i] = (i < n / 10 ? 10 : 1) * (0.9 + 0.2 * r.nextDouble());
            pe[i] = (int) ((long) i * pes / n);
            mig[i] = i % 97 != 5;
        }
        return new LbInput(pes, index, load, pe, mig, new double[pes]);
    }

    @Test
    void greedyLbReachesMaxOverAverageAtMost1_05AndRefineLb1_1OnSyntheticLoads() {
        for (final int pes : new int[] {2, 4, 8, 16}) {
            final LbInput in = synthetic(1000, pes, pes);
            final double before = in.maxOverAverage(in.pe());
            final double greedy = in.maxOverAverage(Strategies.byName("GreedyLB").assign(in));
            final int[] refined = Strategies.byName("RefineLB").assign(in);
            final double refine = in.maxOverAverage(refined);
            final double greedyRefine = in.maxOverAverage(Strategies.byName("GreedyRefineLB").assign(in));
            int moved = 0;
            for (int i = 0; i < refined.length; i++) {
                moved += refined[i] != in.pe()[i] ? 1 : 0;
                assertTrue(in.migratable()[i] || refined[i] == in.pe()[i]);
            }
            assertTrue(before > 1.4, "the input is imbalanced: " + before);
            assertTrue(greedy <= 1.05, pes + " PEs: GreedyLB max/avg " + greedy);
            assertTrue(refine <= 1.1, pes + " PEs: RefineLB max/avg " + refine);
            assertTrue(greedyRefine <= 1.1, pes + " PEs: GreedyRefineLB max/avg " + greedyRefine);
            assertTrue(moved < 1000 / 2, "RefineLB moved " + moved + " of 1000");
        }
        final LbInput in = synthetic(10, 3, 1);
        final int[] rot = Strategies.byName("RotateLB").assign(in);
        for (int i = 0; i < 10; i++) {
            assertEquals(in.migratable()[i] ? (in.pe()[i] + 1) % 3 : in.pe()[i], rot[i]);
        }
    }

    @Test
    void aUsersStrategyAndBadBalancerNames() {
        Strategies.register("AllToZeroTestLB", in -> new int[in.size()]);
        final LbInput in = synthetic(20, 4, 3);
        final int[] to = Strategies.applyInTurn(in, java.util.List.of(Strategies.byName("alltozerotestlb")));
        for (int i = 0; i < to.length; i++) {
            assertEquals(in.migratable()[i] ? 0 : in.pe()[i], to[i]);
        }
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Options.parse(new String[] {"+balancer", "Nonsense"}));
        assertTrue(e.getMessage().contains("GreedyLB"), e.getMessage());
        final Options o = Options.parse(new String[] {"+balancer", "RefineLB", "+balancer", "RotateLB", "+LBPeriod",
            "0.5", "+LBDebug", "2"});
        assertEquals(java.util.List.of("RefineLB", "RotateLB"), o.balancers());
        assertEquals(0.5, o.lbPeriodSeconds());
        assertEquals(2, o.lbDebug());
        assertEquals(Options.DEFAULT_LB_TOLERANCE, o.lbTolerance());
        assertEquals(1.1, Options.parse(new String[] {"+LBTolerance", "1.1"}).lbTolerance());
        final IllegalArgumentException below = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Options.parse(new String[] {"+LBTolerance", "0.9"}));
        assertTrue(below.getMessage().contains("at least 1"), below.getMessage());
        assertTrue(Options.help().contains("+balancer NAME") && Options.help().contains("+LBOff"));
    }
}
