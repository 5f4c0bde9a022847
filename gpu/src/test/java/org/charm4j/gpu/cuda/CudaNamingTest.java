package org.charm4j.gpu.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.charm4j.gpu.translate.Dialect;
import org.charm4j.gpu.translate.GpuSource;
import org.charm4j.gpu.translate.GpuTranslator;
import org.charm4j.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * Java names that are C++ keywords or alternative tokens ({@code and}, {@code or}, {@code not}, {@code xor},
 * {@code compl}, {@code nullptr}) are renamed in the CUDA source, which NVRTC compiles as C++; where NVRTC is here, the
 * source compiles.
 */
class CudaNamingTest {
    private static GpuSource source() {
        return GpuTranslator.translate(Kernels.of(CudaNamingSamples.class, "keywords").specialize(8).ir(),
            Dialect.CUDA);
    }

    @Test
    void cppKeywordsAreNotUsedAsNames() {
        final String t = source().text();
        final String code = t.replaceAll("(?s)/\\*.*?\\*/", "");
        for (final String k : List.of("and", "or", "not", "xor", "compl", "nullptr")) {
            assertFalse(Pattern.compile("\\b" + k + "\\b").matcher(code).find(), k + " used as a name in:\n" + t);
        }
        assertTrue(t.contains("and_") && t.contains("or_"), t);
    }

    @Test
    void theRenamedSourceCompilesWithNvrtc() {
        try (CudaDevice device = CudaForTests.openWithNvrtcOrSkip()) {
            final GpuSource s = source();
            try (CudaModule m = device.compile(s.text(), s.entryName(), s.compilerOptions())) {
                assertTrue(m.function(s.entryName()).name().equals(s.entryName()));
            }
        }
    }
}
