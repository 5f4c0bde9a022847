package org.charm4j.kernels.lib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.KernelHandle;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.ParallelLoop;
import org.charm4j.kernels.simd.Stencil7;
import org.junit.jupiter.api.Test;

class KernelLibTest {
    interface Sweep {
        void run(DoubleArray in, DoubleArray out);
    }

    interface Pairs {
        double run(DoubleArray pa, DoubleArray fa, DoubleArray pb, DoubleArray fb);
    }

    private static final int[][] SHAPES = {{8, 8, 8}, {16, 16, 16}, {5, 7, 3}, {13, 1, 2}, {1, 4, 9}, {31, 6, 2}};

    @Test
    void jacobiVersionsAgreeBitForBitOnBlocksOfManyShapes() throws Throwable {
        final KernelHandle scalar = Kernels.of(Jacobi7.class, "jacobi");
        final KernelHandle vector = Kernels.of(Jacobi7.class, "jacobiVector");
        final KernelHandle heap = Kernels.of(Jacobi7.class, "jacobiHeap");
        final KernelHandle vectorHeap = Kernels.of(Jacobi7.class, "jacobiVectorHeap");
        final SplittableRandom rnd = new SplittableRandom(7);
        final long before = scalar.specializationCount();
        for (final int[] s : SHAPES) {
            final int len = Jacobi7.blockLength(s[0], s[1], s[2]);
            final double[] data = rnd.doubles(len, -1, 1).toArray();
            final DoubleArray in = DoubleArray.of(data);
            final DoubleArray expected = DoubleArray.allocate(len);
            Jacobi7.jacobi(s[0], s[1], s[2], in, expected);
            final double[] want = expected.toArray();
            checkPoint(want, data, s, 1, 1, 1);
            checkPoint(want, data, s, s[0], s[1], s[2]);

            final DoubleArray out = DoubleArray.allocate(len);
            scalar.invoke(s[0], s[1], s[2], in, out);
            assertArrayEquals(want, out.toArray());
            final DoubleArray outV = DoubleArray.allocate(len);
            vector.specialize(s[0], s[1], s[2]).as(Sweep.class).run(in, outV);
            assertArrayEquals(want, outV.toArray());
            final DoubleArray outG = DoubleArray.allocate(len);
            vector.generic().invokeExact(s[0], s[1], s[2], in, outG);
            assertArrayEquals(want, outG.toArray());
            final double[] h = new double[len];
            heap.invoke(s[0], s[1], s[2], data, h);
            assertArrayEquals(want, h);
            final double[] hv = new double[len];
            vectorHeap.invoke(s[0], s[1], s[2], data, hv);
            assertArrayEquals(want, hv);
        }
        assertTrue(scalar.specializationCount() - before <= SHAPES.length);
        assertEquals("simd", scalar.specialize(SHAPES[0][0], SHAPES[0][1], SHAPES[0][2]).backend());
    }

    private static void checkPoint(final double[] out, final double[] in, final int[] s, final int i, final int j,
                                   final int k) {
        final int dy = s[0] + 2;
        final int dz = dy * (s[1] + 2);
        final int c = i + j * dy + k * dz;
        final double sum = in[c - 1] + in[c + 1] + in[c - dy] + in[c + dy] + in[c - dz] + in[c + dz] + in[c];
        assertEquals(sum / 7, out[c], 1e-15);
        assertEquals(0.0, out[0]);
    }

    @Test
    void jacobiMarksItsOuterLoopsParallel() {
        final List<ParallelLoop> loops = Kernels.of(Jacobi7.class, "jacobi").parallelLoops();
        assertEquals(List.of("k", "j"), loops.stream().map(ParallelLoop::name).toList());
        assertTrue(loops.get(0).startBci() < loops.get(1).startBci() && loops.get(1).endBci() <= loops.get(0).endBci());
        assertTrue(loops.get(0).line() > 0);
    }

