package org.charm4j.gpu.translate;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.charm4j.gpu.OpenClForTests;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.gpu.opencl.OpenClProgram;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.lib.Jacobi7;
import org.junit.jupiter.api.Test;

/**
 * The translator's OpenCL sources build on the machine's OpenCL device (PoCL in CI): each one's entry point exists.
 * Skipped, saying why, where there is no OpenCL device.
 */
class GpuTranslatorOpenClCompileTest {
    @Test
    void openClSourcesBuild() {
        try (OpenClDevice device = OpenClForTests.openOrSkip()) {
            final GpuSource[] sources = {
                src(Jacobi7.class, "jacobi", 8, 8, 8),
                src(Jacobi7.class, "jacobiHeap", 4, 5, 6),
                src(GpuSamples.class, "truncate"),
                src(GpuSamples.class, "clampAll"),
                src(GpuSamples.class, "rows"),
                src(GpuSamples.class, "scaleTenth", 16),
                src(GpuSamples.class, "mixed", 16),
            };
            for (final GpuSource s : sources) {
                try (OpenClProgram p = device.compile(s.text(), String.join(" ", s.compilerOptions()))) {
                    assertNotNull(p.kernel(s.entryName()), s.entryName());
                }
            }
        }
    }

    private static GpuSource src(final Class<?> owner, final String name, final Object... constants) {
        return GpuTranslator.translate(Kernels.of(owner, name).specialize(constants).ir(), Dialect.OPENCL);
    }
}
