package org.charm4j;

/**
 * Something a {@link Threaded} entry method can wait on: a {@link Future} (ready once done) or a {@link Channel}
 * (ready once a received value is there for {@link Channel#recv()}). {@link Charm#iwait(Waitable...)} takes several
 * at once, in the order they become ready.
 *
 * <p>Threading: as the implementing class says.
 */
public sealed interface Waitable permits Future, Channel {
    /** @return whether waiting on it would return at once: a future that is done, a channel with a value received. */
    boolean isReady();
}