    @Test
    void twoAtomsGiveTheTextbookForceAndEnergy() {
        final double a = 4 * 0.238 * Math.pow(3.4, 12);
        final double b = 4 * 0.238 * Math.pow(3.4, 6);
        final double r = 3.9;
        final DoubleArray pa = DoubleArray.of(0, 0, 0);
        final DoubleArray pb = DoubleArray.of(r, 0, 0);
        final DoubleArray fa = DoubleArray.allocate(3);
        final DoubleArray fb = DoubleArray.allocate(3);
        final double e = (double) Kernels.of(LennardJones.class, "forces").invoke(1, 1, 144.0, a, b, pa, fa, pb, fb);
        assertEquals(a / Math.pow(r, 12) - b / Math.pow(r, 6), e, 1e-12);
        final double f = 12 * a / Math.pow(r, 13) - 6 * b / Math.pow(r, 7);
        assertEquals(-f, fa.get(0), 1e-12);
        assertEquals(f, fb.get(0), 1e-12);
        assertEquals(0.0, fa.get(1));
    }

    @Test
    void ljVersionsAgreeOnRandomCells() throws Throwable {
        final KernelHandle scalar = Kernels.of(LennardJones.class, "forces");
        final KernelHandle vector = Kernels.of(LennardJones.class, "forcesVector");
        final KernelHandle heap = Kernels.of(LennardJones.class, "forcesVectorHeap");
        final SplittableRandom rnd = new SplittableRandom(11);
        final double a = 4 * 0.238 * Math.pow(3.4, 12);
        final double b = 4 * 0.238 * Math.pow(3.4, 6);
        final int[][] sizes = {{100, 100}, {150, 200}, {7, 13}, {200, 1}};
        final double[] cutoffs = {12.0, 8.0};
        for (final int[] n : sizes) {
            for (final double cut : cutoffs) {
                final DoubleArray pa = cell(rnd, n[0], 0);
                final DoubleArray pb = cell(rnd, n[1], 12);
                final DoubleArray fa0 = DoubleArray.allocate(3L * n[0]);
                final DoubleArray fb0 = DoubleArray.allocate(3L * n[1]);
                final double e0 = (double) scalar.generic().invokeExact(n[0], n[1], cut * cut, a, b, pa, fa0, pb,
                    fb0);
                assertTrue(n[1] == 1 || e0 != 0.0);

                final DoubleArray fa1 = DoubleArray.allocate(3L * n[0]);
                final DoubleArray fb1 = DoubleArray.allocate(3L * n[1]);
                final double e1 = scalar.specialize(n[0], n[1], cut * cut, a, b).as(Pairs.class).run(pa, fa1, pb, fb1);
                // The specialized copy sums energy and the forces on A as vector reductions (another order).
                assertEquals(e0, e1, 1e-12 * Math.abs(e0));
                assertClose(fa0.toArray(), fa1.toArray());
                assertArrayEquals(fb0.toArray(), fb1.toArray());

                final DoubleArray fa2 = DoubleArray.allocate(3L * n[0]);
                final DoubleArray fb2 = DoubleArray.allocate(3L * n[1]);
                final double e2 = (double) vector.invoke(n[0], n[1], cut * cut, a, b, pa, fa2, pb, fb2);
                assertEquals(e0, e2, 1e-9 * Math.abs(e0));
                assertClose(fa0.toArray(), fa2.toArray());
                assertClose(fb0.toArray(), fb2.toArray());

                final double[] fa3 = new double[3 * n[0]];
                final double[] fb3 = new double[3 * n[1]];
                final double e3 = (double) heap.invoke(n[0], n[1], cut * cut, a, b, pa.toArray(), fa3, pb.toArray(),
                    fb3);
                assertEquals(e0, e3, 1e-9 * Math.abs(e0));
                assertClose(fa0.toArray(), fa3);
                assertClose(fb0.toArray(), fb3);

            }
        }
    }

    private static void assertClose(final double[] want, final double[] got) {
        double scale = 0;
        for (final double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-10 * scale, "element " + i);
        }
    }

    /** Atoms at random in a 12 Å cube shifted by {@code x0} in x, kept at least 2 Å apart in x from the face. */
    private static DoubleArray cell(final SplittableRandom rnd, final int n, final double x0) {
        final DoubleArray p = DoubleArray.allocate(3L * n);
        for (int i = 0; i < n; i++) {
            p.set(i, x0 + (x0 == 0 ? rnd.nextDouble(0, 11) : rnd.nextDouble(1, 12)));
            p.set(n + i, rnd.nextDouble(0, 12));
            p.set(2L * n + i, rnd.nextDouble(0, 12));
        }
        return p;
    }

    @Test
    void oneSeventhIsCharmsDivideBy7() {
        assertEquals(0.14285714285714285714, Stencil7.ONE_SEVENTH, 0.0);
    }
}
