package org.charm4j.runtime;

/**
 * Where a {@link org.charm4j.Future} that was sent to another process forwards its completion: to the process that
 * owns the real future.
 *
 * <p>Threading: any thread.
 */
public interface RemoteFuture {
    /**
     * @param value   the value, if no failure.
     * @param failure the failure, or {@code null}.
     */
    void complete(Object value, Throwable failure);

    /** @return the owning process, for messages. */
    int ownerNode();

    /** @return the future's id in its owning process. */
    long id();
}
