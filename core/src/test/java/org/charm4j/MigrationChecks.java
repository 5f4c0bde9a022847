package org.charm4j;

import static org.charm4j.CheckLog.check;
import static org.charm4j.CheckLog.get;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Migration and load balancing end to end, as a program: each check prints {@code ok <what>} or
 * {@code FAILED <what>}; the job exits 0 only if all passed. {@link MigrationTest} runs it in one process and over
 * in-JVM nodes, {@link MultiProcessJobTest} as real processes (pass {@code +balancer RotateLB}).
 */
public final class MigrationChecks {
    private MigrationChecks() {
    }

    /** Constructions in this JVM, to show that arrival does not run the constructor again. */
    static final java.util.concurrent.atomic.AtomicInteger CONSTRUCTED = new java.util.concurrent.atomic.AtomicInteger();

    /** An element with state of every kind, moved by hand. */
    public static class Mover extends Chare {
        int value;
        final ArrayList<Integer> visited = new ArrayList<>();
        DoubleArray data;
        int migratedCalls;
        /** The PEs it left, as aboutToMigrate() saw them (on the old PE, before the state was packed). */
        final ArrayList<Integer> left = new ArrayList<>();
        transient String cache = "built";

        public Mover(final int v) {
            value = v;
            visited.add(Charm.myPe());
            data = DoubleArray.allocate(1000);
            for (int i = 0; i < 1000; i++) {
                data.set(i, i * (double) v);
            }
            CONSTRUCTED.incrementAndGet();
        }

        @Entry
        public void add(final int d) {
            value += d;
        }

        @Entry
        public void moveTo(final int pe) {
            migrateMe(pe);
        }

        @Override
        protected void aboutToMigrate() {
            left.add(Charm.myPe());
        }

        @Override
        protected void migrated() {
            migratedCalls++;
            visited.add(Charm.myPe());
            cache = "rebuilt on " + Charm.myPe();
        }

        @Entry
        public String state() {
            double sum = 0;
            for (int i = 0; i < 1000; i++) {
                sum += data.get(i);
            }
            return "index=" + thisIndex().x() + " pe=" + Charm.myPe() + " value=" + value + " visited=" + visited
                + " left=" + left + " migrated=" + migratedCalls + " sum=" + sum + " cache=" + (cache == null ? "null"
                : cache.startsWith("rebuilt") ? "rebuilt" : cache);
        }
    }

    /** Holds a big off-heap array: its migration between processes is timed. */
    public static class Big extends Chare {
        DoubleArray data;

        public Big(final int mib) {
            data = DoubleArray.allocate(mib * (1L << 20) / 8);
            for (long i = 0; i < data.length(); i++) {
                data.set(i, i);
            }
        }

        @Entry
        public void moveTo(final int pe) {
            migrateMe(pe);
        }

        @Entry
        public String where() {
            return Charm.myPe() + ":" + data.get(data.length() - 1);
        }

        /** The transport's figure for the same size: an off-heap array sent as an argument, answered at once. */
        @Entry
        public String take(final DoubleArray a) {
            return Charm.myPe() + ":" + a.get(a.length() - 1);
        }
    }

    /** Receives numbered messages from several senders and moves every few of them. */
    public static class Target extends Chare {
        final int[] next;
        final int total;
        final Future<String> done;
        int received;
        int errors;
        String firstError;
        int moves;

        public Target(final int senders, final int total, final Future<String> done) {
            this.next = new int[senders];
            this.total = total;
            this.done = done;
        }

        @Entry
        public void recv(final int sender, final int seq) {
            if (seq != next[sender] && errors++ == 0) {
                firstError = "sender " + sender + " sent " + seq + " when " + next[sender] + " was due";
            }
            next[sender] = Math.max(next[sender], seq + 1);
            if (++received % 5 == 0 && received < total) {
                migrateMe((Charm.myPe() + 1) % Charm.numPes());
            }
            if (received == total) {
                done.complete("received=" + received + " errors=" + errors + " moves=" + moves
                    + (firstError == null ? "" : " first: " + firstError));
            }
        }

