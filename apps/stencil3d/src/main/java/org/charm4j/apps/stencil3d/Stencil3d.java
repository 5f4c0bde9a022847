package org.charm4j.apps.stencil3d;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Options;
import org.charm4j.Threaded;
import org.charm4j.runtime.Node;

/**
 * Charm++'s stencil3d ({@code examples/charm++/load_balancing/stencil3d}) in charm4j, the main chare: parses the
 * sizes, prints Charm++'s banner, makes the 3D array of {@link Block}s, and runs the barrier of each iteration: the
 * blocks' reduction reaches {@link #iterationDone}, which prints {@code [i] Time per iteration: <s> <elapsed>} and
 * starts the next iteration (after a balancing step the blocks resume by themselves). At the end it prints a
 * summary (total time, mean time per iteration after warm-up, points updated per second, balancing steps and
 * moves) and, with {@code --check}, compares the whole grid with {@link Reference}.
 *
 * <pre>
 * bin/charmrun stencil3d                        # 128 32 on every core, OrbLB
 * bin/charmrun +p2 stencil3d 128 32 +balancer RefineLB
 * bin/charmrun +p4 ++ppn 2 stencil3d 32 8 --check
 * </pre>
 *
 * <p>Threading: a chare on PE 0.
 */
public final class Stencil3d extends Chare {
    /** The balancer of a command line that names none. */
    static final String DEFAULT_BALANCER = "OrbLB";
    /** Exit code of a command line that cannot run. */
    public static final int BAD_ARGUMENTS = 2;
    /** Exit code of a check that found the grid different from the reference. */
    public static final int CHECK_FAILED = 1;

    private Config cfg;
    private BlockProxy blocks;
    private long startNanos;
    private long iterationStart;
    private double[] times;
    private double[] updates;
    private double[] faces;
    private int iteration;
    private long moves;
    /** Bytes the blocks moved between host and device ({@code +device}): of faces, of whole grids. */
    private long faceBytes;
    private long gridBytes;

    /**
     * Starts the run (Charm++'s {@code Main::Main}).
     *
     * @param args the program's arguments (see {@link Config#USAGE}).
     */
    public Stencil3d(final String[] args) {
        startNanos = System.nanoTime();
        try {
            cfg = Config.parse(args);
        } catch (final Config.BadArguments e) {
            System.err.println("stencil3d: " + e.getMessage());
            System.err.print(Config.USAGE);
            Charm.exit(BAD_ARGUMENTS);
            return;
        }
        if (cfg == null) {
            System.out.print(Config.USAGE);
            Charm.exit(0);
            return;
        }
        times = new double[cfg.iterations()];
        updates = new double[cfg.iterations()];
        faces = new double[cfg.iterations()];
        System.out.printf(Locale.ROOT, "%nSTENCIL COMPUTATION WITH BARRIERS%n");
        System.out.printf(Locale.ROOT, "Running Stencil on %d processors with (%d, %d, %d) chares%n", Charm.numPes(),
            cfg.charesX(), cfg.charesY(), cfg.charesZ());
        System.out.printf(Locale.ROOT, "Array Dimensions: %d %d %d%n", cfg.arrayX(), cfg.arrayY(), cfg.arrayZ());
        System.out.printf(Locale.ROOT, "Block Dimensions: %d %d %d%n", cfg.blockX(), cfg.blockY(), cfg.blockZ());
        final Options o = Node.current().options();
        System.out.printf(Locale.ROOT, "charm4j: %d process%s, %d iterations, AtSync every %d (%s), %s work, %s"
                + " kernel%s%s%n", o.numNodes(), o.numNodes() == 1 ? "" : "es", cfg.iterations(), Config.LBPERIOD_ITER,
            balancer(o), cfg.uneven() ? "uneven" : "uniform", cfg.kernel(), "cpu".equals(o.device()) ? ""
                : " (+device " + o.device() + ")", cfg.check() ? ", check mode" : "");
        blocks = BlockProxy.newArray(new int[] {cfg.charesX(), cfg.charesY(), cfg.charesZ()}, cfg,
            Stencil3dProxy.elementOf(this));
        iterationStart = System.nanoTime();
        blocks.doStep();
    }

