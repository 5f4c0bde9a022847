package org.charm4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every failure of a broadcast ({@code proxy.whenDone().work()}, {@code proxy.gather()}, a section's call) whose
 * entry method threw on some elements: every element still ran it, and each failure is here, by index. The message
 * names the entry method and the elements that failed.
 *
 * <p>{@code get()} on the broadcast's future rethrows the first failure (in index order) itself when it is unchecked,
 * as for a call on one element, with this exception among its suppressed ones: {@link #of(Throwable)} finds it.
 * When the first failure is a checked exception, {@code get()} throws this, with that failure as its cause. The
 * future's {@link Future#failureIfDone()} is this in both cases.
 *
 * <p>Threading: immutable once thrown; any thread.
 */
public final class BroadcastException extends CharmException {
    private static final long serialVersionUID = 1L;
    private static final int NAMED_IN_MESSAGE = 4;

    private final LinkedHashMap<Index, Throwable> failures;
    private final int elements;

    /**
     * @param entry    the entry method, as {@code Chare.method(types)}.
     * @param elements how many elements ran it.
     * @param failures each failed element's exception (a {@link CharmException} naming the PE and element, whose
     *                 cause is what the entry method threw), in index order.
     */
    public BroadcastException(final String entry, final int elements, final Map<Index, Throwable> failures) {
        super(message(entry, elements, failures), firstCause(failures));
        this.failures = new LinkedHashMap<>(failures);
        this.elements = elements;
    }

    /** A copy without a cause: the note a rethrown failure carries (its cause would point back to the failure). */
    BroadcastException(final BroadcastException of) {
        super(of.getMessage());
        this.failures = of.failures;
        this.elements = of.elements;
    }

    /**
     * @param t an exception that {@code Future.get()} threw for a broadcast.
     * @return the broadcast's failures: {@code t} itself if it is one, else the note among its suppressed
     *     exceptions; or null if it carries none (it did not come from a broadcast's future).
     */
    public static BroadcastException of(final Throwable t) {
        if (t instanceof BroadcastException b) {
            return b;
        }
        for (final Throwable s : t.getSuppressed()) {
            if (s instanceof BroadcastException b) {
                return b;
            }
        }
        return null;
    }

    private static String message(final String entry, final int elements, final Map<Index, Throwable> failures) {
        final StringBuilder b = new StringBuilder("broadcast of ").append(entry).append(" failed on ")
            .append(failures.size()).append(" of ").append(elements).append(" elements");
        int n = 0;
        for (final Map.Entry<Index, Throwable> f : failures.entrySet()) {
            if (n++ == NAMED_IN_MESSAGE) {
                b.append("; ...");
                break;
            }
            final Throwable t = f.getValue();
            final Throwable user = t instanceof CharmException && t.getCause() != null ? t.getCause() : t;
            b.append(n == 1 ? ": " : "; ").append(f.getKey()).append(' ').append(user);
        }
        return b.toString();
    }

    private static Throwable firstCause(final Map<Index, Throwable> failures) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("a BroadcastException needs at least one failure");
        }
        final Throwable t = failures.values().iterator().next();
        return t instanceof CharmException && t.getCause() != null ? t.getCause() : t;
    }

    /**
     * @return each failed element's exception by index, in index order: a {@link CharmException} naming the PE and
     *     element, whose cause is what the entry method threw.
     */
    public Map<Index, Throwable> failures() {
        return Collections.unmodifiableMap(failures);
    }

    /** @return how many elements ran the entry method (those that failed included). */
    public int elements() {
        return elements;
    }
}
