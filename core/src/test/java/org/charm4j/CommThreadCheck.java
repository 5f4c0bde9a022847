package org.charm4j;

/**
 * A program that keeps the first PE of process 1 busy in one long entry method while main exchanges round trips
 * with the other PE of that process, and prints the longest round trip: with a comm thread it stays short; driven by
 * the busy PE, the network of its process waits for it. {@link MultiProcessJobTest} runs it.
 */
public final class CommThreadCheck {
    private CommThreadCheck() {
    }

    /** One per PE. */
    public static class Busy extends Chare {
        /**
         * Computes (spins) for a while without returning.
         *
         * @param millis how long.
         */
        @Entry
        public void spin(final long millis) {
            final long end = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }

        @Entry
        public long echo(final long t) {
            return t;
        }
    }

    /**
     * @param args runtime options (+p4 ++ppn 2), then the milliseconds PE 2 computes, and optionally in how many
     *     entry methods (sent at once, so that they wait in its queue together; 1 if absent).
     */
    public static void main(final String[] args) {
        Charm.start(args, a -> {
            final long busy = Long.parseLong(a[0]);
            final int pieces = a.length > 1 ? Integer.parseInt(a[1]) : 1;
            final var g = CommThreadCheck_BusyProxy.newGroup();
            for (int i = 0; i < 100; i++) {
                g.at(3).echo(i).get();
                g.at(2).echo(i).get();
            }
            for (int i = 0; i < pieces; i++) {
                g.at(2).spin(busy / pieces);
            }
            long max = 0;
            int n = 0;
            final long start = System.nanoTime();
            while (System.nanoTime() - start < (busy + 1000) * 1_000_000L) {
                final long t0 = System.nanoTime();
                g.at(3).echo(t0).get();
                max = Math.max(max, System.nanoTime() - t0);
                n++;
            }
            g.at(2).echo(0).get();
            System.out.println("longest round trip to PE 3 while PE 2 computed for " + busy + " ms: "
                + max / 1_000_000 + " ms (" + n + " round trips; " + pieces + " entry methods)");
            Charm.exit(0);
        });
    }
}
