package org.charm4j;

import static org.charm4j.CheckLog.check;
import static org.charm4j.CheckLog.get;

import java.util.List;

/**
 * Quiescence detection end to end, as a program: each check prints {@code ok <what>} or {@code FAILED <what>}; the
 * job exits 0 only if all passed. {@link QuiescenceTest} runs it in one process and over in-JVM nodes,
 * {@link MultiProcessJobTest} as real processes.
 */
public final class QuiescenceChecks {
    private QuiescenceChecks() {
    }


    /** Spreads work: each call makes two more until its depth runs out, some of them slow, across every PE. */
    public static class Spreader extends Chare {
        long calls;

        @Entry
        public void spread(final int depth, final int salt) {
            calls++;
            if (Math.floorMod(salt + thisIndex().x(), 7) == 0) {
                final long end = System.nanoTime() + 200_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
            if (depth > 0) {
                final int n = 5 * Charm.numPes();
                final var all = QuiescenceChecks_SpreaderProxy.of(this);
                all.at(Math.floorMod(thisIndex().x() * 3 + salt + 1, n)).spread(depth - 1, salt * 31 + 1);
                all.at(Math.floorMod(thisIndex().x() * 5 + salt + 2, n)).spread(depth - 1, salt * 17 + 2);
            }
        }

        @Entry
        public long calls() {
            return calls;
        }

        Future<Integer> gate;

        /** Waits until {@link #release} (which main calls after quiescence). */
        @Threaded
        @Entry
        public void block(final Future<Integer> done) {
            gate = new Future<>();
            done.complete(gate.get() + 1);
        }

        @Entry
        public void release(final int v) {
            gate.complete(v);
        }
    }

    /** Called when the job is quiescent (a callback target). */
    public static class Watcher extends Chare {
        final Future<String> told;

        public Watcher(final Future<String> told) {
            this.told = told;
        }

        @Entry
        public void quiet() {
            told.complete("quiet on PE " + Charm.myPe());
        }
    }



    private static long total(final QuiescenceChecks_SpreaderProxy s) {
        long sum = 0;
        for (final long c : get(s.gather().calls())) {
            sum += c;
        }
        return sum;
    }

    /** Runs the checks, from main (a threaded context). */
    static void all() {
        final int n = 5 * Charm.numPes();
        final var s = QuiescenceChecks_SpreaderProxy.newArray(n);
        long expected = 0;
        boolean exact = true;
        String detail = "";
        for (int round = 0; round < 5; round++) {
            final int depth = 6 + round % 3;
            for (int seed = 0; seed < 3; seed++) {
                s.at((seed * 7 + round) % n).spread(depth, seed + round);
                expected += (1L << (depth + 1)) - 1;
            }
            final Future<Void> q = new Future<>();
            Charm.startQuiescence(q);
            get(q);
            final long got = total(s);
            exact &= got == expected;
            detail += " " + got + "/" + expected;
        }
        check(exact, "quiescence fires only after every cascading call ran (five rounds, calls across PEs)", detail);

        Charm.waitQuiescence();
        check(true, "waitQuiescence() returns on a job with nothing to do", "");

        final Future<String> told = new Future<>();
        final var w = QuiescenceChecks_WatcherProxy.newChareOn(Charm.numPes() - 1, told);
        s.at(n - 1).spread(5, 3);
        Charm.startQuiescence(w::quiet);
        final String t = get(told);
        check(t.equals("quiet on PE " + (Charm.numPes() - 1)) && total(s) == expected + 63,
            "a callback target runs once the job is quiescent", t);

        final Future<Integer> done = new Future<>();
        s.at(n - 1).block(done);
        Charm.waitQuiescence();
        final boolean waiting = !done.isDone();
        s.at(n - 1).release(41);
        check(waiting && get(done) == 42, "a threaded entry method that waits does not keep the job from quiescence",
            "done early: " + !waiting);

        final List<Future<Void>> many = List.of(new Future<>(), new Future<>(), new Future<>());
        for (final Future<Void> f : many) {
            Charm.startQuiescence(f);
        }
        Charm.awaitAll(many);
        check(true, "several requests are all answered", "");
    }

    /**
     * Prints how long a detection takes once the last message was handled: on a job with nothing in flight, the
     * median of {@code rounds} waitQuiescence() calls (each is at least two waves down and up the PE tree).
     */
    static void latency(final int rounds) {
        final long[] t = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            final long t0 = System.nanoTime();
            Charm.waitQuiescence();
            t[i] = System.nanoTime() - t0;
        }
        java.util.Arrays.sort(t);
        System.out.printf(java.util.Locale.ROOT, "quiescence detection on %d PEs in %d processes, nothing in flight:"
            + " median %.1f us, min %.1f us, max %.1f us (%d detections)%n", Charm.numPes(), Charm.numNodes(),
            t[rounds / 2] / 1e3, t[0] / 1e3, t[rounds - 1] / 1e3, rounds);
    }

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            CheckLog.reset();
            all();
            latency(50);
            CheckLog.finish("quiescence");
        });
    }
}
