package org.charm4j.apps.leanmd;

import org.charm4j.kernels.Kernel;

/**
 * The pair loops of LeanMD: forces between the atoms of two cells, or within one, and their Lennard-Jones energy.
 * Positions and forces are structures of arrays: a cell of {@code n} atoms is {@code 3 n} values, its x
 * coordinates first, then its y, then its z ({@link Layout} converts from and to the interleaved {@code x y z} per
 * atom of Charm++'s {@code vec3} arrays that the cells keep), in Angstrom. Only
 * pairs closer than {@link Defs#PTP_CUT_OFF} (and not closer than Charm++'s {@code 0.001} guard on the squared
 * distance) interact. Each loop adds into force arrays it is given and returns the energy of its pairs
 * ({@code VDW_A / r^12 - VDW_B / r^6}, joules, r in metres).
 *
 * <p>Each loop is a plain-loop {@link Kernel} without {@code @Const} parameters (the atom counts change at every
 * migration step, so constant counts would specialize one copy per pair of counts): the computes run them through
 * their kernel handles ({@link ForceKernels}), whose innermost loop (over the second atom of a pair) the kernel
 * compiler runs on vectors: the cutoff test becomes a mask, the sums into the energy and into the first atom's
 * force vector reductions (so the compiled copy's energies and first-cell forces differ from these methods run as
 * Java by rounding only; the second cell's forces are the same to the bit). The first atom's force is summed in a
 * local and added once after its row, as the compiled copy needs; starting from zero forces, as the computes do, a
 * pair of cells then gets Charm++'s {@code calcPairForces} results to the bit when run as Java.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Forces {
    private static final double CUT2 = Defs.PTP_CUT_OFF * Defs.PTP_CUT_OFF;
    private static final double POW_TEN = 1e-10;
    private static final double POW_TWENTY = 1e-20;
    private static final double A = Defs.VDW_A;
    private static final double B = Defs.VDW_B;

    private Forces() {
    }

    /**
     * Charm++'s {@code calcPairForces} ({@code physics.h}), the same arithmetic in the same order: the "force" is
     * {@code (VDW_A / r^12 - VDW_B / r^6) / r} along the separation (the energy over the distance, not its gradient).
     *
     * @param p1 positions of the first cell, borrowed.
     * @param n1 its atoms.
     * @param sx added to the first cell's x (Charm++'s wrap-around {@code diff}), likewise {@code sy}, {@code sz}.
     * @param sy see {@code sx}.
     * @param sz see {@code sx}.
     * @param p2 positions of the second cell, borrowed.
     * @param n2 its atoms.
     * @param f1 forces on the first cell's atoms, added to.
     * @param f2 forces on the second cell's atoms, added to.
     * @return the energy of the pairs.
     */
    @Kernel
    public static double charmPair(final double[] p1, final int n1, final double sx, final double sy,
                                   final double sz, final double[] p2, final int n2, final double[] f1,
                                   final double[] f2) {
        double energy = 0;
        for (int i = 0; i < n1; i++) {
            final double xi = p1[i] + sx;
            final double yi = p1[n1 + i] + sy;
            final double zi = p1[2 * n1 + i] + sz;
            double fxi = 0;
            double fyi = 0;
            double fzi = 0;
            for (int j = 0; j < n2; j++) {
                final double dx = xi - p2[j];
                final double dy = yi - p2[n2 + j];
                final double dz = zi - p2[2 * n2 + j];
                final double rsqd = dx * dx + dy * dy + dz * dz;
                if (rsqd >= 0.001 && rsqd < CUT2) {
                    final double r2 = rsqd * POW_TWENTY;
                    final double r = Math.sqrt(r2);
                    final double rSix = r2 * r2 * r2;
                    final double rTwelve = rSix * rSix;
                    final double f = A / rTwelve - B / rSix;
                    energy += f;
                    final double fr = f / r * POW_TEN;
                    fxi += dx * fr;
                    fyi += dy * fr;
                    fzi += dz * fr;
                    f2[j] -= dx * fr;
                    f2[n2 + j] -= dy * fr;
                    f2[2 * n2 + j] -= dz * fr;
                }
            }
            f1[i] += fxi;
            f1[n1 + i] += fyi;
            f1[2 * n1 + i] += fzi;
        }
        return energy;
    }

    /**
     * Charm++'s {@code calcInternalForces}, the same arithmetic with its signs: within a cell the later atom of a
     * pair gets {@code +force} and the earlier {@code -force} (the opposite of {@link #charmPair}). The earlier
     * atom's share is summed over its row first, so an atom's force differs from Charm++'s order by rounding.
     *
     * @param p positions, borrowed.
     * @param n atoms.
     * @param f forces, added to.
     * @return the energy of the pairs.
     */
    @Kernel
    public static double charmSelf(final double[] p, final int n, final double[] f) {
        double energy = 0;
        for (int i = 0; i < n; i++) {
            final double xi = p[i];
            final double yi = p[n + i];
            final double zi = p[2 * n + i];
            double fxi = 0;
            double fyi = 0;
            double fzi = 0;
            for (int j = i + 1; j < n; j++) {
                final double dx = xi - p[j];
                final double dy = yi - p[n + j];
                final double dz = zi - p[2 * n + j];
                final double rsqd = dx * dx + dy * dy + dz * dz;
                if (rsqd >= 0.001 && rsqd < CUT2) {
                    final double r2 = rsqd * POW_TWENTY;
                    final double r = Math.sqrt(r2);
                    final double rSix = r2 * r2 * r2;
                    final double rTwelve = rSix * rSix;
                    final double e = A / rTwelve - B / rSix;
                    energy += e;
                    final double fr = e / r * POW_TEN;
                    f[j] += dx * fr;
                    f[n + j] += dy * fr;
                    f[2 * n + j] += dz * fr;
                    fxi -= dx * fr;
                    fyi -= dy * fr;
                    fzi -= dz * fr;
                }
            }
            f[i] += fxi;
            f[n + i] += fyi;
            f[2 * n + i] += fzi;
        }
        return energy;
    }

    /**
     * Conservative Lennard-Jones forces between two cells: minus the gradient of {@code VDW_A / r^12 - VDW_B / r^6},
     * in newtons ({@code (12 VDW_A / r^12 - 6 VDW_B / r^6) / r^2} times the separation, r in metres).
     *
     * @param p1 positions of the first cell, borrowed.
     * @param n1 its atoms.
     * @param sx added to the first cell's x (the periodic image), likewise {@code sy}, {@code sz}.
     * @param sy see {@code sx}.
     * @param sz see {@code sx}.
     * @param p2 positions of the second cell, borrowed.
     * @param n2 its atoms.
     * @param f1 forces on the first cell's atoms, added to.
     * @param f2 forces on the second cell's atoms, added to.
     * @return the energy of the pairs.
     */
    @Kernel
    public static double ljPair(final double[] p1, final int n1, final double sx, final double sy, final double sz,
                                final double[] p2, final int n2, final double[] f1, final double[] f2) {
        final double a12 = 12 * A;
        final double b6 = 6 * B;
        double energy = 0;
        for (int i = 0; i < n1; i++) {
            final double xi = p1[i] + sx;
            final double yi = p1[n1 + i] + sy;
            final double zi = p1[2 * n1 + i] + sz;
            double fxi = 0;
            double fyi = 0;
            double fzi = 0;
            for (int j = 0; j < n2; j++) {
                final double dx = xi - p2[j];
                final double dy = yi - p2[n2 + j];
                final double dz = zi - p2[2 * n2 + j];
                final double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= 0.001 && r2 < CUT2) {
                    final double inv2 = 1.0 / (r2 * POW_TWENTY);
                    final double inv6 = inv2 * inv2 * inv2;
                    energy += inv6 * (A * inv6 - B);
                    final double fr = inv2 * inv6 * (a12 * inv6 - b6) * POW_TEN;
                    fxi += dx * fr;
                    fyi += dy * fr;
                    fzi += dz * fr;
                    f2[j] -= dx * fr;
                    f2[n2 + j] -= dy * fr;
                    f2[2 * n2 + j] -= dz * fr;
                }
            }
            f1[i] += fxi;
            f1[n1 + i] += fyi;
            f1[2 * n1 + i] += fzi;
        }
        return energy;
    }

    /**
     * Conservative Lennard-Jones forces within one cell (see {@link #ljPair}).
     *
     * @param p positions, borrowed.
     * @param n atoms.
     * @param f forces, added to.
     * @return the energy of the pairs.
     */
    @Kernel
    public static double ljSelf(final double[] p, final int n, final double[] f) {
        final double a12 = 12 * A;
        final double b6 = 6 * B;
        double energy = 0;
        for (int i = 0; i < n; i++) {
            final double xi = p[i];
            final double yi = p[n + i];
            final double zi = p[2 * n + i];
            double fxi = 0;
            double fyi = 0;
            double fzi = 0;
            for (int j = i + 1; j < n; j++) {
                final double dx = xi - p[j];
                final double dy = yi - p[n + j];
                final double dz = zi - p[2 * n + j];
                final double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= 0.001 && r2 < CUT2) {
                    final double inv2 = 1.0 / (r2 * POW_TWENTY);
                    final double inv6 = inv2 * inv2 * inv2;
                    energy += inv6 * (A * inv6 - B);
                    final double fr = inv2 * inv6 * (a12 * inv6 - b6) * POW_TEN;
                    fxi += dx * fr;
                    fyi += dy * fr;
                    fzi += dz * fr;
                    f[j] -= dx * fr;
                    f[n + j] -= dy * fr;
                    f[2 * n + j] -= dz * fr;
                }
            }
            f[i] += fxi;
            f[n + i] += fyi;
            f[2 * n + i] += fzi;
        }
        return energy;
    }
}
