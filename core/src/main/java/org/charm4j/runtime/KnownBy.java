package org.charm4j.runtime;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which other processes already know something this process sends them once per connection (a collection's
 * description, a lambda's shape), so that later messages carry only its id. A mark is set once a message carrying
 * the whole description was queued on the connection to that process: connections keep order, so every later
 * message arrives after it. Two threads may both send the description before either marks it: harmless.
 *
 * <p>Threading: any thread.
 */
final class KnownBy {
    private final AtomicLongArray bits;

    KnownBy(final int nodes) {
        bits = new AtomicLongArray((nodes + 63) >>> 6);
    }

    boolean contains(final int node) {
        return (bits.get(node >>> 6) & 1L << node) != 0;
    }

    void add(final int node) {
        final int i = node >>> 6;
        final long bit = 1L << node;
        long v;
        while (((v = bits.get(i)) & bit) == 0 && !bits.compareAndSet(i, v, v | bit)) {
            Thread.onSpinWait();
        }
    }
}
