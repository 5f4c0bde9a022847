package org.charm4j.jmh.messaging;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Future;

/**
 * Two chares, elements 0 and 1 of a Group or a 1-D array on {@code +p2}, that pass a call back and forth:
 * {@link #start} on element 0 sends {@link #ping} to element 1, which answers {@link #pong}; after {@code rounds}
 * round trips element 0 completes the future. The peer's proxy is made once, so a call allocates only its message.
 *
 * <p>Threading: a chare; its PE only.
 */
public class PingPong extends Chare {
    private PingPongProxy.Element peer;
    private int left;
    private Future<Void> done;

    /** Creates an element. */
    public PingPong() {
    }

    private PingPongProxy.Element peer() {
        if (peer == null) {
            peer = PingPongProxy.of(this).at(1 - thisIndex().x());
        }
        return peer;
    }

    /**
     * Starts {@code rounds} round trips with element 1 (call on element 0).
     *
     * @param rounds how many round trips.
     * @param whenDone completed after the last pong.
     */
    @Entry
    public void start(final int rounds, final Future<Void> whenDone) {
        left = rounds;
        done = whenDone;
        peer().ping();
    }

    /** The call out: answers at once. */
    @Entry
    public void ping() {
        peer().pong();
    }

    /** The call back: starts the next round trip, or completes the future. */
    @Entry
    public void pong() {
        if (--left > 0) {
            peer().ping();
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
