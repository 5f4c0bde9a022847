package org.charm4j.kernels.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.KernelHandle;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.lib.Jacobi7;
import org.charm4j.kernels.lib.LennardJones;
import org.junit.jupiter.api.Test;

/** The SIMD back end against the kernels as written (their generic handles), at sizes with and without a tail. */
class SimdBackendTest {
    private static double[] random(final int n, final long seed) {
        return new SplittableRandom(seed).doubles(n).toArray();
    }

    private static Object generic(final KernelHandle h, final Object... args) throws Throwable {
        return h.generic().invokeWithArguments(args);
    }

    @Test
    void axpyIsVectorizedAndExact() throws Throwable {
        for (final int n : new int[] {3, 8, 37, 64}) {
            final KernelHandle h = Kernels.of(IrSamples.class, "axpy");
            final double[] x = random(n, 1);
            final double[] y = random(n, 2);
            final double[] y2 = y.clone();
            h.invoke(n, 1.5, x, y);
            generic(h, n, 1.5, x, y2);
            assertArrayEquals(y2, y);
            final Specialization s = h.specialize(n);
            assertEquals("simd", s.backend(), s.toString());
        }
    }

    @Test
    void offHeapSumIsAVectorReductionWithinTheStatedBound() throws Throwable {
        final int n = 1003;
        final DoubleArray x = DoubleArray.of(random(n, 3));
        final DoubleArray y = DoubleArray.of(random(n, 4));
        final KernelHandle h = Kernels.of(IrSamples.class, "dot");
        final double got = (double) h.invoke(n, x, y);
        final double want = (double) generic(h, n, x, y);
        assertEquals(want, got, n * Math.ulp(want));
        assertEquals("simd", h.specialize(n).backend());
        assertTrue(h.specialize(n).notes().getFirst().contains("vectorized"), h.specialize(n).toString());
    }

    @Test
    void strictModeKeepsTheScalarOrderBitForBit() throws Throwable {
        final int n = 1003;
        final DoubleArray x = DoubleArray.of(random(n, 3));
        final DoubleArray y = DoubleArray.of(random(n, 4));
        final KernelHandle h = Kernels.of(IrSamples.class, "dotStrict");
        assertEquals(Double.doubleToRawLongBits((double) generic(h, n, x, y)),
            Double.doubleToRawLongBits((double) h.invoke(n, x, y)));
        final Specialization s = h.specialize(n);
        assertEquals("scalar", s.backend());
        assertTrue(s.notes().getFirst().contains("strict"), s.toString());
    }

    @Test
    void conditionsBecomeMasksAndBlends() throws Throwable {
        for (final int n : new int[] {5, 16, 41}) {
            final double[] in = random(n, 5);
            in[0] = Double.NaN;
            final double[] out = new double[n];
            final double[] want = new double[n];
            final KernelHandle h = Kernels.of(IrSamples.class, "clampSqrt");
            h.invoke(n, 0.25, in, out);
            generic(h, n, 0.25, in, want);
            assertArrayEquals(want, out);
            assertEquals("simd", h.specialize(n, 0.25).backend());

            final KernelHandle m = Kernels.of(IrSamples.class, "maskedSum");
            final double[] o1 = new double[n];
            final double[] o2 = new double[n];
            final double s1 = (double) m.invoke(n, in, o1);
            final double s2 = (double) generic(m, n, in, o2);
            assertArrayEquals(o2, o1);
            assertEquals(s2, s1, n * 1e-16 * 4, "sum");
            assertEquals("simd", m.specialize(n).backend(), m.specialize(n).toString());
        }
    }

    @Test
    void nanComparisonsKeepJavaSemantics() throws Throwable {
        final double[] a = {Double.NaN, 2, 0, Double.NaN, 1, 0.5, 3, Double.NaN, 7, Double.NaN, 0};
        final KernelHandle h = Kernels.of(IrSamples.class, "nanCompare");
        assertEquals((double) generic(h, a.length, a), (double) h.invoke(a.length, a));
        assertEquals(7.0, (double) h.invoke(a.length, a));
    }

