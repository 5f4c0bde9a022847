package org.charm4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.charm4j.DoubleArray;
import org.charm4j.kernels.lib.WorkGroups;
import org.junit.jupiter.api.Test;

/**
 * Kernels written per work item ({@link WorkItem}) run on the CPU through {@link Specialization#invoke} with a
 * {@link WorkGrid}: ids, local memory shared by a group, barriers; their IR shows them; what the IR cannot take is
 * refused with the reason.
 */
class WorkItemKernelsTest {
    @Kernel
    static void ids(final WorkItem w, final DoubleArray out) {
        final int g = w.globalId(0) + w.globalSize(0) * w.globalId(1);
        out.set(g, w.localId(0) + 10 * w.localId(1) + 100 * w.groupId(0) + 1000 * w.groupId(1)
            + 10000 * w.localSize(0) + 100000 * w.groups(1));
    }

    @Kernel
    static void localInALoop(final WorkItem w, final DoubleArray out) {
        for (int k = 0; k < 2; k++) {
            final double[] a = w.localDoubles(4);
            a[0] = k;
        }
    }

    @Kernel
    static void dimensionNotConstant(final int d, final WorkItem w, final DoubleArray out) {
        out.set(w.globalId(d), 1.0);
    }

    @Kernel
    static double returnsAValue(final WorkItem w, final DoubleArray in) {
        return in.get(w.globalId(0));
    }

    @Kernel
    static void divergentBarrier(final WorkItem w, final DoubleArray out) {
        if (w.localId(0) == 0) {
            w.barrier();
        }
        out.set(w.globalId(0), 1.0);
    }

    @Test
    void idsAndExtentsAreOpenClsInTwoDimensions() {
        final DoubleArray out = DoubleArray.allocate(6 * 4);
        final Specialization s = Kernels.of(WorkItemKernelsTest.class, "ids").specialize();
        assertTrue(s.perWorkItem());
        s.invoke(WorkGrid.of(6, 4).groups(3, 2), out);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                final double want = x % 3 + 10 * (y % 2) + 100 * (x / 3) + 1000 * (y / 2) + 10000 * 3 + 100000 * 2;
                assertEquals(want, out.get(x + 6 * y), "item (" + x + ", " + y + ")");
            }
        }
        final String ir = s.ir().toString();
        assertTrue(ir.contains("WorkItem") && ir.contains("globalId(0)") && ir.contains("groups(1)"), ir);
    }

    @Test
    void groupSumsAddEachGroupByATreeInLocalMemory() {
        final int n = 1000;
        final int levels = 6;
        final double[] v = new SplittableRandom(5).doubles(n, -1, 1).toArray();
        final int groups = (n + 63) / 64;
        final DoubleArray sums = DoubleArray.allocate(groups);
        final Specialization s = Kernels.of(WorkGroups.class, "groupSums").specialize(n, levels);
        s.invoke(WorkGrid.of(groups * 64).groups(64), DoubleArray.of(v), sums);
        for (int g = 0; g < groups; g++) {
            final double[] part = new double[64];
            for (int l = 0; l < 64; l++) {
                part[l] = g * 64 + l < n ? v[g * 64 + l] : 0.0;
            }
            for (int half = 32; half > 0; half >>= 1) {
                for (int l = 0; l < half; l++) {
                    part[l] = part[l] + part[l + half];
                }
            }
            assertEquals(Double.doubleToRawLongBits(part[0]), Double.doubleToRawLongBits(sums.get(g)), "group " + g);
        }
        final String ir = s.ir().toString();
        assertTrue(ir.contains("local double local0[64]") && ir.contains("barrier();"), ir);
        assertTrue(s.notes().getFirst().contains("per-work-item"), s.notes().toString());
    }

    @Test
    void theTiledStencilEqualsThePlainLoopsToTheBit() {
        for (final int[] c : new int[][] {{13, 7, 4, 4}, {8, 8, 8, 2}, {5, 9, 16, 1}}) {
            final int nx = c[0];
            final int ny = c[1];
            final int tx = c[2];
            final int ty = c[3];
            final int len = (nx + 2) * (ny + 2);
            final DoubleArray in = DoubleArray.of(new SplittableRandom(nx * 7L + ny).doubles(len).toArray());
            final DoubleArray plain = DoubleArray.allocate(len);
            final DoubleArray tiled = DoubleArray.allocate(len);
            Kernels.of(WorkGroups.class, "jacobi5").specialize(nx, ny).invoke(in, plain);
            Kernels.of(WorkGroups.class, "jacobi5Tiled").specialize(nx, ny, tx, ty)
                .invoke(WorkGrid.of((nx + tx - 1) / tx * tx, (ny + ty - 1) / ty * ty).groups(tx, ty), in, tiled);
            for (int i = 0; i < len; i++) {
                assertEquals(Double.doubleToRawLongBits(plain.get(i)), Double.doubleToRawLongBits(tiled.get(i)),
                    "element " + i + " of " + java.util.Arrays.toString(c));
            }
        }
    }

    @Test
    void whatTheIrCannotTakeIsRefusedWithTheReason() {
        final Specialization inLoop = Kernels.of(WorkItemKernelsTest.class, "localInALoop").specialize();
        assertNull(inLoop.ir());
        assertTrue(inLoop.notes().getFirst().contains("localDoubles is called inside a loop"), inLoop.notes()
            .toString());
        final Specialization dim = Kernels.of(WorkItemKernelsTest.class, "dimensionNotConstant").specialize();
        assertNull(dim.ir());
        assertTrue(dim.notes().getFirst().contains("the dimension must be a constant"), dim.notes().toString());
        final Specialization ret = Kernels.of(WorkItemKernelsTest.class, "returnsAValue").specialize();
        assertNull(ret.ir());
        assertTrue(ret.notes().getFirst().contains("returns nothing"), ret.notes().toString());
    }

    @Test
    void aBarrierSomeItemsSkipIsReportedNotHung() {
        final Specialization s = Kernels.of(WorkItemKernelsTest.class, "divergentBarrier").specialize();
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> s.invoke(WorkGrid.of(8).groups(4), DoubleArray.allocate(8)));
        assertTrue(e.getMessage().contains("must reach every barrier"), e.getMessage());
    }

    @Test
    void gridsAreCheckedAndTheWorkItemTakesAWorkGrid() {
        assertThrows(IllegalArgumentException.class, () -> WorkGrid.of(10).groups(4));
        assertThrows(IllegalArgumentException.class, () -> WorkGrid.of(1, 2, 3, 4));
        final Specialization s = Kernels.of(WorkItemKernelsTest.class, "ids").specialize();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> s.invoke(8, DoubleArray.allocate(8)));
        assertTrue(e.getMessage().contains("pass a WorkGrid"), e.getMessage());
    }
}
