package org.charm4j.jmh.reductions;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.charm4j.DoubleArray;
import org.charm4j.Reducer;
import org.charm4j.runtime.ReductionOpsForBenchmarks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One reduction step on arrays: {@code ReductionOps.combineObject} combining a contribution into the accumulator,
 * element by element, for {@code double[]} and {@link DoubleArray}. The {@code generated} methods run today's code
 * (the loops generated from {@code ArrayCombine.java.template}, the switch on the reducer outside them); the
 * {@code before} methods run the ladder it replaced (a scalar combine, switch included, per element), kept in
 * {@link ReductionOpsForBenchmarks#combineBefore}. Each off-heap operation wraps the contribution's memory in a fresh
 * handle, since combining consumes the handle. In nanoseconds per combine.
 *
 * <p>With {@code profile=one}, C2 sees a single reducer and unswitches the old per-element switch out of the loop
 * itself, so both versions get the same loop; {@code profile=mixed} is the case the generated loops are for.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar ArrayCombineBenchmark -rf json}; the medians of the iterations
 * are the figures to compare, on a quiet machine.
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class ArrayCombineBenchmark {
    /** Elements per array: 1 Ki (in L1) and 64 Ki (512 KiB per array, in L2/L3). */
    @Param({"1024", "65536"})
    public int length;

    /** The built-in reducer, by name. */
    @Param({"sum", "max"})
    public String reducer;

    /**
     * What the JIT's profile holds when it compiles: {@code one}, only the measured reducer has combined arrays in
     * this JVM; {@code mixed}, all four arithmetic reducers have, as in a program that reduces with several (the
     * profile of a switch is per method, shared by every caller).
     */
    @Param({"one", "mixed"})
    public String profile;

    private Reducer r;
    private double[] acc;
    private double[] contribution;
    private DoubleArray accOffHeap;
    private MemorySegment contributionOffHeap;

    /** Random operands in [0, 1) (a sum grows by at most 1 a call: no overflow, no subnormals). */
    @Setup
    public void setup() {
        r = Reducer.named(reducer);
        final Random rnd = new Random(42);
        acc = new double[length];
        contribution = new double[length];
        for (int i = 0; i < length; i++) {
            acc[i] = rnd.nextDouble();
            contribution[i] = rnd.nextDouble();
        }
        accOffHeap = DoubleArray.of(acc);
        contributionOffHeap = DoubleArray.of(contribution).takeSegment();
        if (profile.equals("mixed")) {
            final Reducer[] all = {Reducer.SUM, Reducer.PRODUCT, Reducer.MAX, Reducer.MIN};
            final double[] a = new double[64];
            final double[] b = new double[64];
            java.util.Arrays.fill(b, 1.0);
            final DoubleArray offA = DoubleArray.of(a);
            final MemorySegment offB = DoubleArray.of(b).takeSegment();
            for (int round = 0; round < 20_000; round++) {
                for (final Reducer each : all) {
                    ReductionOpsForBenchmarks.combine(each, a, b);
                    ReductionOpsForBenchmarks.combineBefore(each, a, b);
                    ReductionOpsForBenchmarks.combine(each, offA, DoubleArray.wrap(offB));
                    ReductionOpsForBenchmarks.combineBefore(each, offA, DoubleArray.wrap(offB));
                }
            }
        }
    }

    /** @return the accumulator. */
    @Benchmark
    public Object heapGenerated() {
        return ReductionOpsForBenchmarks.combine(r, acc, contribution);
    }

    /** @return the accumulator. */
    @Benchmark
    public Object heapBefore() {
        return ReductionOpsForBenchmarks.combineBefore(r, acc, contribution);
    }

    /** @return the accumulator. */
    @Benchmark
    public Object offHeapGenerated() {
        return ReductionOpsForBenchmarks.combine(r, accOffHeap, DoubleArray.wrap(contributionOffHeap));
    }

    /** @return the accumulator. */
    @Benchmark
    public Object offHeapBefore() {
        return ReductionOpsForBenchmarks.combineBefore(r, accOffHeap, DoubleArray.wrap(contributionOffHeap));
    }
}
