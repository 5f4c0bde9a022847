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
 * The kernel compiler's output against the hand-written Vector API kernels: the plain-loop kernels
 * ({@code Jacobi7.jacobiHeap}/{@code jacobi}, {@code LennardJones.forcesHeap}/{@code forces}), which charm4j
 * vectorizes, on {@code double[]} and on {@code DoubleArray}, beside {@code jacobiVectorHeap}/{@code jacobiVector}
 * and {@code forcesVectorHeap}/{@code forcesVector}. Before the first measurement, every one of these kernels, at
 * several sizes, runs hot in the JVM ({@link #pollute()}), so that each is measured after the others, as in an app.
 * Read the {@code work} counter: points or pairs per microsecond. Run with {@code -f 0} (one JVM for all) or with
 * forks; C reference: {@code jmh/c/run.sh}.
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:TypeProfileLevel=0"})
public class CompiledKernelsBenchmark {
    /** Work done, per microsecond. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        /** Stencil points updated or atom pairs examined in this iteration. */
        public long work;

        /** Resets the counter. */
        @Setup(Level.Iteration)
        public void reset() {
            work = 0;
        }
    }

    /** Jacobi: block edge n (n^3 points); Lennard-Jones: atoms per cell. */
    @Param({"j8", "j16", "j32", "j64", "j128", "lj100", "lj200", "lj300"})
    public String size;

    private static boolean polluted;

    private double[] hin;
    private double[] hout;
    private DoubleArray in;
    private DoubleArray out;
    private double[] hpa;
    private double[] hpb;
    private double[] hfa;
    private double[] hfb;
    private DoubleArray pa;
    private DoubleArray pb;
    private DoubleArray fa;
    private DoubleArray fb;
    private HeapSweep plainHeap;
    private Sweep plainOffHeap;
    private HeapSweep handHeap;
    private Sweep handOffHeap;
    private HeapPairs ljPlainHeap;
    private Pairs ljPlainOffHeap;
    private HeapPairs ljHandHeap;
    private Pairs ljHandOffHeap;
    private long perCall;

    /** Heap Lennard-Jones kernels' interface. */
    public interface HeapPairs {
        /**
         * @param pa positions of A.
         * @param fa forces of A.
         * @param pb positions of B.
         * @param fb forces of B.
         * @return energy.
         */
        double run(double[] pa, double[] fa, double[] pb, double[] fb);
    }

    /** Data and specializations for this size; the first trial first runs every kernel hot. */
    @Setup
    public void setup() {
        if (!polluted) {
            pollute();
            polluted = true;
        }
        if (size.startsWith("j")) {
            final int n = Integer.parseInt(size.substring(1));
            final int len = Jacobi7.blockLength(n, n, n);
            hin = new SplittableRandom(42).doubles(len).toArray();
            hout = new double[len];
            in = DoubleArray.of(hin);
            out = DoubleArray.allocate(len);
            plainHeap = Kernels.of(Jacobi7.class, "jacobiHeap").specialize(n, n, n).as(HeapSweep.class);
            plainOffHeap = Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n).as(Sweep.class);
            handHeap = Kernels.of(Jacobi7.class, "jacobiVectorHeap").specialize(n, n, n).as(HeapSweep.class);
            handOffHeap = Kernels.of(Jacobi7.class, "jacobiVector").specialize(n, n, n).as(Sweep.class);
            perCall = (long) n * n * n;
        } else {
            final int atoms = Integer.parseInt(size.substring(2));
            final long[] seed = {42};
            pa = KernelFns.cell(atoms, 0, seed);
            pb = KernelFns.cell(atoms, 12, seed);
            fa = DoubleArray.allocate(3L * atoms);
            fb = DoubleArray.allocate(3L * atoms);
            hpa = pa.toArray();
            hpb = pb.toArray();
            hfa = new double[3 * atoms];
            hfb = new double[3 * atoms];
            final Object[] c = {atoms, atoms, KernelFns.CUTOFF2, KernelFns.A, KernelFns.B};
            ljPlainHeap = Kernels.of(LennardJones.class, "forcesHeap").specialize(c).as(HeapPairs.class);
            ljPlainOffHeap = Kernels.of(LennardJones.class, "forces").specialize(c).as(Pairs.class);
            ljHandHeap = Kernels.of(LennardJones.class, "forcesVectorHeap").specialize(c).as(HeapPairs.class);
            ljHandOffHeap = Kernels.of(LennardJones.class, "forcesVector").specialize(c).as(Pairs.class);
            perCall = (long) atoms * atoms;
        }
    }

    /** Runs every kernel of both apps, both layouts, hand-written and compiled, at two sizes, until compiled. */
    static void pollute() {
        for (final int n : new int[] {8, 32}) {
            final int len = Jacobi7.blockLength(n, n, n);
            final double[] a = new SplittableRandom(1).doubles(len).toArray();
            final double[] b = new double[len];
            final DoubleArray da = DoubleArray.of(a);
            final DoubleArray db = DoubleArray.allocate(len);
            for (final String k : new String[] {"jacobiVectorHeap", "jacobiHeap"}) {
                final HeapSweep s = Kernels.of(Jacobi7.class, k).specialize(n, n, n).as(HeapSweep.class);
                for (int r = 0; r < 20_000_000 / len; r++) {
                    s.run(a, b);
                }
            }
            for (final String k : new String[] {"jacobiVector", "jacobi"}) {
                final Sweep s = Kernels.of(Jacobi7.class, k).specialize(n, n, n).as(Sweep.class);
                for (int r = 0; r < 20_000_000 / len; r++) {
                    s.run(da, db);
                }
            }
        }
        for (final int atoms : new int[] {64, 200}) {
            final long[] seed = {7};
            final DoubleArray pa = KernelFns.cell(atoms, 0, seed);
            final DoubleArray pb = KernelFns.cell(atoms, 12, seed);
            final DoubleArray fa = DoubleArray.allocate(3L * atoms);
            final DoubleArray fb = DoubleArray.allocate(3L * atoms);
            final Object[] c = {atoms, atoms, KernelFns.CUTOFF2, KernelFns.A, KernelFns.B};
            for (final String k : new String[] {"forcesVector", "forces"}) {
                final Pairs p = Kernels.of(LennardJones.class, k).specialize(c).as(Pairs.class);
                for (int r = 0; r < 20_000_000 / (atoms * atoms); r++) {
                    p.run(pa, fa, pb, fb);
                }
            }
            final double[] hpa = pa.toArray();
            final double[] hpb = pb.toArray();
            final double[] hfa = new double[3 * atoms];
            final double[] hfb = new double[3 * atoms];
            for (final String k : new String[] {"forcesVectorHeap", "forcesHeap"}) {
                final HeapPairs p = Kernels.of(LennardJones.class, k).specialize(c).as(HeapPairs.class);
                for (int r = 0; r < 20_000_000 / (atoms * atoms); r++) {
                    p.run(hpa, hfa, hpb, hfb);
                }
            }
        }
    }

    /** @param w counter. @return a value JMH consumes. */
    @Benchmark
    public double plainHeap(final Work w) {
        w.work += perCall;
        if (plainHeap != null) {
            plainHeap.run(hin, hout);
            return hout[hout.length / 2];
        }
        return ljPlainHeap.run(hpa, hfa, hpb, hfb);
    }

    /** @param w counter. @return a value JMH consumes. */
    @Benchmark
    public double plainOffHeap(final Work w) {
        w.work += perCall;
        if (plainOffHeap != null) {
            plainOffHeap.run(in, out);
            return 0;
        }
        return ljPlainOffHeap.run(pa, fa, pb, fb);
    }

    /** @param w counter. @return a value JMH consumes. */
    @Benchmark
    public double handHeap(final Work w) {
        w.work += perCall;
        if (handHeap != null) {
            handHeap.run(hin, hout);
            return hout[hout.length / 2];
        }
        return ljHandHeap.run(hpa, hfa, hpb, hfb);
    }

    /** @param w counter. @return a value JMH consumes. */
    @Benchmark
    public double handOffHeap(final Work w) {
        w.work += perCall;
        if (handOffHeap != null) {
            handOffHeap.run(in, out);
            return 0;
        }
        return ljHandOffHeap.run(pa, fa, pb, fb);
    }
}
