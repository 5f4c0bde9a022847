package org.charm4j.apps.stencil3d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.charm4j.kernels.Kernels;
import org.junit.jupiter.api.Test;

/** The update kernels and the serial reference's pieces. */
class UpdateTest {
    private static double[] naive(final int bx, final int by, final int bz, final double[] in) {
        final double[] out = new double[in.length];
        final int dy = bx + 2;
        final int dz = dy * (by + 2);
        for (int k = 1; k <= bz; k++) {
            for (int j = 1; j <= by; j++) {
                for (int i = 1; i <= bx; i++) {
                    final int c = i + j * dy + k * dz;
                    out[c] = (in[c - 1] + in[c + 1] + in[c - dy] + in[c + dy] + in[c - dz] + in[c + dz] + in[c])
                        * 0.14285714285714285714;
                }
            }
        }
        return out;
    }

    @Test
    void plainAndVectorKernelsGiveTheNaiveLoopsBits() {
        final Random r = new Random(17);
        for (final int[] s : new int[][] {{4, 4, 4}, {8, 3, 5}, {13, 2, 7}, {32, 4, 2}}) {
            final double[] in = new double[(s[0] + 2) * (s[1] + 2) * (s[2] + 2)];
            for (int i = 0; i < in.length; i++) {
                in[i] = r.nextDouble() * 255;
            }
            final double[] expected = naive(s[0], s[1], s[2], in);
            for (final String k : List.of("plain", "vector")) {
                final double[] out = new double[in.length];
                Update.of(k, s[0], s[1], s[2]).run(in, out);
                assertArrayEquals(expected, out, k + " " + java.util.Arrays.toString(s));
            }
        }
        assertTrue(Kernels.specializations().stream().anyMatch(sp -> sp.kernel().name().contains("sweep")
            && sp.constants().equals(List.of(8, 3, 5))), "the plain kernel was specialized with @Const sizes");
    }

    @Test
    void theSweepThatWritesTheXGhostsEqualsUnpackingThemFirst() {
        final Random r = new Random(23);
        for (final int[] s : new int[][] {{4, 4, 4}, {8, 3, 5}, {13, 2, 7}, {32, 4, 2}}) {
            final int bx = s[0];
            final int by = s[1];
            final int bz = s[2];
            final double[] in = new double[(bx + 2) * (by + 2) * (bz + 2)];
            for (int i = 0; i < in.length; i++) {
                in[i] = r.nextDouble() * 255;
            }
            final double[] left = new double[by * bz];
            final double[] right = new double[by * bz];
            for (int i = 0; i < left.length; i++) {
                left[i] = r.nextDouble() * 255;
                right[i] = r.nextDouble() * 255;
            }
            final double[] unpacked = in.clone();
            final int dy = bx + 2;
            final int dz = dy * (by + 2);
            for (int k = 1; k <= bz; k++) {
                for (int j = 1; j <= by; j++) {
                    unpacked[k * dz + j * dy] = left[(k - 1) * by + j - 1];
                    unpacked[k * dz + j * dy + bx + 1] = right[(k - 1) * by + j - 1];
                }
            }
            final double[] expected = naive(bx, by, bz, unpacked);
            final double[] out = new double[in.length];
            Update.filling(bx, by, bz).run(org.charm4j.DoubleArray.of(left), org.charm4j.DoubleArray.of(right), in,
                out);
            assertArrayEquals(expected, out, java.util.Arrays.toString(s));
            assertArrayEquals(unpacked, in, "the x ghosts written into the block read, nothing else");
        }
        assertTrue(Kernels.specializations().stream().anyMatch(sp -> sp.kernel().name().contains("sweepFillingX")
            && "simd".equals(sp.backend())), "the filling sweep is vectorized: " + Kernels.specializations());
    }

    @Test
    void assembleAndCompareFindASingleFlippedBit() {
        final Config c = Config.parse("6", "4", "2", "3", "2", "1", "--check");
        final double[] grid = Reference.run(c, 3);
        final List<double[]> blocks = new ArrayList<>();
        for (int cx = 0; cx < c.charesX(); cx++) {
            for (int cy = 0; cy < c.charesY(); cy++) {
                for (int cz = 0; cz < c.charesZ(); cz++) {
                    final double[] b = new double[(int) c.blockPoints()];
                    int q = 0;
                    for (int k = 0; k < c.blockZ(); k++) {
                        for (int j = 0; j < c.blockY(); j++) {
                            for (int i = 0; i < c.blockX(); i++) {
                                b[q++] = grid[Reference.at(c, cx * 3 + i, cy * 2 + j, cz + k)];
                            }
                        }
                    }
                    blocks.add(b);
                }
            }
        }
        final double[] again = Reference.assemble(c, blocks);
        assertNull(Reference.compare(c, again, grid));
        again[Reference.at(c, 4, 1, 0)] = Math.nextUp(again[Reference.at(c, 4, 1, 0)]);
        final String diff = Reference.compare(c, again, grid);
        assertNotNull(diff);
        assertTrue(diff.startsWith("1 of 48 points differ; the first at (4, 1, 0)"), diff);
    }

    @Test
    void referenceHoldsTheBoundaryAndSpreadsHeat() {
        final Config c = Config.parse("8", "4");
        final double[] g = Reference.run(c, 2);
        assertEquals(Block.HOT, g[Reference.at(c, 4, 5, 6)], "x = 4 starts a block");
        final double inner = g[Reference.at(c, 2, 2, 2)];
        assertTrue(inner > 0 && inner < Block.HOT, "heat reached the inside: " + inner);
    }
}