    private static String balancer(final Options o) {
        return o.lbOff() ? "+LBOff" : o.balancers().isEmpty() ? "GreedyLB" : String.join(" then ", o.balancers());
    }

    /**
     * The barrier of an iteration: every block has computed it.
     *
     * @param report summed over the blocks: nanoseconds spent in the update (the kernel's repeats), blocks that
     *               moved at the balancing step before this iteration, nanoseconds spent packing and unpacking
     *               faces, and (with {@code +device}) bytes of faces and of whole grids moved between host and
     *               device.
     */
    @Entry
    public void iterationDone(final long[] report) {
        final long now = System.nanoTime();
        final double dt = (now - iterationStart) / 1e9;
        iterationStart = now;
        updates[iteration] = report[0] / 1e9;
        moves += report[1];
        faces[iteration] = report[2] / 1e9;
        faceBytes += report[3];
        gridBytes += report[4];
        times[iteration++] = dt;
        if (!cfg.quiet()) {
            System.out.printf(Locale.ROOT, "[%d] Time per iteration: %f %f%n", iteration, dt,
                (now - startNanos) / 1e9);
        }
        if (iteration == cfg.iterations()) {
            Stencil3dProxy.elementOf(this).finish();
        } else if (!cfg.balancesAfter(iteration)) {
            blocks.doStep();
        }
    }

    /** Checks the grid if asked, prints the summary and ends the job. */
    @Entry
    @Threaded
    public void finish() {
        final double total = (System.nanoTime() - startNanos) / 1e9;
        System.out.print(Summary.of(cfg, times, updates, faces, Charm.numPes(), moves, balancer(Node.current().options()), total));
        if (faceBytes + gridBytes > 0) {
            final long blockIterations = (long) cfg.iterations() * cfg.charesX() * cfg.charesY() * cfg.charesZ();
            System.out.printf(Locale.ROOT, "  host-device traffic (+device): %d bytes of faces per block per iteration,"
                + " %d bytes of whole grids in all (the first copies to the devices, blocks that moved, the check)%n", faceBytes / blockIterations,
                gridBytes);
        }
        int code = 0;
        if (cfg.check()) {
            final List<double[]> parts = blocks.gather().interior().get();
            final double[] got = Reference.assemble(cfg, parts);
            final String diff = Reference.compare(cfg, got, Reference.run(cfg, cfg.iterations()));
            if (diff == null) {
                System.out.printf(Locale.ROOT, "check: after %d iterations the grid (%d points) equals the serial"
                    + " reference to the last bit%n", cfg.iterations(), got.length);
            } else {
                System.out.println("check FAILED after " + cfg.iterations() + " iterations: " + diff);
                code = CHECK_FAILED;
            }
        }
        Charm.exit(code);
    }

    /**
     * Runs stencil3d.
     *
     * @param args runtime options, then the program's arguments ({@link Config#USAGE}).
     */
    public static void main(final String[] args) {
        Charm.start(withDefaultBalancer(args), Stencil3d.class);
    }

    /**
     * stencil3d balances with OrbLB unless told otherwise: it cuts the grid of blocks into compact boxes, one per PE,
     * so that a balancing step moves only the blocks at a cut and keeps faces within a PE (GreedyLB, the runtime's
     * default, scatters the blocks: between processes each step then costs more than it gains, README "stencil3d").
     *
     * @param args the command line.
     * @return it, with {@code +balancer OrbLB} added if it names no balancer and no {@code +LBOff}.
     */
    static String[] withDefaultBalancer(final String[] args) {
        for (final String a : args) {
            if (a.equals("+balancer") || a.equals("+LBOff")) {
                return args;
            }
        }
        final String[] with = Arrays.copyOf(args, args.length + 2);
        with[args.length] = "+balancer";
        with[args.length + 1] = DEFAULT_BALANCER;
        return with;
    }
}
