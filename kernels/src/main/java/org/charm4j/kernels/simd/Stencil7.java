package org.charm4j.kernels.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * One row of the 7-point Jacobi update of Charm++'s stencil3d: {@code out[c] = (in[c-1] + in[c+1] + in[c-dy] +
 * in[c+dy] + in[c-dz] + in[c+dz] + in[c]) * (1/7)}, summed in that order by every version, scalar or SIMD, so all give
 * the same bits. Full vectors, then one masked vector for the rest of the row.
 *
 * <p>Threading: stateless; any thread (callers must not let two threads write the same row).
 */
public final class Stencil7 {
    /** The factor of the update, as Charm++'s {@code DIVIDEBY7}. */
    public static final double ONE_SEVENTH = 1.0 / 7.0;

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector ({@code DoubleVector.SPECIES_PREFERRED}: 8 with AVX-512). */
    public static final int LANES = S.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private Stencil7() {
    }

    /**
     * @param in  the block read, with its ghost layer.
     * @param out the block written.
     * @param c   byte offset of the row's first interior point.
     * @param n   points in the row.
     * @param dy  byte distance between neighbours in y (a row).
     * @param dz  byte distance between neighbours in z (a plane).
     */
    public static void row(final MemorySegment in, final MemorySegment out, final long c, final int n,
                           final long dy, final long dz) {
        final int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            final long o = c + ((long) i << 3);
            final DoubleVector s = DoubleVector.fromMemorySegment(S, in, o - 8, LE)
                .add(DoubleVector.fromMemorySegment(S, in, o + 8, LE))
                .add(DoubleVector.fromMemorySegment(S, in, o - dy, LE))
                .add(DoubleVector.fromMemorySegment(S, in, o + dy, LE))
                .add(DoubleVector.fromMemorySegment(S, in, o - dz, LE))
                .add(DoubleVector.fromMemorySegment(S, in, o + dz, LE))
                .add(DoubleVector.fromMemorySegment(S, in, o, LE));
            s.mul(ONE_SEVENTH).intoMemorySegment(out, o, LE);
        }
        if (i < n) {
            final VectorMask<Double> m = S.indexInRange(i, n);
            final long o = c + ((long) i << 3);
            final DoubleVector s = DoubleVector.fromMemorySegment(S, in, o - 8, LE, m)
                .add(DoubleVector.fromMemorySegment(S, in, o + 8, LE, m))
                .add(DoubleVector.fromMemorySegment(S, in, o - dy, LE, m))
                .add(DoubleVector.fromMemorySegment(S, in, o + dy, LE, m))
                .add(DoubleVector.fromMemorySegment(S, in, o - dz, LE, m))
                .add(DoubleVector.fromMemorySegment(S, in, o + dz, LE, m))
                .add(DoubleVector.fromMemorySegment(S, in, o, LE, m));
            s.mul(ONE_SEVENTH).intoMemorySegment(out, o, LE, m);
        }
    }

    /**
     * @param n points in a row.
     * @return the largest multiple of {@link #LANES} not above {@code n}.
     */
    public static int loopBound(final int n) {
        return n & -LANES;
    }

    /**
     * Updates {@link #LANES} points of a row with full vectors.
     *
     * @param in  the block read.
     * @param out the block written.
     * @param o   byte offset of the first point.
     * @param dy  byte distance in y.
     * @param dz  byte distance in z.
     */
    public static void vector(final MemorySegment in, final MemorySegment out, final long o, final long dy,
                              final long dz) {
        DoubleVector.fromMemorySegment(S, in, o - 8, LE)
            .add(DoubleVector.fromMemorySegment(S, in, o + 8, LE))
            .add(DoubleVector.fromMemorySegment(S, in, o - dy, LE))
            .add(DoubleVector.fromMemorySegment(S, in, o + dy, LE))
            .add(DoubleVector.fromMemorySegment(S, in, o - dz, LE))
            .add(DoubleVector.fromMemorySegment(S, in, o + dz, LE))
            .add(DoubleVector.fromMemorySegment(S, in, o, LE))
            .mul(ONE_SEVENTH).intoMemorySegment(out, o, LE);
    }

    /**
     * The last, partial vector of a row, masked.
     *
     * @param in  the block read.
     * @param out the block written.
     * @param c   byte offset of the row's first interior point.
     * @param i   index in the row of the first point left.
     * @param n   points in the row.
     * @param dy  byte distance in y.
     * @param dz  byte distance in z.
     */
    public static void tail(final MemorySegment in, final MemorySegment out, final long c, final int i, final int n,
                            final long dy, final long dz) {
        final VectorMask<Double> m = S.indexInRange(i, n);
        final long o = c + ((long) i << 3);
        DoubleVector.fromMemorySegment(S, in, o - 8, LE, m)
            .add(DoubleVector.fromMemorySegment(S, in, o + 8, LE, m))
            .add(DoubleVector.fromMemorySegment(S, in, o - dy, LE, m))
            .add(DoubleVector.fromMemorySegment(S, in, o + dy, LE, m))
            .add(DoubleVector.fromMemorySegment(S, in, o - dz, LE, m))
            .add(DoubleVector.fromMemorySegment(S, in, o + dz, LE, m))
            .add(DoubleVector.fromMemorySegment(S, in, o, LE, m))
            .mul(ONE_SEVENTH).intoMemorySegment(out, o, LE, m);
    }

    /**
     * The same row on heap arrays.
     *
     * @param in  the block read.
     * @param out the block written.
     * @param c   index of the row's first interior point.
     * @param n   points in the row.
     * @param dy  index distance in y.
     * @param dz  index distance in z.
     */
    public static void row(final double[] in, final double[] out, final int c, final int n, final int dy,
                           final int dz) {
        final int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            final int o = c + i;
            final DoubleVector s = DoubleVector.fromArray(S, in, o - 1)
                .add(DoubleVector.fromArray(S, in, o + 1))
                .add(DoubleVector.fromArray(S, in, o - dy))
                .add(DoubleVector.fromArray(S, in, o + dy))
                .add(DoubleVector.fromArray(S, in, o - dz))
                .add(DoubleVector.fromArray(S, in, o + dz))
                .add(DoubleVector.fromArray(S, in, o));
            s.mul(ONE_SEVENTH).intoArray(out, o);
        }
        for (; i < n; i++) {
            final int o = c + i;
            out[o] = (in[o - 1] + in[o + 1] + in[o - dy] + in[o + dy] + in[o - dz] + in[o + dz] + in[o])
                * ONE_SEVENTH;
        }
    }

    /**
     * The scalar update of one point on a segment.
     *
     * @param in  the block read.
     * @param out the block written.
     * @param c   element index of the point.
     * @param dy  element distance in y.
     * @param dz  element distance in z.
     */
    public static void point(final MemorySegment in, final MemorySegment out, final long c, final long dy,
                             final long dz) {
        out.setAtIndex(D, c, (in.getAtIndex(D, c - 1) + in.getAtIndex(D, c + 1) + in.getAtIndex(D, c - dy)
            + in.getAtIndex(D, c + dy) + in.getAtIndex(D, c - dz) + in.getAtIndex(D, c + dz) + in.getAtIndex(D, c))
            * ONE_SEVENTH);
    }
}
