package org.charm4j.jmh.kernels;

import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;

/**
 * A kernel that does almost nothing, to see the cost of launching one.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Tiny {
    private Tiny() {
    }

    /**
     * @param k a constant.
     * @param data read.
     * @return {@code data[0] * k + data[1]}.
     */
    @Kernel
    public static long madd(@Const final int k, final long[] data) {
        return data[0] * k + data[1];
    }

    /** The tiny kernel's non-@Const signature. */
    public interface Madd {
        /** @param data read. @return the result. */
        long run(long[] data);
    }
}
