package org.charm4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.charm4j.DoubleArray;
import org.charm4j.gpu.DeviceArray.Box;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.lib.Jacobi7;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arrays that stay on the device between launches move only what changed, in both storages: the host memory itself
 * (a unified-memory device such as PoCL) and the device's own memory (what a discrete GPU gets), so the second path
 * runs in CI too; and on a CUDA device where there is one. Each case skips, saying why, where its API has no device.
 */
class DeviceArrayTest {
    /** The device of this test: {@code shared} and {@code device} on OpenCL, {@code cuda} on CUDA. */
    private static GpuDevice open(final String kind) {
        return TestDevices.open("cuda".equals(kind) ? "cuda" : "opencl");
    }

    private static BiFunction<GpuDevice, DoubleArray, DeviceArray> storage(final String kind) {
        return "device".equals(kind) ? DeviceArray::mirrorInDeviceMemory : DeviceArray::mirror;
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "device", "cuda"})
    void manySweepsOnTheDeviceEqualTheCpuAndMoveTheArraysOnce(final String kind) {
        final int nx = 6;
        final int ny = 5;
        final int nz = 7;
        final int len = Jacobi7.blockLength(nx, ny, nz);
        final double[] start = new SplittableRandom(11).doubles(len, -1, 1).toArray();
        final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(nx, ny, nz);
        DoubleArray a = DoubleArray.of(start);
        DoubleArray b = DoubleArray.of(start);
        for (int it = 0; it < 10; it++) {
            s.invoke(a, b);
            final DoubleArray t = a;
            a = b;
            b = t;
        }
        try (GpuDevice device = open(kind); GpuKernel k = GpuKernel.compile(s, device);
             DeviceArray da = storage(kind).apply(device, DoubleArray.of(start));
             DeviceArray db = storage(kind).apply(device, DoubleArray.of(start))) {
            assertEquals(kind.equals("shared") && device.sharesHostMemory(), da.sharesHostMemory());
            DeviceArray x = da;
            DeviceArray y = db;
            for (int it = 0; it < 10; it++) {
                k.launch(x, y).await();
                final DeviceArray t = x;
                x = y;
                y = t;
            }
            assertEquals(8L * len, da.bytesToDevice(), "the first launch moves each array over once, then nothing");
            assertEquals(0, da.bytesToHost(), "launches bring nothing back");
            assertTrue(x.deviceIsNewer());
            x.toHost();
            assertFalse(x.deviceIsNewer());
            assertEquals(8L * len, x.bytesToHost());
            x.toHost();
            assertEquals(8L * len, x.bytesToHost(), "a second toHost() with nothing new moves nothing");
            for (int i = 0; i < len; i++) {
                assertEquals(Double.doubleToRawLongBits(a.get(i)), Double.doubleToRawLongBits(x.host().get(i)),
                    "point " + i + " after 10 sweeps");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "device", "cuda"})
    void hostChangesMoveOnlyTheirRangeAndAreRefusedWhileTheDeviceIsNewer(final String kind) {
        final int nx = 4;
        final int len = Jacobi7.blockLength(nx, nx, nx);
        final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(nx, nx, nx);
        try (GpuDevice device = open(kind); GpuKernel k = GpuKernel.compile(s, device);
             DeviceArray in = storage(kind).apply(device, DoubleArray.allocate(len));
             DeviceArray out = storage(kind).apply(device, DoubleArray.allocate(len))) {
            k.launch(in, out).await();
            final long moved = in.bytesToDevice();
            in.host().set(10, 7.0);
            in.host().set(20, 7.0);
            in.hostChanged(10, 1);
            in.hostChanged(20, 1);
            k.launch(in, out).await();
            assertEquals(moved + 8L * 11, in.bytesToDevice(), "elements 10 to 20 moved, no more");
            out.toHost();
            final DoubleArray cpu = DoubleArray.allocate(len);
            s.invoke(in.host(), cpu);
            for (int i = 0; i < len; i++) {
                assertEquals(Double.doubleToRawLongBits(cpu.get(i)), Double.doubleToRawLongBits(out.host().get(i)),
                    "point " + i);
            }
            k.launch(in, out).await();
            final IllegalStateException e = assertThrows(IllegalStateException.class, out::hostChanged);
            assertTrue(e.getMessage().contains("toHost()"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "device", "cuda"})
    void boxesReadAndWriteTheRightElements(final String kind) {
        final int nx = 5;
        final int ny = 4;
        final int nz = 3;
        final double[] v = new double[nx * ny * nz];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        try (GpuDevice device = open(kind); DeviceArray d = storage(kind).apply(device, DoubleArray.of(v))) {
            final Box face = new Box(nx, ny, 1, 0, 0, 1, ny, nz);          // x = 1: ny * nz values, y fastest
            final Box row = new Box(nx, ny, 1, 2, 1, 3, 1, 2);             // x 1..3 of y = 2, z = 1..2
            final DoubleArray f = DoubleArray.allocate(face.values());
            final DoubleArray r = DoubleArray.allocate(row.values());
            d.readBoxes(new Box[] {face, row}, new DoubleArray[] {f, r});
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    assertEquals(1 + nx * (y + ny * z), f.get(z * ny + y), "face (" + y + ", " + z + ")");
                }
            }
            for (int z = 0; z < 2; z++) {
                for (int x = 0; x < 3; x++) {
                    assertEquals(1 + x + nx * (2 + ny * (1 + z)), r.get(z * 3 + x), "row (" + x + ", " + z + ")");
                }
            }
            final DoubleArray minus = DoubleArray.allocate(face.values());
            minus.fill(-1);
            d.enqueueWriteBox(face, minus);
            d.writeBox(new Box(nx, ny, 0, 0, 2, nx, ny, 1), DoubleArray.allocate(nx * ny));   // z = 2 slice: zeros
            assertTrue(d.deviceIsNewer());
            d.toHost();
            for (int z = 0; z < nz; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        final int i = x + nx * (y + ny * z);
                        final double want = z == 2 ? 0 : x == 1 ? -1 : i;
                        assertEquals(want, d.host().get(i), "(" + x + ", " + y + ", " + z + ")");
                    }
                }
            }
            assertThrows(IndexOutOfBoundsException.class,
                () -> d.readBox(new Box(nx, ny, 0, 0, 3, 1, 1, 1), DoubleArray.allocate(1)));
            assertThrows(IllegalArgumentException.class,
                () -> d.readBox(face, DoubleArray.allocate(face.values() - 1)));
        }
        assertThrows(IllegalArgumentException.class, () -> new Box(4, 4, 3, 0, 0, 2, 1, 1));
    }

    @org.junit.jupiter.api.Test
    void anArrayOfAnotherDeviceIsRefusedByName() {
        final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(2, 2, 2);
        final int len = Jacobi7.blockLength(2, 2, 2);
        try (GpuDevice device = open("shared"); OpenClDevice other = OpenClDevice.first().orElseThrow();
             GpuKernel k = GpuKernel.compile(s, device);
             DeviceArray in = DeviceArray.mirror(other, DoubleArray.allocate(len))) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.launch(in, DoubleArray.allocate(len)));
            assertTrue(e.getMessage().contains("another device"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shared", "cuda"})
    void launchesAlternatingBetweenTwoQueuesSeeEachOthersWrites(final String kind) {
        final int n = 6;
        final int len = Jacobi7.blockLength(n, n, n);
        final double[] start = new SplittableRandom(21).doubles(len, -1, 1).toArray();
        final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n);
        DoubleArray a = DoubleArray.of(start);
        DoubleArray b = DoubleArray.of(start);
        for (int it = 0; it < 9; it++) {
            s.invoke(a, b);
            final DoubleArray t = a;
            a = b;
            b = t;
        }
        try (GpuDevice device = open(kind); GpuQueue q1 = device.newQueue(); GpuQueue q2 = device.newQueue();
             GpuKernel k = GpuKernel.compile(s, device);
             DeviceArray x = DeviceArray.mirror(q1, DoubleArray.of(start));
             DeviceArray y = DeviceArray.mirror(q2, DoubleArray.of(start))) {
            assertTrue(x.queue() == q1 && y.queue() == q2);
            for (int it = 0; it < 9; it++) {   // each launch on its first array's queue, the other array's queue apart
                if (it % 2 == 0) {
                    k.launch(x, y);
                } else {
                    k.launch(y, x);
                }
            }
            y.toHost();   // the last launch ran on x's queue: y's move waits for it
            for (int i = 0; i < len; i++) {
                assertEquals(Double.doubleToRawLongBits(a.get(i)), Double.doubleToRawLongBits(y.host().get(i)),
                    "point " + i + " after 9 sweeps on alternating queues");
            }
        }
    }
}
