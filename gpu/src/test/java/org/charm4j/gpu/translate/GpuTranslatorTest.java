package org.charm4j.gpu.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.ir.KernelIr;
import org.charm4j.kernels.lib.Jacobi7;
import org.charm4j.kernels.lib.LennardJones;
import org.junit.jupiter.api.Test;

class GpuTranslatorTest {
    private static KernelIr ir(final Class<?> owner, final String name, final Object... constants) {
        final KernelIr ir = Kernels.of(owner, name).specialize(constants).ir();
        assertNotNull(ir, name + ": the kernel IR refused it: " + Kernels.of(owner, name).specialize(constants).notes());
        return ir;
    }

    @Test
    void jacobiOpenCl() {
        final KernelIr ir = ir(Jacobi7.class, "jacobi", 8, 8, 8);
        final GpuSource s = GpuTranslator.translate(ir, Dialect.OPENCL);
        final String t = s.text();
        System.out.println(ir);
        System.out.println(t);
        assertTrue(t.contains("#pragma OPENCL FP_CONTRACT OFF"), t);
        assertTrue(t.contains("#pragma OPENCL EXTENSION cl_khr_fp64 : enable"), t);
        assertTrue(t.contains("__kernel void Jacobi7_jacobi("), t);
        assertTrue(t.contains("__global const double* in"), t);
        assertTrue(t.contains("__global double* out"), t);
        assertTrue(t.contains("get_global_id(0)") && t.contains("get_global_id(1)"), t);
        assertFalse(t.contains("get_global_id(2)"), t);
        // Sizes folded: dy = 10, dz = 100, the bounds 9.
        assertTrue(t.contains(">= 9)"), t);
        assertTrue(t.contains("100") && t.contains("10"), t);
        final String code = t.substring(t.indexOf("__kernel"));
        assertFalse(code.contains("nx") || code.contains("dz"), code);
        assertTrue(t.contains("for (i = 1; i < 9; i++)"), t);
        assertEquals("Jacobi7_jacobi", s.entryName());
        assertEquals(List.of("__global const double* in", "__global double* out"), s.parameterOrder());
        assertEquals(2, s.gridDims());
        // Dimension 0 is the inner parallel loop (j), 1 the outer (k); both 1..8.
        assertEquals("j", s.grid().get(0).index());
        assertEquals("k", s.grid().get(1).index());
        assertArrayEquals(new long[] {8, 8}, s.globalSize());
        assertEquals(List.of(), s.compilerOptions());
        assertEquals(List.of(), s.notes());
    }

    @Test
    void jacobiCuda() {
        final GpuSource s = GpuTranslator.translate(ir(Jacobi7.class, "jacobi", 8, 8, 8), Dialect.CUDA);
        final String t = s.text();
        System.out.println(t);
        assertTrue(t.contains("extern \"C\" __global__ void Jacobi7_jacobi(const double* in, double* out)"), t);
        assertTrue(t.contains("blockIdx.x * blockDim.x + threadIdx.x"), t);
        assertTrue(t.contains("blockIdx.y * blockDim.y + threadIdx.y"), t);
        assertTrue(t.contains("--fmad=false"), t);
        assertFalse(t.contains("__global double") || t.contains("get_global_id") || t.contains("#pragma"), t);
        assertEquals(List.of("--fmad=false"), s.compilerOptions());
        assertArrayEquals(new long[] {8, 8}, s.globalSize());
    }

    @Test
    void jacobiHeapSameShape() {
        final GpuSource s = GpuTranslator.translate(ir(Jacobi7.class, "jacobiHeap", 4, 6, 5), Dialect.OPENCL);
        assertArrayEquals(new long[] {6, 5}, s.globalSize());
    }

    @Test
    void charmsPairLoopIsRefusedForItsSharedForcesNotItsEnergy() {
        // Newton's third law: every work item i would add into the same fb[j]
        final KernelIr ir = ir(LennardJones.class, "forces", 4, 4, 6.25, 1.0, 1.0);
        for (final Dialect d : Dialect.values()) {
            final GpuRefusedException e = assertThrows(GpuRefusedException.class, () -> GpuTranslator.translate(ir, d));
            assertTrue(e.getMessage().contains("LennardJones.forces"), e.getMessage());
            assertTrue(e.getMessage().contains("fb") && e.getMessage().contains("grid variable i")
                && e.getMessage().contains("a race"), e.getMessage());
        }
    }

    @Test
    void aReturnedSumBecomesPartsPerWorkItem() {
        final GpuSource s = GpuTranslator.translate(ir(GpuSamples.class, "sumSquares", 100), Dialect.OPENCL);
        assertEquals(0.0, s.sumStart().orElseThrow());
        assertEquals(KernelArg.Kind.PARTIALS, s.arguments().getLast().kind());
        assertTrue(s.text().contains("charm4j_partials[(get_global_id(0))] = "), s.text());
        final GpuSource two = GpuTranslator.translate(ir(GpuSamples.class, "pairEnergy", 8), Dialect.CUDA);
        assertTrue(two.sumStart().isPresent() && two.text().contains("double* charm4j_partials"), two.text());
        final GpuRefusedException reads = assertThrows(GpuRefusedException.class,
            () -> GpuTranslator.translate(ir(GpuSamples.class, "readsItsSum", 8), Dialect.OPENCL));
        assertTrue(reads.getMessage().contains("may only add to the sum s"), reads.getMessage());
        final GpuRefusedException other = assertThrows(GpuRefusedException.class,
            () -> GpuTranslator.translate(ir(GpuSamples.class, "returnsAnExpression", 8), Dialect.OPENCL));
        assertTrue(other.getMessage().contains("must return a double local"), other.getMessage());
    }

