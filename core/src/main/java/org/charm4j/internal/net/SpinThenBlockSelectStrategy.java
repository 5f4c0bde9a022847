package org.charm4j.internal.net;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * Makes a Netty event loop poll its sockets without blocking for a while after its last work, and only then sleep
 * in {@code epoll_wait}/{@code select}: MEASURED.md has a blocking loopback round trip at 56 µs against 7.9 µs when
 * polling, because a thread that sleeps costs ~20 µs to wake here. The idea of agrona's BackoffIdleStrategy, for the
 * network thread: each idle turn polls once ({@code epoll_wait} with timeout 0) and returns
 * {@link SelectStrategy#CONTINUE} so the loop also runs its task queue; after {@code spinNanos} without events or
 * tasks it returns {@link SelectStrategy#SELECT} and blocks.
 *
 * <p>Threading: one instance per event loop, used by that loop's thread only.
 */
final class SpinThenBlockSelectStrategy implements SelectStrategy {
    private final long spinNanos;
    private long idleSince; long hits, selects, conts, tasks;

    SpinThenBlockSelectStrategy(final long spinNanos) {
        this.spinNanos = spinNanos;
    }

    @Override
    public int calculateStrategy(final IntSupplier selectSupplier, final boolean hasTasks) throws Exception {
        final int ready = selectSupplier.get();
        if (ready > 0 || hasTasks) {
            if (ready > 0 && ++hits % 20000 == 0) System.err.println("hits " + hits + " selects " + selects + " conts " + conts + " tasks " + tasks);
            if (hasTasks) tasks++;
            idleSince = 0;
            return ready;
        }
        if (spinNanos == 0) {
            return SELECT;
        }
        final long now = System.nanoTime();
        if (idleSince == 0) {
            idleSince = now;
            return CONTINUE;
        }
        if (now - idleSince < spinNanos) {
            Thread.onSpinWait();
            conts++;
            return CONTINUE;
        }
        idleSince = 0;
        selects++;
        return SELECT;
    }
}
