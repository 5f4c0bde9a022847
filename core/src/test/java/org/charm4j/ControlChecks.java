package org.charm4j;

import static org.charm4j.CheckLog.check;
import static org.charm4j.CheckLog.get;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Topology, time and timers, as a program of checks ({@link ControlTest}). */
public final class ControlChecks {
    private ControlChecks() {
    }

    /** One per PE: where it is, and timers. */
    public static class Here extends Chare {
        Future<String> pinged;

        @Entry
        public String where() {
            return Charm.myPe() + "@" + Charm.myNode() + "/" + Charm.nodeOf(Charm.myPe());
        }

        /** Sleeps in a threaded entry method: the PE answers other calls meanwhile. */
        @Threaded
        @Entry
        public long[] nap(final int millis) {
            final long t0 = System.nanoTime();
            Charm.sleep(Duration.ofMillis(millis));
            final long t1 = System.nanoTime();
            return new long[] {t1 - t0, t1};   // how long it slept, and when it woke (on this PE's clock)
        }

        @Entry
        public void sendPe(final Future<java.util.List<Integer>> f) {
            f.send(Charm.myPe());
        }

        /** Creates an array from this PE and calls every element at once: each answers after its constructor. */
        @Threaded
        @Entry
        public String makeArray(final int n) {
            final var made = ControlChecks_BornProxy.newArray(n, Charm.myPe());
            final List<String> got = made.gather().born().get();
            final var group = ControlChecks_BornProxy.newGroup(Charm.myPe());
            return got.size() + " " + got.get(n - 1) + " / " + group.gather().born().get().size();
        }

        Future<Integer> shared;

        /** Several of these wait on one future of this chare, completed by {@link #release}. */
        @Threaded
        @Entry
        public int awaitShared() {
            if (shared == null) {
                shared = new Future<>();
            }
            return shared.get();
        }

        @Entry
        public void release(final int v) {
            if (shared == null) {
                shared = new Future<>();
            }
            shared.complete(v);
        }

        /** Every element adds its PE number. */
        @Entry
        public void sumPes(final Future<Integer> sum) {
            contribute(Charm.myPe(), Reducer.SUM, sum);
        }

        @Entry
        public long quick() {
            return System.nanoTime();
        }

        /** Asks the timer to call {@link #ping} on this PE later. */
        @Entry
        public void pingLater(final int millis, final Future<String> done) {
            pinged = done;
            final var me = ControlChecks_HereProxy.of(this).at(Charm.myPe());
            Charm.scheduleAfter(Duration.ofMillis(millis), me::ping);
        }

        @Entry
        public void ping() {
            pinged.complete("pinged on PE " + Charm.myPe());
        }
    }

    /** Made from any PE: records its maker and that its constructor ran. */
    public static class Born extends Chare {
        final int maker;
        final boolean constructed;

        public Born(final int maker) {
            this.maker = maker;
            this.constructed = true;
        }

        @Entry
        public String born() {
            return "by " + maker + (constructed ? " constructed" : " not constructed");
        }
    }

    static void all() {
        final int p = Charm.numPes();
        final int nodes = Charm.numNodes();
        boolean topo = nodes >= 1 && p % nodes == 0 && Charm.nodeOf(Charm.myPe()) == Charm.myNode();
        int childCount = 0;
        final List<Integer> seen = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            for (final int pe : Charm.pesOfNode(n)) {
                seen.add(pe);
                topo &= Charm.nodeOf(pe) == n;
            }
        }
        for (int pe = 0; pe < p; pe++) {
            topo &= seen.get(pe) == pe;
            final int[] kids = Charm.childPes(pe);
            childCount += kids.length;
            for (final int k : kids) {
                topo &= Charm.parentPe(k) == pe && k > pe;
            }
        }
        topo &= Charm.parentPe(0) == -1 && childCount == p - 1;
        check(topo, "processes, their PEs and the spanning tree agree", nodes + " processes, " + seen);

        final var here = ControlChecks_HereProxy.newGroup();
        final List<String> where = get(here.gather().where());
        boolean places = true;
        for (int pe = 0; pe < p; pe++) {
            final int n = pe / (p / nodes);
            places &= where.get(pe).equals(pe + "@" + n + "/" + n);
        }
        check(places, "every PE knows its process", where);

        boolean refused = false;
        try {
            Charm.nodeOf(p);
        } catch (final IllegalArgumentException e) {
            refused = e.getMessage().contains("PE " + p);
        }
        check(refused, "a PE outside the job is refused with its number", "");