        @Override
        protected void migrated() {
            moves++;
        }
    }

    /** Runs numbered broadcasts and moves on after each (to a PE that depends on its index and the broadcast). */
    public static class Hopper extends Chare {
        final ArrayList<Integer> ran = new ArrayList<>();
        int moves;

        @Entry
        public void tick(final int k) {
            ran.add(k);
            migrateMe((Charm.myPe() + 1 + (thisIndex().x() + k) % 2) % Charm.numPes());
        }

        @Entry
        public int tock(final int k) {
            ran.add(-k);
            migrateMe((Charm.myPe() + 1) % Charm.numPes());
            return thisIndex().x();
        }

        @Entry
        public String ran() {
            return ran.size() + ":" + ran.hashCode() + ":" + moves;
        }

        @Override
        protected void migrated() {
            moves++;
        }
    }

    /** Does uneven work on request and never calls atSync(): balanced periodically under +balancer. */
    public static class Drifter extends Chare {
        long state;
        /** How many times this element arrived on a new PE (travels with it). */
        int arrivals;

        public Drifter() {
            state = thisIndex().x();
        }

        @Entry
        public void work(final int round, final int n, final Future<Long> sum) {
            final int reps = thisIndex().x() < Math.max(1, n / 4) ? 4000 : 400;
            for (int k = 0; k < reps; k++) {
                state = state * 6364136223846793005L + 1442695040888963407L + round;
            }
            contribute(state, Reducer.SUM, sum);
        }

        @Entry
        public int where() {
            return Charm.myPe();
        }

        @Entry
        public int arrivals() {
            return arrivals;
        }

        @Override
        protected void migrated() {
            arrivals++;
        }
    }

    /** Gets a number of calls that depends on its index, then waits in atSync(). */
    public static class Listener extends Chare {
        @Entry
        public void hear() {
        }

        @Entry
        public void sync() {
            atSync();
        }

        @Override
        protected void resumeFromSync() {
            contribute(Reducer.BARRIER, DONE_LISTENING);
        }
    }

    static Future<Void> DONE_LISTENING;

    /** Keeps a future it completed, and moves with it. */
    public static class Keeper extends Chare {
        Future<Integer> kept;

        @Entry
        public void keep(final Future<Integer> f, final int v) {
            kept = f;
            f.complete(v);
        }

        @Entry
        public void moveTo(final int pe) {
            migrateMe(pe);
        }

        @Entry
        public String kept() {
            return Charm.myPe() + ":" + kept.isDone() + ":" + kept.valueIfDone();
        }
    }

    /** Sends numbered messages to the target, in chunks, so that the target moves in between. */
    public static class Sender extends Chare {
        @Entry
        public void blast(final MigrationChecks_TargetProxy.Element t, final int from, final int count,
                          final int chunk) {
            final int end = Math.min(count, from + chunk);
            for (int k = from; k < end; k++) {
                t.recv(thisIndex().x(), k);
            }
            if (end < count) {
                MigrationChecks_SenderProxy.of(this).at(thisIndex()).blast(t, end, count, chunk);
            }
        }
    }

    /** Contributes, then moves on: the reductions must count each element once wherever it is. */
    public static class Spinner extends Chare {
        @Entry
        public void step(final int it, final Future<Integer> f) {
            contribute(thisIndex().x() * 10 + it, Reducer.SUM, f);
            migrateMe((Charm.myPe() + 1 + thisIndex().x() % 2) % Charm.numPes());
        }
    }

    /** Gets each step's sum and the final report of the workers. */
    public static class Collector extends Chare {
        final List<Long> sums = new ArrayList<>();
        final Future<String> done;

        public Collector(final Future<String> done) {
            this.done = done;
        }

        @Entry
        public void stepSum(final long v) {
            sums.add(v);
        }

