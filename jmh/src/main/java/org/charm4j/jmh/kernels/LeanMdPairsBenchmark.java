package org.charm4j.jmh.kernels;

import java.util.concurrent.TimeUnit;

import org.charm4j.apps.leanmd.Atoms;
import org.charm4j.apps.leanmd.Config;
import org.charm4j.apps.leanmd.ForceKernels;
import org.charm4j.apps.leanmd.Layout;
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
 * atoms: an invocation is the middle cell of a 3 x 3 x 3 box against its 13 forward neighbours plus the pairs within
 * it, the 14 computes a cell owns, so the mix of near and far pairs is the app's. Throughput in pairs examined per
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

    /** {@code charm} (Charm++'s physics.h) or {@code lj} (the conservative forces). */
    @Param({"charm"})
    public String physics;

    private double[] middle;
    private final double[][] neighbours = new double[13][];
    private double[] fm;
    private double[] fn;
    private ForceKernels.Pair pair;
    private ForceKernels.Self self;

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
}
