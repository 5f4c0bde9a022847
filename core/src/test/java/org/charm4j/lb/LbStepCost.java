package org.charm4j.lb;

import org.charm4j.Index;

/**
 * The cost of one balancing step's strategy (no migrations), at 1 000 and 100 000 elements on 64 PEs, 10% of the
 * elements 10 times heavier and all on the first PEs: {@code bin/bench-lb}.
 */
public final class LbStepCost {
    private LbStepCost() {
    }

    public static void main(final String[] args) {
        final int pes = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        for (final int n : new int[] {1_000, 100_000}) {
            final Index[] index = new Index[n];
            final double[] load = new double[n];
            final int[] pe = new int[n];
            final boolean[] mig = new boolean[n];
            final java.util.Random r = new java.util.Random(n);
            for (int i = 0; i < n; i++) {
                index[i] = Index.of(i);
                load[i] = (i < n / 10 ? 10 : 1) * (0.9 + 0.2 * r.nextDouble());
                pe[i] = (int) ((long) i * pes / n);
                mig[i] = true;
            }
            final LbInput in = new LbInput(pes, index, load, pe, mig, new double[pes]);
            for (final String s : new String[] {"GreedyLB", "RefineLB", "GreedyRefineLB"}) {
                final Strategy st = Strategies.byName(s);
                int[] to = null;
                long best = Long.MAX_VALUE;
                for (int k = 0; k < 15; k++) {
                    final long t0 = System.nanoTime();
                    to = st.assign(in);
                    best = Math.min(best, System.nanoTime() - t0);
                }
                int moved = 0;
                for (int i = 0; i < n; i++) {
                    moved += to[i] != pe[i] ? 1 : 0;
                }
                System.out.printf(java.util.Locale.ROOT, "%-15s %7d elements on %d PEs: %8.3f ms, max/avg %.3f -> %.3f,"
                    + " %d moved%n", s, n, pes, best / 1e6, in.maxOverAverage(pe), in.maxOverAverage(to), moved);
            }
        }
    }
}
