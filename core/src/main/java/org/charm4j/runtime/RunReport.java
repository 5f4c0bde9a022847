package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The end of an observed run ({@code +stats}, {@code +trace}, {@code +report}): the exit (or
 * {@code Charm.printStats()}) asks PE 0, which asks every PE down the tree for its {@link PeReport}; once all have
 * answered (or after {@link #GRACE_NANOS}, saying which did not), PE 0 aligns the processes' clocks, writes what was
 * asked ({@link RunOutputs}) and ends the job if it was an exit.
 *
 * <p>Threading: the messages run on their PEs; the collector on PE 0 only.
 */
public final class RunReport {
    /** How long PE 0 waits for every PE's figures before it writes what it has. */
    static final long GRACE_NANOS = 10_000_000_000L;

    private RunReport() {
    }

    /** PE 0's collection under way (one at a time; an exit asked during a print waits for the next). */
    static final class Collector {
        private boolean busy;
        private boolean exitAfter;
        private int code;
        private long t0;
        private long round;
        private final List<PeReport> reports = new ArrayList<>();
        /** An exit that arrived while a print collected: done after it. */
        private int pendingExit = -1;
        /** The events PEs sent as their trace rings filled, written out as they came; null until the first. */
        private TraceSpill spill;
    }

    /** To a PE itself: send the trace chunks its ring cut out to PE 0 (here no send of the PE is under way). */
    static final class ShipChunks extends Message {
        @Override
        protected void deliver(final Pe pe) {
            ship(pe);
        }
    }

    private static void ship(final Pe pe) {
        if (pe.stats != null) {
            pe.stats.ship(chunk -> {
                chunk.node = pe.node().myNode();
                final TraceChunk m = new TraceChunk(chunk);
                m.quiet = true;
                pe.node().send(Topology.ROOT, m);
            });
        }
    }

    /** A chunk of a PE's trace events, sent to PE 0 as its ring filled: written out at once. */
    static final class TraceChunk extends Message {
        final PeReport chunk;

        TraceChunk(final PeReport chunk) {
            this.chunk = chunk;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Collector c = pe.node().runReport;
            try {
                if (c.spill == null) {
                    c.spill = new TraceSpill(java.nio.file.Path.of(pe.node().options().traceFile() + ".chunks"));
                }
                c.spill.append(chunk);
            } catch (final java.io.IOException e) {
                pe.node().abort("PE 0: +trace: cannot write the trace's chunks beside "
                    + pe.node().options().traceFile() + ": " + e, e);
            }
        }

        @Override
        WireKind wireKind() {
            return WireKinds.TRACE_CHUNK;
        }
    }

    /** TRACE_CHUNK: the chunk (Kryo). */
    static final class TraceChunkKind extends WireKind {
        TraceChunkKind() {
            super(23);
        }

        @Override
        boolean countsForQuiescence() {
            return false;
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            out.writeObject(((TraceChunk) m).chunk);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final TraceChunk t = new TraceChunk((PeReport) in.readObject());
            t.quiet = true;
            in.deliver(destPe, t);
        }
    }

    /**
     * Starts the end of an observed run from any thread: PE 0 collects, then exits if asked.
     *
     * @param node      this process.
     * @param exitAfter whether the job ends after.
     * @param code      its exit code.
     */
    public static void request(final Node node, final boolean exitAfter, final int code) {
        final Request r = new Request(exitAfter, code);
        r.quiet = true;
        node.send(Topology.ROOT, r);
    }

    /** To PE 0: collect (and exit). */
    static final class Request extends Message {
        final boolean exitAfter;
        final int code;

        Request(final boolean exitAfter, final int code) {
            this.exitAfter = exitAfter;
            this.code = code;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Collector c = pe.node().runReport;
            if (c.busy) {
                if (exitAfter && c.pendingExit < 0 && !c.exitAfter) {
                    c.pendingExit = code;
                }
                return;
            }
            c.busy = true;
            c.exitAfter = exitAfter;
            c.code = code;
            c.reports.clear();
            c.t0 = System.nanoTime() - pe.node().startNanos;
            final long round = ++c.round;
            final Snapshot s = new Snapshot(c.t0, round);
            s.quiet = true;
            s.deliver(pe);
            pe.node().later(GRACE_NANOS, () -> {
                final Late l = new Late(round);
                l.quiet = true;
                pe.enqueue(l);
            });
        }

        @Override
        WireKind wireKind() {
            return WireKinds.STATS_REQUEST;
        }
    }

    /** Down the tree: each PE answers PE 0 with its figures. */
    static final class Snapshot extends TreeBroadcast {
        final long t0;
        final long round;

        Snapshot(final long t0, final long round) {
            this.t0 = t0;
            this.round = round;
        }

        @Override
        TreeBroadcast copyForChild() {
            final Snapshot s = new Snapshot(t0, round);
            s.quiet = true;
            return s;
        }

        @Override
        WireKind wireKind() {
            return WireKinds.STATS_SNAPSHOT;
        }

        @Override
        void deliverHere(final Pe pe) {
            ship(pe);   // before the answer, on the same route, so that PE 0 has written them when all answered
            final long t1 = System.nanoTime() - pe.node().startNanos;
            final PeStats stats = pe.stats != null ? pe.stats : new PeStats(pe.id(), pe.node().startNanos, false);
            final PeReport r = stats.snapshot(pe.node().myNode());
            r.t1 = t1;
            r.t2 = System.nanoTime() - pe.node().startNanos;
            final Answer a = new Answer(r, round);
            a.quiet = true;
            pe.node().send(Topology.ROOT, a);
        }
    }

    /** A PE's figures, to PE 0. */
    static final class Answer extends Message {
        final PeReport report;
        final long round;
        Answer(final PeReport report, final long round) {
            this.report = report;
            this.round = round;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Collector c = pe.node().runReport;
            if (!c.busy || round != c.round) {
                return;
            }
            report.t3 = System.nanoTime() - pe.node().startNanos;
            c.reports.add(report);
            if (c.reports.size() == pe.node().numPes()) {
                finish(pe, c, null);
            }
        }

        @Override
        WireKind wireKind() {
            return WireKinds.STATS_ANSWER;
        }
    }

    /** PE 0's grace time is over: write what arrived. */
    static final class Late extends Message {
        final long round;

        Late(final long round) {
            this.round = round;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Collector c = pe.node().runReport;
            if (c.busy && c.round == round) {
                final java.util.BitSet have = new java.util.BitSet();
                for (final PeReport r : c.reports) {
                    have.set(r.pe);
                }
                final List<Integer> missing = new ArrayList<>();
                for (int p = 0; p < pe.node().numPes(); p++) {
                    if (!have.get(p)) {
                        missing.add(p);
                    }
                }
                finish(pe, c, "PEs " + missing + " did not answer within " + GRACE_NANOS / 1_000_000_000L
                    + " s (a long entry method?): their figures are missing");
            }
        }
    }

    private static void finish(final Pe pe, final Collector c, final String missing) {
        final List<PeReport> got = new ArrayList<>(c.reports);
        c.busy = false;
        got.sort(java.util.Comparator.comparingInt(r -> r.pe));
        final Node node = pe.node();
        try {
            RunOutputs.write(node.options(), node.topology().numNodes(), got, clockOffsets(node, c.t0, got),
                missing, c.spill);
            if (c.exitAfter && c.spill != null) {
                c.spill.delete();
                c.spill = null;
            }
        } catch (final RuntimeException | java.io.IOException e) {
            System.err.println("charm4j: could not write the run's figures: " + e);
        }
        if (c.exitAfter) {
            node.exitNow(c.code);
        } else if (c.pendingExit >= 0) {
            final int code = c.pendingExit;
            c.pendingExit = -1;
            request(node, true, code);
        }
    }

    /**
     * Aligns each process's clock to process 0's: the offset to add to a process's times (from its start) to get
     * process 0's. A process on the same machine shares its monotonic clock: the offset is the difference of their
     * starts, exact. Otherwise, of its PEs' answers, the one with the shortest round trip gives it (request sent at
     * t0 by PE 0, got at t1 there, answered at t2, back at t3: offset = ((t0 - t1) + (t3 - t2)) / 2, as NTP), and its
     * error bound (half the round trip less the time there).
     *
     * @return by process, {offset, error} in nanoseconds (process 0: {0, 0}; error -1: no answer).
     */
    private static long[][] clockOffsets(final Node node, final long t0, final List<PeReport> reports) {
        final long[][] best = new long[node.topology().numNodes()][];
        best[0] = new long[] {0, 0};
        PeReport zero = null;
        for (final PeReport r : reports) {
            if (r.node == 0) {
                zero = r;
            }
        }
        for (final PeReport r : reports) {
            if (r.node == 0) {
                continue;
            }
            if (zero != null && r.machine.equals(zero.machine)) {
                best[r.node] = new long[] {r.startNanos - zero.startNanos, 0};
                continue;
            }
            final long t3 = r.t3;
            final long offset = ((t0 - r.t1) + (t3 - r.t2)) / 2;
            final long error = Math.max(0, ((t3 - t0) - (r.t2 - r.t1)) / 2);
            if (best[r.node] == null || error < best[r.node][1]) {
                best[r.node] = new long[] {offset, error};
            }
        }
        for (int n = 0; n < best.length; n++) {
            if (best[n] == null) {
                best[n] = new long[] {0, -1};
            }
        }
        return best;
    }

    /** STATS_REQUEST: exit after, code. */
    static final class RequestKind extends WireKind {
        RequestKind() {
            super(19);
        }

        @Override
        boolean countsForQuiescence() {
            return false;
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Request r = (Request) m;
            out.writeBoolean(r.exitAfter);
            out.writeInt(r.code);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final Request r = new Request(in.readBoolean(), in.readInt());
            r.quiet = true;
            in.deliver(destPe, r);
        }
    }

    /** STATS_SNAPSHOT: t0, round. */
    static final class SnapshotKind extends WireKind {
        SnapshotKind() {
            super(20);
        }

        @Override
        boolean countsForQuiescence() {
            return false;
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Snapshot s = (Snapshot) m;
            out.writeLong(s.t0);
            out.writeLong(s.round);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final Snapshot s = new Snapshot(in.readLong(), in.readLong());
            s.quiet = true;
            in.deliver(destPe, s);
        }
    }

    /** STATS_ANSWER: round, the report (Kryo). */
    static final class AnswerKind extends WireKind {
        AnswerKind() {
            super(21);
        }

        @Override
        boolean countsForQuiescence() {
            return false;
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Answer a = (Answer) m;
            out.writeLong(a.round);
            out.writeObject(a.report);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final long round = in.readLong();
            final Answer a = new Answer((PeReport) in.readObject(), round);
            a.quiet = true;
            in.deliver(destPe, a);
        }
    }
}
