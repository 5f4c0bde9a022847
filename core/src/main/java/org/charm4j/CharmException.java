package org.charm4j;

/**
 * A failure in a charm4j job: an entry method that threw (delivered to the future that waited for it), a misuse of
 * the runtime, or a job that ended with an error. The message names the PE, the chare and the entry method.
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
}
