package org.charm4j.lb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.charm4j.Index;
import org.junit.jupiter.api.Test;

/** OrbLB on synthetic inputs: balance, compact parts, what stays fixed. */
class OrbLbTest {
    /** An n x n x n grid of elements in row-major order, on PEs in blocks of consecutive indices (the default map). */
    private static LbInput grid(final int n, final int pes, final double[] load, final double[] background) {
        final Index[] index = new Index[n * n * n];
        final int[] pe = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = Index.of(i / (n * n), i / n % n, i % n);
            pe[i] = (int) ((long) i * pes / index.length);
        }
        final boolean[] migratable = new boolean[index.length];
        Arrays.fill(migratable, true);
        return new LbInput(pes, index, load, pe, migratable, background);
    }

    /** @return the faces between neighbouring grid elements whose two elements are on different PEs. */
    private static int cutFaces(final int n, final int[] to) {
        int cut = 0;
        for (int i = 0; i < to.length; i++) {
            final int x = i / (n * n);
            final int y = i / n % n;
            final int z = i % n;
            cut += x + 1 < n && to[i] != to[i + n * n] ? 1 : 0;
            cut += y + 1 < n && to[i] != to[i + n] ? 1 : 0;
            cut += z + 1 < n && to[i] != to[i + 1] ? 1 : 0;
        }
        return cut;
    }

    @Test
    void equalLoadsOnTheDefaultMapMoveNothing() {
        for (final int pes : new int[] {1, 2, 4, 8}) {
            final double[] load = new double[64];
            Arrays.fill(load, 1);
            final LbInput in = grid(4, pes, load, new double[pes]);
            final int[] to = Strategies.byName("OrbLB").assign(in);
            // 2 PEs: halves along x, as the default map has them; 4 and 8: x halves cut again along y, then z
            if (pes <= 2) {
                assertArrayEquals(in.pe(), to, pes + " PEs");
            }
            assertEquals(1.0, in.maxOverAverage(to), 1e-12, pes + " PEs");
            assertEquals(pes == 1 ? 0 : pes == 2 ? 16 : pes == 4 ? 32 : 48, cutFaces(4, to), pes + " PEs");
        }
    }

    @Test
    void unevenLoadsAreBalancedInCompactParts() {
        final SplittableRandom r = new SplittableRandom(7);
        for (final int pes : new int[] {2, 3, 4, 8}) {
            final double[] load = new double[512];
            for (int i = 0; i < load.length; i++) {
                load[i] = 0.5 + r.nextDouble() * (i / 64 + 1);
            }
            final LbInput in = grid(8, pes, load, new double[pes]);
            final int[] orb = Strategies.byName("OrbLB").assign(in);
            final int[] greedy = Strategies.byName("GreedyLB").assign(in);
            assertTrue(in.maxOverAverage(orb) <= 1 + 2 * Strategies.ORB_SLACK,
                pes + " PEs: OrbLB max/avg " + in.maxOverAverage(orb));
            // a cut is a plane of 64 faces, give or take the elements of the row where it falls
            assertTrue(cutFaces(8, orb) * 4 < cutFaces(8, greedy), pes + " PEs: OrbLB cuts " + cutFaces(8, orb)
                + " faces, GreedyLB " + cutFaces(8, greedy));
            assertTrue(cutFaces(8, orb) <= 64 * (pes - 1) + 16 * pes, pes + " PEs: " + cutFaces(8, orb));
        }
    }

    @Test
    void aShiftOfLoadMovesOnlyElementsAtTheCutAndNoiseMovesNothing() {
        final double[] load = new double[512];
        Arrays.fill(load, 1);
        final LbInput even = grid(8, 2, load, new double[2]);
        final int[] first = Strategies.byName("OrbLB").assign(even);
        assertArrayEquals(even.pe(), first);
        // noise: PE 0's elements 1% heavier than PE 1's; within the slack, nothing moves
        for (int i = 0; i < 256; i++) {
            load[i] = 1.01;
        }
        assertArrayEquals(first, Strategies.byName("OrbLB").assign(even.on(first)));
        // one element on PE 0 gets heavier by 32 elements' worth: up to 16 move (fewer, within the slack), all from
        // the plane at the cut (x = 3)
        Arrays.fill(load, 1);
        load[0] = 33;
        final int[] second = Strategies.byName("OrbLB").assign(even.on(first));
        int moved = 0;
        for (int i = 0; i < first.length; i++) {
            if (first[i] != second[i]) {
                moved++;
                assertEquals(0, first[i], "moved from PE 0");
                assertEquals(3, even.index()[i].x(), "moved from the plane at the cut");
            }
        }
        assertTrue(moved >= 16 - Strategies.ORB_SLACK * 272 && moved <= 16, moved + " moved");
        assertTrue(even.maxOverAverage(second) <= 1 + Strategies.ORB_SLACK, "max/avg " + even.maxOverAverage(second));
    }

    @Test
    void backgroundAndFixedElementsCountOnTheirPes() {
        final double[] load = new double[64];
        Arrays.fill(load, 1);
        // PE 0 is busy for 16 elements' worth outside these elements, and element 63 cannot move off PE 1
        final LbInput base = grid(4, 2, load, new double[] {16, 0});
        final boolean[] migratable = base.migratable().clone();
        migratable[63] = false;
        final LbInput in = new LbInput(2, base.index(), load, base.pe(), migratable, base.background());
        final int[] to = Strategies.byName("OrbLB").assign(in);
        assertEquals(1, to[63]);
        // 80 in all: PE 0 takes 24 elements to reach 40, give or take the slack
        final double[] loads = in.peLoads(to);
        assertTrue(Math.abs(loads[0] - 40) <= Strategies.ORB_SLACK * 40, Arrays.toString(loads));
    }

    @Test
    void withoutLoadsTheCutsSplitByCountAndOneDimensionalIndicesWork() {
        final int n = 10;
        final Index[] index = new Index[n];
        final int[] pe = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = Index.of(n - 1 - i);
        }
        final boolean[] migratable = new boolean[n];
        Arrays.fill(migratable, true);
        final LbInput in = new LbInput(3, index, new double[n], pe, migratable, new double[3]);
        final int[] to = Strategies.byName("OrbLB").assign(in);
        final int[] count = new int[3];
        for (int i = 0; i < n; i++) {
            count[to[i]]++;
            // lower indices on lower PEs
            assertTrue(i == 0 || to[i] <= to[i - 1], Arrays.toString(to));
        }
        assertArrayEquals(new int[] {3, 4, 3}, count, Arrays.toString(to));
        // more PEs than elements: each element gets a PE of its own
        final LbInput few = new LbInput(16, Arrays.copyOf(index, 3), new double[] {1, 1, 1}, new int[3],
            new boolean[] {true, true, true}, new double[16]);
        final int[] spread = Strategies.byName("OrbLB").assign(few);
        assertEquals(3, Arrays.stream(spread).distinct().count(), Arrays.toString(spread));
    }
}
