package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.charm4j.gpu.GpuDevice;
import org.charm4j.gpu.GpuKernel;
import org.charm4j.gpu.GpuLaunch;
import org.charm4j.gpu.opencl.OpenCl;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gathered pair loops a device runs ({@link DeviceForces}) give {@link Forces}' forces run as Java to the bit
 * (each force the same operations in the same order) and its energies within rounding: on the CPU (their strict
 * copies) and on an OpenCL device (PoCL in CI; skipped, saying why, where there is none). The shift of a wrapped
 * neighbour and both physics are covered.
 */
class DeviceForcesTest {
    private static final double BOUND = 1e-13;

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "opencl"})
    void gatheredForcesEqualJavasToTheBit(final String where) {
        final Config cfg = Config.parse("3", "3", "3");
        GpuDevice device = null;
        if ("opencl".equals(where)) {
            Assumptions.assumeTrue(OpenCl.available(), () -> "no OpenCL device: "
                + OpenCl.unavailableReason().orElse("?"));
            device = GpuDevice.of(OpenClDevice.first().orElseThrow());
        }
        try {
            for (final double[] c : new double[][] {{1, 0}, {7, 1.1}, {64, 0}, {300, 0.3}, {300, 0}}) {
                final int n = (int) c[0];
                final double sx = c[1];   // a shift, as for a wrapped neighbour
                for (final Physics physics : Physics.values()) {
                    final double[] a = atoms(cfg, 0, 0, 0, n);
                    final double[] b = atoms(cfg, 1, 0, 0, n + 3);
                    final double[] ja = new double[a.length];
                    final double[] jb = new double[b.length];
                    final double je = physics == Physics.CHARM ? Forces.charmPair(a, n, sx, 0, 0, b, n + 3, ja, jb)
                        : Forces.ljPair(a, n, sx, 0, 0, b, n + 3, ja, jb);
                    final double[] da = new double[a.length];
                    final double[] db = new double[b.length];
                    final double de = run(device, "pair", physics, a, n, sx, 0.0, 0.0, b, n + 3, da, db);
                    same(ja, da, where + " " + physics + " n = " + n + ": first cell");
                    same(jb, db, where + " " + physics + " n = " + n + ": second cell");
                    if (n >= 64) {
                        assertTrue(Arrays.stream(jb).filter(v -> v != 0).count() > n / 4,
                            "pairs within the cutoff: " + Arrays.toString(Arrays.copyOf(jb, 8)));
                    }
                    assertEquals(je, de, BOUND * Math.abs(je) + Double.MIN_NORMAL, where + " " + physics + " energy");
                    final double[] js = new double[a.length];
                    final double jse = physics == Physics.CHARM ? Forces.charmSelf(a, n, js) : Forces.ljSelf(a, n, js);
                    final double[] ds = new double[a.length];
                    final double dse = run(device, "self", physics, a, n, ds);
                    same(js, ds, where + " " + physics + " n = " + n + ": within a cell");
                    assertEquals(jse, dse, BOUND * Math.abs(jse) + Double.MIN_NORMAL, where + " " + physics
                        + " self energy");
                }
            }
        } finally {
            if (device != null) {
                device.close();
            }
        }
    }

    private static double run(final GpuDevice device, final String kernel, final Physics physics,
                              final Object... args) {
        final Specialization s = Kernels.of(DeviceForces.class, kernel).specialize(DeviceForces.of(physics));
        if (device == null) {
            return (Double) s.invoke(args);
        }
        try (GpuKernel k = GpuKernel.compile(s, device)) {
            final GpuLaunch l = k.launch(args);
            l.await();
            return l.sum();
        }
    }

    private static double[] atoms(final Config cfg, final int x, final int y, final int z, final int n) {
        final double[] all = Atoms.initial(cfg, x, y, z).positions();
        assertNotNull(all);
        return Layout.toBlocks(Arrays.copyOf(all, 3 * n));
    }

    private static void same(final double[] expected, final double[] actual, final String what) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]),
                what + " [" + k + "]: " + expected[k] + " vs " + actual[k]);
        }
    }
}
