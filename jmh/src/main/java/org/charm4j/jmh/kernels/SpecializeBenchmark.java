package org.charm4j.jmh.kernels;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import org.charm4j.kernels.KernelHandle;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.lib.Jacobi7;
import org.charm4j.kernels.lib.LennardJones;
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
 * The one-time cost of a specialization: checking the kernel (making its handle) and building a copy for a new
 * constant tuple (for plain kernels: read into the kernel IR, plan and generate the SIMD copy and the scalar copy;
 * for hand-written ones: transform; then define the hidden class, bind the handle). In microseconds per operation; run with
 * {@code -bm ss -wi 0 -i 1} for the cold cost of the very first one in a JVM.
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:TypeProfileLevel=0"})
public class SpecializeBenchmark {
    /**
     * Which kernels: {@code plain} (Jacobi7.jacobi, LennardJones.forces: read into the kernel IR and vectorized by
     * the SIMD back end) or {@code vector} (the hand-written Vector API kernels, copied with constants folded).
     */
    @Param({"plain", "vector"})
    public String kind;

    private Method jacobi;
    private Method lj;
    private KernelHandle handle;
    private KernelHandle ljHandle;
    private int next = 1;

    /** Finds the methods. @throws NoSuchMethodException never. */
    @Setup
    public void setup() throws NoSuchMethodException {
        final String suffix = kind.equals("plain") ? "" : "Vector";
        jacobi = Jacobi7.class.getMethod("jacobi" + suffix, int.class, int.class, int.class,
            org.charm4j.DoubleArray.class, org.charm4j.DoubleArray.class);
        lj = LennardJones.class.getMethod("forces" + suffix, int.class, int.class, double.class, double.class,
            double.class, org.charm4j.DoubleArray.class, org.charm4j.DoubleArray.class,
            org.charm4j.DoubleArray.class, org.charm4j.DoubleArray.class);
    }

    /** A fresh handle (empty cache) before each operation. */
    @Setup(Level.Invocation)
    public void freshHandle() {
        handle = Kernels.newHandle(KernelFns.lookupIn(Jacobi7.class), jacobi, 4);
        ljHandle = Kernels.newHandle(KernelFns.lookupIn(LennardJones.class), lj, 4);
    }

    /** @return the new copy of the Jacobi kernel. */
    @Benchmark
    public Specialization specializeJacobi() {
        next++;
        return handle.specialize(next, 8, 8);
    }

    /** @return the new copy of the Lennard-Jones kernel. */
    @Benchmark
    public Specialization specializeLj() {
        next++;
        return ljHandle.specialize(next, 100, 144.0, 1.0, 2.0);
    }

    /** @return the handle: reading and checking the kernel's bytecode. */
    @Benchmark
    public KernelHandle analyze() {
        return Kernels.newHandle(KernelFns.lookupIn(Jacobi7.class), jacobi, 4);
    }
}
