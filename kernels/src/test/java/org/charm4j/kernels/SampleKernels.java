package org.charm4j.kernels;

import java.util.function.IntUnaryOperator;

/** Small kernels for the tests. */
final class SampleKernels {
    private SampleKernels() {
    }

    /** Adds a constant: once folded, the argument passed for {@code k} is ignored. */
    @Kernel
    static int addConst(@Const final int k, final int x) {
        return k + x;
    }

    /** Every kind of constant. */
    @Kernel
    static double mix(@Const final boolean z, @Const final byte b, @Const final short s, @Const final char c,
                      @Const final long l, @Const final float f, @Const final double d, final double x) {
        return (z ? 1 : -1) * (b + s + c + l + f + d) * x + d / l;
    }

    /** Calls a private helper and a lambda: the copy must be able to reach both. */
    @Kernel
    static int helperAndLambda(@Const final int n, final int[] data) {
        final IntUnaryOperator twice = v -> v * 2;
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += twice.applyAsInt(square(data[i]));
        }
        return s;
    }

    private static int square(final int v) {
        return v * v;
    }

    @Kernel
    static void storesConst(@Const int n, final int[] out) {
        n = n + 1;
        out[0] = n;
    }

    @Kernel
    static void incrementsConst(@Const int n, final int[] out) {
        for (; n < 10; n++) {
            out[0] += n;
        }
    }

    @Kernel
    static void constArray(@Const final int[] a, final int n) {
        a[0] = n;
    }

    @Kernel
    int notStatic(@Const final int n) {
        return n;
    }

    static int notAKernel(@Const final int n) {
        return n;
    }

    @Kernel
    static double storesLongConst(@Const long n, final double x) {
        n *= 2;
        return n * x;
    }

    private static final Object LOCK = new Object();

    @Kernel
    static void synchronizes(@Const final int n, final int[] out) {
        synchronized (LOCK) {
            out[0] = n;
        }
    }
}
