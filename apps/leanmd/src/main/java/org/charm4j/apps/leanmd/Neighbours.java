package org.charm4j.apps.leanmd;

import org.charm4j.Index;

/**
 * Charm++ LeanMD's numbering of a cell's neighbourhood and of the computes. Neighbour {@code num} (0 to 26) of a
 * cell is at offset {@code (num / 9 - 1, num % 9 / 3 - 1, num % 3 - 1)}, 13 being the cell itself. A cell owns the
 * computes of neighbours 13 to 26 (Charm++ inserts them from that cell): the compute of cell {@code c} and offset
 * {@code d} has the 6D index {@code (c + 2, c + 2 + d)}, unwrapped. A compute is neighbour {@code s} of its owner
 * and {@code 26 - s} of the other cell (its partner): those are the slots in which each cell files its forces.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Neighbours {
    /** The slot of a cell in its own neighbourhood: its self compute. */
    public static final int SELF = Defs.NUM_NEIGHBORS / 2;

    private Neighbours() {
    }

    /** @return the x offset of neighbour {@code num}, -1 to 1. */
    static int dx(final int num) {
        return num / (Defs.NBRS * Defs.NBRS) - Defs.NBRS / 2;
    }

    /** @return the y offset of neighbour {@code num}. */
    static int dy(final int num) {
        return num % (Defs.NBRS * Defs.NBRS) / Defs.NBRS - Defs.NBRS / 2;
    }

    /** @return the z offset of neighbour {@code num}. */
    static int dz(final int num) {
        return num % Defs.NBRS - Defs.NBRS / 2;
    }

    /** @return the number of the neighbour at offset {@code (dx, dy, dz)}, each -1 to 1. */
    static int num(final int dx, final int dy, final int dz) {
        return (dx + 1) * Defs.NBRS * Defs.NBRS + (dy + 1) * Defs.NBRS + (dz + 1);
    }

    /** @return {@code a} wrapped into {@code [0, n)} (Charm++'s {@code WRAP_X}). */
    static int wrap(final int a, final int n) {
        return (a + n) % n;
    }

    /**
     * Charm++'s {@code computesList[num]} of a cell ({@code Cell::createComputes}).
     *
     * @param cfg the run.
     * @param x   the cell's x.
     * @param y   its y.
     * @param z   its z.
     * @param num 0 to 26.
     * @return the index of the compute that pairs the cell with its neighbour {@code num}.
     */
    public static Index compute(final Config cfg, final int x, final int y, final int z, final int num) {
        final int dx = dx(num);
        final int dy = dy(num);
        final int dz = dz(num);
        if (num >= SELF) {
            return Index.of(x + 2, y + 2, z + 2, x + 2 + dx, y + 2 + dy, z + 2 + dz);
        }
        final int px = wrap(x + dx, cfg.cellsX()) + 2;
        final int py = wrap(y + dy, cfg.cellsY()) + 2;
        final int pz = wrap(z + dz, cfg.cellsZ()) + 2;
        return Index.of(px, py, pz, px - dx, py - dy, pz - dz);
    }

    /**
     * @param c a compute's index.
     * @return its slot at its owner (13 to 26; 13 for the self compute).
     */
    public static int ownerSlot(final Index c) {
        return num(c.get(3) - c.get(0), c.get(4) - c.get(1), c.get(5) - c.get(2));
    }

    /**
     * @param cfg the run.
     * @param c   a compute's index.
     * @return the cell that pairs with the owner ({@code c.get(0..2) - 2}): the owner plus the offset, wrapped.
     */
    public static Index partner(final Config cfg, final Index c) {
        return Index.of(wrap(c.get(3) - 2, cfg.cellsX()), wrap(c.get(4) - 2, cfg.cellsY()),
            wrap(c.get(5) - 2, cfg.cellsZ()));
    }

    /**
     * Charm++'s wrap-around in {@code calcPairForces}: where two cells are more than one apart in a dimension, the
     * first is moved by the box's length (towards the second) in it.
     *
     * @param first  a cell's coordinate.
     * @param second the other cell's.
     * @param cells  cells in the dimension.
     * @return the shift of the first cell's atoms, Angstrom.
     */
    public static double shift(final int first, final int second, final int cells) {
        if (Math.abs(first - second) <= 1) {
            return 0;
        }
        final int diff = Defs.CELL_SIZE * cells;
        return second < first ? -diff : diff;
    }
}
