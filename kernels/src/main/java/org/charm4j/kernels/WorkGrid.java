package org.charm4j.kernels;

import java.util.Arrays;

/**
 * The launch grid of a per-work-item kernel ({@link WorkItem}): its global extents in one to three dimensions and
 * the extents of a work-group, which divide them. Pass it where the kernel has its {@code WorkItem} parameter.
 *
 * <pre>{@code
 * WorkGrid.of(1024).groups(64)          // 16 groups of 64 items
 * WorkGrid.of(64, 64).groups(16, 16)    // 2-D tiles
 * }</pre>
 *
 * @param global the grid's extents, one to three, each at least 1.
 * @param local  a work-group's extents, as many, each dividing its global extent.
 */
public record WorkGrid(int[] global, int[] local) {
    /** Checks the extents. */
    public WorkGrid {
        global = global.clone();
        local = local.clone();
        if (global.length < 1 || global.length > 3 || local.length != global.length) {
            throw new IllegalArgumentException("a work grid has one to three dimensions and a group extent for each:"
                + " global " + Arrays.toString(global) + ", local " + Arrays.toString(local));
        }
        for (int d = 0; d < global.length; d++) {
            if (global[d] < 1 || local[d] < 1 || global[d] % local[d] != 0) {
                throw new IllegalArgumentException("dimension " + d + " of the work grid: global extent " + global[d]
                    + ", group extent " + local[d] + "; both must be positive and the group's must divide the"
                    + " global one (pad the grid and check the bound in the kernel)");
            }
        }
    }

    /**
     * @param global the grid's extents, one to three.
     * @return the grid, with groups of one item (call {@link #groups} to choose them).
     */
    public static WorkGrid of(final int... global) {
        final int[] ones = new int[global.length];
        Arrays.fill(ones, 1);
        return new WorkGrid(global, ones);
    }

    /**
     * @param local a work-group's extents, one per dimension.
     * @return this grid with that group shape.
     */
    public WorkGrid groups(final int... local) {
        return new WorkGrid(global, local);
    }

    /** @return the number of dimensions, 1 to 3. */
    public int dimensions() {
        return global.length;
    }

    /** @return the global extent along {@code d}, 1 beyond the grid's dimensions. */
    public int globalSize(final int d) {
        return d < global.length ? global[d] : 1;
    }

    /** @return the group extent along {@code d}, 1 beyond the grid's dimensions. */
    public int localSize(final int d) {
        return d < local.length ? local[d] : 1;
    }

    /** @return the items of one work-group. */
    public int groupItems() {
        return localSize(0) * localSize(1) * localSize(2);
    }

    /** @return all items of the grid. */
    public long items() {
        return (long) globalSize(0) * globalSize(1) * globalSize(2);
    }

    @Override
    public int[] global() {
        return global.clone();
    }

    @Override
    public int[] local() {
        return local.clone();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof WorkGrid g && Arrays.equals(global, g.global) && Arrays.equals(local, g.local);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(global) + Arrays.hashCode(local);
    }

    @Override
    public String toString() {
        return "WorkGrid" + Arrays.toString(global) + " in groups of " + Arrays.toString(local);
    }
}
