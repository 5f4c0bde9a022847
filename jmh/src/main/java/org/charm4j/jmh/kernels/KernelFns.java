package org.charm4j.jmh.kernels;

import java.lang.invoke.MethodHandles;

import org.charm4j.DoubleArray;

/**
 * The functional interfaces the benchmarks call specialized kernels through, and shared set-up helpers.
 *
 * <p>Threading: stateless; any thread.
 */
public final class KernelFns {
    private KernelFns() {
    }

    /** A Jacobi sweep on off-heap blocks. */
    public interface Sweep {
        /** @param in block read. @param out block written. */
        void run(DoubleArray in, DoubleArray out);
    }

    /** A Jacobi sweep on heap blocks. */
    public interface HeapSweep {
        /** @param in block read. @param out block written. */
        void run(double[] in, double[] out);
    }

    /** The pair forces between two cells. */
    public interface Pairs {
        /**
         * @param pa positions of A. @param fa forces of A. @param pb positions of B. @param fb forces of B.
         * @return the energy.
         */
        double run(DoubleArray pa, DoubleArray fa, DoubleArray pb, DoubleArray fb);
    }

    /** Argon-like Lennard-Jones: epsilon 0.238 kcal/mol, sigma 3.4 A; cutoff 12 A as in MEASURED.md. */
    public static final double CUTOFF2 = 144.0;
    /** {@code 4 eps sigma^12}. */
    public static final double A = 4 * 0.238 * Math.pow(3.4, 12);
    /** {@code 4 eps sigma^6}. */
    public static final double B = 4 * 0.238 * Math.pow(3.4, 6);

    /**
     * A cell of {@code n} atoms uniform in a 12 A cube at {@code x0} along x, drawn from the same 64-bit LCG as
     * {@code jmh/c/lj.c}, so Java and C see the same atoms.
     *
     * @param n    atoms.
     * @param x0   offset in x.
     * @param seed a one-element array holding the generator's state, advanced.
     * @return the positions, structure of arrays.
     */
    public static DoubleArray cell(final int n, final double x0, final long[] seed) {
        final DoubleArray p = DoubleArray.allocate(3L * n);
        for (int i = 0; i < 3 * n; i++) {
            seed[0] = seed[0] * 6364136223846793005L + 1442695040888963407L;
            final double u = (seed[0] >>> 11) * 0x1.0p-53;
            p.set(i, (i < n ? x0 : 0) + 12.0 * u);
        }
        return p;
    }

    /**
     * @param owner a class on the class path.
     * @return a lookup with full privilege on it.
     */
    public static MethodHandles.Lookup lookupIn(final Class<?> owner) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
        } catch (final IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
