package org.charm4j.apps.stencil3d;

/**
 * The serial reference of the check mode: the same grid as one periodic array, written independently of the blocks.
 * A point {@code (x, y, z)} is at {@code x + X (y + Y z)}; the boundary condition holds 255 at every point whose x,
 * y or z is the first of its block (where Charm++'s {@code constrainBC} heats each block), and each iteration is one
 * 7-point update summed in the blocks' order, so the result must equal theirs to the last bit.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Reference {
    private Reference() {
    }

    /**
     * @param c          the grid and block sizes.
     * @param iterations how many iterations to run.
     * @return the grid after them, x fastest.
     */
    public static double[] run(final Config c, final int iterations) {
        final int nx = c.arrayX();
        final int ny = c.arrayY();
        final int nz = c.arrayZ();
        double[] t = new double[Math.toIntExact(c.points())];
        double[] n = new double[t.length];
        constrain(c, t);
        for (int it = 0; it < iterations; it++) {
            for (int z = 0; z < nz; z++) {
                final int zm = (z + nz - 1) % nz;
                final int zp = (z + 1) % nz;
                for (int y = 0; y < ny; y++) {
                    final int ym = (y + ny - 1) % ny;
                    final int yp = (y + 1) % ny;
                    for (int x = 0; x < nx; x++) {
                        final int xm = (x + nx - 1) % nx;
                        final int xp = (x + 1) % nx;
                        n[at(c, x, y, z)] = (t[at(c, xm, y, z)] + t[at(c, xp, y, z)] + t[at(c, x, ym, z)]
                            + t[at(c, x, yp, z)] + t[at(c, x, y, zm)] + t[at(c, x, y, zp)] + t[at(c, x, y, z)])
                            * Update.DIVIDEBY7;
                    }
                }
            }
            final double[] swap = t;
            t = n;
            n = swap;
            constrain(c, t);
        }
        return t;
    }

    /**
     * @param c the grid.
     * @param x a point's x.
     * @param y its y.
     * @param z its z.
     * @return its position in the grid array.
     */
    public static int at(final Config c, final int x, final int y, final int z) {
        return x + c.arrayX() * (y + c.arrayY() * z);
    }

    private static void constrain(final Config c, final double[] t) {
        for (int z = 0; z < c.arrayZ(); z++) {
            for (int y = 0; y < c.arrayY(); y++) {
                for (int x = 0; x < c.arrayX(); x++) {
                    if (x % c.blockX() == 0 || y % c.blockY() == 0 || z % c.blockZ() == 0) {
                        t[at(c, x, y, z)] = Block.HOT;
                    }
                }
            }
        }
    }

    /**
     * Puts the blocks' interiors together into one grid.
     *
     * @param c      the sizes.
     * @param blocks each block's interior, x fastest, in index order ({@code [x, y, z]} lexicographic, z fastest:
     *               the order of a gathered result).
     * @return the grid, x fastest.
     */
    public static double[] assemble(final Config c, final java.util.List<double[]> blocks) {
        if (blocks.size() != c.chares()) {
            throw new IllegalArgumentException(blocks.size() + " blocks for " + c.chares() + " chares");
        }
        final double[] g = new double[Math.toIntExact(c.points())];
        int p = 0;
        for (int cx = 0; cx < c.charesX(); cx++) {
            for (int cy = 0; cy < c.charesY(); cy++) {
                for (int cz = 0; cz < c.charesZ(); cz++) {
                    final double[] b = blocks.get(p++);
                    int q = 0;
                    for (int k = 0; k < c.blockZ(); k++) {
                        for (int j = 0; j < c.blockY(); j++) {
                            for (int i = 0; i < c.blockX(); i++) {
                                g[at(c, cx * c.blockX() + i, cy * c.blockY() + j, cz * c.blockZ() + k)] = b[q++];
                            }
                        }
                    }
                }
            }
        }
        return g;
    }

    /**
     * Compares two grids bit by bit.
     *
     * @param c        the sizes.
     * @param got      the blocks' grid.
     * @param expected the reference.
     * @return {@code null} if every point has the same bits, else a sentence naming the count and the first point.
     */
    public static String compare(final Config c, final double[] got, final double[] expected) {
        long bad = 0;
        String first = null;
        for (int z = 0; z < c.arrayZ(); z++) {
            for (int y = 0; y < c.arrayY(); y++) {
                for (int x = 0; x < c.arrayX(); x++) {
                    final int p = at(c, x, y, z);
                    if (Double.doubleToRawLongBits(got[p]) != Double.doubleToRawLongBits(expected[p])) {
                        if (bad++ == 0) {
                            first = "(" + x + ", " + y + ", " + z + "): " + got[p] + " instead of " + expected[p];
                        }
                    }
                }
            }
        }
        return bad == 0 ? null : bad + " of " + got.length + " points differ; the first at " + first;
    }
}
