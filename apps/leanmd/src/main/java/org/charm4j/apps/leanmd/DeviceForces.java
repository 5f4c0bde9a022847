package org.charm4j.apps.leanmd;

import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Parallel;

/**
 * {@link Forces}' four loops in the form a device runs them, the physics a {@code @Const} ({@link #CHARM} or
 * {@link #LJ}, folded in: each specialization computes one) (a GPU's one work item per atom): each atom's force is
 * gathered by its own work item from every atom it interacts with, instead of scattered to both atoms of a pair
 * (Newton's third law, which on a device would have work items write the same elements at once). A pair kernel's
 * grid covers both cells' atoms ({@code t < n1}: an atom of the first cell, else of the second); a self kernel's, the
 * cell's. Every force is computed with the same operations in the same order as {@link Forces} adds it when run as
 * Java, so the forces are the same to the bit (the device computes each pair twice, once per atom, which costs twice
 * the arithmetic and no atomics); the energy is summed per atom and then over atoms, so it differs by rounding only.
 * {@code strict}, so that the CPU copy of these kernels (a reference in tests) keeps that order too.
 *
 * <p>Threading: stateless; any thread.
 */
public final class DeviceForces {
    private static final double CUT2 = Defs.PTP_CUT_OFF * Defs.PTP_CUT_OFF;
    private static final double POW_TEN = 1e-10;
    private static final double POW_TWENTY = 1e-20;
    private static final double A = Defs.VDW_A;
    private static final double B = Defs.VDW_B;

    /** {@link Physics#CHARM}: Charm++'s {@code physics.h}. */
    public static final int CHARM = 0;
    /** {@link Physics#LJ}: conservative Lennard-Jones. */
    public static final int LJ = 1;

    private DeviceForces() {
    }

    /**
     * @param physics the run's physics.
     * @return the {@code @Const} value of these kernels for it.
     */
    public static int of(final Physics physics) {
        return physics == Physics.CHARM ? CHARM : LJ;
    }

    /** The pair's energy in the physics. */
    static double energy(final int physics, final double r2) {
        double e;
        if (physics == CHARM) {
            e = charmEnergy(r2);
        } else {
            e = ljEnergy(r2);
        }
        return e;
    }

    /** The pair's force factor in the physics (Charm++'s is the energy over the distance). */
    static double force(final int physics, final double r2, final double e) {
        double fr;
        if (physics == CHARM) {
            fr = charmForce(r2, e);
        } else {
            fr = ljForce(r2);
        }
        return fr;
    }

    /** Charm++'s pair "energy" of a squared distance in Angstrom ({@link Forces#charmPair}'s {@code f}). */
    static double charmEnergy(final double rsqd) {
        final double r2 = rsqd * POW_TWENTY;
        final double rSix = r2 * r2 * r2;
        final double rTwelve = rSix * rSix;
        return A / rTwelve - B / rSix;
    }

    /** Charm++'s force factor ({@link Forces#charmPair}'s {@code fr}) from the squared distance and the energy. */
    static double charmForce(final double rsqd, final double e) {
        final double r = Math.sqrt(rsqd * POW_TWENTY);
        return e / r * POW_TEN;
    }

    /** The Lennard-Jones energy of {@link Forces#ljPair}. */
    static double ljEnergy(final double r2) {
        final double inv2 = 1.0 / (r2 * POW_TWENTY);
        final double inv6 = inv2 * inv2 * inv2;
        return inv6 * (A * inv6 - B);
    }

    /** The Lennard-Jones force factor of {@link Forces#ljPair}. */
    static double ljForce(final double r2) {
        final double inv2 = 1.0 / (r2 * POW_TWENTY);
        final double inv6 = inv2 * inv2 * inv2;
        return inv2 * inv6 * (12 * A * inv6 - 6 * B) * POW_TEN;
    }

