package org.charm4j.kernels.lib;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Parallel;
import org.charm4j.kernels.WorkItem;

/**
 * Kernels written per work item, with a work-group's local memory and barriers ({@link WorkItem}), beside the
 * {@code @Parallel} loops they compute the same thing as: a reduction in groups and a tiled stencil, the two shapes
 * a GPU wants local memory for. Each gives the same bits on the CPU ({@code Specialization.invoke} with a
 * {@code WorkGrid}) and on a device.
 *
 * <p>Threading: stateless; any thread.
 */
public final class WorkGroups {
    private WorkGroups() {
    }

    /**
     * The sum of each work-group's {@code 2^levels} consecutive elements of {@code in} (zero past its end), by a tree
     * in local memory: {@code sums[g]} for group {@code g}. Launch with {@code WorkGrid.of(groups << levels)
     * .groups(1 << levels)}.
     *
     * @param n      elements of {@code in} to add.
     * @param levels log2 of the group size (6: 64 items).
     * @param w      the work item.
     * @param in     the values.
     * @param sums   one sum per work-group.
     */
    @Kernel
    public static void groupSums(@Const final int n, @Const final int levels, final WorkItem w, final DoubleArray in,
                                 final DoubleArray sums) {
        final double[] part = w.localDoubles(1 << levels);
        final int l = w.localId(0);
        final int g = w.globalId(0);
        if (g < n) {
            part[l] = in.get(g);
        } else {
            part[l] = 0.0;
        }
        w.barrier();
        for (int k = 1; k <= levels; k++) {
            final int half = (1 << levels) >> k;
            if (l < half) {
                part[l] = part[l] + part[l + half];
            }
            w.barrier();
        }
        if (l == 0) {
            sums.set(w.groupId(0), part[0]);
        }
    }

    /**
     * A 5-point Jacobi sweep of an {@code nx * ny} grid with one ghost layer ({@code (nx+2)(ny+2)} doubles, x
     * fastest), as plain loops: the reference for {@link #jacobi5Tiled}.
     *
     * @param nx  points in x.
     * @param ny  points in y.
     * @param in  the grid read.
     * @param out the grid written (interior only).
     */
    @Kernel
    public static void jacobi5(@Const final int nx, @Const final int ny, final DoubleArray in, final DoubleArray out) {
        final int row = nx + 2;
        for (@Parallel int j = 1; j <= ny; j++) {
            for (int i = 1; i <= nx; i++) {
                final int c = j * row + i;
                out.set(c, (in.get(c - 1) + in.get(c + 1) + in.get(c - row) + in.get(c + row) + in.get(c)) * 0.2);
            }
        }
    }

    /**
     * {@link #jacobi5} with each work-group's {@code tx * ty} points and their halo first loaded into local memory,
     * then read from there: the tiled stencil of GPU textbooks. One work item per interior point; launch with
     * {@code WorkGrid.of(roundUp(nx, tx), roundUp(ny, ty)).groups(tx, ty)} (items past the grid load and write
     * nothing, but meet the barrier).
     *
     * @param nx  points in x.
     * @param ny  points in y.
     * @param tx  the tile's extent in x (the group's).
     * @param ty  the tile's extent in y.
     * @param w   the work item.
     * @param in  the grid read.
     * @param out the grid written (interior only).
     */
    @Kernel
    public static void jacobi5Tiled(@Const final int nx, @Const final int ny, @Const final int tx, @Const final int ty,
                                    final WorkItem w, final DoubleArray in, final DoubleArray out) {
        final double[] tile = w.localDoubles((tx + 2) * (ty + 2));
        final int lx = w.localId(0);
        final int ly = w.localId(1);
        final int i = w.globalId(0) + 1;
        final int j = w.globalId(1) + 1;
        final int row = nx + 2;
        final int trow = tx + 2;
        final int t = (ly + 1) * trow + lx + 1;
        final int c = j * row + i;
        if (i <= nx) {
            if (j <= ny) {
                tile[t] = in.get(c);
                if (lx == 0) {
                    tile[t - 1] = in.get(c - 1);
                }
                if (lx == tx - 1) {
                    tile[t + 1] = in.get(c + 1);
                }
                if (i == nx) {
                    tile[t + 1] = in.get(c + 1);
                }
                if (ly == 0) {
                    tile[t - trow] = in.get(c - row);
                }
                if (ly == ty - 1) {
                    tile[t + trow] = in.get(c + row);
                }
                if (j == ny) {
                    tile[t + trow] = in.get(c + row);
                }
            }
        }
        w.barrier();
        if (i <= nx) {
            if (j <= ny) {
                out.set(c, (tile[t - 1] + tile[t + 1] + tile[t - trow] + tile[t + trow] + tile[t]) * 0.2);
            }
        }
    }
}