    @Test
    void inlinedHelpersAndTwoDimensionalLoops() throws Throwable {
        final int n = 29;
        final double[] in = random(n + 2, 6);
        final double[] out = new double[n + 2];
        final double[] want = new double[n + 2];
        final KernelHandle h = Kernels.of(IrSamples.class, "withHelper");
        h.invoke(n, in, out);
        generic(h, n, in, want);
        assertArrayEquals(want, out);
        final KernelHandle r = Kernels.of(IrSamples.class, "rows");
        final double[] g = random(7 * 19, 7);
        final double[] o1 = new double[g.length];
        final double[] o2 = new double[g.length];
        r.invoke(19, 7, g, o1);
        generic(r, 19, 7, g, o2);
        assertArrayEquals(o2, o1);
        assertEquals("simd", r.specialize(19, 7).backend());
    }

    @Test
    void overlappingArraysRunTheScalarCopy() throws Throwable {
        final int n = 40;
        final double[] a = random(n + 2, 8);
        final double[] b = a.clone();
        final KernelHandle h = Kernels.of(IrSamples.class, "withHelper");
        h.invoke(n, a, a);
        generic(h, n, b, b);
        assertArrayEquals(b, a);
        assertTrue(h.specialize(n).notes().toString().contains("overlap"), h.specialize(n).toString());
    }

    @Test
    void anOutOfBoundsLaunchRunsTheScalarCopyAndThrowsWhereJavaWould() throws Throwable {
        final KernelHandle h = Kernels.of(IrSamples.class, "axpy");
        final double[] x = random(37, 12);
        final double[] y = random(20, 13);
        final double[] want = y.clone();
        assertThrows(IndexOutOfBoundsException.class, () -> generic(h, 37, 2.0, x, want));
        assertThrows(IndexOutOfBoundsException.class, () -> h.invoke(37, 2.0, x, y));
        assertArrayEquals(want, y, "the elements before the bad index are written, as by Java");
        final String notes = h.specialize(37).notes().toString();
        assertTrue(notes.contains("x[0..36]") && notes.contains("y[0..36]") && notes.contains("checked once"), notes);
    }

    @Test
    void offHeapArraysLongerThanAKernelReadsAreSlicedToItsRangeAndTheRestIsLeftAlone() throws Throwable {
        final int n = 24;
        final int len = Jacobi7.blockLength(n, n, n);
        final double[] hin = random(len, 30);
        final double[] hout = new double[len];
        Kernels.of(Jacobi7.class, "jacobiHeap").invoke(n, n, n, hin, hout);
        final int extra = 100;
        final double[] in = java.util.Arrays.copyOf(hin, len + extra);
        java.util.Arrays.fill(in, len, len + extra, Double.NaN);
        final DoubleArray din = DoubleArray.of(in);
        final DoubleArray dout = DoubleArray.allocate(len + extra);
        dout.fill(-1.0);
        final KernelHandle off = Kernels.of(Jacobi7.class, "jacobi");
        off.invoke(n, n, n, din, dout);
        final double[] got = dout.toArray();
        final double[] want = java.util.Arrays.copyOf(hout, len + extra);
        for (int i = 0; i < len + extra; i++) {
            if (i >= len || hout[i] == 0.0 && got[i] == -1.0) {
                want[i] = -1.0;   // not written: the ghost cells and everything past the block
            }
        }
        assertArrayEquals(want, got, "the off-heap sweep equals the heap sweep to the bit and writes nothing else");
        final String notes = off.specialize(n, n, n).notes().toString();
        assertTrue(notes.contains("sliced to constant lengths"), notes);
        assertThrows(IndexOutOfBoundsException.class, () -> off.invoke(n, n, n, DoubleArray.allocate(len / 2),
            DoubleArray.allocate(len)), "a short array still fails where Java would");
    }

