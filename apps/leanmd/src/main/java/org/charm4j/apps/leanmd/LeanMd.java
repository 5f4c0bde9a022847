package org.charm4j.apps.leanmd;

import java.util.Locale;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Index;
import org.charm4j.Options;
import org.charm4j.runtime.Node;

/**
 * Charm++'s LeanMD ({@code examples/charm++/leanmd}) in charm4j, the main chare: parses the arguments, prints
 * Charm++'s banner and input parameters, makes the 3D array of {@link Cell}s and the 6D sparse array of
 * {@link Compute}s (14 per cell, inserted as Charm++'s {@code createComputes} does), starts the cells, prints the time
 * per step every {@code --print-every} steps, starts the step after each balancing step once cells and computes are
 * back, and at the end prints the total energy at the first and the last step and "Simulation completed".
 *
 * <pre>
 * bin/charmrun leanmd                               # 3 3 3 1001, on every core
 * bin/charmrun +p2 leanmd 3 3 3 101
 * bin/charmrun +p4 ++ppn 2 leanmd 4 4 4 51 20 20 +balancer GreedyLB
 * bin/charmrun +p2 leanmd 3 3 3 200 --physics lj --lattice --atoms 27
 * </pre>
 *
 * <p>Threading: a chare on PE 0.
 */
public final class LeanMd extends Chare {
    /** Exit code of a command line that cannot run. */
    public static final int BAD_ARGUMENTS = 2;
    /** Steps that the steady time per step leaves out (at most half the run). */
    public static final int WARMUP = 10;

    private Config cfg;
    private CellProxy cells;
    private long start;
    private long intervalStart;
    private int intervalFirst;
    private int resumed;
    private int balancingSteps;
    /** Steps left out of the steady time per step (JIT warm-up). */
    private int warmup;
    private long warmupEnd;

    /**
     * Starts the run (Charm++'s {@code Main::Main}).
     *
     * @param args the program's arguments (see {@link Config#USAGE}).
     */
    public LeanMd(final String[] args) {
        try {
            cfg = Config.parse(args);
        } catch (final Config.BadArguments e) {
            System.err.println("leanmd: " + e.getMessage());
            System.err.print(Config.USAGE);
            Charm.exit(BAD_ARGUMENTS);
            return;
        }
        if (cfg == null) {
            System.out.print(Config.USAGE);
            Charm.exit(0);
            return;
        }
        final Options o = Node.current().options();
        final int s = Defs.CELL_SIZE;
        System.out.printf(Locale.ROOT, "%nLENNARD JONES MOLECULAR DYNAMICS START UP ...%n");
        System.out.printf(Locale.ROOT, "%nInput Parameters...%n");
        System.out.printf(Locale.ROOT, "Cell Array Dimension X:%d Y:%d Z:%d of size %d %d %d%n", cfg.cellsX(),
            cfg.cellsY(), cfg.cellsZ(), s, s, s);
        System.out.printf(Locale.ROOT, "Final Step Count:%d%n", cfg.steps());
        System.out.printf(Locale.ROOT, "First LB Step:%d%n", cfg.firstLdbStep());
        System.out.printf(Locale.ROOT, "LB Period:%d%n", cfg.ldbPeriod());
        System.out.printf(Locale.ROOT, "charm4j: %d PEs in %d process%s, %s atoms per cell%s, %s physics%s,"
                + " balancing %s%n", Charm.numPes(), o.numNodes(), o.numNodes() == 1 ? "" : "es",
            cfg.atomsStart() == cfg.atomsEnd() ? String.valueOf(cfg.atomsStart())
                : cfg.atomsStart() + " to " + cfg.atomsEnd(),
            cfg.lattice() ? " on a lattice" : "", cfg.physics().name().toLowerCase(Locale.ROOT),
            cfg.physics() == Physics.CHARM ? " (Charm++'s physics.h)" : "", balancer(o));
        final org.charm4j.gpu.Devices.Choice where = org.charm4j.gpu.Devices.forThisPe();
        if (!where.isCpu()) {
            System.out.printf(Locale.ROOT, "charm4j: pair forces on %s (+device %s), gathered per atom%n",
                where.device().orElseThrow().name(), where.name());
        }
        final LeanMdProxy.Element me = LeanMdProxy.elementOf(this);
        final int[] shape = {cfg.cellsX(), cfg.cellsY(), cfg.cellsZ()};
        cells = CellProxy.newArray(shape, new ComputeMap(cfg, false), cfg, me);
        System.out.printf(Locale.ROOT, "%nCells: %d X %d X %d .... created%n", cfg.cellsX(), cfg.cellsY(),
            cfg.cellsZ());
        final ComputeProxy computes = ComputeProxy.newSparseArray(new ComputeMap(cfg, true));
        int inserted = 0;
        for (int x = 0; x < cfg.cellsX(); x++) {
            for (int y = 0; y < cfg.cellsY(); y++) {
                for (int z = 0; z < cfg.cellsZ(); z++) {
                    for (int num = Neighbours.SELF; num < Defs.NUM_NEIGHBORS; num++) {
                        final Index c = Neighbours.compute(cfg, x, y, z, num);
                        computes.insert(c, cfg, cells, me);
                        inserted++;
                    }
                }
            }
        }
        computes.doneInserting();
        System.out.printf(Locale.ROOT, "Computes: %d .... created%n", inserted);
        System.out.printf(Locale.ROOT, "Starting simulation .... %n%n");
        warmup = Math.min(WARMUP, cfg.steps() / 2);
        start = System.nanoTime();
        warmupEnd = start;
        intervalStart = start;
        intervalFirst = 1;
        cells.run(computes);
    }

