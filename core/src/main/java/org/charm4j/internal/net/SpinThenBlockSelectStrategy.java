package org.charm4j.internal.net;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;

/**
 * Makes a Netty event loop poll its sockets without blocking for a while after its last work, and only then sleep
 * in {@code epoll_wait}/{@code select}, the idea of agrona's BackoffIdleStrategy for the network thread: each idle
 * turn polls once ({@code epoll_wait} with timeout 0), yields the CPU, and returns {@link SelectStrategy#CONTINUE} so
 * the loop also runs its task queue; after {@code spinNanos} without events or tasks it returns
 * {@link SelectStrategy#SELECT} and blocks. With {@code spinNanos == 0} it behaves as Netty's default strategy.
 *
 * <p>Why it yields rather than only {@link Thread#onSpinWait()}: when a thread blocks, Linux wakes the thread it
 * woke on the waker's own CPU (a synchronous wake-up, as a socket's data-ready wake-up is), so the event loops of two
 * processes that exchange messages end up sharing one CPU. A loop that then spun without yielding kept that CPU for
 * its whole window, and the peer's loop, runnable behind it, saw each message only when the window ended: a round
 * trip of twice the window (111 µs with 50 µs, 512 µs with 250 µs; a two-process C program shows the same, and is
 * fast once the two are pinned to different CPUs). {@link Thread#yield()} hands the CPU to such a peer at once and
 * costs one system call when nothing else wants it.
 *
 * <p>Threading: one instance per event loop, used by that loop's thread only.
 */
final class SpinThenBlockSelectStrategy implements SelectStrategy {
    private final long spinNanos;
    private boolean idle;
    private long idleSince;

    /** @param spinNanos how long to poll after the last event or task before blocking; 0 blocks at once. */
    SpinThenBlockSelectStrategy(final long spinNanos) {
        this.spinNanos = spinNanos;
    }

    @Override
    public int calculateStrategy(final IntSupplier selectSupplier, final boolean hasTasks) throws Exception {
        if (spinNanos == 0) {
            return hasTasks ? selectSupplier.get() : SELECT;
        }
        final int ready = selectSupplier.get();
        if (ready > 0 || hasTasks) {
            idle = false;
            return ready;
        }
        final long now = System.nanoTime();
        if (!idle) {
            idle = true;
            idleSince = now;
        } else if (now - idleSince >= spinNanos) {
            idle = false;
            return SELECT;
        }
        Thread.yield();
        return CONTINUE;
    }
}
