package org.charm4j.jmh.kernels;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.charm4j.DoubleArray;
import org.charm4j.jmh.kernels.KernelFns.HeapSweep;
import org.charm4j.jmh.kernels.KernelFns.Sweep;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.lib.Jacobi7;
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
 * The 7-point Jacobi update on an n^3 block with ghosts: generic (the kernel called directly, sizes as variables),
 * specialized (the copy with constant sizes), Vector API (generic and specialized), on off-heap {@link DoubleArray}s
 * and on {@code double[]}. Read the {@code points} counter: points per microsecond = Mpoints/s. C reference:
 * {@code jmh/c/run.sh}.
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class JacobiBenchmark {
    /** Points updated, reported per microsecond (Mpoints/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Points {
        /** Points updated in this iteration. */
        public long points;

        /** Resets the counter. */
        @Setup(Level.Iteration)
        public void reset() {
            points = 0;
        }
    }

    /** Block edge. */
    @Param({"8", "16", "32", "64", "128"})
    public int n;

    private DoubleArray in;
    private DoubleArray out;
    private double[] hin;
    private double[] hout;
    private Sweep specialized;
    private Sweep vector;
    private HeapSweep heapSpecialized;
    private HeapSweep heapVector;
    private long perCall;

    /** Random block, specializations for this size. */
    @Setup
    public void setup() {
        final int len = Jacobi7.blockLength(n, n, n);
        hin = new SplittableRandom(42).doubles(len).toArray();
        hout = new double[len];
        in = DoubleArray.of(hin);
        out = DoubleArray.allocate(len);
        specialized = Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n).as(Sweep.class);
        vector = Kernels.of(Jacobi7.class, "jacobiVector").specialize(n, n, n).as(Sweep.class);
        heapSpecialized = Kernels.of(Jacobi7.class, "jacobiHeap").specialize(n, n, n).as(HeapSweep.class);
        heapVector = Kernels.of(Jacobi7.class, "jacobiVectorHeap").specialize(n, n, n).as(HeapSweep.class);
        perCall = (long) n * n * n;
    }

    /** @param p counter. */
    @Benchmark
    public void generic(final Points p) {
        Jacobi7.jacobi(n, n, n, in, out);
        p.points += perCall;
    }

    /** @param p counter. */
    @Benchmark
    public void specialized(final Points p) {
        specialized.run(in, out);
        p.points += perCall;
    }

    /** @param p counter. */
    @Benchmark
    public void vectorGeneric(final Points p) {
        Jacobi7.jacobiVector(n, n, n, in, out);
        p.points += perCall;
    }

    /** @param p counter. */
    @Benchmark
    public void vector(final Points p) {
        vector.run(in, out);
        p.points += perCall;
    }

    /** @param p counter. */
    @Benchmark
    public void heapGeneric(final Points p) {
        Jacobi7.jacobiHeap(n, n, n, hin, hout);
        p.points += perCall;
    }

    /** @param p counter. */
    @Benchmark
    public void heapSpecialized(final Points p) {
        heapSpecialized.run(hin, hout);
        p.points += perCall;
    }

    /** @param p counter. */
    @Benchmark
    public void heapVectorGeneric(final Points p) {
        Jacobi7.jacobiVectorHeap(n, n, n, hin, hout);
        p.points += perCall;
    }

    /** @param p counter. */
    @Benchmark
    public void heapVector(final Points p) {
        heapVector.run(hin, hout);
        p.points += perCall;
    }
}
