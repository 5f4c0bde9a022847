package org.charm4j.kernels.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Helpers of {@code LennardJones.forcesVector}: the vector width, and the scalar tail that completes a row of pairs
 * after the kernel's own vector loop.
 *
 * <p>Measured (JDK 25, AVX-512): the vector loop must sit in the kernel's body. Helpers that take or return vectors
 * or masks pushed the kernel past C2's inlining budget ({@code NodeCountInliningCutoff}), which left vectors boxed
 * (8x slower), and a stand-alone helper running the whole row with {@code indexInRange} masks ran at 10 Mpairs/s.
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
     * {@link #tail} on heap arrays, for {@code LennardJones.forcesVectorHeap}.
     *
     * @param pa      positions of A (x, y, z blocks of {@code na}).
     * @param fa      forces of A, added to.
     * @param na      atoms in A.
     * @param i       the atom of A.
     * @param pb      positions of B.
     * @param fb      forces of B, added to.
     * @param nb      atoms in B.
     * @param j0      the first atom of B left over by the vector loop.
     * @param cutoff2 square of the cutoff.
     * @param a       repulsive coefficient.
     * @param b       attractive coefficient.
     * @return the energy of these pairs.
     */
    public static double tailHeap(final double[] pa, final double[] fa, final int na, final int i, final double[] pb,
                                  final double[] fb, final int nb, final int j0, final double cutoff2, final double a,
                                  final double b) {
        final double xi = pa[i];
        final double yi = pa[na + i];
        final double zi = pa[2 * na + i];
        double fx = 0;
        double fy = 0;
        double fz = 0;
        double energy = 0;
        for (int j = j0; j < nb; j++) {
            final double dx = xi - pb[j];
            final double dy = yi - pb[nb + j];
            final double dz = zi - pb[2 * nb + j];
            final double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 < cutoff2) {
                final double inv2 = 1.0 / r2;
                final double inv6 = inv2 * inv2 * inv2;
                final double f = inv2 * inv6 * (12 * a * inv6 - 6 * b);
                energy += inv6 * (a * inv6 - b);
                fx += f * dx;
                fy += f * dy;
                fz += f * dz;
                fb[j] -= f * dx;
                fb[nb + j] -= f * dy;
                fb[2 * nb + j] -= f * dz;
            }
        }
        fa[i] += fx;
        fa[na + i] += fy;
        fa[2 * na + i] += fz;
        return energy;
    }
}