    @Test
    void whatCannotBeVectorizedSaysWhy() {
        final Specialization strided = Kernels.of(IrSamples.class, "strided").specialize(10);
        assertEquals("scalar", strided.backend());
        assertTrue(strided.notes().getFirst().contains("stride"), strided.toString());
        final Specialization rec = Kernels.of(IrSamples.class, "recurrence").specialize(10);
        assertEquals("scalar", rec.backend());
        assertTrue(rec.notes().getFirst().contains("apart"), rec.toString());
        final Specialization ternary = Kernels.of(IrSamples.class, "ternary").specialize(10);
        assertTrue(ternary.notes().getFirst().contains("not in the kernel IR"), ternary.toString());
        assertTrue(Kernels.specializations().stream().anyMatch(s -> s.toString().contains("stride")));
    }

    @Test
    void plainJacobiGivesTheBitsOfTheHandWrittenVectorKernel() throws Throwable {
        for (final int n : new int[] {4, 8, 13}) {
            final int len = Jacobi7.blockLength(n, n, n);
            final double[] in = random(len, 9);
            final double[] want = new double[len];
            final double[] heap = new double[len];
            Jacobi7.jacobiVectorHeap(n, n, n, in, want);
            Kernels.of(Jacobi7.class, "jacobiHeap").invoke(n, n, n, in, heap);
            assertArrayEquals(want, heap);
            final DoubleArray din = DoubleArray.of(in);
            final DoubleArray dout = DoubleArray.allocate(len);
            Kernels.of(Jacobi7.class, "jacobi").invoke(n, n, n, din, dout);
            assertArrayEquals(want, dout.toArray());
            assertEquals("simd", Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n).backend());
            assertEquals("simd", Kernels.of(Jacobi7.class, "jacobiHeap").specialize(n, n, n).backend());
        }
    }

    @Test
    void plainLennardJonesMatchesTheScalarLoops() throws Throwable {
        for (final int n : new int[] {12, 37}) {
            final double[] pa = new SplittableRandom(10).doubles(3 * n, 0, 20).toArray();
            final double[] pb = new SplittableRandom(11).doubles(3 * n, 5, 25).toArray();
            final KernelHandle heap = Kernels.of(LennardJones.class, "forcesHeap");
            final double[] fa1 = new double[3 * n];
            final double[] fb1 = new double[3 * n];
            final double[] fa2 = new double[3 * n];
            final double[] fb2 = new double[3 * n];
            final double e1 = (double) heap.invoke(n, n, 144.0, 1.0, 1.0, pa, fa1, pb, fb1);
            final double e2 = (double) generic(heap, n, n, 144.0, 1.0, 1.0, pa, fa2, pb, fb2);
            assertEquals(e2, e1, Math.abs(e2) * 1e-12);
            for (int k = 0; k < 3 * n; k++) {
                assertEquals(fb2[k], fb1[k], 0.0, "fb is not summed across lanes: same bits");
                assertEquals(fa2[k], fa1[k], Math.abs(fa2[k]) * 1e-12 + 1e-300);
            }
            assertEquals("simd", heap.specialize(n, n, 144.0, 1.0, 1.0).backend(),
                heap.specialize(n, n, 144.0, 1.0, 1.0).toString());
            final KernelHandle off = Kernels.of(LennardJones.class, "forces");
            final DoubleArray ga = DoubleArray.allocate(3 * n);
            final DoubleArray gb = DoubleArray.allocate(3 * n);
            final double e3 = (double) off.invoke(n, n, 144.0, 1.0, 1.0, DoubleArray.of(pa), ga, DoubleArray.of(pb),
                gb);
            assertEquals(Double.doubleToRawLongBits(e1), Double.doubleToRawLongBits(e3));
            assertArrayEquals(fb1, gb.toArray());
            assertArrayEquals(fa1, ga.toArray());
        }
    }

    @Test
    void offHeapArraysReReadUnderAnOuterLoopAreStagedOnTheHeapWithTheSameResults() throws Throwable {
        final int n = 29;
        final KernelHandle off = Kernels.of(LennardJones.class, "forces");
        final Specialization s = off.specialize(n, n, 144.0, 1.0, 1.0);
        assertTrue(s.notes().stream().anyMatch(x -> x.contains("[pb, fb] staged in heap copies")), s.toString());
        final Specialization jacobi = Kernels.of(org.charm4j.kernels.lib.Jacobi7.class, "jacobi").specialize(8, 8, 8);
        assertTrue(jacobi.notes().stream().noneMatch(x -> x.contains("staged")), "a streaming kernel is not staged: "
            + jacobi);
        final double[] pa = new SplittableRandom(20).doubles(3 * n, 0, 20).toArray();
        final double[] pb = new SplittableRandom(21).doubles(3 * n, 5, 25).toArray();
        final double[] fb0 = new SplittableRandom(22).doubles(3 * n, -1, 1).toArray();   // added to: copied in
        final double[] fa = new double[3 * n];
        final double[] fb = fb0.clone();
        final double e = (double) Kernels.of(LennardJones.class, "forcesHeap").invoke(n, n, 144.0, 1.0, 1.0, pa, fa,
            pb, fb);
        final DoubleArray ga = DoubleArray.allocate(3 * n);
        final DoubleArray gb = DoubleArray.of(fb0);
        final double g = (double) off.invoke(n, n, 144.0, 1.0, 1.0, DoubleArray.of(pa), ga, DoubleArray.of(pb), gb);
        assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(g));
        assertArrayEquals(fb, gb.toArray(), "the staged, written array is copied back");
        assertArrayEquals(fa, ga.toArray());
        // aliasing: the first cell's forces are the second cell's positions, written after each row of the loop
        // that re-reads those positions; a staged copy would hide the writes, so the launch runs the scalar copy,
        // whose result is Java's
        final DoubleArray both = DoubleArray.of(pb);
        final double ea = (double) off.invoke(n, n, 144.0, 1.0, 1.0, DoubleArray.of(pa), both, both,
            DoubleArray.allocate(3 * n));
        final DoubleArray expectBoth = DoubleArray.of(pb);
        final double eg = (double) generic(off, n, n, 144.0, 1.0, 1.0, DoubleArray.of(pa), expectBoth, expectBoth,
            DoubleArray.allocate(3 * n));
        assertEquals(Double.doubleToRawLongBits(eg), Double.doubleToRawLongBits(ea), "aliased: " + eg + " " + ea);
        assertArrayEquals(expectBoth.toArray(), both.toArray(), "aliased arrays: Java's result");
    }

    @Test
    void aStoreDistanceKnownOnlyAtTheLaunchIsCheckedThere() throws Throwable {
        final KernelHandle h = Kernels.of(IrSamples.class, "shiftedAdd");
        final Specialization s = h.specialize();
        assertEquals("simd", s.backend(), s.toString());
        assertTrue(s.notes().getFirst().contains("vectorized") && s.notes().getFirst().contains("scalar at an entry"),
            s.toString());
        final int lanes = org.charm4j.kernels.internal.SimdBackend.LANES;
        for (final int m : new int[] {0, 1, 2, lanes - 1, lanes, lanes + 1, 40}) {
            final double[] f = random(37 + m, 9);
            final double[] want = f.clone();
            h.invoke(37, m, f);
            generic(h, 37, m, want);
            assertArrayEquals(want, f, "m = " + m);
        }
    }

    @Test
    void aCostlyBranchNoLaneTakesIsSkippedWithTheSameResult() throws Throwable {
        final KernelHandle h = Kernels.of(IrSamples.class, "rareInverse");
        for (final int n : new int[] {5, 64, 1001}) {
            final double[] a = random(n, 11);
            final double[] out = random(n, 12);
            final double[] want = out.clone();
            final double got = (double) h.invoke(n, a, out);
            final double exp = (double) generic(h, n, a, want);
            assertArrayEquals(want, out, "n = " + n);
            assertEquals(exp, got, n * Math.ulp(exp) + Double.MIN_VALUE, "n = " + n);
        }
        assertEquals("simd", h.specialize().backend(), h.specialize().toString());
    }
}
