package org.charm4j.internal.concurrent;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Spins, then yields, then parks until woken: the idle strategy of a PE by default ({@code +idle backoff}).
 *
 * <p>MEASURED.md puts a park/unpark round trip at 34-42 µs on these machines against 0.07 µs for a spinning
 * hand-off, so a PE spins first (a message that arrives then is seen at once), yields next (so that with more PEs
 * than cores a waiting PE gives its core to a working one), and parks last. While parked it is
 * {@linkplain #isSleeping() sleeping}; a producer that sees that calls {@link #wake()}. The park is bounded by
 * {@code maxParkNs} as a safety net against a missed wake-up. A {@link Parker} may replace the park (a PE that drives
 * its process's network loop sleeps in that loop's {@code epoll_wait} instead, so that a message wakes it too).
 *
 * <p>Threading: {@link #idle}, {@link #reset}, {@link #parkWith} owning thread only; {@link #isSleeping}, {@link #wake}
 * any thread.
 */
public final class BackoffIdleStrategy implements IdleStrategy, IdleStrategy.Wakeable {
    /**
     * Default number of spins before yielding: about 10-50 µs here (an {@code onSpinWait} costs ~10 ns), far above
     * the sub-microsecond gaps of a busy exchange, yet short enough that with more PEs than cores a waiting PE soon
     * gives its core to a working one.
     */
    public static final int DEFAULT_MAX_SPINS = 2_000;
    /** Default number of yields before parking. */
    public static final int DEFAULT_MAX_YIELDS = 200;
    /** Default longest park before looking again without a wake-up, in nanoseconds. */
    public static final long DEFAULT_MAX_PARK_NS = 10_000_000L;

    private final String alias;
    private final int maxSpins;
    private final int maxYields;
    private final long maxParkNs;
    private final BooleanSupplier hasWork;
    private final Thread owner;
    private volatile boolean sleeping;
    /** Replaces {@link LockSupport#parkNanos}/{@code unpark} when set. */
    private volatile Parker parker;
    private int spins;
    private int yields;

    /**
     * @param alias     the name of this configuration, for {@code +idle}.
     * @param owner     the thread that idles here (unparked by {@link #wake()}).
     * @param hasWork   asked after announcing sleep and before parking, so that no offer is missed.
     * @param maxSpins  spins before yielding ({@code Thread.onSpinWait()} each).
     * @param maxYields yields before parking.
     * @param maxParkNs longest single park.
     */
    public BackoffIdleStrategy(final String alias, final Thread owner, final BooleanSupplier hasWork, final int maxSpins,
                               final int maxYields, final long maxParkNs) {
        this.alias = alias;
        this.owner = owner;
        this.hasWork = hasWork;
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.maxParkNs = maxParkNs;
    }

    /** @return the spins before yielding ({@code Integer.MAX_VALUE} for {@code spin}, 0 for {@code yield}). */
    public int maxSpins() {
        return maxSpins;
    }

    @Override
    public void idle(final int workCount) {
        idle(workCount, maxParkNs);
    }

    /**
     * {@link #idle(int)}, sleeping at most {@code maxParkNanos} at a time: for an owner that also polls something
     * that does not wake it (a device's completion).
     *
     * @param workCount    work done in the last duty cycle.
     * @param maxParkNanos the longest park.
     */
    public void idle(final int workCount, final long maxParkNanos) {
        if (workCount > 0) {
            reset();
            return;
        }
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            sleeping = true;
            if (!hasWork.getAsBoolean()) {
                final Parker p = parker;
                final long park = Math.min(maxParkNs, maxParkNanos);
                if (p == null) {
                    LockSupport.parkNanos(this, park);
                } else {
                    p.park(park);
                }
            }
            sleeping = false;
        }
    }

    /**
     * @param alias   {@code backoff} (spin, yield, then park), {@code spin} (spin only) or {@code yield} (yield only).
     * @param owner   the idling thread.
     * @param hasWork asked before parking.
     * @return the strategy of that name.
     */
    public static BackoffIdleStrategy named(final String alias, final Thread owner, final BooleanSupplier hasWork) {
        return switch (alias) {
            case "backoff" -> new BackoffIdleStrategy(alias, owner, hasWork, DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS,
                DEFAULT_MAX_PARK_NS);
            case "spin" -> new BackoffIdleStrategy(alias, owner, hasWork, Integer.MAX_VALUE, 0, DEFAULT_MAX_PARK_NS);
            case "yield" -> new BackoffIdleStrategy(alias, owner, hasWork, 0, Integer.MAX_VALUE, DEFAULT_MAX_PARK_NS);
            default -> throw new IllegalArgumentException("unknown idle strategy '" + alias
                + "': use backoff, spin or yield");
        };
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
    }

    @Override
    public boolean isSleeping() {
        return sleeping;
    }

    /** Unparks the owner if it sleeps. Any thread. */
    public void wake() {
        if (sleeping) {
            final Parker p = parker;
            if (p == null) {
                LockSupport.unpark(owner);
            } else {
                p.unpark();
            }
        }
    }

    /**
     * Makes the owner sleep in {@code p} rather than in {@link LockSupport#parkNanos} from now on. Owning thread.
     *
     * @param p how to sleep and be woken; null goes back to {@link LockSupport}.
     */
    public void parkWith(final Parker p) {
        parker = p;
    }

    /**
     * How an idle owner sleeps and how a producer wakes it. No wake-up may be lost between the strategy's last look
     * for work and the sleep: either a wake-up that comes first ends the sleep at once (as with {@link LockSupport}),
     * or the sleep looks for work again after it became visible to {@link #unpark} (as a driven event loop does).
     */
    public interface Parker {
        /** Sleeps up to {@code maxNanos}, or less. Owning thread. @param maxNanos the longest sleep, positive. */
        void park(long maxNanos);

        /** Ends the owner's current or next {@link #park}. Any thread. */
        void unpark();
    }

    @Override
    public String alias() {
        return alias;
    }
}