    private static String balancer(final Options o) {
        return o.lbOff() ? "off (+LBOff)" : o.balancers().isEmpty() ? "GreedyLB" : String.join(" then ", o.balancers());
    }

    /**
     * Cell (0, 0, 0) finished a step: every {@code --print-every} steps, the mean time per step since the last line.
     *
     * @param step the step.
     */
    @Entry
    public void stepDone(final int step) {
        if (step == warmup) {
            warmupEnd = System.nanoTime();
        }
        if (cfg.printEvery() > 0 && (step % cfg.printEvery() == 0 || step == cfg.steps())) {
            final long now = System.nanoTime();
            final int n = step - intervalFirst + 1;
            System.out.printf(Locale.ROOT, "Step %d Time %.3f ms/step (steps %d-%d), elapsed %.3f s%n", step,
                (now - intervalStart) / 1e6 / n, intervalFirst, step, (now - start) / 1e9);
            intervalStart = now;
            intervalFirst = step + 1;
        }
    }

    /** Every cell is back from a balancing step. */
    @Entry
    public void cellsResumed() {
        resumed();
    }

    /** Every compute is back from a balancing step. */
    @Entry
    public void computesResumed() {
        resumed();
    }

    private void resumed() {
        if (++resumed == 2) {
            resumed = 0;
            balancingSteps++;
            cells.nextStep();
        }
    }

    /**
     * The end: every cell's kinetic and potential energy at the first and the last step.
     *
     * @param report four values per cell, by cell number: kinetic and potential at step 1, then at the last step.
     */
    @Entry
    public void done(final double[] report) {
        final long end = System.nanoTime();
        final double seconds = (end - start) / 1e9;
        final double steady = (end - warmupEnd) / 1e9 / (cfg.steps() - warmup);
        final double[] e = Energy.totals(report);
        System.out.printf(Locale.ROOT, "Energy at step 1: %.17g J (kinetic %.17g, potential %.17g)%n",
            e[0] + e[1], e[0], e[1]);
        System.out.printf(Locale.ROOT, "Energy at step %d: %.17g J (kinetic %.17g, potential %.17g)%n",
            cfg.steps(), e[2] + e[3], e[2], e[3]);
        final double change = (e[2] + e[3]) - (e[0] + e[1]);
        System.out.printf(Locale.ROOT, "Energy change: %.6e J, %.3e of the initial kinetic plus |potential|%n",
            change, change / (Math.abs(e[0]) + Math.abs(e[1])));
        System.out.printf(Locale.ROOT, "Total application time: %.3f s, %.3f ms/step, %d AtSync steps%n",
            seconds, seconds * 1e3 / cfg.steps(), balancingSteps);
        final long pairs = pairsPerStep(cfg);
        System.out.printf(Locale.ROOT, "Steady: %.3f ms/step after step %d; %d atom pairs per step (at the start's"
            + " counts), %.1f million pairs/s%n", steady * 1e3, warmup, pairs, pairs / steady / 1e6);
        System.out.println("Simulation completed");
        Charm.exit();
    }

    /**
     * @param cfg the run.
     * @return the pair distances the computes evaluate per step with the cells' initial atom counts.
     */
    static long pairsPerStep(final Config cfg) {
        long pairs = 0;
        for (int x = 0; x < cfg.cellsX(); x++) {
            for (int y = 0; y < cfg.cellsY(); y++) {
                for (int z = 0; z < cfg.cellsZ(); z++) {
                    final long n = cfg.atomsOf(cfg.cellId(x, y, z));
                    pairs += n * (n - 1) / 2;
                    for (int num = Neighbours.SELF + 1; num < Defs.NUM_NEIGHBORS; num++) {
                        final Index p = Neighbours.partner(cfg, Neighbours.compute(cfg, x, y, z, num));
                        pairs += n * cfg.atomsOf(cfg.cellId(p.x(), p.y(), p.z()));
                    }
                }
            }
        }
        return pairs;
    }

    /**
     * Runs LeanMD.
     *
     * @param args runtime options, then the program's arguments ({@link Config#USAGE}).
     */
    public static void main(final String[] args) {
        Charm.start(args, LeanMd.class);
    }
}
