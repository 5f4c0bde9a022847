package org.charm4j.kernels.lib;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Parallel;
import org.charm4j.kernels.simd.PairForces;

/**
 * LeanMD's pair loop: Lennard-Jones forces between every atom of cell A and every atom of cell B closer than the
 * cutoff, accumulated into both cells' forces, returning the energy. Positions and forces are structure of arrays in
 * one {@link DoubleArray} of {@code 3 n} per cell (see {@link PairForces}).
 *
 * <p>Threading: stateless; any thread.
 */
public final class LennardJones {
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private LennardJones() {
    }

    /**
     * Plain loops on the off-heap cells, as a user writes them: the kernel compiler vectorizes the loop over the
     * atoms of B (the cutoff test becomes a mask, the sums into {@code energy}, {@code fx}, {@code fy}, {@code fz}
     * vector reductions).
     *
     * @param na      atoms in A.
     * @param nb      atoms in B.
     * @param cutoff2 square of the cutoff.
     * @param a       repulsive coefficient ({@code 4 eps sigma^12}).
     * @param b       attractive coefficient ({@code 4 eps sigma^6}).
     * @param pa      positions of A.
     * @param fa      forces of A, added to.
     * @param pb      positions of B.
     * @param fb      forces of B, added to.
     * @return the energy of the pairs.
     */
    @Kernel
    public static double forces(@Const final int na, @Const final int nb, @Const final double cutoff2,
                                @Const final double a, @Const final double b, final DoubleArray pa,
                                final DoubleArray fa, final DoubleArray pb, final DoubleArray fb) {
        final double a12 = 12 * a;
        final double b6 = 6 * b;
        double energy = 0;
        for (@Parallel int i = 0; i < na; i++) {
            final double xi = pa.get(i);
            final double yi = pa.get(na + i);
            final double zi = pa.get(2 * na + i);
            double fx = 0;
            double fy = 0;
            double fz = 0;
            for (int j = 0; j < nb; j++) {
                final double dx = xi - pb.get(j);
                final double dy = yi - pb.get(nb + j);
                final double dz = zi - pb.get(2 * nb + j);
                final double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 < cutoff2) {
                    final double inv2 = 1.0 / r2;
                    final double inv6 = inv2 * inv2 * inv2;
                    final double f = inv2 * inv6 * (a12 * inv6 - b6);
                    energy += inv6 * (a * inv6 - b);
                    fx += f * dx;
                    fy += f * dy;
                    fz += f * dz;
                    fb.set(j, fb.get(j) - f * dx);
                    fb.set(nb + j, fb.get(nb + j) - f * dy);
                    fb.set(2 * nb + j, fb.get(2 * nb + j) - f * dz);
                }
            }
            fa.set(i, fa.get(i) + fx);
            fa.set(na + i, fa.get(na + i) + fy);
            fa.set(2 * na + i, fa.get(2 * na + i) + fz);
        }
        return energy;
    }

    /**
     * {@link #forces} on heap arrays (x, y, z blocks of {@code n} per cell), plain loops.
     *
     * @param na      atoms in A.
     * @param nb      atoms in B.
     * @param cutoff2 square of the cutoff.
     * @param a       repulsive coefficient.
     * @param b       attractive coefficient.
     * @param pa      positions of A.
     * @param fa      forces of A, added to.
     * @param pb      positions of B.
     * @param fb      forces of B, added to.
     * @return the energy of the pairs.
     */
    @Kernel
    public static double forcesHeap(@Const final int na, @Const final int nb, @Const final double cutoff2,
                                    @Const final double a, @Const final double b, final double[] pa,
                                    final double[] fa, final double[] pb, final double[] fb) {
        final double a12 = 12 * a;
        final double b6 = 6 * b;
        double energy = 0;
        for (@Parallel int i = 0; i < na; i++) {
            final double xi = pa[i];
            final double yi = pa[na + i];
            final double zi = pa[2 * na + i];
            double fx = 0;
            double fy = 0;
            double fz = 0;
            for (int j = 0; j < nb; j++) {
                final double dx = xi - pb[j];
                final double dy = yi - pb[nb + j];
                final double dz = zi - pb[2 * nb + j];
                final double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 < cutoff2) {
                    final double inv2 = 1.0 / r2;
                    final double inv6 = inv2 * inv2 * inv2;
                    final double f = inv2 * inv6 * (a12 * inv6 - b6);
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
        }
        return energy;
    }

    /**
     * Vector API loops over the atoms of B, the pairs beyond the cutoff blended to zero; the last partial vector of
     * each row runs scalar ({@link PairForces#tail}).
     *
     * @param na      atoms in A.
     * @param nb      atoms in B.
     * @param cutoff2 square of the cutoff.
     * @param a       repulsive coefficient.
     * @param b       attractive coefficient.
     * @param pa      positions of A.
     * @param fa      forces of A, added to.
     * @param pb      positions of B.
     * @param fb      forces of B, added to.
     * @return the energy of the pairs.
     */
    @Kernel
    public static double forcesVector(@Const final int na, @Const final int nb, @Const final double cutoff2,
                                      @Const final double a, @Const final double b, final DoubleArray pa,
                                      final DoubleArray fa, final DoubleArray pb, final DoubleArray fb) {
        final MemorySegment sa = pa.segment();
        final MemorySegment ga = fa.segment();
        final MemorySegment sb = pb.segment();
        final MemorySegment gb = fb.segment();
        final double a12 = 12 * a;
        final double b6 = 6 * b;
        final long ys = (long) nb << 3;
        final long zs = (long) nb << 4;
        final int bound = PairForces.loopBound(nb);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector zero = DoubleVector.broadcast(S, 0.0);
        double energy = 0;
        for (@Parallel int i = 0; i < na; i++) {
            final DoubleVector xi = DoubleVector.broadcast(S, sa.getAtIndex(D, i));
            final DoubleVector yi = DoubleVector.broadcast(S, sa.getAtIndex(D, na + i));
            final DoubleVector zi = DoubleVector.broadcast(S, sa.getAtIndex(D, 2 * na + i));
            DoubleVector fx = zero;
            DoubleVector fy = fx;
            DoubleVector fz = fx;
            DoubleVector en = fx;
            for (int j = 0; j < bound; j += LANES) {
                final long o = (long) j << 3;
                final DoubleVector dx = xi.sub(DoubleVector.fromMemorySegment(S, sb, o, LE));
                final DoubleVector dy = yi.sub(DoubleVector.fromMemorySegment(S, sb, o + ys, LE));
                final DoubleVector dz = zi.sub(DoubleVector.fromMemorySegment(S, sb, o + zs, LE));
                final DoubleVector r2 = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                final VectorMask<Double> m = r2.compare(VectorOperators.LT, cutoff2);
                final DoubleVector inv2 = one.div(r2);
                final DoubleVector inv6 = inv2.mul(inv2).mul(inv2);
                final DoubleVector f = zero.blend(inv2.mul(inv6).mul(inv6.mul(a12).sub(b6)), m);
                en = en.add(zero.blend(inv6.mul(inv6.mul(a).sub(b)), m));
                final DoubleVector gx = f.mul(dx);
                final DoubleVector gy = f.mul(dy);
                final DoubleVector gz = f.mul(dz);
                fx = fx.add(gx);
                fy = fy.add(gy);
                fz = fz.add(gz);
                DoubleVector.fromMemorySegment(S, gb, o, LE).sub(gx).intoMemorySegment(gb, o, LE);
                DoubleVector.fromMemorySegment(S, gb, o + ys, LE).sub(gy).intoMemorySegment(gb, o + ys, LE);
                DoubleVector.fromMemorySegment(S, gb, o + zs, LE).sub(gz).intoMemorySegment(gb, o + zs, LE);
            }
            ga.setAtIndex(D, i, ga.getAtIndex(D, i) + fx.reduceLanes(VectorOperators.ADD));
            ga.setAtIndex(D, na + i, ga.getAtIndex(D, na + i) + fy.reduceLanes(VectorOperators.ADD));
            ga.setAtIndex(D, 2 * na + i, ga.getAtIndex(D, 2 * na + i) + fz.reduceLanes(VectorOperators.ADD));
            energy += en.reduceLanes(VectorOperators.ADD);
            if (bound < nb) {
                energy += PairForces.tail(sa, ga, na, i, sb, gb, nb, bound, cutoff2, a, b);
            }
        }
        return energy;
    }

    /**
     * {@link #forcesVector} on heap arrays: the layout to compute on. A Vector API loop over memory segments ran at
     * half speed once other Vector code had run in the JVM (see {@code VectorCollapseRepro} in the jmh module); this
     * one does not.
     *
     * @param na      atoms in A.
     * @param nb      atoms in B.
     * @param cutoff2 square of the cutoff.
     * @param a       repulsive coefficient.
     * @param b       attractive coefficient.
     * @param pa      positions of A (x, y, z blocks of {@code na}).
     * @param fa      forces of A, added to.
     * @param pb      positions of B.
     * @param fb      forces of B, added to.
     * @return the energy of the pairs.
     */
    @Kernel
    public static double forcesVectorHeap(@Const final int na, @Const final int nb, @Const final double cutoff2,
                                          @Const final double a, @Const final double b, final double[] pa,
                                          final double[] fa, final double[] pb, final double[] fb) {
        final double a12 = 12 * a;
        final double b6 = 6 * b;
        final int bound = PairForces.loopBound(nb);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector zero = DoubleVector.broadcast(S, 0.0);
        double energy = 0;
        for (@Parallel int i = 0; i < na; i++) {
            final DoubleVector xi = DoubleVector.broadcast(S, pa[i]);
            final DoubleVector yi = DoubleVector.broadcast(S, pa[na + i]);
            final DoubleVector zi = DoubleVector.broadcast(S, pa[2 * na + i]);
            DoubleVector fx = zero;
            DoubleVector fy = fx;
            DoubleVector fz = fx;
            DoubleVector en = fx;
            for (int j = 0; j < bound; j += LANES) {
                final DoubleVector dx = xi.sub(DoubleVector.fromArray(S, pb, j));
                final DoubleVector dy = yi.sub(DoubleVector.fromArray(S, pb, nb + j));
                final DoubleVector dz = zi.sub(DoubleVector.fromArray(S, pb, 2 * nb + j));
                final DoubleVector r2 = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                final VectorMask<Double> m = r2.compare(VectorOperators.LT, cutoff2);
                final DoubleVector inv2 = one.div(r2);
                final DoubleVector inv6 = inv2.mul(inv2).mul(inv2);
                final DoubleVector f = zero.blend(inv2.mul(inv6).mul(inv6.mul(a12).sub(b6)), m);
                en = en.add(zero.blend(inv6.mul(inv6.mul(a).sub(b)), m));
                final DoubleVector gx = f.mul(dx);
                final DoubleVector gy = f.mul(dy);
                final DoubleVector gz = f.mul(dz);
                fx = fx.add(gx);
                fy = fy.add(gy);
                fz = fz.add(gz);
                DoubleVector.fromArray(S, fb, j).sub(gx).intoArray(fb, j);
                DoubleVector.fromArray(S, fb, nb + j).sub(gy).intoArray(fb, nb + j);
                DoubleVector.fromArray(S, fb, 2 * nb + j).sub(gz).intoArray(fb, 2 * nb + j);
            }
            fa[i] += fx.reduceLanes(VectorOperators.ADD);
            fa[na + i] += fy.reduceLanes(VectorOperators.ADD);
            fa[2 * na + i] += fz.reduceLanes(VectorOperators.ADD);
            energy += en.reduceLanes(VectorOperators.ADD);
            if (bound < nb) {
                energy += PairForces.tailHeap(pa, fa, na, i, pb, fb, nb, bound, cutoff2, a, b);
            }
        }
        return energy;
    }
}
