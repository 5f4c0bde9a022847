package org.charm4j.internal.net;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The log of connections a node refused (strangers, failed handshakes), rate-limited so that an attack of thousands
 * of connections a second does not flood the log: the first {@link #FULL_LINES} refusals are logged in full; the
 * ones after are counted, and at the end of each interval one line says how many there were and what the last one
 * was. After a whole interval without a refusal, refusals are logged in full again.
 *
 * <p>The summary is written by a task that {@link Scheduler} runs one interval after the first refusal that was only
 * counted, and by {@link #flush()} (when the transport closes), so a count is never lost when the attack stops.
 *
 * <p>Threading: any thread (synchronized); in practice the transport's event loop, and {@link #flush} on close.
 */
final class RefusalLog {
    /** Refusals logged in full before they are only counted. */
    static final int FULL_LINES = 5;

    /** Runs the summary task later, on the transport's event loop. */
    interface Scheduler {
        /** Runs {@code task} once, after {@code delayNanos}. */
        void schedule(Runnable task, long delayNanos);
    }

    private final Consumer<String> log;
    private final int node;
    private final long intervalNanos;
    private final Scheduler scheduler;
    private int fullLeft = FULL_LINES;
    private long counted;
    private long total;
    private String last;
    private boolean scheduled;

    /**
     * @param log           where lines go (each a whole line, already prefixed by the caller's conventions).
     * @param node          this node, named in the summary.
     * @param intervalNanos the interval of the summaries, positive.
     * @param scheduler     runs the summary task.
     */
    RefusalLog(final Consumer<String> log, final int node, final long intervalNanos, final Scheduler scheduler) {
        this.log = log;
        this.node = node;
        this.intervalNanos = intervalNanos;
        this.scheduler = scheduler;
    }

    /** A connection was refused; {@code line} says from where and why, in full. */
    synchronized void refused(final String line) {
        total++;
        if (fullLeft > 0) {
            fullLeft--;
            log.accept(line + (fullLeft == 0 ? " (further refused connections are counted and summarised every "
                + seconds(intervalNanos) + ")" : ""));
            return;
        }
        counted++;
        last = line;
        if (!scheduled) {
            scheduled = true;
            scheduler.schedule(this::endOfInterval, intervalNanos);
        }
    }

    private synchronized void endOfInterval() {
        scheduled = false;
        if (counted == 0) {
            // a whole interval without a refusal: the next ones are news again
            fullLeft = FULL_LINES;
            return;
        }
        summarise("in the last " + seconds(intervalNanos));
        scheduled = true;
        scheduler.schedule(this::endOfInterval, intervalNanos);
    }

    /** Writes the summary of what was counted and not yet reported (when the transport closes). */
    synchronized void flush() {
        if (counted > 0) {
            summarise("before it closed");
        }
    }

    private void summarise(final String when) {
        log.accept("charm4j net: node " + node + " refused " + counted + " more connection" + (counted == 1 ? "" : "s")
            + " " + when + " (" + total + " since it started; the last: " + strip(last) + ")");
        counted = 0;
    }

    /** @return refusals seen so far, logged or counted. */
    synchronized long total() {
        return total;
    }

    private static String strip(final String line) {
        final String prefix = "charm4j net: ";
        return line.startsWith(prefix) ? line.substring(prefix.length()) : line;
    }

    private static String seconds(final long nanos) {
        final long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
