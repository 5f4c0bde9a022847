package org.charm4j.jmh.kernels;

import java.util.concurrent.TimeUnit;

import org.charm4j.DoubleArray;
import org.charm4j.jmh.kernels.KernelFns.Pairs;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.lib.LennardJones;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lennard-Jones forces between two adjacent 12 A cells of {@code atoms} atoms each, cutoff 12 A: generic, specialized,
 * Vector API. Read the {@code pairs} counter: pairs per microsecond = Mpairs/s (every pair examined counts). C
 * reference: {@code jmh/c/run.sh} (same atoms).
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:TypeProfileLevel=0"})
public class LjBenchmark {
    /** Pairs examined, reported per microsecond (Mpairs/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class PairsCount {
        /** Pairs examined in this iteration. */
        public long pairs;

        /** Resets the counter. */
        @Setup(Level.Iteration)
        public void reset() {
            pairs = 0;
        }
    }

    /** Atoms per cell. */
    @Param({"100", "200"})
    public int atoms;

    private DoubleArray pa;
    private DoubleArray pb;
    private DoubleArray fa;
    private DoubleArray fb;
    private Pairs specialized;
    private Pairs vector;
    private long perCall;
    private double cutoff2 = KernelFns.CUTOFF2;
    private double a = KernelFns.A;
    private double b = KernelFns.B;

    /** Cells and specializations. */
    @Setup
    public void setup() {
        final long[] seed = {42};
        pa = KernelFns.cell(atoms, 0, seed);
        pb = KernelFns.cell(atoms, 12, seed);
        fa = DoubleArray.allocate(3L * atoms);
        fb = DoubleArray.allocate(3L * atoms);
        specialized = Kernels.of(LennardJones.class, "forces")
            .specialize(atoms, atoms, KernelFns.CUTOFF2, KernelFns.A, KernelFns.B).as(Pairs.class);
        vector = Kernels.of(LennardJones.class, "forcesVector")
            .specialize(atoms, atoms, KernelFns.CUTOFF2, KernelFns.A, KernelFns.B).as(Pairs.class);
        perCall = (long) atoms * atoms;
    }

    /** @param p counter. @return energy. */
    @Benchmark
    public double generic(final PairsCount p) {
        p.pairs += perCall;
        return LennardJones.forces(atoms, atoms, cutoff2, a, b, pa, fa, pb, fb);
    }

    /** @param p counter. @return energy. */
    @Benchmark
    public double specialized(final PairsCount p) {
        p.pairs += perCall;
        return specialized.run(pa, fa, pb, fb);
    }

    /** @param p counter. @return energy. */
    @Benchmark
    public double vectorGeneric(final PairsCount p) {
        p.pairs += perCall;
        return LennardJones.forcesVector(atoms, atoms, cutoff2, a, b, pa, fa, pb, fb);
    }

    /** @param p counter. @return energy. */
    @Benchmark
    public double vector(final PairsCount p) {
        p.pairs += perCall;
        return vector.run(pa, fa, pb, fb);
    }
}
