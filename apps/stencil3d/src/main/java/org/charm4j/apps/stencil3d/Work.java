package org.charm4j.apps.stencil3d;

/**
 * Charm++ stencil3d's deliberately uneven work ({@code compute_kernel}): how many times a block repeats its update
 * in an iteration. Blocks whose linear index lies between 20% and 80% of the chares repeat about
 * {@code 100 * index / chares} times plus a term that grows every {@code CHANGELOAD} iterations; the others 10 times.
 * Repeating the update does not change the result (each repeat writes the same values from the same input).
 *
 * <p>Threading: stateless; any thread.
 */
public final class Work {
    /** Charm++'s {@code CHANGELOAD}: the load changes every this many iterations. */
    public static final int CHANGELOAD = 30;

    private Work() {
    }

    /**
     * @param x         the block's index in x.
     * @param y         in y.
     * @param z         in z.
     * @param charesX   chares in x ({@code num_chare_x}).
     * @param charesY   chares in y.
     * @param charesZ   chares in z.
     * @param iteration the iteration, from 1.
     * @return how many times the update runs: the number of {@code w = 0, 1, ...} below Charm++'s {@code work}.
     */
    public static int repeats(final int x, final int y, final int z, final int charesX, final int charesY,
                              final int charesZ, final int iteration) {
        final int itno = (int) Math.ceil((double) iteration / (double) CHANGELOAD) * 5;
        final int index = x + y * charesX + z * charesX * charesY;
        final int numChares = charesX * charesY * charesZ;
        double work = 100.0;
        if (index >= numChares * 0.2 && index <= numChares * 0.8) {
            work = work * ((double) index / (double) numChares) + (double) itno;
        } else {
            work = 10.0;
        }
        int n = 0;
        for (int w = 0; w < work; w++) {
            n++;
        }
        return n;
    }

    /**
     * @param c         the run's configuration.
     * @param iteration the iteration, from 1.
     * @return the updates of all blocks in that iteration (one each when the work is even).
     */
    public static long totalRepeats(final Config c, final int iteration) {
        if (!c.uneven()) {
            return c.chares();
        }
        long sum = 0;
        for (int z = 0; z < c.charesZ(); z++) {
            for (int y = 0; y < c.charesY(); y++) {
                for (int x = 0; x < c.charesX(); x++) {
                    sum += repeats(x, y, z, c.charesX(), c.charesY(), c.charesZ(), iteration);
                }
            }
        }
        return sum;
    }
}
