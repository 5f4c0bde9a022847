package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.List;
import org.charm4j.Callback;
import org.charm4j.Future;

/**
 * Quiescence detection (Charm++'s {@code CkStartQD}): the job is quiescent when no message is queued or in flight
 * and no entry method runs. Every PE counts the messages it sent (created) and handled (processed); process-level
 * counters take what threads other than PE threads send (threaded entry methods, the communication thread) and the
 * messages that cross between processes (a send counts where it leaves, its arrival where it comes in). A detection
 * runs waves from PE 0: a {@link Wave} goes down the PE tree, each PE answers with its counts when it handles it
 * (between two messages, so none of its entry methods runs then), summed up the tree in {@link Counts}. When one
 * wave finds created equal to processed and the next finds the same totals again, nothing happened in between:
 * the job is quiescent (Mattern's four-counter method, as Charm++'s two phases). Quiescence messages are not
 * counted. The targets registered since the last detection (futures, callbacks) are then completed or called on
 * PE 0; a detection that finds activity starts the next wave at once, or after a pause once several found activity.
 *
 * <p>Threading: the detector's state is PE 0's; the counters are each their PE's (process counters are atomic).
 */
final class Quiescence {
    /** PE 0's detector: the targets waiting, and the wave under way. */
    static final class Detector {
        final List<Object> targets = new ArrayList<>();
        boolean running;
        int wave;
        long lastCreated = -1;
        long lastProcessed = -1;
        int busyWaves;
    }

    private Quiescence() {
    }

    /**
     * Asks for a detection; {@code target} (a {@link Future} or a {@link Callback}) is completed or called on PE 0
     * once the job is quiescent.
     *
     * @param node   the process.
     * @param target the target.
     */
    static void start(final Node node, final Object target) {
        if (!(target instanceof Future<?>) && !(target instanceof Callback)) {
            throw new IllegalArgumentException("a quiescence target is a Future<Void> or a Callback (an entry-method"
                + " reference such as MainProxy.elementOf(this)::done), not " + target);
        }
        node.send(Topology.ROOT, new Start(target));
    }

    /** A request for a detection, to PE 0. */
    static final class Start extends Message {
        final Object target;

        Start(final Object target) {
            this.target = target;
            quiet = true;
        }

        @Override
        WireKind wireKind() {
            return WireKinds.QD_START;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Detector d = pe.quiescence();
            d.targets.add(target);
            if (!d.running) {
                d.running = true;
                d.lastCreated = -1;
                d.lastProcessed = -1;
                d.busyWaves = 0;
                startWave(pe, d);
            }
        }
    }

    private static void startWave(final Pe pe, final Detector d) {
        d.wave++;
        pe.node().send(Topology.ROOT, new Wave(d.wave));
    }

    /** A wave, down the PE tree: each PE answers with its subtree's counts. */
    static final class Wave extends TreeBroadcast {
        final int wave;

        Wave(final int wave) {
            this.wave = wave;
            quiet = true;
        }

        @Override
        TreeBroadcast copyForChild() {
            return new Wave(wave);
        }

        @Override
        WireKind wireKind() {
            return WireKinds.QD_WAVE;
        }

        @Override
        void deliverHere(final Pe pe) {
            final Pe.QdWave w = pe.qdWave(wave);
            w.created += pe.counts.created;
            w.processed += pe.counts.processed;
            if (pe.isFirstOfItsProcess()) {
                w.created += pe.node().qdCreatedOffPe.get();
                w.processed += pe.node().qdProcessedOffPe.get();
            }
            w.own = true;
            maybeAnswer(pe, w);
        }
    }

    /** A subtree's counts for one wave, up the PE tree. */
    static final class Counts extends Message {
        final int wave;
        final long created;
        final long processed;

        Counts(final int wave, final long created, final long processed) {
            this.wave = wave;
            this.created = created;
            this.processed = processed;
            quiet = true;
        }

        @Override
        WireKind wireKind() {
            return WireKinds.QD_COUNTS;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Pe.QdWave w = pe.qdWave(wave);
            w.created += created;
            w.processed += processed;
            w.children++;
            maybeAnswer(pe, w);
        }
    }

    private static void maybeAnswer(final Pe pe, final Pe.QdWave w) {
        if (!w.own || w.children < pe.node().topology().children(pe.id()).length) {
            return;
        }
        pe.qdWaveDone();
        if (pe.id() == Topology.ROOT) {
            waveDone(pe, w.created, w.processed);
        } else {
            pe.node().send(pe.node().topology().parent(pe.id()), new Counts(w.wave, w.created, w.processed));
        }
    }

    /** PE 0: a wave's totals are in. */
    private static void waveDone(final Pe pe, final long created, final long processed) {
        final Detector d = pe.quiescence();
        if (created == processed && created == d.lastCreated && processed == d.lastProcessed) {
            final List<Object> done = new ArrayList<>(d.targets);
            d.targets.clear();
            d.running = false;
            for (final Object t : done) {
                if (t instanceof Future<?> f) {
                    f.complete(null);
                } else {
                    try {
                        ((Callback) t).run();
                    } catch (final RuntimeException ex) {
                        pe.node().abort("PE 0: the quiescence callback " + t + " threw " + ex, ex);
                    }
                }
            }
            return;
        }
        d.busyWaves = created == processed ? 0 : d.busyWaves + 1;
        d.lastCreated = created;
        d.lastProcessed = processed;
        if (d.busyWaves < 4) {
            startWave(pe, d);
        } else {
            // the job is busy: look again a little later instead of sending waves all the time
            pe.node().later(200_000, () -> pe.enqueue(new Resume()));
        }
    }

    /** Starts the next wave after a pause. */
    static final class Resume extends Message {
        Resume() {
            quiet = true;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Detector d = pe.quiescence();
            if (d.running) {
                startWave(pe, d);
            }
        }
    }

    /** QD_START: the target (a future or a callback, as Kryo writes it). */
    static final class StartKind extends WireKind {
        StartKind() {
            super(14);
        }

        @Override
        boolean countsForQuiescence() {
            return false;
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            out.writeObject(((Start) m).target);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            in.deliver(destPe, new Start(in.readObject()));
        }
    }

    /** QD_WAVE: the wave number. */
    static final class WaveKind extends WireKind {
        WaveKind() {
            super(15);
        }

        @Override
        boolean countsForQuiescence() {
            return false;
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            out.writeVarInt(((Wave) m).wave);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            in.deliver(destPe, new Wave(in.readVarInt()));
        }
    }

    /** QD_COUNTS: the wave number and the subtree's counts. */
    static final class CountsKind extends WireKind {
        CountsKind() {
            super(16);
        }

        @Override
        boolean countsForQuiescence() {
            return false;
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Counts c = (Counts) m;
            out.writeVarInt(c.wave);
            out.writeLong(c.created);
            out.writeLong(c.processed);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final int wave = in.readVarInt();
            final long created = in.readLong();
            in.deliver(destPe, new Counts(wave, created, in.readLong()));
        }
    }
}
