package org.charm4j.apps.stencil3d;

import java.util.Locale;

/**
 * The lines stencil3d prints at the end of a run: total time, mean time per iteration after warm-up, points updated
 * per second, balancing steps and moves.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Summary {
    private Summary() {
    }

    /**
     * @param c the run's configuration.
     * @return the iterations left out of the mean as warm-up: those before the first balancing step
     *     ({@link Config#LBPERIOD_ITER}), or the first one of a shorter run, or none of a one-iteration run.
     */
    public static int warmUp(final Config c) {
        return c.iterations() > Config.LBPERIOD_ITER ? Config.LBPERIOD_ITER : c.iterations() > 1 ? 1 : 0;
    }

    /**
     * @param c        the run's configuration.
     * @param times    seconds of each iteration, barrier to barrier.
     * @param updates  seconds the blocks spent in the update in each iteration, summed over blocks.
     * @param faces    seconds the blocks spent packing and unpacking ghost faces in each iteration, summed.
     * @param pes      PEs of the job.
     * @param moves    elements moved by the balancing steps.
     * @param balancer the strategies ({@code +balancer}), or {@code +LBOff}.
     * @param total    seconds from the start of the main chare to the end.
     * @return the summary, several lines, each ending with a line separator.
     */
    public static String of(final Config c, final double[] times, final double[] updates, final double[] faces,
                            final int pes,
                            final long moves, final String balancer, final double total) {
        final int warm = warmUp(c);
        double measured = 0;
        double updating = 0;
        double packing = 0;
        long points = 0;
        for (int i = warm; i < times.length; i++) {
            measured += times[i];
            updating += updates[i];
            packing += faces[i];
            points += Work.totalRepeats(c, i + 1) * c.blockPoints();
        }
        final int n = times.length - warm;
        final double mean = measured / n;
        final int steps = (c.iterations() - 1) / Config.LBPERIOD_ITER;
        final StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Summary: %d iterations in %.3f s (%.3f s from the first iteration on)%n",
            c.iterations(), total, sum(times)));
        b.append(String.format(Locale.ROOT, "  mean time per iteration after a warm-up of %d: %.6f s (iterations %d to"
            + " %d)%n", warm, mean, warm + 1, times.length));
        b.append(String.format(Locale.ROOT, "  points updated per second: %.4g (%s work: %.1f updates of each point per"
            + " iteration); grid points per second: %.4g%n", points / measured, c.uneven() ? "uneven" : "uniform",
            (double) points / n / c.points(), c.points() * n / measured));
        final double peTime = measured * pes;
        b.append(String.format(Locale.ROOT, "  the update: %.4g points per second per PE while it runs; of the PEs' time"
            + " (%d PEs): the update %.1f%%, packing and unpacking faces %.1f%%, the runtime and the rest %.1f%%%n",
            points / updating, pes, 100 * updating / peTime, 100 * packing / peTime,
            100 - 100 * (updating + packing) / peTime));
        b.append(String.format(Locale.ROOT, "  load balancing: %d AtSync steps (%s), %d element moves%n", steps,
            balancer, moves));
        return b.toString();
    }

    private static double sum(final double[] v) {
        double s = 0;
        for (final double x : v) {
            s += x;
        }
        return s;
    }
}
