package org.charm4j;

/**
 * Stands in for an exception that could not travel from another process as itself (it, or something it holds, is
 * not serializable, or its class could not be loaded here): it names the original type, keeps its message and its
 * stack trace from the other process, and stands in for its causes the same way.
 *
 * <p>Threading: immutable once thrown; any thread.
 */
public final class StandInException extends CharmException {
    private static final long serialVersionUID = 1L;

    private final String originalType;
    private final String originalMessage;

    /**
     * @param originalType    the class name of the exception it stands for.
     * @param originalMessage that exception's message, or {@code null}.
     * @param why             why the original could not travel.
     * @param cause           the stand-in (or the original) of its cause, or {@code null}.
     */
    public StandInException(final String originalType, final String originalMessage, final String why,
                            final Throwable cause) {
        super(originalType + (originalMessage == null ? "" : ": " + originalMessage) + " (a stand-in: " + why + ")",
            cause);
        this.originalType = originalType;
        this.originalMessage = originalMessage;
    }

    /** @return the class name of the exception this stands for, as {@code com.example.MyException}. */
    public String originalType() {
        return originalType;
    }

    /** @return the original exception's message, or {@code null}. */
    public String originalMessage() {
        return originalMessage;
    }
}
