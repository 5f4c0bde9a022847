package org.charm4j.jmh.kernels;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.charm4j.DoubleArray;
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
 * {@link MixedKernelsBenchmark} on the layout the apps compute on, {@code double[]}: both apps' Vector kernels
 * (Jacobi 7-point, Lennard-Jones pairs) compiled in one JVM, in either order ({@code first}). Compare with
 * {@code JacobiBenchmark} and {@code LjBenchmark} alone: neither kernel should slow the other down.
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:TypeProfileLevel=0"})
public class MixedHeapKernelsBenchmark {
    private static final int N = 16;
    private static final int ATOMS = 200;

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

    /** Pair forces between two cells held in heap arrays. */
    public interface HeapPairs {
        /**
         * @param pa positions of A. @param fa forces of A. @param pb positions of B. @param fb forces of B.
         * @return the energy.
         */
        double run(double[] pa, double[] fa, double[] pb, double[] fb);
    }

    /** Which app's kernels are compiled first. */
    @Param({"jacobi", "lj", "none"})
    public String first;

    private double[] in;
    private double[] out;
    private double[] pa;
    private double[] pb;
    private double[] fa;
    private double[] fb;
    private KernelFns.HeapSweep jacobi;
    private HeapPairs lj;

    /** Data, and the kernels of one app, then of the other, run hot (or none: each measured cold). */
    @Setup
    public void setup() {
        final long[] seed = {42};
        pa = KernelFns.cell(ATOMS, 0, seed).toArray();
        pb = KernelFns.cell(ATOMS, 12, seed).toArray();
        fa = new double[3 * ATOMS];
        fb = new double[3 * ATOMS];
        in = new SplittableRandom(42).doubles(Jacobi7.blockLength(N, N, N)).toArray();
        out = new double[in.length];
        jacobi = Kernels.of(Jacobi7.class, "jacobiVectorHeap").specialize(N, N, N).as(KernelFns.HeapSweep.class);
        lj = Kernels.of(LennardJones.class, "forcesVectorHeap")
            .specialize(ATOMS, ATOMS, KernelFns.CUTOFF2, KernelFns.A, KernelFns.B).as(HeapPairs.class);
        if (first.equals("jacobi")) {
            warmJacobi();
            warmLj();
        } else if (first.equals("lj")) {
            warmLj();
            warmJacobi();
        }
    }

    private void warmJacobi() {
        for (final int n : new int[] {8, 12, 32}) {
            final double[] i = new double[(int) Jacobi7.blockLength(n, n, n)];
            final double[] o = new double[i.length];
            final KernelFns.HeapSweep s = Kernels.of(Jacobi7.class, "jacobiVectorHeap").specialize(n, n, n)
                .as(KernelFns.HeapSweep.class);
            for (int r = 0; r < 20_000; r++) {
                s.run(i, o);
            }
        }
        for (int r = 0; r < 20_000; r++) {
            jacobi.run(in, out);
        }
    }

    private void warmLj() {
        final HeapPairs small = Kernels.of(LennardJones.class, "forcesVectorHeap")
            .specialize(37, 53, 100.0, KernelFns.A, KernelFns.B).as(HeapPairs.class);
        for (int r = 0; r < 20_000; r++) {
            small.run(pa, fa, pb, fb);
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
}
