package org.charm4j.runtime;

/**
 * The rule that only threaded entry methods (and threads outside the runtime) may block.
 *
 * <p>Threading: any thread.
 */
public final class Blocking {
    private static final java.util.concurrent.atomic.AtomicLong READY = new java.util.concurrent.atomic.AtomicLong();

    private Blocking() {
    }

    /**
     * @return the next rank in this JVM's order of readiness (a future's completion, a channel value's arrival), for
     *     {@code Charm.iwait}: a smaller rank became ready earlier.
     */
    public static long nextReadyRank() {
        return READY.incrementAndGet();
    }

    /**
     * @param what the blocking call, for the message.
     * @return the threaded task that may block, or {@code null} for a thread outside the runtime.
     * @throws IllegalStateException naming the PE, chare and entry method, if called on a PE thread outside a
     *     threaded entry method.
     */
    public static ThreadedTask checkMayBlock(final String what) {
        final ThreadedTask task = ThreadedTask.current();
        if (task != null) {
            return task;
        }
        if (Thread.currentThread() instanceof PeThread t) {
            final Pe pe = t.pe;
            final String entry = pe.currentMessage != null ? "entry method " + pe.currentMessage.entryName()
                : "the runtime";
            throw new IllegalStateException(what + " was called in " + entry + " of " + Pe.describe(
                pe.currentElement) + " on PE " + pe.id() + ", which is not @Threaded: waiting there would stall PE "
                + pe.id() + " for good. Mark the entry method @Threaded, or pass a callback instead of waiting.");
        }
        return null;
    }
}
