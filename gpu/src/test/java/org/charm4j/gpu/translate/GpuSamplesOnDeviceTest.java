package org.charm4j.gpu.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.charm4j.DoubleArray;
import org.charm4j.gpu.GpuKernel;
import org.charm4j.gpu.OpenClForTests;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The translator's small kernels, which together cover its subset (Java's double-to-int conversion and min/max on
 * NaN and -0.0, shifts, 2-D and 3-D grids, lengths, an inner loop, if/else, longs, Math functions), run on the CPU
 * and on the OpenCL device (PoCL in CI) with the same inputs: equal to the bit, except where an OpenCL built-in
 * ({@code exp}) may round differently from Java's (there within 1e-15 relative). Skipped, saying why, where there
 * is no OpenCL device.
 */
class GpuSamplesOnDeviceTest {
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

    /** Awkward doubles: NaN, infinities, -0.0, values past int and long range, tiny and ordinary ones. */
    private static double[] awkward(final int n, final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 3e9,
            -3e9, 1e19, -1e19, Double.MIN_VALUE, 0.5, -0.5, 1.0, -1.0, 2.5};
        final double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i < special.length ? special[i] : r.nextDouble(-10, 10);
        }
        return v;
    }

    private static void run(final Specialization s, final Object... args) {
        try (GpuKernel k = GpuKernel.compile(s, device)) {
            k.launch(args).await();
        }
    }

    private static void assertBits(final double[] cpu, final double[] gpu, final String what) {
        for (int i = 0; i < cpu.length; i++) {
            assertEquals(Double.doubleToRawLongBits(cpu[i]), Double.doubleToRawLongBits(gpu[i]),
                what + "[" + i + "]: cpu " + cpu[i] + ", device " + gpu[i]);
        }
    }

    @Test
    void aConstantLiteralAndJavasConversionToInt() {
        final double[] in = awkward(1000, 1);
        final Specialization tenth = Kernels.of(GpuSamples.class, "scaleTenth").specialize(1000);
        final double[] cpu = new double[1000];
        final double[] gpu = new double[1000];
        tenth.invoke(in, cpu);
        run(tenth, in, gpu);
        assertBits(cpu, gpu, "scaleTenth");
        final Specialization trunc = Kernels.of(GpuSamples.class, "truncate").specialize();
        final double[] cpu2 = new double[1000];
        final double[] gpu2 = new double[1000];
        trunc.invoke(700, in, cpu2);   // a runtime bound: the last 300 are not written
        run(trunc, 700, in, gpu2);
        assertBits(cpu2, gpu2, "truncate");
        assertEquals(0.0, gpu2[0], "NaN converts to 0, as in Java");
        assertEquals(Integer.MAX_VALUE, gpu2[5], "3e9 saturates, as in Java");
    }

    @Test
    void javasMinAndMaxOnNanAndNegativeZeroOverALength() {
        final double[] values = awkward(513, 2);
        final DoubleArray in = DoubleArray.of(values);
        final DoubleArray cpu = DoubleArray.allocate(513);
        final DoubleArray gpu = DoubleArray.allocate(513);
        final Specialization clamp = Kernels.of(GpuSamples.class, "clampAll").specialize();
        clamp.invoke(in, cpu, -0.0);
        run(clamp, in, gpu, -0.0);
        assertBits(cpu.toArray(), gpu.toArray(), "clampAll");
        assertTrue(Double.isNaN(gpu.get(0)), "Math.min/max keep NaN");
    }

    @Test
    void threeGridDimensionsAndShiftsAndTwoThroughLocals() {
        final Specialization rows = Kernels.of(GpuSamples.class, "rows").specialize();
        final double[] cpu = new double[5 * 7 * 4];
        final double[] gpu = new double[5 * 7 * 4];
        rows.invoke(5, 7, cpu);
        run(rows, 5, 7, gpu);
        assertBits(cpu, gpu, "rows");
        final Specialization apart = Kernels.of(GpuSamples.class, "apart").specialize(16);
        final double[] in = awkward(256, 3);
        final double[] cpu2 = new double[256];
        final double[] gpu2 = new double[256];
        apart.invoke(in, cpu2);
        run(apart, in, gpu2);
        assertBits(cpu2, gpu2, "apart");
    }

    @Test
    void anInnerLoopBranchesLongsAndMathFunctions() {
        final double[] x = new SplittableRandom(4).doubles(64, -2, 2).toArray();
        final Specialization mixed = Kernels.of(GpuSamples.class, "mixed").specialize(64);
        final double[] cpu = new double[64];
        final double[] gpu = new double[64];
        mixed.invoke(x, cpu, 12345L);
        run(mixed, x, gpu, 12345L);
        for (int i = 0; i < 64; i++) {
            // sqrt, fma, fabs and % are exact in both; exp may differ in its last bit
            assertEquals(cpu[i], gpu[i], Math.abs(cpu[i]) * 1e-15, "mixed[" + i + "]");
        }
    }
}