        @Entry
        public void finished(final List<String> report) {
            done.complete("sums=" + sums + " report=" + report);
        }
    }

    /** Busy for a synthetic load (element i % 10 == 0 ten times the others), balanced at each step. */
    public static class Worker extends Chare {
        final int steps;
        final int unitMicros;
        final MigrationChecks_CollectorProxy.Element collector;
        final TreeSet<Integer> visited = new TreeSet<>();
        final ArrayList<Integer> history = new ArrayList<>();
        int step;
        long acc;

        public Worker(final int steps, final int unitMicros, final MigrationChecks_CollectorProxy.Element collector) {
            this.steps = steps;
            this.unitMicros = unitMicros;
            this.collector = collector;
        }

        int weight() {
            return thisIndex().x() % 10 == 0 ? 10 : 1;
        }

        @Entry
        public void start() {
            doStep();
        }

        private void doStep() {
            visited.add(Charm.myPe());
            history.add(Charm.myPe());
            final long end = System.nanoTime() + (long) weight() * unitMicros * 1000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x++;
            }
            acc += (long) (thisIndex().x() + 1) * weight() * (step + 1) + (x < 0 ? 1 : 0);
            contribute(acc, Reducer.SUM, collector::stepSum);
            atSync();
        }

        @Override
        protected void resumeFromSync() {
            if (++step < steps) {
                doStep();
            } else {
                contribute(thisIndex().x() + ":" + weight() + ":" + visited.size() + ":" + history, Reducer.GATHER,
                    collector::finished);
            }
        }
    }

    /** Never moves, whatever the balancer says. */
    @NotMigratable
    public static class Pinned extends Chare {
        final int steps;
        final MigrationChecks_CollectorProxy.Element collector;
        final int born = Charm.myPe();
        final TreeSet<Integer> visited = new TreeSet<>();
        int step;
        boolean refused;

        public Pinned(final int steps, final MigrationChecks_CollectorProxy.Element collector) {
            this.steps = steps;
            this.collector = collector;
        }

        @Entry
        public void start() {
            try {
                migrateMe((Charm.myPe() + 1) % Charm.numPes());
            } catch (final IllegalStateException e) {
                refused = e.getMessage().contains("@NotMigratable");
            }
            doStep();
        }

        private void doStep() {
            visited.add(Charm.myPe());
            contribute(1L, Reducer.SUM, collector::stepSum);
            atSync();
        }

        @Override
        protected void resumeFromSync() {
            if (++step < steps) {
                doStep();
            } else {
                contribute(thisIndex().x() + ":" + born + ":" + visited + ":" + refused, Reducer.GATHER,
                    collector::finished);
            }
        }
    }




    /** Moves each element around every PE by hand, with calls before and after each move. */
    static void manualMoves() {
        final int p = Charm.numPes();
        final int n = 2 * p + 1;
        final int before = CONSTRUCTED.get();
        final var movers = MigrationChecks_MoverProxy.newArray(n, 3);
        final List<Future<String>> first = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            first.add(movers.at(i).state());
        }
        final List<Integer> homes = new ArrayList<>();
        for (final Future<String> f : first) {
            final String s = get(f);
            homes.add(Integer.parseInt(s.substring(s.indexOf("pe=") + 3, s.indexOf(" value"))));
        }
        final int constructed = CONSTRUCTED.get() - before;
        for (int h = 1; h <= p; h++) {
            for (int i = 0; i < n; i++) {
                movers.at(i).add(1);
                movers.at(i).moveTo((homes.get(i) + h) % p);
                movers.at(i).add(1);
            }
        }
        boolean ok = true;
        String detail = "";
        double expectedSum = 0;
        for (int k = 0; k < 1000; k++) {
            expectedSum += k * 3.0;
        }
        for (int i = 0; i < n; i++) {
            final String s = get(movers.at(i).state());
            final StringBuilder visits = new StringBuilder("[" + homes.get(i));
            final StringBuilder left = new StringBuilder("[" + homes.get(i));
            for (int h = 1; h <= p; h++) {
                visits.append(", ").append((homes.get(i) + h) % p);
                if (h < p) {
                    left.append(", ").append((homes.get(i) + h) % p);
                }
            }
            final String want = "index=" + i + " pe=" + homes.get(i) + " value=" + (3 + 2 * p) + " visited=" + visits
                + "] left=" + left + "] migrated=" + p + " sum=" + expectedSum + " cache=rebuilt";
            if (!s.equals(want)) {
                ok = false;
                detail += "\n  got  " + s + "\n  want " + want;
            }
        }
        check(ok, "elements keep state and identity across manual moves to every PE; aboutToMigrate() runs on the"
            + " old PE and what it stores travels; migrated() runs", detail);
        check(CONSTRUCTED.get() - before == constructed, "the constructor does not run again on arrival",
            (CONSTRUCTED.get() - before) + " constructions for " + constructed + " elements");
    }

    /** Senders keep sending while the target moves every 5 messages. */
    static void orderedWhileMoving() {
        final int senders = 3;
        final int count = 400;
        final Future<String> done = new Future<>();
        final var target = MigrationChecks_TargetProxy.newArray(1, senders, senders * count, done);
        final var s = MigrationChecks_SenderProxy.newArray(senders);
        for (int i = 0; i < senders; i++) {
            s.at(i).blast(target.at(0), 0, count, 7);
        }
        final String r = get(done);
        check(r.startsWith("received=" + senders * count + " errors=0 ") && !r.contains("moves=0"),
            "calls sent while their element moves arrive exactly once and in per-sender order", r);
    }

    /**
     * Broadcasts back to back while every element moves after each: each element runs each exactly once and in
     * order; broadcasts with futures (done, gather) complete with every element, once.
     */
    static void broadcastsWhileMoving() {
        final int n = 2 * Charm.numPes() + 3;
        final int count = 40;
        final var h = MigrationChecks_HopperProxy.newArray(n);
        final List<Future<List<Integer>>> gathers = new ArrayList<>();
        final ArrayList<Integer> want = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            h.tick(k);
            want.add(k);
            if (k % 10 == 9) {
                gathers.add(h.gather().tock(k));
                want.add(-k);
            }
        }
        final Future<Void> done = h.whenDone().tick(count);
        want.add(count);
        get(done);
        final List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        boolean gathered = true;
        for (final Future<List<Integer>> g : gathers) {
            gathered &= get(g).equals(indices);
        }
        final List<String> ran = get(h.gather().ran());
        boolean ok = true;
        int moved = 0;
        for (final String r : ran) {
            final String[] f = r.split(":");
            ok &= f[0].equals(String.valueOf(want.size())) && f[1].equals(String.valueOf(want.hashCode()));
            moved += Integer.parseInt(f[2]);
        }
        check(ok && ran.size() == n && (Charm.numPes() == 1 || moved > 0),
            "broadcasts to elements that keep moving run once each, in order", ran + " moves=" + moved);
        check(gathered, "gathers and completions of broadcasts over moving elements have every element once",
            gathers.size() + " gathers");
    }

    /**
     * Periodic balancing (run with +balancer and a short +LBPeriod): elements that never call atSync() move while
     * the program runs, and its results stay exact.
     */
    static void periodicBalancing() {
        final int n = 4 * Charm.numPes();
        final var d = MigrationChecks_DrifterProxy.newArray(n);
        final long[] model = new long[n];
        for (int i = 0; i < n; i++) {
            model[i] = i;
        }
        boolean exact = true;
        int moved = 0;
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        int round = 0;
        while (System.nanoTime() < end || round < 20) {
            final Future<Long> f = new Future<>();
            d.work(round, n, f);
            long want = 0;
            for (int i = 0; i < n; i++) {
                final int reps = i < Math.max(1, n / 4) ? 4000 : 400;
                for (int k = 0; k < reps; k++) {
                    model[i] = model[i] * 6364136223846793005L + 1442695040888963407L + round;
                }
                want += model[i];
            }
            exact &= get(f) == want;
            round++;
        }
        final List<Integer> where = get(d.gather().where());
        final List<Integer> arrivals = get(d.gather().arrivals());
        for (int i = 0; i < n; i++) {
            moved += arrivals.get(i);
        }
        // The loads here are tiny and noisy, so a later step may well move an element back to its first PE: count
        // the moves the elements saw, not where they ended.
        check(exact && (Charm.numPes() == 1 || moved > 0), "periodic balancing moves elements that never call"
            + " atSync(), and results stay exact", round + " rounds, " + moved + " moves seen by the elements, "
            + "exact=" + exact + ", where=" + where + ", arrivals=" + arrivals);
    }

    /**
     * The balancer's input counts the calls each element received since the last step (run with +balancer
     * CountingLB, registered here).
     */
    static void messagesCounted() {
        final int n = 2 * Charm.numPes() + 1;
        final java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        org.charm4j.lb.Strategies.register("CountingLB", in -> {
            final java.util.TreeMap<Integer, Long> m = new java.util.TreeMap<>();
            for (int i = 0; i < in.size(); i++) {
                m.put(in.index()[i].x(), in.received()[i]);
            }
            seen.set(m.toString());
            return in.pe();
        });
        DONE_LISTENING = new Future<>();
        final var l = MigrationChecks_ListenerProxy.newArray(n);
        final java.util.TreeMap<Integer, Long> want = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3 * i; k++) {
                l.at(i).hear();
            }
            l.at(i).sync();
            want.put(i, 3L * i + 1);
        }
        get(DONE_LISTENING);
        check(want.toString().equals(seen.get()), "the balancer's input counts each element's calls received",
            seen.get() + " want " + want);
    }

    /**
     * Run with {@code +balancer CallsLB +LBTolerance 1000}: a step whose max/avg PE load is within the tolerance runs
     * no strategy (CallsLB, registered here, counts its calls) and moves nothing, yet every element resumes.
     */
    static void toleranceSkipsTheStrategy() {
        final int n = 2 * Charm.numPes() + 1;
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        org.charm4j.lb.Strategies.register("CallsLB", in -> {
            calls.incrementAndGet();
            final int[] to = in.pe().clone();
            for (int i = 0; i < to.length; i++) {
                to[i] = in.migratable()[i] ? (to[i] + 1) % in.numPes() : to[i];
            }
            return to;
        });
        DONE_LISTENING = new Future<>();
        final var l = MigrationChecks_ListenerProxy.newArray(n);
        for (int i = 0; i < n; i++) {
            l.at(i).sync();
        }
        get(DONE_LISTENING);
        check(calls.get() == 0, "a balancing step within +LBTolerance runs no strategy and every element resumes",
            calls.get() + " strategy calls");
    }

    /** A chare that completed a future of PE 0's process moves there and back with it (it travels as done). */
    static void completedFutureTravels() {
        final int last = Charm.numPes() - 1;
        final var k = MigrationChecks_KeeperProxy.newArray(new int[] {1}, (i, s, np) -> np - 1);
        final Future<Integer> f = new Future<>();
        k.at(0).keep(f, 7);
        final int v = get(f);
        final List<String> seen = new ArrayList<>();
        for (final int pe : new int[] {0, last, 0}) {
            k.at(0).moveTo(pe);
            seen.add(get(k.at(0).kept()));
        }
        check(v == 7 && seen.equals(List.of("0:true:7", last + ":true:7", "0:true:7")),
            "a chare keeps a future it completed across moves to the future's process and back", v + " " + seen);
    }

    /** Several reductions in flight while every element moves after each contribution. */
    static void reductionsWhileMoving() {
        final int n = 13;
        final int iterations = 12;
        final var sp = MigrationChecks_SpinnerProxy.newArray(n);
        final List<Future<Integer>> fs = new ArrayList<>();
        for (int it = 0; it < iterations; it++) {
            final Future<Integer> f = new Future<>();
            fs.add(f);
            for (int i = 0; i < n; i++) {
                sp.at(i).step(it, f);
            }
        }
        boolean ok = true;
        final List<Integer> got = new ArrayList<>();
        for (int it = 0; it < iterations; it++) {
            final int v = get(fs.get(it));
            got.add(v);
            ok &= v == 10 * n * (n - 1) / 2 + n * it;
        }
        check(ok, "reductions over elements that keep moving give exact results", got);
    }

    /** A 16 MiB off-heap array moves to the last PE (another process when there are several). */
    static void bigMove() {
        final int p = Charm.numPes();
        final int mib = 16;
        final var big = MigrationChecks_BigProxy.newArray(new int[] {1}, (i, s, np) -> 0, mib);
        get(big.at(0).where());
        double best = Double.MAX_VALUE;
        String where = "";
        for (int round = 0; round < 4; round++) {
            final int to = round % 2 == 0 ? p - 1 : 0;
            final long t0 = System.nanoTime();
            big.at(0).moveTo(to);
            where = get(big.at(0).where());
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        // the same bytes as an argument from PE 0 to the element, moved to the last PE again: a call and its answer,
        // like the move and the call above
        big.at(0).moveTo(p - 1);
        get(big.at(0).where());
        double bestSend = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            final DoubleArray a = DoubleArray.allocate(mib * (1L << 20) / 8);
            for (long i = 0; i < a.length(); i++) {
                a.set(i, i);
            }
            final long t0 = System.nanoTime();
            get(big.at(0).take(a));
            bestSend = Math.min(bestSend, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(java.util.Locale.ROOT, "migrating a chare with a %d MiB DoubleArray from PE 0 to PE %d and"
            + " back: best one-way (move + a call) %.2f ms, %.0f MB/s; the same array as an argument (a call and its"
            + " answer): %.2f ms, %.0f MB/s%n", mib, p - 1, best * 1e3, mib * 1.048576 / best, bestSend * 1e3,
            mib * 1.048576 / bestSend);
        check(where.equals("0:" + (mib * (1L << 20) / 8 - 1) + ".0"), "a chare with a 16 MiB off-heap array moves"
            + " and back intact", where);
    }

    /** Runs the manual and in-flight checks. */
    static void moves() {
        manualMoves();
        orderedWhileMoving();
        reductionsWhileMoving();
        broadcastsWhileMoving();
        completedFutureTravels();
    }

    /** An imbalanced program under the configured balancer; returns the collector's summary. */
    static String imbalanced(final int n, final int steps, final int unitMicros) {
        final Future<String> done = new Future<>();
        final var c = MigrationChecks_CollectorProxy.newChareOn(0, done);
        final var w = MigrationChecks_WorkerProxy.newArray(n, steps, unitMicros, c);
        w.start();
        return get(done);
    }

    /** Pinned elements under the configured balancer. */
    static String pinned(final int n, final int steps) {
        final Future<String> done = new Future<>();
        final var c = MigrationChecks_CollectorProxy.newChareOn(0, done);
        MigrationChecks_PinnedProxy.newArray(n, steps, c).start();
        return get(done);
    }

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            CheckLog.reset();
            moves();
            bigMove();
            final int p = Charm.numPes();
            final String r = imbalanced(2 * p, p, 200);
            boolean everyPe = true;
            for (final String e : r.substring(r.indexOf("report=[") + 8, r.length() - 1).split(", (?=\\d+:)")) {
                everyPe &= e.split(":")[2].equals(String.valueOf(p));
            }
            check(everyPe, "with RotateLB every element visits every PE over P steps", r);
            CheckLog.finish("migration");
        });
    }
}
