package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.charm4j.Index;
import org.charm4j.lb.LbInput;
import org.charm4j.lb.Strategies;
import org.charm4j.lb.Strategy;

/**
 * AtSync load balancing of one collection (Charm++'s {@code AtSync()} / {@code ResumeFromSync()}): once all of a
 * PE's elements have called {@code atSync()}, the PE sends their measured loads (and its own background load) up the
 * {@link Topology} as {@link Stats}; a PE merges what its children send while it waits for its own elements and
 * passes on at once what arrives after; PE 0, once it holds every element's record, runs the {@code +balancer}
 * strategies in turn and sends the moves down the tree as a {@link Plan}. Each PE sends its departing elements, waits
 * for its arriving ones, then calls {@code resumeFromSync()} on every element it holds.
 *
 * <p>Periodic balancing (a collection whose chare does not use AtSync, in a job given {@code +balancer}): every
 * {@code +LBPeriod} seconds a {@link Tick} makes PE 0 ask every PE for its elements' records ({@link Request}); each
 * answers with what it holds at that moment, merged up the tree with its children's; the strategies run on them and the {@link Plan} moves
 * the elements that are still where the records said, between their entry methods. Elements do not wait, and a step
 * never starts while the previous one gathers.
 *
 * <p>Threading: owning PE only.
 */
final class LoadBalancing {
    private LoadBalancing() {
    }

    static void atSync(final Pe pe, final Element e) {
        if (e.info.kind() != CollectionInfo.Kind.ARRAY && e.info.kind() != CollectionInfo.Kind.SPARSE_ARRAY) {
            throw new IllegalStateException("atSync() is for array elements; " + e + " is not one");
        }
        if (e.atSync) {
            throw new IllegalStateException("atSync() was called twice by " + e + " before resumeFromSync()");
        }
        if (pe.node().options().lbOff()) {
            pe.enqueue(new Resume(e));
            return;
        }
        e.atSync = true;
        final LocalCollection lc = e.local;
        lc.lbSynced++;
        if (lc.lbSynced >= lc.elements.size()) {
            sendStats(pe, lc);
        }
    }

    /** Every element here is at sync: their records (and what children sent meanwhile) go up, or into the step. */
    private static void sendStats(final Pe pe, final LocalCollection lc) {
        final Stats s = lc.lbStats != null ? lc.lbStats : new Stats(lc.info);
        lc.lbStats = null;
        lc.lbSynced = 0;
        lc.lbSent = true;
        for (final Element e : lc.elements.values()) {
            s.add(e.index, pe.id(), e.loadNanos, e.migratable(), e.received);
            e.received = 0;
        }
        final long wall = System.nanoTime() - pe.lbSince;
        s.addBackground(pe.id(), Math.max(0, wall - pe.busyNanos - pe.idleNanos));
        fromBelow(pe, lc, s, true);
    }

    /** Records for the step: kept, merged, or passed up. */
    static void fromBelow(final Pe pe, final LocalCollection lc, final Stats s, final boolean own) {
        if (pe.id() == Topology.ROOT) {
            Stats all = lc.lbRoot;
            if (all == null) {
                lc.lbRoot = s;
                all = s;
            } else {
                all.merge(s);
            }
            if (all.n >= lc.totalElements()) {
                lc.lbRoot = null;
                step(pe, lc, all, false);
            }
        } else if (own || lc.lbSent || lc.elements.isEmpty()) {
            pe.node().send(pe.node().topology().parent(pe.id()), s);
        } else if (lc.lbStats == null) {
            lc.lbStats = s;
        } else {
            lc.lbStats.merge(s);
        }
    }

