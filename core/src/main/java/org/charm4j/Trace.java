package org.charm4j;

import org.charm4j.runtime.Node;
import org.charm4j.runtime.Pe;

/**
 * Marks of a library's own work on the {@code +trace} timeline (kernel launches, device transfers): a span or an
 * instant on the calling PE's track, nested in the entry method that runs. Without {@code +trace}, or off a PE,
 * {@link #on()} is false and the calls do nothing.
 *
 * <pre>{@code
 * final long t0 = Trace.on() ? System.nanoTime() : 0;
 * kernel.run(...);
 * if (t0 != 0) Trace.span("kernel jacobi (vector)", t0, System.nanoTime());
 * }</pre>
 *
 * <p>Threading: a PE's thread or its threaded entry methods; elsewhere nothing is recorded.
 */
public final class Trace {
    private Trace() {
    }

    /** @return whether the calling PE records a timeline ({@code +trace}). */
    public static boolean on() {
        final Pe pe = Node.currentPe();
        return pe != null && pe.tracing();
    }

    /**
     * Records a span on the calling PE's track.
     *
     * @param name       what ran, as the timeline shows it.
     * @param startNanos its start ({@link System#nanoTime()}).
     * @param endNanos   its end.
     */
    public static void span(final String name, final long startNanos, final long endNanos) {
        final Pe pe = Node.currentPe();
        if (pe != null && pe.tracing()) {
            pe.traceSpan(name, startNanos, endNanos);
        }
    }

    /**
     * Records an instant on the calling PE's track.
     *
     * @param name what happened.
     * @param text details.
     */
    public static void instant(final String name, final String text) {
        final Pe pe = Node.currentPe();
        if (pe != null && pe.tracing()) {
            pe.traceInstant(name, text);
        }
    }
}
