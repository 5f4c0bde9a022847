package org.charm4j.apps.leanmd;

/**
 * Converts a cell's coordinates between the interleaved {@code x y z} per atom that {@link Atoms} keeps (Charm++'s
 * {@code vec3} arrays) and the structure of arrays the pair kernels ({@link Forces}) read: all x, then all y, then
 * all z, so that their loop over atoms reads each coordinate contiguously and runs on vectors. A cell converts its
 * positions once per step for all its computes, and its summed forces once back.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Layout {
    private Layout() {
    }

    /**
     * @param xyz {@code x y z} per atom, borrowed.
     * @return the same values as all x, then all y, then all z.
     */
    public static double[] toBlocks(final double[] xyz) {
        final int n = xyz.length / 3;
        final double[] b = new double[3 * n];
        for (int a = 0; a < n; a++) {
            b[a] = xyz[3 * a];
            b[n + a] = xyz[3 * a + 1];
            b[2 * n + a] = xyz[3 * a + 2];
        }
        return b;
    }

    /**
     * @param blocks all x, then all y, then all z, borrowed.
     * @return the same values as {@code x y z} per atom.
     */
    public static double[] toInterleaved(final double[] blocks) {
        final int n = blocks.length / 3;
        final double[] xyz = new double[3 * n];
        for (int a = 0; a < n; a++) {
            xyz[3 * a] = blocks[a];
            xyz[3 * a + 1] = blocks[n + a];
            xyz[3 * a + 2] = blocks[2 * n + a];
        }
        return xyz;
    }
}