    /** PE 0 holds every record: runs the strategies (unless +LBPeriod says it is too soon) and sends the plan. */
    private static void step(final Pe pe, final LocalCollection lc, final Stats all, final boolean periodic) {
        final org.charm4j.Options o = pe.node().options();
        final long now = System.nanoTime();
        final boolean due = periodic || lc.lbSteps == 0
            || now - lc.lbLastStep >= (long) (o.lbPeriodSeconds() * 1e9);
        lc.lbSteps++;
        final int numPes = pe.node().numPes();
        final double[] load = new double[all.n];
        for (int i = 0; i < all.n; i++) {
            load[i] = all.load[i] / 1e9;
        }
        final double[] background = new double[numPes];
        for (int i = 0; i < all.nb; i++) {
            background[all.bgPe[i]] += all.bgNanos[i] / 1e9;
        }
        final LbInput in = new LbInput(numPes, Arrays.copyOf(all.index, all.n), load, Arrays.copyOf(all.pe, all.n),
            Arrays.copyOf(all.migratable, all.n), background, Arrays.copyOf(all.received, all.n));
        int[] to = in.pe();
        long cost = 0;
        final double imbalance = in.maxOverAverage(to);
        final boolean within = due && imbalance <= o.lbTolerance();
        if (due && !within) {
            final List<Strategy> strategies = new ArrayList<>();
            for (final String name : o.balancers().isEmpty() ? List.of("GreedyLB") : o.balancers()) {
                strategies.add(Strategies.byName(name));
            }
            final long t0 = System.nanoTime();
            try {
                to = Strategies.applyInTurn(in, strategies);
            } catch (final RuntimeException ex) {
                pe.node().abort("PE 0: the load balancer of " + lc.info + " failed: " + ex, ex);
                return;
            }
            cost = System.nanoTime() - t0;
            lc.lbLastStep = now;
        }
        final Plan plan = new Plan(lc.info);
        plan.periodic = periodic;
        for (int i = 0; i < all.n; i++) {
            if (to[i] != in.pe()[i]) {
                plan.add(in.index()[i], in.pe()[i], to[i]);
            }
        }
        if (o.lbDebug() > 0) {
            final double[] before = in.peLoads(in.pe());
            final double[] after = in.peLoads(to);
            final String what = !due ? "skipped (+LBPeriod)"
                : within ? String.format(java.util.Locale.ROOT, "skipped (within +LBTolerance %.3f)", o.lbTolerance())
                : String.join("+", o.balancers().isEmpty() ? List.of("GreedyLB") : o.balancers());
            System.out.printf(java.util.Locale.ROOT, "charm4j LB step %d of %s%s: %d elements, %s, max/avg PE load %.3f"
                    + " -> %.3f (max %.6f s, avg %.6f s -> max %.6f s), %d moved, strategy %.3f ms, %d calls"
                    + " received%n",
                lc.lbSteps, lc.info, periodic ? " (periodic)" : "", all.n, what, imbalance, in.maxOverAverage(to),
                max(before), avg(before), max(after), plan.n, cost / 1e6, sum(in.received()));
            if (o.lbDebug() > 1) {
                System.out.println("charm4j LB step " + lc.lbSteps + ": PE loads before " + Arrays.toString(before)
                    + ", after " + Arrays.toString(after));
            }
        }
        if (pe.stats != null) {
            final double[] before = in.peLoads(in.pe());
            final double[] after = in.peLoads(to);
            pe.stats.mark("balancing step", String.format(java.util.Locale.ROOT, "step %d of %s%s: %d elements, %d"
                + " moved, max/avg PE load %.3f -> %.3f, max %.6f s -> %.6f s, strategy %.3f ms", lc.lbSteps, lc.info,
                periodic ? " (periodic)" : "", all.n, plan.n, in.maxOverAverage(in.pe()), in.maxOverAverage(to),
                max(before), max(after), cost / 1e6));
        }
        lc.lbLastCostNanos = cost;
        lc.lbLastMoved = plan.n;
        pe.node().send(Topology.ROOT, plan);
    }

