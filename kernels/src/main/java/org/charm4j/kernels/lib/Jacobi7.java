package org.charm4j.kernels.lib;

import java.lang.foreign.MemorySegment;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Parallel;
import org.charm4j.kernels.simd.Stencil7;

/**
 * The 7-point Jacobi update of Charm++'s stencil3d on one block of {@code nx * ny * nz} points with one ghost layer:
 * arrays of {@code (nx+2)(ny+2)(nz+2)} doubles, x fastest; point {@code (i, j, k)}, {@code 1 <= i <= nx} and so on,
 * is at {@code i + (nx+2) (j + (ny+2) k)}. Ghosts are read, never written. Every version sums in the same order,
 * so all give the same bits. {@link #jacobi} and {@link #jacobiHeap} are the plain loops a user writes, vectorized
 * by the kernel compiler; the {@code Vector} versions are hand-written Vector API code, kept as benchmarks to beat.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Jacobi7 {
    private Jacobi7() {
    }

    /**
     * @param nx points in x.
     * @param ny points in y.
     * @param nz points in z.
     * @return elements of a block with its ghost layer.
     */
    public static int blockLength(final int nx, final int ny, final int nz) {
        return (nx + 2) * (ny + 2) * (nz + 2);
    }

    /**
     * Plain loops on the off-heap arrays, as a user writes them: charm4j's SIMD back end vectorizes the {@code i}
     * loop (see {@link org.charm4j.kernels.Specialization#backend()}).
     *
     * @param nx  points in x.
     * @param ny  points in y.
     * @param nz  points in z.
     * @param in  the block read.
     * @param out the block written (interior only).
     */
    @Kernel
    public static void jacobi(@Const final int nx, @Const final int ny, @Const final int nz, final DoubleArray in,
                              final DoubleArray out) {
        final int dy = nx + 2;
        final int dz = dy * (ny + 2);
        for (@Parallel int k = 1; k <= nz; k++) {
            for (@Parallel int j = 1; j <= ny; j++) {
                final int row = k * dz + j * dy;
                for (int i = 1; i <= nx; i++) {
                    final int c = row + i;
                    out.set(c, (in.get(c - 1) + in.get(c + 1) + in.get(c - dy) + in.get(c + dy) + in.get(c - dz)
                        + in.get(c + dz) + in.get(c)) * Stencil7.ONE_SEVENTH);
                }
            }
        }
    }

    /**
     * Vector API rows on the off-heap arrays.
     *
     * @param nx  points in x.
     * @param ny  points in y.
     * @param nz  points in z.
     * @param in  the block read.
     * @param out the block written (interior only).
     */
    @Kernel
    public static void jacobiVector(@Const final int nx, @Const final int ny, @Const final int nz,
                                    final DoubleArray in, final DoubleArray out) {
        final MemorySegment a = in.segment();
        final MemorySegment b = out.segment();
        final int dy = nx + 2;
        final int dz = dy * (ny + 2);
        final long by = (long) dy << 3;
        final long bz = (long) dz << 3;
        final int bound = Stencil7.loopBound(nx);
        for (@Parallel int k = 1; k <= nz; k++) {
            for (@Parallel int j = 1; j <= ny; j++) {
                final int c = k * dz + j * dy + 1;
                int i = 0;
                for (; i < bound; i += Stencil7.LANES) {
                    Stencil7.vector(a, b, (long) (c + i) << 3, by, bz);
                }
                if (i < nx) {
                    Stencil7.tail(a, b, (long) c << 3, i, nx, by, bz);
                }
            }
        }
    }

    /**
     * Plain loops on heap arrays, as a user writes them: charm4j's SIMD back end vectorizes the {@code i} loop.
     *
     * @param nx  points in x.
     * @param ny  points in y.
     * @param nz  points in z.
     * @param in  the block read.
     * @param out the block written (interior only).
     */
    @Kernel
    public static void jacobiHeap(@Const final int nx, @Const final int ny, @Const final int nz, final double[] in,
                                  final double[] out) {
        final int dy = nx + 2;
        final int dz = dy * (ny + 2);
        for (@Parallel int k = 1; k <= nz; k++) {
            for (@Parallel int j = 1; j <= ny; j++) {
                final int row = k * dz + j * dy;
                for (int i = 1; i <= nx; i++) {
                    final int c = row + i;
                    out[c] = (in[c - 1] + in[c + 1] + in[c - dy] + in[c + dy] + in[c - dz] + in[c + dz] + in[c])
                        * Stencil7.ONE_SEVENTH;
                }
            }
        }
    }

    /**
     * Vector API rows on heap arrays.
     *
     * @param nx  points in x.
     * @param ny  points in y.
     * @param nz  points in z.
     * @param in  the block read.
     * @param out the block written (interior only).
     */
    @Kernel
    public static void jacobiVectorHeap(@Const final int nx, @Const final int ny, @Const final int nz,
                                        final double[] in, final double[] out) {
        final int dy = nx + 2;
        final int dz = dy * (ny + 2);
        for (@Parallel int k = 1; k <= nz; k++) {
            for (@Parallel int j = 1; j <= ny; j++) {
                Stencil7.row(in, out, k * dz + j * dy + 1, nx, dy, dz);
            }
        }
    }
}
