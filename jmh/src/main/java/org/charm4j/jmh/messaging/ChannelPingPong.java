package org.charm4j.jmh.messaging;

import org.charm4j.Channel;
import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.Threaded;

/**
 * Two chares, elements 0 and 1 of a Group or a 1-D array on {@code +p2}, that pass a value back and forth on a
 * channel: {@link #serve} on element 1 answers each value it receives, {@link #start} on element 0 sends and waits for
 * the answer {@code rounds} times, then completes the future. Each end makes its channel once, at its first call.
 *
 * <p>Threading: a chare; its PE only.
 */
public class ChannelPingPong extends Chare {
    private Channel<Integer> ch;

    /** Creates an element. */
    public ChannelPingPong() {
    }

    private Channel<Integer> channel() {
        if (ch == null) {
            ch = Channel.to(this, ChannelPingPongProxy.of(this).at(1 - thisIndex().x()));
        }
        return ch;
    }

    /**
     * Runs {@code rounds} round trips with element 1 (call on element 0).
     *
     * @param rounds   how many round trips.
     * @param whenDone completed after the last answer.
     */
    @Threaded
    @Entry
    public void start(final int rounds, final Future<Void> whenDone) {
        final Channel<Integer> c = channel();
        for (int i = 0; i < rounds; i++) {
            c.send(i & 127);
            c.recv();
        }
        whenDone.complete(null);
    }

    /**
     * Answers {@code rounds} values (call on element 1).
     *
     * @param rounds how many.
     */
    @Threaded
    @Entry
    public void serve(final int rounds) {
        final Channel<Integer> c = channel();
        for (int i = 0; i < rounds; i++) {
            c.send(c.recv());
        }
    }

    /**
     * Runs {@code rounds} round trips with element 1 the other blocking way: a threaded entry method that calls
     * {@link #echo} and waits on its future (call on element 0).
     *
     * @param rounds   how many round trips.
     * @param whenDone completed after the last answer.
     */
    @Threaded
    @Entry
    public void startFutures(final int rounds, final Future<Void> whenDone) {
        final ChannelPingPongProxy.Element peer = ChannelPingPongProxy.of(this).at(1 - thisIndex().x());
        for (int i = 0; i < rounds; i++) {
            peer.echo(i).get();
        }
        whenDone.complete(null);
    }

    /**
     * @param v a value.
     * @return {@code v}.
     */
    @Entry
    public int echo(final int v) {
        return v;
    }

    /** Ends the job. */
    @Entry
    public void stop() {
        Charm.exit();
    }
}
