package org.charm4j.jmh.kernels;

import java.util.concurrent.TimeUnit;

import org.charm4j.Index;
import org.charm4j.apps.leanmd.Atoms;
import org.charm4j.apps.leanmd.Config;
import org.charm4j.apps.leanmd.Defs;
import org.charm4j.apps.leanmd.ForceKernels;
import org.charm4j.apps.leanmd.Layout;
import org.charm4j.apps.leanmd.Neighbours;
import org.charm4j.apps.leanmd.Physics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * LeanMD's pair kernels as its computes run them ({@link ForceKernels}, the compiled plain loops), on LeanMD's own
 * atoms: an invocation of {@link #boxComputes} is one step's kernel work of the 3 x 3 x 3 box, the figure to hold the
 * app's rate against; one of {@link #cellsComputes} is the middle cell against its 13 forward neighbours plus the
 * pairs within it, the 14 computes a cell owns, over and over (the same mix of near and far pairs, but the same
 * atoms each time, which the branch predictor learns: see {@link #boxComputes}). Throughput in pairs examined per
 * microsecond (Mpairs/s), counted as the app counts them; the app's own rate is the "pairs/s" of its summary line.
 * C reference on the same atoms and mix: {@code jmh/c/run.sh} ({@code leanmd}, Charm++'s {@code physics.h} loops).
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:TypeProfileLevel=0"})
public class LeanMdPairsBenchmark {
    private static final int ATOMS = 300;
    private static final int PAIRS = 13 * ATOMS * ATOMS + ATOMS * (ATOMS - 1) / 2;
    private static final int CELLS = 27;
    private static final int BOX_PAIRS = CELLS * PAIRS;

    /** {@code charm} (Charm++'s physics.h) or {@code lj} (the conservative forces). */
    @Param({"charm"})
    public String physics;

    private double[] middle;
    private final double[][] neighbours = new double[13][];
    private double[] fm;
    private double[] fn;
    private ForceKernels.Pair pair;
    private ForceKernels.Self self;
    /** The box's cells, by cell number. */
    private final double[][] box = new double[CELLS][];
    /** Per pair compute of the box, in cell order: owner, partner, and the owner's shift x, y, z. */
    private int[] owners;
    private int[] partners;
    private double[] shifts;

    /** Places the atoms as the app does and takes the kernels. */
    @Setup
    public void setUp() {
        final Config cfg = Config.parse("3", "3", "3");
        middle = Layout.toBlocks(Atoms.initial(cfg, 1, 1, 1).positions());
        int k = 0;
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dz = -1; dz <= 1; dz++) {
                    if (dx > 0 || dx == 0 && (dy > 0 || dy == 0 && dz > 0)) {
                        neighbours[k++] = Layout.toBlocks(Atoms.initial(cfg, 1 + dx, 1 + dy, 1 + dz).positions());
                    }
                }
            }
        }
        final int computes = CELLS * 13;
        owners = new int[computes];
        partners = new int[computes];
        shifts = new double[3 * computes];
        int c = 0;
        for (int x = 0; x < 3; x++) {
            for (int y = 0; y < 3; y++) {
                for (int z = 0; z < 3; z++) {
                    box[cfg.cellId(x, y, z)] = Layout.toBlocks(Atoms.initial(cfg, x, y, z).positions());
                    for (int num = Neighbours.SELF + 1; num < Defs.NUM_NEIGHBORS; num++) {
                        final Index p = Neighbours.partner(cfg, Neighbours.compute(cfg, x, y, z, num));
                        owners[c] = cfg.cellId(x, y, z);
                        partners[c] = cfg.cellId(p.x(), p.y(), p.z());
                        shifts[3 * c] = Neighbours.shift(x, p.x(), 3);
                        shifts[3 * c + 1] = Neighbours.shift(y, p.y(), 3);
                        shifts[3 * c + 2] = Neighbours.shift(z, p.z(), 3);
                        c++;
                    }
                }
            }
        }
        fm = new double[3 * ATOMS];
        fn = new double[3 * ATOMS];
        final Physics p = Physics.valueOf(physics.toUpperCase(java.util.Locale.ROOT));
        pair = ForceKernels.pair(p);
        self = ForceKernels.self(p);
    }

    /** @return the energy of one cell's computes. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public double cellsComputes() {
        double e = 0;
        for (final double[] n : neighbours) {
            e += pair.run(middle, ATOMS, 0, 0, 0, n, ATOMS, fm, fn);
        }
        return e + self.run(middle, ATOMS, fm);
    }

    /**
     * As {@link #cellsComputes}, with fresh force arrays for every compute, as the app's computes send them.
     *
     * @return the energy of one cell's computes.
     */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public double cellsComputesFreshForces() {
        double e = 0;
        for (final double[] n : neighbours) {
            e += pair.run(middle, ATOMS, 0, 0, 0, n, ATOMS, new double[3 * ATOMS], new double[3 * ATOMS]);
        }
        return e + self.run(middle, ATOMS, new double[3 * ATOMS]);
    }

    /**
     * A whole step of the app's kernel work: every compute of the 3 x 3 x 3 box (351 pairs of cells, with the
     * periodic shifts, and 27 cells within themselves) in cell order, as the app runs them (with fresh force arrays,
     * where the app's computes zero two they keep).
     * Unlike {@link #cellsComputes}, which repeats one cell's 14 computes, no two consecutive invocations of the pair
     * loop see the same atoms, so the branch predictor cannot learn which vectors of the cutoff test have a pair
     * within the cutoff: on the app's atoms this is the rate its computes can reach (the other two methods run
     * faster than the app ever can).
     *
     * @return the energy of the box.
     */
    @Benchmark
    @OperationsPerInvocation(BOX_PAIRS)
    public double boxComputes() {
        double e = 0;
        for (int c = 0; c < owners.length; c++) {
            e += pair.run(box[owners[c]], ATOMS, shifts[3 * c], shifts[3 * c + 1], shifts[3 * c + 2],
                box[partners[c]], ATOMS, new double[3 * ATOMS], new double[3 * ATOMS]);
        }
        for (final double[] cell : box) {
            e += self.run(cell, ATOMS, new double[3 * ATOMS]);
        }
        return e;
    }
}
