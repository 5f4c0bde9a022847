package org.charm4j.jmh.kernels;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.charm4j.DoubleArray;
import org.charm4j.gpu.GpuKernel;
import org.charm4j.gpu.opencl.OpenCl;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.jmh.kernels.KernelFns.Sweep;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Parallel;
import org.charm4j.kernels.lib.Jacobi7;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The 7-point Jacobi {@code @Kernel} ({@code Jacobi7.jacobi}, on {@code DoubleArray}s) on the first OpenCL device
 * (PoCL on this machine's CPU) against the same kernel on the CPU path (charm4j's SIMD back end, one thread), and a
 * launch of a kernel that writes one double: enqueue to completion, what a launch costs beyond its work.
 * {@code java -jar jmh/target/benchmarks.jar OpenClJacobiBenchmark}; fails at set-up where there is no OpenCL device.
 *
 * <p>Threading: JMH state, one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-XX:TypeProfileLevel=0"})
public class OpenClJacobiBenchmark {
    /** Block edge: n^3 interior points. */
    @Param({"64", "128"})
    public int n;

    private OpenClDevice device;
    private GpuKernel onDevice;
    private GpuKernel empty;
    private Sweep onCpu;
    private DoubleArray in;
    private DoubleArray out;
    private DoubleArray one;
    private org.charm4j.gpu.DeviceArray residentIn;
    private org.charm4j.gpu.DeviceArray residentOut;
    private org.charm4j.gpu.DeviceArray residentOne;

    /**
     * The smallest launch: one work item writes one double.
     *
     * @param m     work items (1).
     * @param a     written.
     */
    @Kernel
    public static void touch(@Const final int m, final DoubleArray a) {
        for (@Parallel int i = 0; i < m; i++) {
            a.set(i, 1.0);
        }
    }

    /** Compiles both kernels and makes the blocks. */
    @Setup(Level.Trial)
    public void setUp() {
        if (!OpenCl.available()) {
            throw new IllegalStateException("no OpenCL device: " + OpenCl.unavailableReason().orElse("?"));
        }
        device = OpenClDevice.first().orElseThrow();
        onDevice = GpuKernel.compile(Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n), device);
        empty = GpuKernel.compile(Kernels.of(OpenClJacobiBenchmark.class, "touch").specialize(1), device);
        onCpu = Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n).as(Sweep.class);
        final int len = Jacobi7.blockLength(n, n, n);
        in = DoubleArray.of(new SplittableRandom(1).doubles(len).toArray());
        out = DoubleArray.allocate(len);
        one = DoubleArray.allocate(1);
        residentIn = org.charm4j.gpu.DeviceArray.mirror(device, in.copy());
        residentOut = org.charm4j.gpu.DeviceArray.mirror(device, DoubleArray.allocate(len));
        residentOne = org.charm4j.gpu.DeviceArray.mirror(device, DoubleArray.allocate(1));
    }

    /** Releases the device. */
    @TearDown(Level.Trial)
    public void tearDown() {
        residentIn.close();
        residentOut.close();
        residentOne.close();
        onDevice.close();
        empty.close();
        device.close();
    }

    /** One sweep on the OpenCL device, launch to results visible in {@code out}. */
    @Benchmark
    public void device() {
        onDevice.launch(in, out).await();
    }

    /** One sweep on the CPU path. */
    @Benchmark
    public void cpu() {
        onCpu.run(in, out);
    }

    /** A launch that writes one double, enqueue to completion. */
    @Benchmark
    public void emptyLaunch() {
        empty.launch(one).await();
    }

    /** One sweep on arrays that stay on the device ({@code DeviceArray}): nothing is mapped back. */
    @Benchmark
    public void deviceResident() {
        onDevice.launch(residentIn, residentOut).await();
    }

    /** The launch that writes one double, into an array that stays on the device. */
    @Benchmark
    public void emptyLaunchResident() {
        empty.launch(residentOne).await();
    }
}