    /**
     * {@link Forces#charmPair} or {@link Forces#ljPair} gathered: the same arguments, forces written (not added: the
     * computes start from zero), the energy of the pairs returned.
     *
     * @param physics {@link #CHARM} or {@link #LJ}.
     * @param p1      positions of the first cell.
     * @param n1      its atoms.
     * @param sx      shift of the first cell in x.
     * @param sy      shift in y.
     * @param sz      shift in z.
     * @param p2      positions of the second cell.
     * @param n2      its atoms.
     * @param f1      forces on the first cell's atoms.
     * @param f2      forces on the second cell's atoms.
     * @return the energy.
     */
    @Kernel(strict = true)
    public static double pair(@Const final int physics, final double[] p1, final int n1, final double sx,
                              final double sy, final double sz, final double[] p2, final int n2, final double[] f1,
                              final double[] f2) {
        double energy = 0;
        for (@Parallel int t = 0; t < n1 + n2; t++) {
            if (t < n1) {
                final double xi = p1[t] + sx;
                final double yi = p1[n1 + t] + sy;
                final double zi = p1[2 * n1 + t] + sz;
                double fxi = 0;
                double fyi = 0;
                double fzi = 0;
                for (int j = 0; j < n2; j++) {
                    final double dx = xi - p2[j];
                    final double dy = yi - p2[n2 + j];
                    final double dz = zi - p2[2 * n2 + j];
                    final double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= 0.001 && r2 < CUT2) {
                        final double e = energy(physics, r2);
                        energy += e;
                        final double fr = force(physics, r2, e);
                        fxi += dx * fr;
                        fyi += dy * fr;
                        fzi += dz * fr;
                    }
                }
                f1[t] = 0.0 + fxi;
                f1[n1 + t] = 0.0 + fyi;
                f1[2 * n1 + t] = 0.0 + fzi;
            } else {
                final int j = t - n1;
                double fx = 0;
                double fy = 0;
                double fz = 0;
                for (int i = 0; i < n1; i++) {
                    final double dx = p1[i] + sx - p2[j];
                    final double dy = p1[n1 + i] + sy - p2[n2 + j];
                    final double dz = p1[2 * n1 + i] + sz - p2[2 * n2 + j];
                    final double r2 = dx * dx + dy * dy + dz * dz;
                    if (r2 >= 0.001 && r2 < CUT2) {
                        final double fr = force(physics, r2, energy(physics, r2));
                        fx -= dx * fr;
                        fy -= dy * fr;
                        fz -= dz * fr;
                    }
                }
                f2[j] = fx;
                f2[n2 + j] = fy;
                f2[2 * n2 + j] = fz;
            }
        }
        return energy;
    }

    /**
     * {@link Forces#charmSelf} or {@link Forces#ljSelf} gathered, with their signs (Charm++'s are the other way
     * round from the conservative ones: the earlier atoms' pairs add into an atom's force, its own row subtracts).
     *
     * @param physics {@link #CHARM} or {@link #LJ}.
     * @param p       positions.
     * @param n       atoms.
     * @param f       forces, written.
     * @return the energy of the pairs.
     */
    @Kernel(strict = true)
    public static double self(@Const final int physics, final double[] p, final int n, final double[] f) {
        double earlier = -1.0;   // the sign of the earlier rows' pairs; exact: x + (-1.0 * y) is x - y to the bit
        if (physics == CHARM) {
            earlier = 1.0;
        }
        double energy = 0;
        for (@Parallel int i = 0; i < n; i++) {
            final double xi = p[i];
            final double yi = p[n + i];
            final double zi = p[2 * n + i];
            double fx = 0;
            double fy = 0;
            double fz = 0;
            for (int j = 0; j < i; j++) {   // the pairs (j, i) that Forces adds into f[i] from row j
                final double dx = p[j] - xi;
                final double dy = p[n + j] - yi;
                final double dz = p[2 * n + j] - zi;
                final double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= 0.001 && r2 < CUT2) {
                    final double fr = force(physics, r2, energy(physics, r2));
                    fx += earlier * (dx * fr);
                    fy += earlier * (dy * fr);
                    fz += earlier * (dz * fr);
                }
            }
            double fxi = 0;
            double fyi = 0;
            double fzi = 0;
            for (int j = i + 1; j < n; j++) {   // row i itself
                final double dx = xi - p[j];
                final double dy = yi - p[n + j];
                final double dz = zi - p[2 * n + j];
                final double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 >= 0.001 && r2 < CUT2) {
                    final double e = energy(physics, r2);
                    energy += e;
                    final double fr = force(physics, r2, e);
                    fxi -= earlier * (dx * fr);
                    fyi -= earlier * (dy * fr);
                    fzi -= earlier * (dz * fr);
                }
            }
            f[i] = fx + fxi;
            f[n + i] = fy + fyi;
            f[2 * n + i] = fz + fzi;
        }
        return energy;
    }
}
