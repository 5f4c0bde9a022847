package org.charm4j.apps.leanmd;

import java.util.Arrays;

/**
 * The atoms of one cell (Charm++'s {@code CkVec<Particle> particles}): positions and velocities, interleaved
 * {@code x y z} per atom. Every atom has the mass {@link Defs#HYDROGEN_MASS}; forces live only for a step.
 *
 * <p>Threading: not thread-safe; owned by one cell.
 */
public final class Atoms {
    private int n;
    private double[] pos;
    private double[] vel;

    /**
     * @param n   atoms.
     * @param pos their positions, {@code 3 n} values, taken.
     * @param vel their velocities, taken.
     */
    public Atoms(final int n, final double[] pos, final double[] vel) {
        if (pos.length < 3 * n || vel.length < 3 * n) {
            throw new IllegalArgumentException(n + " atoms need " + 3 * n + " coordinates");
        }
        this.n = n;
        this.pos = pos;
        this.vel = vel;
    }

    /**
     * Charm++'s initial atoms of a cell ({@code Cell::Cell}): {@code srand48} seeded with the cell's number, then
     * for each atom three draws for its position in the cell and three for its velocity,
     * {@code (drand48() - 0.5) * .2 * MAX_VELOCITY}. With {@code cfg.lattice()} the atoms sit on a grid of
     * {@code k^3 >= n} sites in the cell instead (the position draws are still made, so velocities are the same).
     *
     * @param cfg the run.
     * @param x   the cell's x.
     * @param y   its y.
     * @param z   its z.
     * @return the cell's atoms.
     */
    public static Atoms initial(final Config cfg, final int x, final int y, final int z) {
        final int id = cfg.cellId(x, y, z);
        final int count = cfg.atomsOf(id);
        final Rand48 rand = new Rand48(id);
        final double[] p = new double[3 * count];
        final double[] v = new double[3 * count];
        final double max = cfg.physics().maxVelocity();
        final int s = Defs.CELL_SIZE;
        int k = 1;
        while ((long) k * k * k < count) {
            k++;
        }
        final double spacing = (double) s / k;
        for (int i = 0; i < count; i++) {
            p[3 * i] = rand.next() * s + x * s;
            p[3 * i + 1] = rand.next() * s + y * s;
            p[3 * i + 2] = rand.next() * s + z * s;
            if (cfg.lattice()) {
                p[3 * i] = x * s + (i / (k * k) + 0.5) * spacing;
                p[3 * i + 1] = y * s + (i / k % k + 0.5) * spacing;
                p[3 * i + 2] = z * s + (i % k + 0.5) * spacing;
            }
            v[3 * i] = (rand.next() - 0.5) * .2 * max;
            v[3 * i + 1] = (rand.next() - 0.5) * .2 * max;
            v[3 * i + 2] = (rand.next() - 0.5) * .2 * max;
        }
        return new Atoms(count, p, v);
    }

    /** @return atoms. */
    public int count() {
        return n;
    }

    /** @return a copy of the positions, {@code 3 count()} values (what Charm++'s {@code sendPositions} sends). */
    public double[] positions() {
        return Arrays.copyOf(pos, 3 * n);
    }

    /** @return a copy of the velocities. */
    public double[] velocities() {
        return Arrays.copyOf(vel, 3 * n);
    }

    /**
     * @param physics the physics.
     * @return the kinetic energy, joules.
     */
    public double kinetic(final Physics physics) {
        return physics.kinetic(n, vel);
    }

    /**
     * One integration step ({@code Cell::updateProperties}).
     *
     * @param physics the physics.
     * @param forces  the total force on each atom, {@code 3 count()} values, borrowed.
     */
    public void integrate(final Physics physics, final double[] forces) {
        if (forces.length != 3 * n) {
            throw new IllegalStateException(forces.length / 3 + " forces for " + n + " atoms");
        }
        physics.integrate(n, pos, vel, forces);
    }

