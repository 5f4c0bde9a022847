package org.charm4j;

import static org.charm4j.CheckLog.get;

/**
 * A small observed run for {@link ObservedRunTest}: a known number of calls of a known entry method, across every
 * PE, that {@code +stats}, {@code +trace} and {@code +report} must count.
 */
public final class ObservedChecks {
    /** Rounds of broadcasts. */
    static final int ROUNDS = 10;

    private ObservedChecks() {
    }

    /** Spins a little per call, so that its time shows. */
    public static class Pinger extends Chare {
        long calls;

        @Entry
        public void ping() {
            calls++;
            final long end = System.nanoTime() + 50_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    /** @return the calls made: {@link #ROUNDS} broadcasts to 2 elements per PE. */
    static int run() {
        final var a = ObservedChecks_PingerProxy.newArray(2 * Charm.numPes());
        for (int r = 0; r < ROUNDS; r++) {
            get(a.whenDone().ping());
        }
        return ROUNDS * 2 * Charm.numPes();
    }

    /** Counts cheap calls. */
    public static class Ticker extends Chare {
        long ticks;

        @Entry
        public void tick() {
            ticks++;
        }

        @Entry
        public long ticks() {
            return ticks;
        }
    }

    /**
     * Makes {@code n} cheap calls from main, round-robin over two elements per PE, without waiting in between: more
     * trace events than a PE's ring holds.
     *
     * @return the calls the elements counted.
     */
    static long many(final int n) {
        final var a = ObservedChecks_TickerProxy.newArray(2 * Charm.numPes());
        final int elements = 2 * Charm.numPes();
        for (int i = 0; i < n; i++) {
            a.at(i % elements).tick();
        }
        long counted = 0;
        for (int e = 0; e < elements; e++) {
            counted += a.at(e).ticks().get();   // after the ticks: one sender's calls to an element keep their order
        }
        return counted;
    }

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            System.out.println("made " + run() + " calls");
            Charm.exit();
        });
    }
}
