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

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            System.out.println("made " + run() + " calls");
            Charm.exit();
        });
    }
}
