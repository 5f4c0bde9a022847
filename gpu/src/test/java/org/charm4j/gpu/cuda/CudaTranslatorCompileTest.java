package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.charm4j.gpu.translate.Dialect;
import org.charm4j.gpu.translate.GpuSamples;
import org.charm4j.gpu.translate.GpuSource;
import org.charm4j.gpu.translate.GpuTranslator;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.lib.Jacobi7;
import org.junit.jupiter.api.Test;

/**
 * The translator's CUDA sources: every one is {@code extern "C"} (its entry name unmangled), and, where a CUDA device
 * and NVRTC are here, compiles with NVRTC and loads with its entry point; two of them also run and give Java's results
 * to the bit. The compile part skips, saying why, where there is no NVIDIA GPU or no NVRTC.
 */
class CudaTranslatorCompileTest {
    private static GpuSource[] sources() {
        return new GpuSource[] {
            src(Jacobi7.class, "jacobi", 8, 8, 8),
            src(Jacobi7.class, "jacobiHeap", 4, 5, 6),
            src(GpuSamples.class, "truncate"),
            src(GpuSamples.class, "clampAll"),
            src(GpuSamples.class, "rows"),
            src(GpuSamples.class, "scaleTenth", 16),
            src(GpuSamples.class, "mixed", 16),
            src(GpuSamples.class, "pairEnergy", 8),
        };
    }

    @Test
    void everyEntryIsExternC() {
        for (final GpuSource s : sources()) {
            assertTrue(s.text().contains("extern \"C\" __global__ void " + s.entryName() + "("), s.text());
            assertEquals(java.util.List.of("--fmad=false"), s.compilerOptions());
        }
    }

    @Test
    void cudaSourcesCompileWithNvrtc() {
        try (CudaDevice device = CudaForTests.openWithNvrtcOrSkip()) {
            for (final GpuSource s : sources()) {
                try (CudaModule m = device.compile(s.text(), s.entryName(), s.compilerOptions())) {
                    final CudaFunction f = m.function(s.entryName());
                    if (f.parameterCount() >= 0) {
                        assertEquals(s.arguments().size(), f.parameterCount(), s.entryName());
                    }
                }
            }
        }
    }

    @Test
    void translatedKernelsGiveJavasResults() {
        try (CudaDevice device = CudaForTests.openWithNvrtcOrSkip(); Arena arena = Arena.ofConfined()) {
            final int n = 1000;
            final double[] in = new double[n];
            final SplittableRandom r = new SplittableRandom(7);
            final double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 3e9, -3e9};
            for (int i = 0; i < n; i++) {
                in[i] = i < special.length ? special[i] : r.nextDouble(-1e4, 1e4);
            }
            final long bytes = (long) n * Double.BYTES;
            final MemorySegment hin = arena.allocate(bytes, 8);
            final MemorySegment hout = arena.allocate(bytes, 8);
            MemorySegment.copy(in, 0, hin, JAVA_DOUBLE, 0, n);
            try (CudaBuffer din = CudaBuffer.allocate(device, bytes);
                 CudaBuffer dout = CudaBuffer.allocate(device, bytes)) {
                final CudaStream st = device.defaultStream();
                din.copyFromHostAsync(hin, 0, 0, bytes, st);
                final int[] block = {128, 1, 1};

                final Specialization tenth = Kernels.of(GpuSamples.class, "scaleTenth").specialize(n);
                final GpuSource s1 = GpuTranslator.translate(tenth.ir(), Dialect.CUDA);
                final double[] cpu1 = new double[n];
                tenth.invoke(in, cpu1);
                try (CudaModule m = device.compile(s1.text(), s1.entryName(), s1.compilerOptions())) {
                    m.function(s1.entryName()).launch(CudaFunction.blocksFor(s1.globalSize(), block), block, 0, st,
                        din, dout);
                    dout.copyToHostAsync(hout, 0, 0, bytes, st);
                    st.synchronize();
                }
                assertBits(cpu1, hout.toArray(JAVA_DOUBLE), "scaleTenth");

                final Specialization trunc = Kernels.of(GpuSamples.class, "truncate").specialize();
                final GpuSource s2 = GpuTranslator.translate(trunc.ir(), Dialect.CUDA);
                final double[] cpu2 = new double[n];
                trunc.invoke(n, in, cpu2);
                try (CudaModule m = device.compile(s2.text(), s2.entryName(), s2.compilerOptions())) {
                    m.function(s2.entryName()).launch(CudaFunction.blocksFor(new long[] {n}, block), block, 0, st,
                        n, din, dout);
                    dout.copyToHostAsync(hout, 0, 0, bytes, st);
                    st.synchronize();
                }
                assertBits(cpu2, hout.toArray(JAVA_DOUBLE), "truncate");
            }
        }
    }

    private static void assertBits(final double[] cpu, final double[] gpu, final String what) {
        for (int i = 0; i < cpu.length; i++) {
            assertEquals(Double.doubleToRawLongBits(cpu[i]), Double.doubleToRawLongBits(gpu[i]),
                what + "[" + i + "]: cpu " + cpu[i] + ", device " + gpu[i]);
        }
    }

    private static GpuSource src(final Class<?> owner, final String name, final Object... constants) {
        return GpuTranslator.translate(Kernels.of(owner, name).specialize(constants).ir(), Dialect.CUDA);
    }
}