    @Test
    void stepTwoRefused() {
        final GpuRefusedException e = assertThrows(GpuRefusedException.class,
            () -> GpuTranslator.translate(ir(GpuSamples.class, "stepTwo", 16), Dialect.OPENCL));
        assertTrue(e.getMessage().contains("GpuSamples.stepTwo"), e.getMessage());
        assertTrue(e.getMessage().contains("step 2"), e.getMessage());
        assertEquals("GpuSamples.stepTwo", e.kernel());
    }

    @Test
    void storesThatWorkItemsWouldShareAreRefused() {
        final GpuRefusedException one = assertThrows(GpuRefusedException.class,
            () -> GpuTranslator.translate(ir(GpuSamples.class, "racy", 16), Dialect.OPENCL));
        assertTrue(one.getMessage().contains("does not depend on the grid variable i")
            && one.getMessage().contains("a race"), one.getMessage());
        final GpuRefusedException two = assertThrows(GpuRefusedException.class,
            () -> GpuTranslator.translate(ir(GpuSamples.class, "sameRowForEveryJ", 16), Dialect.CUDA));
        assertTrue(two.getMessage().contains("grid variable j"), two.getMessage());
        final GpuRefusedException lj = assertThrows(GpuRefusedException.class, () -> GpuTranslator.translate(
            ir(org.charm4j.kernels.lib.LennardJones.class, "forces", 16, 16, 144.0, 1e-6, 1e-3), Dialect.OPENCL));
        assertTrue(lj.getMessage().contains("fb[j]") && lj.getMessage().contains("grid variable i"), lj.getMessage());
        assertEquals(2, GpuTranslator.translate(ir(GpuSamples.class, "apart", 16), Dialect.OPENCL).gridDims());
    }

    @Test
    void otherShapesRefused() {
        final GpuRefusedException after = assertThrows(GpuRefusedException.class,
            () -> GpuTranslator.translate(ir(GpuSamples.class, "afterLoop", 16), Dialect.CUDA));
        assertTrue(after.getMessage().contains("after the @Parallel loop"), after.getMessage());
        final GpuRefusedException steps = assertThrows(GpuRefusedException.class,
            () -> GpuTranslator.translate(ir(GpuSamples.class, "timeSteps", 16), Dialect.CUDA));
        assertTrue(steps.getMessage().contains("inside a sequential loop"), steps.getMessage());
        final GpuRefusedException none = assertThrows(GpuRefusedException.class,
            () -> GpuTranslator.translate(ir(GpuSamples.class, "sequential", 16), Dialect.OPENCL));
        assertTrue(none.getMessage().contains("no @Parallel loop"), none.getMessage());
    }

    @Test
    void doubleConstantIsExactHex() {
        for (final Dialect d : Dialect.values()) {
            final String t = GpuTranslator.translate(ir(GpuSamples.class, "scaleTenth", 32), d).text();
            assertTrue(t.contains("0x1.999999999999ap-4"), t);
            assertFalse(t.contains("0.1"), t);
            assertEquals(0.1, Double.parseDouble("0x1.999999999999ap-4"));
        }
    }

    @Test
    void doubleToIntHelper() {
        final GpuSource s = GpuTranslator.translate(ir(GpuSamples.class, "truncate"), Dialect.OPENCL);
        final String t = s.text();
        System.out.println(t);
        assertTrue(t.contains("int j_d2i(const double x)"), t);
        assertTrue(t.contains("t = j_d2i(in[i]);"), t);
        assertTrue(t.contains("out[i] = (double) t;"), t);
        // n is a runtime scalar: the grid's extent comes from the launch arguments.
        assertEquals(List.of("int n", "__global const double* in", "__global double* out"), s.parameterOrder());
        assertThrows(IllegalStateException.class, s::globalSize);
        assertArrayEquals(new long[] {37}, s.globalSize(Map.of("n", 37)));
        final String noCast = GpuTranslator.translate(ir(GpuSamples.class, "scaleTenth", 32), Dialect.OPENCL).text();
        assertFalse(noCast.contains("j_d2i"), noCast);
    }

    @Test
    void lengthsAndJavaMinMax() {
        final GpuSource s = GpuTranslator.translate(ir(GpuSamples.class, "clampAll"), Dialect.CUDA);
        final String t = s.text();
        System.out.println(t);
        assertTrue(t.contains("j_fmax(j_fmin(in[i], 0x1.0p0), lo)"), t);
        assertTrue(t.contains("double j_fmin(") && t.contains("double j_fmax("), t);
        assertEquals(List.of("const double* in", "double* out", "double lo", "long long in_length"),
            s.parameterOrder());
        assertEquals(KernelArg.Kind.LENGTH, s.arguments().get(3).kind());
        assertArrayEquals(new long[] {10}, s.globalSize(Map.of("in", DoubleArray.allocate(10), "lo", 0.0)));
    }

    @Test
    void threeDimensionsAndShifts() {
        final GpuSource s = GpuTranslator.translate(ir(GpuSamples.class, "rows"), Dialect.OPENCL);
        final String t = s.text();
        System.out.println(t);
        assertEquals(3, s.gridDims());
        assertEquals("k", s.grid().get(0).index());
        assertEquals("i", s.grid().get(2).index());
        assertTrue(t.contains("get_global_id(2)"), t);
        assertTrue(t.contains("((int) ((uint) "), t);
        assertArrayEquals(new long[] {4, 3, 2}, s.globalSize(Map.of("n", 2, "m", 3)));
    }
}
