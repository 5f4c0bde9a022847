package org.charm4j.runtime;

import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The platform thread of a PE, named {@code charm4j-pe-<n>}; it knows its PE so that {@code Charm.myPe()} costs a
 * type check. It is a Netty {@link FastThreadLocalThread} because the first PE of a process is also its network
 * event loop, and Netty gives such threads a cache of pooled buffers (other threads allocate from the shared arenas).
 *
 * <p>Threading: the thread itself.
 */
final class PeThread extends FastThreadLocalThread {
    final Pe pe;
    /** The PE's message counts, reached from the thread without a hop through the PE. */
    final MessageCounts counts;

    PeThread(final Pe pe) {
        // Netty wraps the runnable so that the thread's Netty state (its buffer cache) is freed when it ends.
        super(null, pe::runLoop, "charm4j-pe-" + pe.id(), 0);
        this.counts = pe.counts;
        this.pe = pe;
        setDaemon(true);
        setUncaughtExceptionHandler((t, e) -> pe.node().fatal("PE " + pe.id(), e));
    }
}
