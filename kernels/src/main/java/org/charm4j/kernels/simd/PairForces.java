package org.charm4j.kernels.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lennard-Jones forces of one atom against every atom of another cell, with a cutoff, on the Vector API, as a helper
 * compiled on its own; and the scalar tail that {@code LennardJones.forcesVector} calls after its inline vector loop.
 * (That kernel keeps its vector loop in its own body: helpers returning vectors pushed it past C2's inlining budget,
 * which boxed the vectors and ran 8x slower.)
 *
 * <p>Cells are laid out as structure of arrays in one segment of {@code 3 n} doubles: x of every atom, then y, then z;
 * forces the same. For a pair at separation {@code d = p_i - p_j} with {@code r2 = |d|^2 < cutoff2}, the energy is
 * {@code a / r^12 - b / r^6} and the force on {@code i} is {@code d (12 a / r^14 - 6 b / r^8)}; {@code j} gets the
 * opposite.
 *
 * <p>Threading: stateless; any thread (callers must not let two threads write the same forces).
 */
public final class PairForces {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private PairForces() {
    }

    /** Doubles per vector. */
    public static final int LANES = S.length();

    /**
     * @param n atoms.
     * @return the largest multiple of {@link #LANES} not above {@code n}.
     */
    public static int loopBound(final int n) {
        return n & -LANES;
    }

    /**
     * Scalar pairs of atom {@code i} of A with atoms {@code j0 ... nb-1} of B (the last, partial vector of a row), with
     * the same formula as {@link #atom}; kept out of line so that the vector loop it completes stays small.
     *
     * @param pa      positions of cell A ({@code 3 na}).
     * @param fa      forces of cell A, added to.
     * @param na      atoms in A.
     * @param i       the atom of A.
     * @param pb      positions of cell B ({@code 3 nb}).
     * @param fb      forces of cell B, subtracted from.
     * @param nb      atoms in B.
     * @param j0      first atom of B.
     * @param cutoff2 square of the cutoff distance.
     * @param a       the repulsive coefficient.
     * @param b       the attractive coefficient.
     * @return the energy of these pairs.
     */
    public static double tail(final MemorySegment pa, final MemorySegment fa, final int na, final int i,
                              final MemorySegment pb, final MemorySegment fb, final int nb, final int j0,
                              final double cutoff2, final double a, final double b) {
        final double xi = pa.getAtIndex(D, i);
        final double yi = pa.getAtIndex(D, (long) na + i);
        final double zi = pa.getAtIndex(D, 2L * na + i);
        double fx = 0;
        double fy = 0;
        double fz = 0;
        double energy = 0;
        for (int j = j0; j < nb; j++) {
            final double dx = xi - pb.getAtIndex(D, j);
            final double dy = yi - pb.getAtIndex(D, (long) nb + j);
            final double dz = zi - pb.getAtIndex(D, 2L * nb + j);
            final double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 < cutoff2) {
                final double inv2 = 1.0 / r2;
                final double inv6 = inv2 * inv2 * inv2;
                final double f = inv2 * inv6 * (12 * a * inv6 - 6 * b);
                energy += inv6 * (a * inv6 - b);
                fx += f * dx;
                fy += f * dy;
                fz += f * dz;
                fb.setAtIndex(D, j, fb.getAtIndex(D, j) - f * dx);
                fb.setAtIndex(D, (long) nb + j, fb.getAtIndex(D, (long) nb + j) - f * dy);
                fb.setAtIndex(D, 2L * nb + j, fb.getAtIndex(D, 2L * nb + j) - f * dz);
            }
        }
        fa.setAtIndex(D, i, fa.getAtIndex(D, i) + fx);
        fa.setAtIndex(D, (long) na + i, fa.getAtIndex(D, (long) na + i) + fy);
        fa.setAtIndex(D, 2L * na + i, fa.getAtIndex(D, 2L * na + i) + fz);
        return energy;
    }

    /**
     * Adds the forces between atom {@code i} of cell A and every atom of cell B.
     *
     * @param pa      positions of cell A ({@code 3 na}).
     * @param fa      forces of cell A, added to.
     * @param na      atoms in A.
     * @param i       the atom of A.
     * @param pb      positions of cell B ({@code 3 nb}).
     * @param fb      forces of cell B, subtracted from.
     * @param nb      atoms in B.
     * @param cutoff2 square of the cutoff distance.
     * @param a       the repulsive coefficient ({@code 4 eps sigma^12}).
     * @param b       the attractive coefficient ({@code 4 eps sigma^6}).
     * @return the energy of these pairs.
     */
    public static double atom(final MemorySegment pa, final MemorySegment fa, final int na, final int i,
                              final MemorySegment pb, final MemorySegment fb, final int nb,
                              final double cutoff2, final double a, final double b) {
        final DoubleVector xi = DoubleVector.broadcast(S, pa.getAtIndex(D, i));
        final DoubleVector yi = DoubleVector.broadcast(S, pa.getAtIndex(D, (long) na + i));
        final DoubleVector zi = DoubleVector.broadcast(S, pa.getAtIndex(D, 2L * na + i));
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final double a12 = 12 * a;
        final double b6 = 6 * b;
        DoubleVector fx = DoubleVector.zero(S);
        DoubleVector fy = fx;
        DoubleVector fz = fx;
        DoubleVector en = fx;
        final long ys = (long) nb << 3;
        final long zs = (long) nb << 4;
        for (int j = 0; j < nb; j += LANES) {
            final VectorMask<Double> in = S.indexInRange(j, nb);
            final long o = (long) j << 3;
            final DoubleVector dx = xi.sub(DoubleVector.fromMemorySegment(S, pb, o, LE, in));
            final DoubleVector dy = yi.sub(DoubleVector.fromMemorySegment(S, pb, o + ys, LE, in));
            final DoubleVector dz = zi.sub(DoubleVector.fromMemorySegment(S, pb, o + zs, LE, in));
            final DoubleVector r2 = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
            final VectorMask<Double> m = r2.compare(VectorOperators.LT, cutoff2).and(in);
            final DoubleVector inv2 = one.div(r2);
            final DoubleVector inv6 = inv2.mul(inv2).mul(inv2);
            final DoubleVector f = inv2.mul(inv6).mul(inv6.mul(a12).sub(b6));
            en = en.add(inv6.mul(inv6.mul(a).sub(b)), m);
            final DoubleVector gx = f.mul(dx);
            final DoubleVector gy = f.mul(dy);
            final DoubleVector gz = f.mul(dz);
            fx = fx.add(gx, m);
            fy = fy.add(gy, m);
            fz = fz.add(gz, m);
            DoubleVector.fromMemorySegment(S, fb, o, LE, in).sub(gx, m).intoMemorySegment(fb, o, LE, in);
            DoubleVector.fromMemorySegment(S, fb, o + ys, LE, in).sub(gy, m).intoMemorySegment(fb, o + ys, LE, in);
            DoubleVector.fromMemorySegment(S, fb, o + zs, LE, in).sub(gz, m).intoMemorySegment(fb, o + zs, LE, in);
        }
        fa.setAtIndex(D, i, fa.getAtIndex(D, i) + fx.reduceLanes(VectorOperators.ADD));
        fa.setAtIndex(D, (long) na + i, fa.getAtIndex(D, (long) na + i) + fy.reduceLanes(VectorOperators.ADD));
        fa.setAtIndex(D, 2L * na + i, fa.getAtIndex(D, 2L * na + i) + fz.reduceLanes(VectorOperators.ADD));
        return en.reduceLanes(VectorOperators.ADD);
    }
}
