package org.charm4j.examples.lb;

import java.util.Locale;
import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Reducer;

/**
 * A synthetic imbalanced program: an array of workers, where the first tenth of them (all on the first PEs under the
 * default block placement) do ten times the work of the others. Every iteration main broadcasts a step, each worker
 * computes, and the iteration ends with a reduction of their results to main (a barrier); every {@code lbPeriod} iterations the workers call
 * {@code atSync()}, and the {@code +balancer} moves them (none with {@code +LBOff}). The results do not depend on the
 * placement: the checksum printed at the end is the same with and without balancing, on any PE count.
 *
 * <pre>
 * bin/charmrun +p2 imbalanced [elements [iterations [units [lbPeriod]]]]
 * bin/charmrun +p2 +balancer GreedyLB imbalanced 64 30 200 5
 * </pre>
 *
 * <p>Defaults: 8 elements per PE, 30 iterations, 200 work units (about 0.2 ms on one core) for a light element,
 * balancing every 5 iterations.
 */
public class Imbalanced extends Chare {
    private final int elements;
    private final int iterations;
    private final int units;
    private final int lbPeriod;
    private final Imbalanced_MainProxy.Element main;
    private int iteration;
    private double x;

    /**
     * @param elements   how many workers there are.
     * @param iterations how many iterations to run.
     * @param units      work units of a light element per iteration.
     * @param lbPeriod   iterations between atSync() calls.
     * @param main       the main chare, which gets each iteration's reduction.
     */
    public Imbalanced(final int elements, final int iterations, final int units, final int lbPeriod,
                      final Imbalanced_MainProxy.Element main) {
        this.elements = elements;
        this.iterations = iterations;
        this.units = units;
        this.lbPeriod = lbPeriod;
        this.main = main;
        this.x = 1 + thisIndex().x() * 1e-3;
    }

    /** @return how much heavier this element is than a light one. */
    private int weight() {
        return thisIndex().x() < Math.max(1, elements / 10) ? 10 : 1;
    }

    /** One iteration: compute, contribute to main's reduction; at a balancing point, wait in atSync(). */
    @Entry
    public void step() {
        x = compute(x, weight() * units);
        iteration++;
        contribute(Double.doubleToLongBits(x), Reducer.BIT_XOR, main::iterationDone);
        if (iteration % lbPeriod == 0 && iteration < iterations) {
            atSync();
        }
    }

    @Override
    protected void resumeFromSync() {
        contribute(Reducer.BARRIER, main::resumed);
    }

    /** The computation: a dependent chain of multiply-adds whose length is the work. */
    static double compute(final double start, final int units) {
        double v = start;
        for (int u = 0; u < units; u++) {
            for (int k = 0; k < 1000; k++) {
                v = v * 0.999999 + 1e-6;
            }
        }
        return v;
    }

    /**
     * @param args runtime options, then {@code [elements [iterations [units [lbPeriod]]]]}.
     */
    public static void main(final String[] args) {
        Charm.start(args, Main.class);
    }

    /** The main chare: reads the arguments, starts the workers, times each iteration and prints the summary. */
    public static class Main extends Chare {
        private int iterations;
        private int lbPeriod;
        private int done;
        private long start;
        private long last;
        private double afterFirstBalance;
        private int timedIterations;
        private ImbalancedProxy workers;

        /** @param args the program's arguments. */
        public Main(final String[] args) {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                System.out.println("Usage: charmrun [+pN] [+balancer NAME] [+LBOff] imbalanced [elements [iterations"
                    + " [units [lbPeriod]]]]\n  defaults: 8 elements per PE, 30 iterations, 200 units (a light"
                    + " element's work per iteration), atSync every 5 iterations;\n  the first tenth of the elements"
                    + " do 10 times the work.");
                Charm.exit();
                return;
            }
            final int elements;
            final int units;
            try {
                elements = args.length > 0 ? Integer.parseInt(args[0]) : 8 * Charm.numPes();
                iterations = args.length > 1 ? Integer.parseInt(args[1]) : 30;
                units = args.length > 2 ? Integer.parseInt(args[2]) : 200;
                lbPeriod = args.length > 3 ? Integer.parseInt(args[3]) : 5;
            } catch (final NumberFormatException e) {
                System.err.println("imbalanced: arguments are integers (see --help): " + e.getMessage());
                Charm.exit(2);
                return;
            }
            if (elements < 1 || iterations < 1 || units < 0 || lbPeriod < 1) {
                System.err.println("imbalanced: elements, iterations and lbPeriod must be positive, units not"
                    + " negative");
                Charm.exit(2);
                return;
            }
            System.out.printf(Locale.ROOT, "imbalanced: %d elements on %d PEs, %d iterations, %d units (light), the"
                + " first %d elements 10x heavier, atSync every %d iterations%n", elements, Charm.numPes(), iterations,
                units, Math.max(1, elements / 10), lbPeriod);
            workers = ImbalancedProxy.newArray(elements, elements, iterations, units, lbPeriod,
                Imbalanced_MainProxy.elementOf(this));
            start = System.nanoTime();
            last = start;
            workers.step();
        }

        /** Every worker resumed after a balancing step: the next iteration starts. */
        @Entry
        public void resumed() {
            workers.step();
        }

        /**
         * One call per iteration: the next starts, unless the workers balance first.
         *
         * @param checksum the XOR of every worker's state (its bits) after the iteration.
         */
        @Entry
        public void iterationDone(final long checksum) {
            final long now = System.nanoTime();
            done++;
            final double s = (now - last) / 1e9;
            last = now;
            System.out.printf(Locale.ROOT, "[%d] Time per iteration: %.6f %.6f%n", done, s, (now - start) / 1e9);
            if (done > lbPeriod) {
                // after the first balancing step: the iterations a balancer can improve (steps included)
                afterFirstBalance += s;
                timedIterations++;
            }
            if (done < iterations && done % lbPeriod != 0) {
                workers.step();
            } else if (done == iterations) {
                System.out.printf(Locale.ROOT, "imbalanced: total %.3f s, mean time per iteration after iteration %d:"
                    + " %.6f s, checksum %016x%n", (now - start) / 1e9, lbPeriod,
                    timedIterations == 0 ? 0 : afterFirstBalance / timedIterations, checksum);
                Charm.exit();
            }
        }
    }
}
