package org.charm4j.gpu.translate;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Parallel;

/** Small kernels for the translator and launcher tests. */
public final class GpuSamples {
    private GpuSamples() {
    }

    @Kernel
    static void stepTwo(@Const final int n, final double[] x) {
        for (@Parallel int i = 0; i < n; i += 2) {
            x[i] = 1.0;
        }
    }

    /** A sum over the grid, one term per work item: equal to the CPU's strict (sequential) sum to the bit. */
    @Kernel(strict = true)
    public static double sumSquares(@Const final int n, final double[] a) {
        double s = 0;
        for (@Parallel int i = 0; i < n; i++) {
            s += a[i] * a[i];
        }
        return s;
    }

    /** Each work item sums over all j (its own force, and its part of the energy): a one-sided pair loop. */
    @Kernel(strict = true)
    public static double pairEnergy(@Const final int n, final double[] x, final double[] f) {
        double e = 0;
        for (@Parallel int i = 0; i < n; i++) {
            double fi = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    final double d = x[i] - x[j];
                    final double inv = 1.0 / (d * d + 1.0);
                    e += inv;
                    fi += inv * d;
                }
            }
            f[i] = fi;
        }
        return e;
    }

    @Kernel
    static double readsItsSum(@Const final int n, final double[] a) {
        double s = 0;
        for (@Parallel int i = 0; i < n; i++) {
            s = s * 0.5 + a[i];
        }
        return s;
    }

    @Kernel
    static double returnsAnExpression(@Const final int n, final double[] a) {
        double s = 0;
        for (@Parallel int i = 0; i < n; i++) {
            s += a[i];
        }
        return s * 2;
    }

    /** Every work item i adds into all of out: a race on a GPU. */
    @Kernel
    static void racy(@Const final int n, final double[] a, final double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[j] = out[j] + a[i];
            }
        }
    }

    /** Two grid dimensions, each store indexed through locals by both: no race. */
    @Kernel
    static void apart(@Const final int n, final double[] a, final double[] out) {
        for (@Parallel int k = 0; k < n; k++) {
            for (@Parallel int j = 0; j < n; j++) {
                final int row = k * n;
                final int c = row + j;
                out[c] = a[c] * 2;
            }
        }
    }

    /** Writes a row per k, the same row for every j: a race over j. */
    @Kernel
    static void sameRowForEveryJ(@Const final int n, final double[] a, final double[] out) {
        for (@Parallel int k = 0; k < n; k++) {
            for (@Parallel int j = 0; j < n; j++) {
                out[k] = a[j];
            }
        }
    }

    @Kernel
    static void scaleTenth(@Const final int n, final double[] in, final double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            out[i] = in[i] * 0.1;
        }
    }

    @Kernel
    static void truncate(final int n, final double[] in, final double[] out) {
        for (@Parallel int i = 0; i < n; i++) {
            final int t = (int) in[i];
            out[i] = t;
        }
    }

    @Kernel
    static void clampAll(final DoubleArray in, final DoubleArray out, final double lo) {
        final int n = (int) in.length();
        for (@Parallel int i = 0; i < n; i++) {
            out.set(i, Math.max(Math.min(in.get(i), 1.0), lo));
        }
    }

    @Kernel
    static void afterLoop(@Const final int n, final double[] x) {
        for (@Parallel int i = 0; i < n; i++) {
            x[i] = 0;
        }
        x[0] = 1;
    }

    @Kernel
    static void timeSteps(@Const final int n, final double[] x) {
        for (int t = 0; t < 3; t++) {
            for (@Parallel int i = 0; i < n; i++) {
                x[i] = x[i] + 1;
            }
        }
    }

    @Kernel
    static void sequential(@Const final int n, final double[] x) {
        for (int i = 0; i < n; i++) {
            x[i] = 2 * x[i];
        }
    }

    @Kernel
    static void rows(final int n, final int m, final double[] a) {
        for (@Parallel int i = 0; i < n; i++) {
            for (@Parallel int j = 0; j < m; j++) {
                for (@Parallel int k = 0; k < 4; k++) {
                    a[(i * m + j) * 4 + k] = i - j + k >>> 1;
                }
            }
        }
    }

    /** A bit of everything in one kernel: if/else, an inner loop, long and int arithmetic, Math, a NaN. */
    @Kernel
    static void mixed(@Const final int n, final double[] x, final double[] y, final long seed) {
        for (@Parallel int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j <= i; j++) {
                s += Math.sqrt(Math.abs(x[j])) + Math.fma(x[j], 2.0, -0.5);
            }
            final long h = (seed * 31 + i) >>> 3;
            if (s > 1e300) {
                y[i] = Double.NaN;
            } else {
                y[i] = s % 3.0 + (double) (h ^ (long) s) + Math.exp(-s) + Math.abs(i - n / 2) + (long) (s * 1e10);
            }
        }
    }
}
