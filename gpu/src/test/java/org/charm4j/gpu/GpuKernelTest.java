package org.charm4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.charm4j.DoubleArray;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.gpu.translate.GpuRefusedException;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.lib.Jacobi7;
import org.charm4j.kernels.lib.LennardJones;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same {@code @Kernel} on the CPU and on an OpenCL device (PoCL in CI) gives the same doubles, to the bit.
 * Skipped, saying why, where there is no OpenCL device.
 */
class GpuKernelTest {
    private static OpenClDevice device;

    @BeforeAll
    static void open() {
        device = OpenClForTests.openOrSkip();
    }

    @AfterAll
    static void close() {
        if (device != null) {
            device.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencl", "cuda"})
    void jacobiOnTheDeviceEqualsTheCpuToTheBit(final String api) {
        for (final int[] n : new int[][] {{8, 8, 8}, {5, 6, 7}, {70, 3, 2}}) {
            final int len = Jacobi7.blockLength(n[0], n[1], n[2]);
            final double[] values = new SplittableRandom(n[0] * 31L + n[1]).doubles(len, -1, 1).toArray();
            final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(n[0], n[1], n[2]);
            final DoubleArray in = DoubleArray.of(values);
            final DoubleArray cpu = DoubleArray.allocate(len);
            final DoubleArray gpu = DoubleArray.allocate(len);
            s.invoke(in, cpu);
            try (GpuDevice d = TestDevices.open(api); GpuKernel k = GpuKernel.compile(s, d)) {
                final GpuLaunch launch = k.launch(in, gpu);
                launch.await();
                assertTrue(launch.isDone());
            }
            for (int i = 0; i < len; i++) {
                assertEquals(Double.doubleToRawLongBits(cpu.get(i)), Double.doubleToRawLongBits(gpu.get(i)),
                    "point " + i + " of " + java.util.Arrays.toString(n) + ": cpu " + cpu.get(i) + ", device "
                        + gpu.get(i));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencl", "cuda"})
    void heapArraysAreCopiedInAndBack(final String api) {
        final int len = Jacobi7.blockLength(4, 6, 5);
        final double[] in = new SplittableRandom(3).doubles(len).toArray();
        final double[] cpu = new double[len];
        final double[] gpu = new double[len];
        final Specialization s = Kernels.of(Jacobi7.class, "jacobiHeap").specialize(4, 6, 5);
        s.invoke(in, cpu);
        try (GpuDevice d = TestDevices.open(api); GpuKernel k = GpuKernel.compile(s, d)) {
            k.launch(in, gpu).await();
        }
        for (int i = 0; i < len; i++) {
            assertEquals(Double.doubleToRawLongBits(cpu[i]), Double.doubleToRawLongBits(gpu[i]), "point " + i);
        }
    }

    @Test
    void aKernelOutsideTheSubsetIsRefusedNotRunOnTheCpu() {
        final Specialization lj = Kernels.of(LennardJones.class, "forces").specialize(16, 16, 144.0, 1e-6, 1e-3);
        final GpuRefusedException e = assertThrows(GpuRefusedException.class, () -> GpuKernel.compile(lj, device));
        assertTrue(e.getMessage().contains("forces") && e.getMessage().contains("a race"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).* at line \\d+.*"), "names the source line: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencl", "cuda"})
    void aReturnedSumIsTheWorkItemsPartsAddedInOrder(final String api) {
        final GpuDevice device = TestDevices.open(api);
        final double[] a = new SplittableRandom(11).doubles(1000, -3, 3).toArray();
        final Specialization squares = Kernels.of(org.charm4j.gpu.translate.GpuSamples.class, "sumSquares")
            .specialize(1000);
        final double cpu = (Double) squares.invoke((Object) a);
        try (GpuKernel k = GpuKernel.compile(squares, device)) {
            final GpuLaunch l = k.launch((Object) a);
            assertThrows(IllegalStateException.class, l::sum);
            l.await();
            // one term per work item: the same additions in the same order as the CPU's strict loop
            assertEquals(Double.doubleToRawLongBits(cpu), Double.doubleToRawLongBits(l.sum()), cpu + " vs " + l.sum());
        }
        final double[] x = new SplittableRandom(12).doubles(300, 0, 20).toArray();
        final double[] fCpu = new double[300];
        final double[] fGpu = new double[300];
        final Specialization pairs = Kernels.of(org.charm4j.gpu.translate.GpuSamples.class, "pairEnergy")
            .specialize(300);
        final double eCpu = (Double) pairs.invoke(x, fCpu);
        try (GpuKernel k = GpuKernel.compile(pairs, device)) {
            final GpuLaunch l = k.launch(x, fGpu);
            l.await();
            for (int i = 0; i < 300; i++) {
                assertEquals(Double.doubleToRawLongBits(fCpu[i]), Double.doubleToRawLongBits(fGpu[i]), "force " + i);
            }
            // the energy is added in another order: per work item, then over work items
            assertEquals(eCpu, l.sum(), Math.abs(eCpu) * 1e-13, "energy");
        } finally {
            device.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencl", "cuda"})
    void aLaunchOnAQueueOfItsOwnEqualsTheCpuAndAnotherDevicesQueueIsRefused(final String api) {
        final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(5, 4, 3);
        final int len = Jacobi7.blockLength(5, 4, 3);
        final DoubleArray in = DoubleArray.of(new SplittableRandom(4).doubles(len).toArray());
        final DoubleArray cpu = DoubleArray.allocate(len);
        s.invoke(in, cpu);
        try (GpuDevice d = TestDevices.open(api); GpuDevice other = TestDevices.open(api);
             GpuQueue q = d.newQueue(); GpuQueue elsewhere = other.newQueue(); GpuKernel k = GpuKernel.compile(s, d)) {
            final DoubleArray[] outs = new DoubleArray[3];
            final GpuLaunch[] launches = new GpuLaunch[3];
            for (int i = 0; i < 3; i++) {   // three launches queued at once on the new queue
                outs[i] = DoubleArray.allocate(len);
                launches[i] = k.launchOn(q, in, outs[i]);
            }
            for (int i = 0; i < 3; i++) {
                launches[i].await();
                for (int p = 0; p < len; p++) {
                    assertEquals(Double.doubleToRawLongBits(cpu.get(p)), Double.doubleToRawLongBits(outs[i].get(p)),
                        "launch " + i + ", point " + p);
                }
            }
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.launchOn(elsewhere, in, DoubleArray.allocate(len)));
            assertTrue(e.getMessage().contains("not on the device of"), e.getMessage());
        }
    }

    @Test
    void wrongArgumentsAreNamed() {
        final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(4, 4, 4);
        try (GpuKernel k = GpuKernel.compile(s, device)) {
            final IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> k.launch(DoubleArray.allocate(216)));
            assertTrue(count.getMessage().contains("takes 2 launch arguments"), count.getMessage());
            final IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> k.launch(DoubleArray.allocate(216), "out"));
            assertTrue(kind.getMessage().contains("argument out") && kind.getMessage().contains("String"),
                kind.getMessage());
            assertTrue(k.source().text().contains("FP_CONTRACT OFF"), k.source().text());
        }
    }
}
