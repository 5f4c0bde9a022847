package org.charm4j.jmh.kernels;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.charm4j.DoubleArray;
import org.charm4j.jmh.kernels.KernelFns.HeapSweep;
import org.charm4j.jmh.kernels.KernelFns.Pairs;
import org.charm4j.jmh.kernels.KernelFns.Sweep;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.lib.Jacobi7;
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
 * Both apps' kernels in one JVM: the set-up runs every Vector kernel of one app (several sizes, layouts, generic
 * and specialized) until compiled, then those of the other app ({@code first} says which app goes first), so that
 * profiles shared inside the JDK, if any, are polluted. Compare {@code jacobi16} with {@code JacobiBenchmark.vector}
 * at n = 16 and {@code lj200} with {@code LjBenchmark.vector} at 200 atoms; {@code both} alternates the two.
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:TypeProfileLevel=0"})
public class MixedKernelsBenchmark {
    /** Work done, per microsecond. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        /** Stencil points updated. */
        public long points;
        /** Atom pairs examined. */
        public long pairs;

        /** Resets the counters. */
        @Setup(Level.Iteration)
        public void reset() {
            points = 0;
            pairs = 0;
        }
    }

    private static final int N = 16;

    /** Which app's kernels are compiled first. */
    @Param({"jacobi", "lj"})
    public String first;
    private static final int ATOMS = 200;

    private DoubleArray in;
    private DoubleArray out;
    private DoubleArray pa;
    private DoubleArray pb;
    private DoubleArray fa;
    private DoubleArray fb;
    private Sweep jacobi;
    private Pairs lj;

    /** Data, and every kernel of both apps run hot. */
    @Setup
    public void setup() {
        final long[] seed = {42};
        pa = KernelFns.cell(ATOMS, 0, seed);
        pb = KernelFns.cell(ATOMS, 12, seed);
        fa = DoubleArray.allocate(3L * ATOMS);
        fb = DoubleArray.allocate(3L * ATOMS);
        in = DoubleArray.of(new SplittableRandom(42).doubles(Jacobi7.blockLength(N, N, N)).toArray());
        out = DoubleArray.allocate(in.length());
        jacobi = Kernels.of(Jacobi7.class, "jacobiVector").specialize(N, N, N).as(Sweep.class);
        lj = Kernels.of(LennardJones.class, "forcesVector")
            .specialize(ATOMS, ATOMS, KernelFns.CUTOFF2, KernelFns.A, KernelFns.B).as(Pairs.class);
        if (first.equals("jacobi")) {
            warmJacobi();
            warmLj();
        } else {
            warmLj();
            warmJacobi();
        }
    }

    private void warmJacobi() {
        for (final int n : new int[] {8, 12, 32}) {
            final DoubleArray i = DoubleArray.allocate(Jacobi7.blockLength(n, n, n));
            final DoubleArray o = DoubleArray.allocate(i.length());
            final double[] hi = new double[(int) i.length()];
            final double[] ho = new double[hi.length];
            final Sweep s = Kernels.of(Jacobi7.class, "jacobiVector").specialize(n, n, n).as(Sweep.class);
            final HeapSweep h = Kernels.of(Jacobi7.class, "jacobiVectorHeap").specialize(n, n, n)
                .as(HeapSweep.class);
            for (int r = 0; r < 20_000; r++) {
                s.run(i, o);
                h.run(hi, ho);
                Jacobi7.jacobiVector(n, n, n, i, o);
            }
        }
        for (int r = 0; r < 20_000; r++) {
            jacobi.run(in, out);
        }
    }

    private void warmLj() {
        final Pairs small = Kernels.of(LennardJones.class, "forcesVector")
            .specialize(37, 53, 100.0, KernelFns.A, KernelFns.B).as(Pairs.class);
        for (int r = 0; r < 20_000; r++) {
            small.run(pa, fa, pb, fb);
            LennardJones.forcesVector(37, 53, 100.0, KernelFns.A, KernelFns.B, pa, fa, pb, fb);
            lj.run(pa, fa, pb, fb);
        }
    }

    /** @param w counters. */
    @Benchmark
    public void jacobi16(final Work w) {
        jacobi.run(in, out);
        w.points += N * N * N;
    }

    /** @param w counters. @return energy. */
    @Benchmark
    public double lj200(final Work w) {
        w.pairs += ATOMS * ATOMS;
        return lj.run(pa, fa, pb, fb);
    }

    /** @param w counters. @return energy. */
    @Benchmark
    public double both(final Work w) {
        jacobi.run(in, out);
        w.points += N * N * N;
        w.pairs += ATOMS * ATOMS;
        return lj.run(pa, fa, pb, fb);
    }
}