    private static double max(final double[] v) {
        double m = 0;
        for (final double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static long sum(final long[] v) {
        long s = 0;
        for (final long x : v) {
            s += x;
        }
        return s;
    }

    private static double avg(final double[] v) {
        double s = 0;
        for (final double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    /** The plan reaches a PE: its elements leave, and it waits for those that come. */
    static void planned(final Pe pe, final Plan plan) {
        LocalCollection lc = plan.info.local(pe.id());
        if (lc == null && plan.info.kind() == CollectionInfo.Kind.SPARSE_ARRAY) {
            pe.createLocal(plan.info, null);
            lc = plan.info.local(pe.id());
        }
        if (lc == null) {
            pe.waitForCollection(plan.info.id(), plan);
            return;
        }
        if (plan.periodic) {
            for (int i = 0; i < plan.n; i++) {
                if (plan.from[i] == pe.id()) {
                    final Element e = lc.find(plan.index[i]);
                    if (e != null && !e.atSync) {
                        pe.migrate(e, plan.to[i], false);
                    }
                }
            }
            if (pe.id() == Topology.ROOT) {
                lc.lbPeriodicOpen = false;
            }
            return;
        }
        for (int i = 0; i < plan.n; i++) {
            if (plan.to[i] == pe.id()) {
                lc.lbArrivalsDue++;
            }
        }
        for (int i = 0; i < plan.n; i++) {
            if (plan.from[i] == pe.id()) {
                final Element e = lc.find(plan.index[i]);
                if (e != null) {
                    pe.migrate(e, plan.to[i], true);
                }
            }
        }
        lc.lbPlanned = true;
        maybeResume(pe, lc);
    }

    /** An element sent by a balancing step arrived. */
    static void arrived(final Pe pe, final LocalCollection lc) {
        lc.lbArrivalsDue--;
        maybeResume(pe, lc);
    }

    private static void maybeResume(final Pe pe, final LocalCollection lc) {
        if (!lc.lbPlanned || lc.lbArrivalsDue != 0) {
            return;
        }
        lc.lbPlanned = false;
        lc.lbSent = false;
        // the next window starts now, after this PE's moves: what sending and taking in elements cost is not load
        // the next step should balance (counted, it made a PE that just took elements look loaded: moves fed moves)
        pe.lbSince = System.nanoTime();
        pe.busyNanos = 0;
        pe.idleNanos = 0;
        for (final Element e : lc.inIndexOrder()) {
            if (e.atSync) {
                resume(pe, e);
            }
        }
    }

    private static void resume(final Pe pe, final Element e) {
        e.atSync = false;
        e.loadNanos = 0;
        final Element outer = pe.currentElement;
        pe.currentElement = e;
        final long start = System.nanoTime();
        try {
            ChareSupport.resumeFromSync(e.chare);
        } catch (final Throwable t) {
            pe.failedHook(e, "resumeFromSync()", t);
        } finally {
            final long spent = System.nanoTime() - start;
            e.loadNanos += spent;
            pe.busyNanos += spent;
            pe.currentElement = outer;
        }
    }

    /** With +LBOff: resumeFromSync() once the entry method that called atSync() returned. */
    private static final class Resume extends Message {
        private final Element element;

        Resume(final Element element) {
            this.element = element;
        }

        @Override
        protected void deliver(final Pe pe) {
            if (element.local != null && element.local.pe == pe) {
                element.loadNanos = 0;
                resume(pe, element);
            }
        }
    }

    /** A periodic step is due (from process 0's timer, to PE 0): it starts unless the last one still gathers. */
    static final class Tick extends Message {
        private final CollectionInfo info;

        Tick(final CollectionInfo info) {
            this.info = info;
        }

        @Override
        protected void deliver(final Pe pe) {
            final LocalCollection lc = info.local(pe.id());
            if (lc == null || lc.lbPeriodicOpen) {
                return;
            }
            lc.lbPeriodicOpen = true;
            pe.node().send(Topology.ROOT, new Request(info));
        }
    }

    /** PE 0 asks every PE (down the tree) for its elements' records now. */
    static final class Request extends TreeBroadcast {
        final CollectionInfo info;

        Request(final CollectionInfo info) {
            this.info = info;
        }

        @Override
        TreeBroadcast copyForChild() {
            return new Request(info);
        }

        @Override
        WireKind wireKind() {
            return WireKinds.LB_REQUEST;
        }

        @Override
        void deliverHere(final Pe pe) {
            LocalCollection lc = info.local(pe.id());
            if (lc == null && info.kind() == CollectionInfo.Kind.SPARSE_ARRAY) {
                pe.createLocal(info, null);
                lc = info.local(pe.id());
            }
            if (lc == null) {
                pe.waitForCollection(info.id(), this);
                return;
            }
            final Stats s = new Stats(info);
            s.periodic = true;
            for (final Element e : lc.elements.values()) {
                s.add(e.index, pe.id(), e.loadNanos, e.migratable(), e.received);
                e.loadNanos = 0;
                e.received = 0;
            }
            final long now = System.nanoTime();
            s.addBackground(pe.id(), Math.max(0, now - pe.lbSince - pe.busyNanos - pe.idleNanos));
            pe.lbSince = now;
            pe.busyNanos = 0;
            pe.idleNanos = 0;
            lc.lbPeriodicOwn = true;
            periodicAnswer(pe, lc, s, false);
        }
    }

    /**
     * A periodic step's records reach a PE, its own ({@code fromChild} false) or a tree child's subtree's: merged; once
     * it has its own and every child's, they go up the tree, and at PE 0 the strategies run on them.
     */
    static void periodicAnswer(final Pe pe, final LocalCollection lc, final Stats s, final boolean fromChild) {
        if (lc.lbPeriodicRecords == null) {
            lc.lbPeriodicRecords = s;
        } else {
            lc.lbPeriodicRecords.merge(s);
        }
        if (fromChild) {
            lc.lbPeriodicAnswers++;
        }
        if (!lc.lbPeriodicOwn || lc.lbPeriodicAnswers < pe.node().topology().children(pe.id()).length) {
            return;
        }
        final Stats all = lc.lbPeriodicRecords;
        lc.lbPeriodicRecords = null;
        lc.lbPeriodicAnswers = 0;
        lc.lbPeriodicOwn = false;
        if (pe.id() != Topology.ROOT) {
            pe.node().send(pe.node().topology().parent(pe.id()), all);
            return;
        }
        // an element that moved between two PEs' answers may be in both (the first record counts) or in none
        final Stats unique = new Stats(lc.info);
        unique.periodic = true;
        final java.util.HashSet<Index> seen = new java.util.HashSet<>();
        for (int i = 0; i < all.n; i++) {
            if (seen.add(all.index[i])) {
                unique.add(all.index[i], all.pe[i], all.load[i], all.migratable[i], all.received[i]);
            }
        }
        for (int i = 0; i < all.nb; i++) {
            unique.addBackground(all.bgPe[i], all.bgNanos[i]);
        }
        step(pe, lc, unique, true);
    }

    /** Elements' records on their way to PE 0: index, PE, load, migratable; and PEs' background loads. */
    static final class Stats extends Message {
        final CollectionInfo info;
        /** A subtree's answer to a periodic step's {@link Request} (up the tree), not an AtSync record. */
        boolean periodic;
        int n;
        Index[] index = new Index[8];
        int[] pe = new int[8];
        long[] load = new long[8];
        boolean[] migratable = new boolean[8];
        long[] received = new long[8];
        int nb;
        int[] bgPe = new int[2];
        long[] bgNanos = new long[2];

        Stats(final CollectionInfo info) {
            this.info = info;
        }

        void add(final Index i, final int p, final long l, final boolean m, final long r) {
            if (n == index.length) {
                final int cap = n * 2;
                index = Arrays.copyOf(index, cap);
                pe = Arrays.copyOf(pe, cap);
                load = Arrays.copyOf(load, cap);
                migratable = Arrays.copyOf(migratable, cap);
                received = Arrays.copyOf(received, cap);
            }
            index[n] = i;
            pe[n] = p;
            load[n] = l;
            migratable[n] = m;
            received[n] = r;
            n++;
        }

        void addBackground(final int p, final long nanos) {
            if (nb == bgPe.length) {
                bgPe = Arrays.copyOf(bgPe, nb * 2);
                bgNanos = Arrays.copyOf(bgNanos, nb * 2);
            }
            bgPe[nb] = p;
            bgNanos[nb] = nanos;
            nb++;
        }

        void merge(final Stats o) {
            for (int i = 0; i < o.n; i++) {
                add(o.index[i], o.pe[i], o.load[i], o.migratable[i], o.received[i]);
            }
            for (int i = 0; i < o.nb; i++) {
                addBackground(o.bgPe[i], o.bgNanos[i]);
            }
        }

        @Override
        WireKind wireKind() {
            return WireKinds.LB_STATS;
        }

        @Override
        protected void deliver(final Pe p) {
            LocalCollection lc = info.local(p.id());
            if (lc == null && info.kind() == CollectionInfo.Kind.SPARSE_ARRAY) {
                p.createLocal(info, null);
                lc = info.local(p.id());
            }
            if (lc == null) {
                p.waitForCollection(info.id(), this);
                return;
            }
            if (periodic) {
                periodicAnswer(p, lc, this, true);
            } else {
                fromBelow(p, lc, this, false);
            }
        }
    }

    /** A balancing step's moves, down the tree to every PE. */
    static final class Plan extends TreeBroadcast {
        final CollectionInfo info;
        /** A periodic step's plan: the elements move if they are still there; nobody waits or resumes. */
        boolean periodic;
        int n;
        Index[] index = new Index[4];
        int[] from = new int[4];
        int[] to = new int[4];

        Plan(final CollectionInfo info) {
            this.info = info;
        }

        void add(final Index i, final int f, final int t) {
            if (n == index.length) {
                index = Arrays.copyOf(index, n * 2);
                from = Arrays.copyOf(from, n * 2);
                to = Arrays.copyOf(to, n * 2);
            }
            index[n] = i;
            from[n] = f;
            to[n] = t;
            n++;
        }

        @Override
        TreeBroadcast copyForChild() {
            // a message is a node of the queue it waits in: each child gets its own, sharing the read-only moves
            final Plan c = new Plan(info);
            c.periodic = periodic;
            c.n = n;
            c.index = index;
            c.from = from;
            c.to = to;
            return c;
        }

        @Override
        WireKind wireKind() {
            return WireKinds.LB_PLAN;
        }

        @Override
        void deliverHere(final Pe pe) {
            planned(pe, this);
        }
    }

    /** LB_STATS: the collection, the records (index, PE, load in ns, migratable), the background loads. */
    static final class StatsKind extends WireKind {
        StatsKind() {
            super(11);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Stats s = (Stats) m;
            out.writeDescriptor(s.info);
            out.writeBoolean(s.periodic);
            out.writeVarInt(s.n);
            for (int i = 0; i < s.n; i++) {
                out.writeIndex(s.index[i]);
                out.writeVarInt(s.pe[i]);
                out.writeLong(s.load[i]);
                out.writeBoolean(s.migratable[i]);
                out.writeVarInt((int) Math.min(Integer.MAX_VALUE, s.received[i]));
            }
            out.writeVarInt(s.nb);
            for (int i = 0; i < s.nb; i++) {
                out.writeVarInt(s.bgPe[i]);
                out.writeLong(s.bgNanos[i]);
            }
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final Stats s = new Stats(in.readDescriptor());
            s.periodic = in.readBoolean();
            final int n = in.readVarInt();
            for (int i = 0; i < n; i++) {
                final Index index = in.readIndex();
                final int p = in.readVarInt();
                final long l = in.readLong();
                final boolean m = in.readBoolean();
                s.add(index, p, l, m, in.readVarInt());
            }
            final int nb = in.readVarInt();
            for (int i = 0; i < nb; i++) {
                final int p = in.readVarInt();
                s.addBackground(p, in.readLong());
            }
            in.deliver(destPe, s);
        }
    }

    /** LB_PLAN: the collection and the moves (index, from PE, to PE). */
    static final class PlanKind extends WireKind {
        PlanKind() {
            super(12);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Plan p = (Plan) m;
            out.writeDescriptor(p.info);
            out.writeBoolean(p.periodic);
            out.writeVarInt(p.n);
            for (int i = 0; i < p.n; i++) {
                out.writeIndex(p.index[i]);
                out.writeVarInt(p.from[i]);
                out.writeVarInt(p.to[i]);
            }
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final Plan p = new Plan(in.readDescriptor());
            p.periodic = in.readBoolean();
            final int n = in.readVarInt();
            for (int i = 0; i < n; i++) {
                final Index index = in.readIndex();
                final int f = in.readVarInt();
                p.add(index, f, in.readVarInt());
            }
            in.deliver(destPe, p);
        }
    }

    /** LB_REQUEST: the collection whose periodic step asks for records. */
    static final class RequestKind extends WireKind {
        RequestKind() {
            super(13);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            out.writeDescriptor(((Request) m).info);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            in.deliver(destPe, new Request(in.readDescriptor()));
        }
    }
}
