package org.charm4j.jmh.kernels;

import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

import org.charm4j.DoubleArray;
import org.charm4j.jmh.kernels.KernelFns.Sweep;
import org.charm4j.kernels.KernelHandle;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.lib.Jacobi7;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a launch costs over a direct call: a tiny kernel and a Jacobi sweep on an 8^3 block, each called directly,
 * through the kept functional interface of its specialization, through {@link KernelHandle#invoke} (boxed arguments,
 * a cache hit), and through {@code specialize(...)} then the call (a cache hit by constants).
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:TypeProfileLevel=0"})
public class LaunchBenchmark {
    private static final KernelHandle TINY = Kernels.of(Tiny.class, "madd");
    private static final MethodHandle TINY_SPECIALIZED = TINY.specialize(3).handle();
    private static final KernelHandle JACOBI = Kernels.of(Jacobi7.class, "jacobiVector");

    private final long[] data = {5, 7};
    private int k = 3;
    private int n = 8;
    private Tiny.Madd tiny;
    private Sweep sweep;
    private DoubleArray in;
    private DoubleArray out;

    /** Specializations (made here, so every launch below hits the cache). */
    @Setup
    public void setup() {
        tiny = TINY.specialize(k).as(Tiny.Madd.class);
        sweep = JACOBI.specialize(n, n, n).as(Sweep.class);
        in = DoubleArray.allocate(Jacobi7.blockLength(n, n, n));
        out = DoubleArray.allocate(Jacobi7.blockLength(n, n, n));
    }

    /** @return result. */
    @Benchmark
    public long tinyDirect() {
        return Tiny.madd(k, data);
    }

    /** @return result. */
    @Benchmark
    public long tinyKept() {
        return tiny.run(data);
    }

    /** @return result. @throws Throwable never. */
    @Benchmark
    public long tinyStaticHandle() throws Throwable {
        return (long) TINY_SPECIALIZED.invokeExact(data);
    }

    /** @return result. */
    @Benchmark
    public Object tinyInvoke() {
        return TINY.invoke(k, data);
    }

    /** @return result. */
    @Benchmark
    public long tinySpecializeThenCall() {
        return TINY.specialize(k).as(Tiny.Madd.class).run(data);
    }

    /** Direct call of the generic kernel. */
    @Benchmark
    public void jacobiDirect() {
        Jacobi7.jacobiVector(n, n, n, in, out);
    }

    /** The kept specialization. */
    @Benchmark
    public void jacobiKept() {
        sweep.run(in, out);
    }

    /** Boxed launch, cache hit. @return null. */
    @Benchmark
    public Object jacobiInvoke() {
        return JACOBI.invoke(n, n, n, in, out);
    }

    /** Look-up by constants, then the call. */
    @Benchmark
    public void jacobiSpecializeThenCall() {
        JACOBI.specialize(n, n, n).as(Sweep.class).run(in, out);
    }
}
