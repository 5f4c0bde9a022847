package org.charm4j.kernels.ir;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Parallel;

/** Kernels for the IR and back-end tests. */
final class IrSamples {
    static final double HALF = 0.5;

    private IrSamples() {
    }

    @Kernel
    static void axpy(@Const final int n, final double a, final double[] x, final double[] y) {
        for (@Parallel int i = 0; i < n; i++) {
            y[i] = a * x[i] + y[i];
        }
    }

    @Kernel
    static double dot(@Const final int n, final DoubleArray x, final DoubleArray y) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x.get(i) * y.get(i);
        }
        return s;
    }

    @Kernel
    static void clampSqrt(@Const final int n, @Const final double lo, final double[] in, final double[] out) {
        for (int i = 0; i < n; i++) {
            final double v = in[i];
            if (v > lo) {
                out[i] = Math.sqrt(v) * HALF;
            } else {
                out[i] = lo;
            }
        }
    }

    @Kernel
    static void withHelper(@Const final int n, final double[] in, final double[] out) {
        for (int i = 1; i <= n; i++) {
            out[i] = avg(in[i - 1], in[i + 1]);
        }
    }

    private static double avg(final double a, final double b) {
        return (a + b) * HALF;
    }

    @Kernel
    static void rows(@Const final int nx, @Const final int ny, final double[] in, final double[] out) {
        for (@Parallel int j = 0; j < ny; j++) {
            final int row = j * nx;
            for (int i = 0; i < nx; i++) {
                out[row + i] = in[row + i] * 2 + Math.max(in[row + i], 0.0);
            }
        }
    }

    @Kernel
    static void strided(@Const final int n, final double[] in, final double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = in[2 * i];
        }
    }

    @Kernel
    static void recurrence(@Const final int n, final double[] a) {
        for (int i = 1; i < n; i++) {
            a[i] = a[i - 1] + 1;
        }
    }

    @Kernel
    static double nanCompare(@Const final int n, final double[] a) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            if (!(a[i] >= 1.0)) {
                s += 1;
            }
        }
        return s;
    }

    @Kernel
    static int breaks(@Const final int n, final double[] a) {
        int i = 0;
        for (; i < n; i++) {
            if (a[i] > 0) {
                break;
            }
        }
        return i;
    }

    @Kernel
    static double ternary(@Const final int n, final double[] a) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i] > 0 ? a[i] : 0;
        }
        return s;
    }

    @Kernel
    static double segment(@Const final int n, final DoubleArray a) {
        return a.segment().byteSize() + n;
    }

    @Kernel(strict = true)
    static double dotStrict(@Const final int n, final DoubleArray x, final DoubleArray y) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x.get(i) * y.get(i);
        }
        return s;
    }

    @Kernel
    static double maskedSum(@Const final int n, final double[] a, final double[] out) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            final double v = a[i];
            double w = v * 2;
            if (v < 0.5) {
                w = -v;
                s -= v;
            }
            out[i] = w;
        }
        return s;
    }

    /** Stores at {@code m + j} and reads at {@code j}: a distance known only at the launch. */
    @Kernel
    static void shiftedAdd(final int n, final int m, final double[] f) {
        for (int j = 0; j < n; j++) {
            f[m + j] = f[m + j] + f[j] * 0.5;
        }
    }

    /** A costly branch that few lanes take (it is skipped when none does). */
    @Kernel
    static double rareInverse(final int n, final double[] a, final double[] out) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            final double v = a[i];
            if (v < 0.02) {
                final double inv = 1.0 / v;
                out[i] = out[i] + inv;
                s += inv;
            }
        }
        return s;
    }
}
