package org.charm4j;

/**
 * A failure in a charm4j job: an entry method that threw (delivered to the future that waited for it), a misuse of
 * the runtime, or a job that ended with an error. The message names the PE, the chare and the entry method.
 *
 * <p>When an entry method throws an unchecked exception, {@code Future.get()} rethrows that exception itself (its
 * type kept, also from another process; its stack trace is where it was thrown), carrying as a suppressed exception
 * a {@code CharmException} that names the PE, the chare and the entry method, with the stack of the {@code get()}
 * that rethrew it: {@link #noteOf(Throwable)} finds it. A checked exception cannot be rethrown undeclared, so
 * {@code get()} throws a {@code CharmException} with it as the cause.
 */
public class CharmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, and where.
     * @param cause   the underlying exception, or {@code null}.
     */
    public CharmException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what failed, and where.
     */
    public CharmException(final String message) {
        super(message);
    }

    /**
     * @param t an exception that {@code Future.get()} rethrew.
     * @return the note naming the PE, chare and entry method where {@code t} was thrown (a {@link BroadcastException}
     *     for a broadcast's future), or null if {@code t} carries none.
     */
    public static CharmException noteOf(final Throwable t) {
        for (final Throwable s : t.getSuppressed()) {
            if (s instanceof CharmException c && c.getCause() == null) {
                return c;
            }
        }
        return null;
    }
}
