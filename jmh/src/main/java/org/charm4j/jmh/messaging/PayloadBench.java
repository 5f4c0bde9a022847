package org.charm4j.jmh.messaging;

import org.charm4j.Charm;
import org.charm4j.Chare;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.ReadOnly;
import org.charm4j.Reducer;

/**
 * An array for {@link MulticastPayloadBenchmark}: element 0 drives rounds of a multicast of a {@code double[]} to a
 * section of the others (LeanMD's cell to its 27 computes), each member reading the array and contributing to a sum
 * back to element 0; the same array goes as a {@code @ReadOnly} argument (one copy per process) or a plain one (a copy
 * per member).
 *
 * <p>Threading: a chare; its PE only.
 */
public class PayloadBench extends Chare {
    private PayloadBenchProxy scope;
    private double[] payload;
    private boolean shared;
    private int members;
    private int left;
    private Future<Void> done;

    /** Creates an element. */
    public PayloadBench() {
    }

    /**
     * Runs {@code n} rounds over {@code to} (call on element 0).
     *
     * @param to       the section.
     * @param size     its members.
     * @param doubles  the array's length.
     * @param readOnly whether members take it as {@code @ReadOnly}.
     * @param n        rounds.
     * @param whenDone completed after the last round.
     */
    @Entry
    public void run(final PayloadBenchProxy to, final int size, final int doubles, final boolean readOnly, final int n,
                    final Future<Void> whenDone) {
        scope = to;
        members = size;
        payload = new double[doubles];
        java.util.Arrays.fill(payload, 1.0);
        shared = readOnly;
        left = n;
        done = whenDone;
        next();
    }

    private void next() {
        if (shared) {
            scope.read(payload, scope);
        } else {
            scope.readCopy(payload, scope);
        }
    }

    /**
     * A member's round, sharing the array with the other members of its process.
     *
     * @param a    the array.
     * @param over the section, the scope of the reduction.
     */
    @Entry
    public void read(@ReadOnly final double[] a, final PayloadBenchProxy over) {
        contribute(a[a.length - 1], Reducer.SUM, PayloadBenchProxy.of(this).at(0)::summed, over);
    }

    /**
     * A member's round, on its own copy of the array.
     *
     * @param a    the array.
     * @param over the section, the scope of the reduction.
     */
    @Entry
    public void readCopy(final double[] a, final PayloadBenchProxy over) {
        contribute(a[a.length - 1], Reducer.SUM, PayloadBenchProxy.of(this).at(0)::summed, over);
    }

    /**
     * The round's sum, on element 0.
     *
     * @param sum one per member.
     */
    @Entry
    public void summed(final double sum) {
        if (sum != members) {
            Charm.abort("the sum was " + sum + ", not " + members);
        }
        if (--left > 0) {
            next();
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