        final double w0 = Charm.wallTime();
        final long t0 = System.nanoTime();
        final Future<Void> timer = new Future<>();
        Charm.scheduleAfter(Duration.ofMillis(60), timer);
        get(timer);
        final long waited = System.nanoTime() - t0;
        final double w1 = Charm.wallTime();
        check(waited >= 60_000_000L && w1 - w0 >= 0.06 && w0 > 0, "a timer completes a future after its delay,"
            + " and wallTime() advances", waited / 1e6 + " ms, wallTime " + w0 + " -> " + w1);

        final int last = p - 1;
        final Future<long[]> nap = here.at(last).nap(1200);
        final long quick = get(here.at(last).quick());
        final long[] slept = get(nap);
        check(slept[0] >= 1_200_000_000L && quick < slept[1], "Charm.sleep() in a threaded entry method waits, and"
            + " its PE answers other calls meanwhile", slept[0] / 1e6 + " ms, the other call "
            + (slept[1] - quick) / 1e6 + " ms before it woke");

        final Future<String> pinged = new Future<>();
        here.at(last).pingLater(30, pinged);
        check(get(pinged).equals("pinged on PE " + last), "a timer calls an entry-method reference on its PE", "");
        final List<Future<Void>> timers = new ArrayList<>();
        for (final int ms : new int[] {300, 10, 150, 60}) {
            final Future<Void> f = new Future<>();
            Charm.scheduleAfter(Duration.ofMillis(ms), f);
            timers.add(f);
        }
        final List<Integer> order = new ArrayList<>();
        for (final Future<Void> f : Charm.iwait(timers)) {
            order.add(timers.indexOf(f));
        }
        check(order.equals(List.of(1, 3, 2, 0)), "iwait() gives futures in the order they complete", order);
        final Future<List<Integer>> all = Future.ofSenders(p);
        here.sendPe(all);
        final List<Integer> got = new ArrayList<>(get(all));
        got.sort(null);
        final List<Integer> everyPe = new ArrayList<>();
        for (int pe = 0; pe < p; pe++) {
            everyPe.add(pe);
        }
        boolean refusesComplete = false;
        try {
            Future.<Integer>ofSenders(2).complete(List.of());
        } catch (final IllegalStateException e) {
            refusesComplete = e.getMessage().contains("send()");
        }
        check(got.equals(everyPe) && refusesComplete, "a future of several senders completes with every PE's send",
            got);
        final String made = get(here.at(p - 1).makeArray(3 * p));
        check(made.equals(3 * p + " by " + (p - 1) + " constructed / " + p), "arrays and groups made on any PE, called"
            + " at once, answer after their constructors", made);
        final var one = here.at(last);
        final List<Future<Integer>> waiting = List.of(one.awaitShared(), one.awaitShared(), one.awaitShared());
        final Future<Integer> ready = new Future<>();
        ready.complete(1);
        check(Charm.awaitAny(waiting.get(0), ready) == ready && !waiting.get(2).isDone(),
            "awaitAny gives the first future done", "");
        one.release(7);
        check(Charm.awaitAll(waiting).equals(List.of(7, 7, 7)), "one future awaited by several threaded entry methods"
            + " of a chare wakes them all; awaitAll gives their values", "");
        final int[] some = p == 1 ? new int[] {0} : new int[] {p - 1, 0};
        final var sub = ControlChecks_HereProxy.newGroupOn(some);
        final List<String> subWhere = get(sub.gather().where());
        get(sub.created());
        final int subSum = get(sumOf(sub));
        boolean outside = p == 1;
        try {
            if (p > 1) {
                sub.at(1);
            }
        } catch (final IndexOutOfBoundsException e) {
            outside = e.getMessage().contains("made on PEs") && e.getMessage().contains("[1]");
        }
        boolean badPes = false;
        try {
            ControlChecks_HereProxy.newGroupOn(new int[] {0, 0});
        } catch (final IllegalArgumentException e) {
            badPes = e.getMessage().contains("PE 0 is given twice");
        }
        final int wantSum = p == 1 ? 0 : p - 1;
        check(subWhere.size() == some.length && subWhere.get(0).startsWith("0@") && subSum == wantSum && outside
            && badPes, "a group on a subset of PEs: broadcasts, gathers and reductions over its members only; an"
            + " index outside it and a PE given twice are refused", subWhere + " sum " + subSum);
        check(Arrays.equals(Charm.pesOfNode(Charm.myNode()), Charm.pesOfNode(Charm.nodeOf(0))), "PE 0's process holds"
            + " main", "");
    }

    private static Future<Integer> sumOf(final ControlChecks_HereProxy group) {
        final Future<Integer> f = new Future<>();
        group.sumPes(f);
        return f;
    }

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            CheckLog.reset();
            all();
            CheckLog.finish("control");
        });
    }
}
