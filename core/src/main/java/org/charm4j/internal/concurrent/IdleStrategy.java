package org.charm4j.internal.concurrent;

/**
 * How a PE waits when its last duty cycle did no work, after agrona's {@code IdleStrategy}: the loop calls
 * {@link #idle(int)} with the work count of each cycle; work resets the strategy.
 *
 * <p>A strategy may park the thread; a producer that finds the consumer {@linkplain Wakeable#isSleeping() sleeping}
 * unparks it, so a park never delays a message by more than one wake-up.
 *
 * <p>Threading: owning PE thread only.
 */
public interface IdleStrategy {
    /**
     * @param workCount what the last duty cycle did; 0 means nothing, so wait a little.
     */
    void idle(int workCount);

    /** Forgets the waiting so far (called when work arrives). */
    void reset();

    /** @return the name used by the {@code +idle} option. */
    String alias();

    /** The thread whose wake-ups an idle strategy coordinates with producers. */
    interface Wakeable {
        /** @return whether the thread is, or is about to be, parked until woken. */
        boolean isSleeping();
    }
}
