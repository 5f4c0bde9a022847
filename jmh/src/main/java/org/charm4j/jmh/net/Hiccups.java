package org.charm4j.jmh.net;

/**
 * How often this machine takes the CPU away from busy threads: each of N threads reads the clock in a tight loop for
 * a few seconds and counts the gaps between two reads longer than 100 µs and 1 ms. A gap is time the thread did not
 * run (the scheduler, or the hypervisor, gave its CPU to someone else). On a 2-core virtual machine, two busy threads
 * (two spinning PEs of a ping-pong) see many millisecond gaps where one sees few: the tails of
 * {@code bin/bench-pingpong} at sizes whose round trip outlasts a PE's spin are those gaps.
 *
 * <p>Run: {@code java -cp jmh/target/benchmarks.jar org.charm4j.jmh.net.Hiccups [threads...] [-s seconds]}, e.g.
 * {@code 1 2}; {@code bin/bench-pingpong} runs it with 1 and 2 threads first.
 */
public final class Hiccups {
    private Hiccups() {
    }

    /** @param args thread counts to try in turn (default 1 and 2), and {@code -s seconds} (default 3). */
    public static void main(final String[] args) throws InterruptedException {
        long seconds = 3;
        final java.util.List<Integer> counts = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-s")) {
                seconds = Long.parseLong(args[++i]);
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("usage: Hiccups [threads...] [-s seconds]: gaps in busy threads' clock reads");
                return;
            } else {
                counts.add(Integer.parseInt(args[i]));
            }
        }
        if (counts.isEmpty()) {
            counts.addAll(java.util.List.of(1, 2));
        }
        final long nanos = seconds * 1_000_000_000L;
        for (final int n : counts) {
            final long[][] r = new long[n][];
            final Thread[] ts = new Thread[n];
            for (int t = 0; t < n; t++) {
                final int id = t;
                ts[t] = Thread.ofPlatform().start(() -> r[id] = spin(nanos));
            }
            for (final Thread t : ts) {
                t.join();
            }
            long over100us = 0;
            long over1ms = 0;
            long max = 0;
            long lost = 0;
            for (final long[] x : r) {
                over100us += x[0];
                over1ms += x[1];
                max = Math.max(max, x[2]);
                lost += x[3];
            }
            System.out.printf("  %d busy thread%s for %d s: gaps > 100 us %d, > 1 ms %d, longest %.2f ms, time lost"
                + " %.2f%%%n", n, n == 1 ? "" : "s", seconds, over100us, over1ms, max / 1e6, 100.0 * lost / (n * nanos));
        }
    }

    /** @return {gaps over 100 µs, gaps over 1 ms, longest gap, total of the gaps over 100 µs}, in ns. */
    private static long[] spin(final long nanos) {
        final long start = System.nanoTime();
        long last = start;
        long over100us = 0;
        long over1ms = 0;
        long max = 0;
        long lost = 0;
        while (last - start < nanos) {
            final long now = System.nanoTime();
            final long gap = now - last;
            if (gap > 100_000) {
                over100us++;
                lost += gap;
                if (gap > 1_000_000) {
                    over1ms++;
                }
                max = Math.max(max, gap);
            }
            last = now;
        }
        return new long[] {over100us, over1ms, max, lost};
    }
}