    /**
     * Takes out the atoms that left the cell ({@code Cell::migrateParticles}, with Charm++'s loop as it is: after an
     * atom is removed the next one is not looked at this time) and wraps their positions into the box.
     *
     * @param cfg the run.
     * @param x   the cell's x.
     * @param y   its y.
     * @param z   its z.
     * @return for each neighbour number 0 to 26, the atoms that go there, {@code x y z vx vy vz} each (empty for
     *     none).
     */
    public double[][] leaving(final Config cfg, final int x, final int y, final int z) {
        final double[][] lists = new double[Defs.NUM_NEIGHBORS][];
        final int[] counts = new int[Defs.NUM_NEIGHBORS];
        final double[][] out = new double[Defs.NUM_NEIGHBORS][];
        final int s = Defs.CELL_SIZE;
        final int x0 = x * s + Defs.CELL_ORIGIN;
        final int y0 = y * s + Defs.CELL_ORIGIN;
        final int z0 = z * s + Defs.CELL_ORIGIN;
        for (int i = 0; i < n; i++) {
            final int px = side(pos[3 * i], x0);
            final int py = side(pos[3 * i + 1], y0);
            final int pz = side(pos[3 * i + 2], z0);
            if (px != 0 || py != 0 || pz != 0) {
                final int num = Neighbours.num(px, py, pz);
                if (lists[num] == null) {
                    lists[num] = new double[6 * 4];
                } else if (lists[num].length < 6 * (counts[num] + 1)) {
                    lists[num] = Arrays.copyOf(lists[num], 2 * lists[num].length);
                }
                final double[] l = lists[num];
                final int o = 6 * counts[num]++;
                l[o] = wrap(pos[3 * i], cfg.cellsX());
                l[o + 1] = wrap(pos[3 * i + 1], cfg.cellsY());
                l[o + 2] = wrap(pos[3 * i + 2], cfg.cellsZ());
                l[o + 3] = vel[3 * i];
                l[o + 4] = vel[3 * i + 1];
                l[o + 5] = vel[3 * i + 2];
                System.arraycopy(pos, 3 * (i + 1), pos, 3 * i, 3 * (n - i - 1));
                System.arraycopy(vel, 3 * (i + 1), vel, 3 * i, 3 * (n - i - 1));
                n--;
            }
        }
        for (int num = 0; num < Defs.NUM_NEIGHBORS; num++) {
            out[num] = lists[num] == null ? new double[0] : Arrays.copyOf(lists[num], 6 * counts[num]);
        }
        return out;
    }

    /** Charm++'s {@code migrateToCell} in one dimension: -1 below the cell, 1 above it, else 0. */
    private static int side(final double p, final int lo) {
        if (p < lo) {
            return -1;
        }
        return p > lo + Defs.CELL_SIZE ? 1 : 0;
    }

    /** Charm++'s {@code wrapAround} in one dimension. */
    private static double wrap(final double p, final int cells) {
        final int box = Defs.CELL_SIZE * cells;
        double q = p;
        if (q < Defs.CELL_ORIGIN) {
            q += box;
        }
        if (q > Defs.CELL_ORIGIN + box) {
            q -= box;
        }
        return q;
    }

    /**
     * Adds atoms that came from a neighbour ({@code receiveParticles}).
     *
     * @param list {@code x y z vx vy vz} per atom, borrowed.
     */
    public void append(final double[] list) {
        final int m = list.length / 6;
        if (m == 0) {
            return;
        }
        if (pos.length < 3 * (n + m)) {
            final int cap = Math.max(3 * (n + m), pos.length + pos.length / 2 + 3);
            pos = Arrays.copyOf(pos, cap);
            vel = Arrays.copyOf(vel, cap);
        }
        for (int a = 0; a < m; a++) {
            System.arraycopy(list, 6 * a, pos, 3 * (n + a), 3);
            System.arraycopy(list, 6 * a + 3, vel, 3 * (n + a), 3);
        }
        n += m;
    }
}
