package org.charm4j.apps.leanmd;

import org.charm4j.kernels.Kernels;

/**
 * The pair loops of {@link Forces} as the kernel compiler specializes them ({@code Kernels.of(...).specialize()}),
 * made once per JVM for the physics a run asks for; what the computes call.
 *
 * <p>Threading: immutable after class initialization; any thread.
 */
public final class ForceKernels {
    /** Forces between two cells (the signature of {@link Forces#ljPair}). */
    @FunctionalInterface
    public interface Pair {
        /**
         * @param p1 positions of the first cell.
         * @param n1 its atoms.
         * @param sx shift of the first cell in x.
         * @param sy shift in y.
         * @param sz shift in z.
         * @param p2 positions of the second cell.
         * @param n2 its atoms.
         * @param f1 forces of the first cell, added to.
         * @param f2 forces of the second cell, added to.
         * @return the energy of the pairs.
         */
        double run(double[] p1, int n1, double sx, double sy, double sz, double[] p2, int n2, double[] f1,
                   double[] f2);
    }

    /** Forces within one cell (the signature of {@link Forces#ljSelf}). */
    @FunctionalInterface
    public interface Self {
        /**
         * @param p positions.
         * @param n atoms.
         * @param f forces, added to.
         * @return the energy of the pairs.
         */
        double run(double[] p, int n, double[] f);
    }

    /** Charm++'s loops, specialized when first asked for (a run uses one physics: the other is never built). */
    private static final class Charm {
        static final Pair PAIR = Kernels.of(Forces.class, "charmPair").specialize().as(Pair.class);
        static final Self SELF = Kernels.of(Forces.class, "charmSelf").specialize().as(Self.class);
    }

    /** The conservative loops, specialized when first asked for. */
    private static final class Lj {
        static final Pair PAIR = Kernels.of(Forces.class, "ljPair").specialize().as(Pair.class);
        static final Self SELF = Kernels.of(Forces.class, "ljSelf").specialize().as(Self.class);
    }

    private ForceKernels() {
    }

    /**
     * @param physics the physics.
     * @return its pair loop between two cells.
     */
    public static Pair pair(final Physics physics) {
        return physics == Physics.CHARM ? Charm.PAIR : Lj.PAIR;
    }

    /**
     * @param physics the physics.
     * @return its pair loop within a cell.
     */
    public static Self self(final Physics physics) {
        return physics == Physics.CHARM ? Charm.SELF : Lj.SELF;
    }
}
