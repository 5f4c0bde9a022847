package org.charm4j.apps.stencil3d;

import org.charm4j.gpu.Devices;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.KernelHandle;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Parallel;
import org.charm4j.kernels.lib.Jacobi7;

/**
 * The update of one block: Charm++ stencil3d's 7-point Jacobi sweep, as a {@link Kernel} whose block sizes are
 * {@link Const}, so each size gets its own specialized copy. Blocks are {@code (bx+2)(by+2)(bz+2)} doubles with one
 * ghost layer, x fastest: point {@code (i, j, k)} is at {@code i + (bx+2) (j + (by+2) k)} (Charm++'s
 * {@code index(a,b,c)}). The sum is taken in Charm++'s order (x-1, x+1, y-1, y+1, z-1, z+1, the point itself) and
 * multiplied by {@link #DIVIDEBY7}, so every version and the serial reference give the same bits.
 *
 * <p>With {@code +device opencl} the plain kernel runs on an OpenCL device (one per PE thread, kept for the job), to
 * the same bits, and the blocks live there between iterations ({@link DeviceBlock}: only faces cross).
 *
 * <p>Threading: a sweep belongs to the PE thread that made it.
 */
public final class Update {
    /** Charm++'s {@code DIVIDEBY7}, {@code 0.14285714285714285714}: the double nearest 1/7. */
    public static final double DIVIDEBY7 = 0.14285714285714285714;

    /** {@link #sweep}, the kernel that runs on a device too. */
    static final KernelHandle PLAIN = Kernels.of(Update.class, "sweep");
    private static final KernelHandle VECTOR = Kernels.of(Jacobi7.class, "jacobiVectorHeap");

    private Update() {
    }

    /** One sweep of a block: reads {@code in} (ghosts included), writes the interior of {@code out}. */
    @FunctionalInterface
    public interface Sweep {
        /**
         * @param in  the block read (borrowed).
         * @param out the block written (borrowed).
         */
        void run(double[] in, double[] out);
    }

    /**
     * The plain loop of Charm++'s {@code compute_kernel}, one repeat.
     *
     * @param bx  points in x.
     * @param by  points in y.
     * @param bz  points in z.
     * @param in  the block read.
     * @param out the block written (interior only).
     */
    @Kernel
    public static void sweep(@Const final int bx, @Const final int by, @Const final int bz, final double[] in,
                             final double[] out) {
        final int dy = bx + 2;
        final int dz = dy * (by + 2);
        for (@Parallel int k = 1; k <= bz; k++) {
            for (@Parallel int j = 1; j <= by; j++) {
                final int row = k * dz + j * dy;
                for (int i = 1; i <= bx; i++) {
                    final int c = row + i;
                    out[c] = (in[c - 1] + in[c + 1] + in[c - dy] + in[c + dy] + in[c - dz] + in[c + dz] + in[c])
                        * DIVIDEBY7;
                }
            }
        }
    }

    /** {@link #sweepFillingX}, specialized for one block size. */
    @FunctionalInterface
    public interface FillingSweep {
        /**
         * @param left  the left ghost face, {@code by * bz} values (borrowed).
         * @param right the right ghost face (borrowed).
         * @param in    the block read; its x ghost columns are written from the faces first, row by row.
         * @param out   the block written (interior only).
         */
        void run(org.charm4j.DoubleArray left, org.charm4j.DoubleArray right, double[] in, double[] out);
    }

    private static final KernelHandle FILLING = Kernels.of(Update.class, "sweepFillingX");

    /**
     * {@link #sweep} that first writes each row's two x ghosts from the left and right faces, while the row is
     * being read anyway: the same bits as unpacking the faces and then sweeping.
     *
     * @param bx    points in x.
     * @param by    points in y.
     * @param bz    points in z.
     * @param left  the left face, {@code (j - 1) + by (k - 1)} for row {@code (j, k)}.
     * @param right the right face.
     * @param in    the block read.
     * @param out   the block written (interior only).
     */
    @Kernel
    public static void sweepFillingX(@Const final int bx, @Const final int by, @Const final int bz,
                                     final org.charm4j.DoubleArray left, final org.charm4j.DoubleArray right,
                                     final double[] in, final double[] out) {
        final int dy = bx + 2;
        final int dz = dy * (by + 2);
        for (@Parallel int k = 1; k <= bz; k++) {
            for (@Parallel int j = 1; j <= by; j++) {
                final int row = k * dz + j * dy;
                final int g = (k - 1) * by + (j - 1);
                in[row] = left.get(g);
                in[row + bx + 1] = right.get(g);
                for (int i = 1; i <= bx; i++) {
                    final int c = row + i;
                    out[c] = (in[c - 1] + in[c + 1] + in[c - dy] + in[c + dy] + in[c - dz] + in[c + dz] + in[c])
                        * DIVIDEBY7;
                }
            }
        }
    }

    /**
     * The specialized sweep for one block size.
     *
     * @param kernel {@code plain} ({@link #sweep}) or {@code vector} ({@link Jacobi7#jacobiVectorHeap}, the Vector
     *               API kernel of the kernels library).
     * @param bx     points in x.
     * @param by     points in y.
     * @param bz     points in z.
     * @return the sweep, specialized for these sizes (made once per size and kept by the kernels' cache).
     */
    public static Sweep of(final String kernel, final int bx, final int by, final int bz) {
        final KernelHandle h = switch (kernel) {
            case "plain" -> PLAIN;
            case "vector" -> VECTOR;
            default -> throw new IllegalArgumentException("no kernel '" + kernel + "': plain or vector");
        };
        return h.specialize(bx, by, bz).as(Sweep.class);
    }

    /**
     * {@link #sweepFillingX} for one block size.
     *
     * @param bx points in x.
     * @param by points in y.
     * @param bz points in z.
     * @return the sweep, specialized for these sizes (made once per size and kept by the kernels' cache).
     */
    public static FillingSweep filling(final int bx, final int by, final int bz) {
        return FILLING.specialize(bx, by, bz).as(FillingSweep.class);
    }

    /**
     * The device {@code +device} chose for this PE's blocks ({@link Devices#forThisPe()}). In a job only, on a PE's
     * thread.
     *
     * @return this PE's choice: {@link Devices.Choice#isCpu()}, or a device the blocks live on ({@link DeviceBlock}).
     */
    static Devices.Choice deviceForThisPe() {
        return Devices.forThisPe();
    }
}
