package org.charm4j.gpu.cuda;

import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Parallel;

/** A kernel whose Java names are C++ keywords or alternative operator tokens, which CUDA C (C++) cannot take. */
public final class CudaNamingSamples {
    private CudaNamingSamples() {
    }

    @Kernel
    static void keywords(@Const final int n, final double[] and, final double[] or) {
        for (@Parallel int not = 0; not < n; not++) {
            final double xor = and[not];
            final double compl = xor * 2;
            final double nullptr = compl + 1;
            or[not] = nullptr;
        }
    }
}
