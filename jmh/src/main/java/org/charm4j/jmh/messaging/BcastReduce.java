package org.charm4j.jmh.messaging;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.DoubleTarget;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.Reducer;

/**
 * A Group whose element 0 is also the driver: {@link #start} broadcasts {@link #step}; every element contributes
 * {@code 1.0} with {@link Reducer#SUM} to {@link #summed} on element 0, which checks the sum and broadcasts the next
 * round, until {@code rounds} rounds are done. The reduction's target is made once per element.
 *
 * <p>Threading: a chare; its PE only.
 */
public class BcastReduce extends Chare {
    private BcastReduceProxy all;
    private DoubleTarget target;
    private int left;
    private Future<Void> done;

    /** Creates an element. */
    public BcastReduce() {
    }

    /**
     * Runs {@code rounds} broadcast + reduction rounds (call on element 0).
     *
     * @param rounds   how many rounds.
     * @param whenDone completed after the last reduction.
     */
    @Entry
    public void start(final int rounds, final Future<Void> whenDone) {
        left = rounds;
        done = whenDone;
        if (all == null) {
            all = BcastReduceProxy.of(this);
        }
        all.step();
    }

    /** One round on every element: contribute 1 to the sum. */
    @Entry
    public void step() {
        if (target == null) {
            target = BcastReduceProxy.of(this).at(0)::summed;
        }
        contribute(1.0, Reducer.SUM, target);
    }

    /**
     * The reduction's result, on element 0: the next round, or the end.
     *
     * @param sum the number of elements.
     */
    @Entry
    public void summed(final double sum) {
        if (sum != Charm.numPes()) {
            Charm.abort("the sum was " + sum + ", not " + Charm.numPes());
        }
        if (--left > 0) {
            all.step();
        } else {
            done.complete(null);
        }
    }

    /** Ends the job. */
    @Entry
    public void stop() {
        Charm.exit();
    }
}
