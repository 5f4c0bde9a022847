package org.charm4j.runtime;

/**
 * The other processes of a job, as a node sees them: where messages for PEs outside this process go.
 *
 * <p>Threading: any thread.
 */
public interface Remote extends AutoCloseable {
    /**
     * Sends a message to a PE of another process. Never runs it on the caller's thread; never drops it silently:
     * if the process is gone the job aborts.
     *
     * @param pe a PE that is not in this process.
     * @param m  the message; the runtime owns it from now on.
     */
    void send(int pe, Message m);

    /**
     * Sends what {@code encoded} holds (a future's completion, say) to another process, then calls its
     * {@link WireEncoder#sent()}.
     *
     * @param node    the destination process.
     * @param encoded the encoder whose bytes and attachments to send now.
     */
    void sendEncoded(int node, WireEncoder encoded);

    /**
     * Tells every other process that the job ends.
     *
     * @param code         the exit code.
     * @param abortMessage why it aborts, or {@code null} for a normal exit.
     */
    void broadcastExit(int code, String abortMessage);

    /**
     * A PE took a message that came from another process ({@link Message#wireBytes} not 0) from its queue: for
     * back-pressure. By default nothing.
     *
     * @param pe the PE, on its own thread.
     * @param m  the message, before it is handled.
     */
    default void taken(final Pe pe, final Message m) {
    }

    /** Closes the connections. */
    @Override
    void close();
}
