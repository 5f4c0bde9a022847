package org.charm4j.jmh.messaging;

import org.charm4j.Charm;
import org.charm4j.Chare;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.Reducer;
import org.charm4j.Threaded;

/**
 * A Group for {@link SectionBenchmark} and {@link AllreduceBenchmark}. Element 0 drives rounds of a multicast (to a
 * section, or a broadcast to the group) followed by a sum reduction back to element 0 ({@link #run}); or every element
 * runs back-to-back allreduces in a threaded loop ({@link #allreduceLoop}); or the same with a plain reduction whose
 * target is a broadcast to the group ({@link #reduceBroadcastLoop}).
 *
 * <p>Threading: a chare; its PE only.
 */
public class SectionBench extends Chare {
    private SectionBenchProxy scope;
    private SectionBenchProxy all;
    private int left;
    private int members;
    private Future<Void> done;
    private int rounds;
    private Future<Void> loopDone;

    /** Creates an element. */
    public SectionBench() {
    }

    /**
     * Runs {@code n} rounds of multicast + reduction over {@code to} (call on element 0).
     *
     * @param to       a section of the group, or the group.
     * @param size     its members.
     * @param n        rounds.
     * @param whenDone completed after the last round.
     */
    @Entry
    public void run(final SectionBenchProxy to, final int size, final int n, final Future<Void> whenDone) {
        scope = to;
        members = size;
        left = n;
        done = whenDone;
        scope.step(to);
    }

    /**
     * One round on a member: contribute 1 to a sum over {@code over} (a section or the group) to element 0.
     *
     * @param over the scope of the reduction.
     */
    @Entry
    public void step(final SectionBenchProxy over) {
        final SectionBenchProxy me = thisProxy();
        contribute(1.0, Reducer.SUM, me.at(0)::summed, over);
    }

    /**
     * The round's sum, on element 0.
     *
     * @param sum the members that contributed.
     */
    @Entry
    public void summed(final double sum) {
        if (sum != members) {
            Charm.abort("the sum was " + sum + ", not " + members);
        }
        if (--left > 0) {
            scope.step(scope);
        } else {
            done.complete(null);
        }
    }

    /**
     * {@code n} back-to-back allreduces of one double over the group.
     *
     * @param n rounds.
     */
    @Threaded
    @Entry
    public void allreduceLoop(final int n) {
        for (int i = 0; i < n; i++) {
            final double s = allreduce(1.0, Reducer.SUM).get();
            if (s != Charm.numPes()) {
                Charm.abort("allreduce gave " + s);
            }
        }
    }

    /**
     * Starts {@code n} rounds of a plain sum reduction whose target broadcasts the result to the group.
     *
     * @param n        rounds.
     * @param whenDone completed (by element 0) after the last round.
     */
    @Entry
    public void reduceBroadcastLoop(final int n, final Future<Void> whenDone) {
        rounds = n;
        loopDone = whenDone;
        all = thisProxy();
        contribute(1.0, Reducer.SUM, all::reduced);
    }

    /**
     * A round's result, on every element: the next round, or the end.
     *
     * @param sum the PEs.
     */
    @Entry
    public void reduced(final double sum) {
        if (sum != Charm.numPes()) {
            Charm.abort("the sum was " + sum);
        }
        if (--rounds > 0) {
            contribute(1.0, Reducer.SUM, all::reduced);
        } else if (thisIndex().x() == 0) {
            loopDone.complete(null);
        }
    }

    /** Ends the job. */
    @Entry
    public void stop() {
        Charm.exit();
    }
}
