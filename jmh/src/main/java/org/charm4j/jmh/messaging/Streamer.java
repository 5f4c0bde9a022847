package org.charm4j.jmh.messaging;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Future;

/**
 * A Group on {@code +p2} where element 0 sends a stream of small calls ({@link #take}, two doubles) to element 1,
 * which counts them and completes a future when the last one arrived. Calls from one sender arrive in order, so
 * {@link #expect} reaches element 1 before the stream.
 *
 * <p>Threading: a chare; its PE only.
 */
public class Streamer extends Chare {
    private StreamerProxy.Element peer;
    private long expected;
    private long received;
    private double sum;
    private Future<Void> done;

    /** Creates an element. */
    public Streamer() {
    }

    /**
     * Sends {@code n} calls of {@link #take} to element 1 (call on element 0).
     *
     * @param n        how many.
     * @param whenDone completed by element 1 once all arrived.
     */
    @Entry
    public void send(final int n, final Future<Void> whenDone) {
        if (peer == null) {
            peer = StreamerProxy.of(this).at(1);
        }
        final StreamerProxy.Element p = peer;
        p.expect(n, whenDone);
        for (int i = 0; i < n; i++) {
            p.take(i, 0.5);
        }
    }

    /**
     * Announces a stream of {@code n} calls.
     *
     * @param n        how many will come.
     * @param whenDone completed when they have.
     */
    @Entry
    public void expect(final int n, final Future<Void> whenDone) {
        expected = n;
        received = 0;
        done = whenDone;
    }

    /**
     * One small message.
     *
     * @param a a value.
     * @param b another.
     */
    @Entry
    public void take(final double a, final double b) {
        sum += a * b;
        if (++received == expected) {
            done.complete(null);
        }
    }

    /** @return the sum of products so far (keeps the arguments live). */
    public double sum() {
        return sum;
    }

    /** Ends the job. */
    @Entry
    public void stop() {
        Charm.exit();
    }
}
