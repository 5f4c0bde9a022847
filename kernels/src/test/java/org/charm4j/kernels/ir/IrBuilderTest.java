package org.charm4j.kernels.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.List;

import org.charm4j.kernels.KernelRefusedException;
import org.charm4j.kernels.internal.KernelAnalyzer;
import org.charm4j.kernels.internal.KernelModel;
import org.charm4j.kernels.lib.Jacobi7;
import org.charm4j.kernels.lib.LennardJones;
import org.junit.jupiter.api.Test;

class IrBuilderTest {
    static KernelIr ir(final Class<?> owner, final String name, final Object... constants) throws Exception {
        Method m = null;
        for (final Method c : owner.getDeclaredMethods()) {
            if (c.getName().equals(name)) {
                m = c;
            }
        }
        final KernelModel model = KernelAnalyzer.analyze(MethodHandles.privateLookupIn(owner, MethodHandles.lookup()),
            m);
        return IrBuilder.build(model, constants);
    }

    @Test
    void jacobiBecomesThreeLoopsWithFoldedStrides() throws Exception {
        final KernelIr ir = ir(Jacobi7.class, "jacobiHeap", 8, 8, 8);
        final String text = ir.toString();
        assertTrue(text.contains("parallel for (k = 1; k < 9; k++)"), text);
        assertTrue(text.contains("parallel for (j = 1; j < 9; j++)"), text);
        assertTrue(text.contains("for (i = 1; i < 9; i++)"), text);
        assertTrue(text.contains("in[c - 100]"), text); // dz = 10 * 10, folded
        assertTrue(text.contains("in[c + 10]"), text);
        assertTrue(text.contains("* 0.14285714285714285"), text);
        final Stmt.Loop k = assertInstanceOf(Stmt.Loop.class, ir.body().getFirst());
        final Stmt.Loop j = assertInstanceOf(Stmt.Loop.class, k.body().getFirst());
        final Stmt.Loop i = assertInstanceOf(Stmt.Loop.class, j.body().get(1));
        assertTrue(text.contains("double a12") == false, text);
        assertTrue(!i.parallel() && j.parallel() && k.parallel());
        assertEquals(List.of("out"), ir.writtenArrays().stream().map(ArrayParam::name).toList());
    }

    @Test
    void offHeapGetAndSetAreLoadsAndStores() throws Exception {
        final String text = ir(Jacobi7.class, "jacobi", 4, 4, 4).toString();
        assertTrue(text.contains("kernel Jacobi7.jacobi [nx=4, ny=4, nz=4](DoubleArray in, DoubleArray out)"), text);
        assertTrue(text.contains("out[c] = "), text);
    }

    @Test
    void lennardJonesHasAMaskableIfAndReductions() throws Exception {
        final KernelIr ir = ir(LennardJones.class, "forcesHeap", 10, 12, 144.0, 1.0, 2.0);
        final String text = ir.toString();
        assertTrue(text.contains("if (r2 < 144.0) {"), text);
        assertTrue(text.contains("energy = energy + (inv6 * ((1.0 * inv6) - 2.0));"), text);
        assertTrue(text.contains("fb[12 + j] = fb[12 + j] - (f * dy);"), text);
        assertTrue(text.contains("return energy;"), text);
    }

    @Test
    void helpersAreInlinedAndStaticFinalsFolded() throws Exception {
        final String text = ir(IrSamples.class, "withHelper", 6).toString();
        assertTrue(text.contains("double avg_a = in[i - 1];"), text);
        assertTrue(text.contains("out[i] = (avg_a + avg_b) * 0.5;"), text);
    }

    @Test
    void ifElseKeepsBothBranches() throws Exception {
        final KernelIr ir = ir(IrSamples.class, "clampSqrt", 5, 0.25);
        final Stmt.Loop l = assertInstanceOf(Stmt.Loop.class, ir.body().getFirst());
        final Stmt.If i = assertInstanceOf(Stmt.If.class, l.body().get(1));
        assertEquals("(v > 0.25)", i.cond().toString());
        assertEquals(1, i.then().size());
        assertEquals(1, i.otherwise().size());
        assertTrue(ir.toString().contains("sqrt(v)"), ir.toString());
    }

    @Test
    void negatedDoubleComparisonIsTrueOnNan() throws Exception {
        final KernelIr ir = ir(IrSamples.class, "nanCompare", 3);
        final Stmt.Loop l = assertInstanceOf(Stmt.Loop.class, ir.body().get(1));
        final Stmt.If i = assertInstanceOf(Stmt.If.class, l.body().getFirst());
        assertEquals("!(a[i] >= 1.0)", i.cond().toString());
        assertEquals(java.util.Set.of(), IrQueries.reads(i.cond()).stream().filter(v -> !v.name().equals("i"))
            .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void breakIsRefusedWithOffsetAndLine() {
        final KernelRefusedException e = assertThrows(KernelRefusedException.class,
            () -> ir(IrSamples.class, "breaks", 3));
        final KernelRefusedException.Problem p = e.problems().getFirst();
        assertTrue(p.bci() >= 0 && p.line() > 0, p.toString());
        assertTrue(p.reason().contains("break"), p.toString());
    }

    @Test
    void ternaryIsRefused() {
        final KernelRefusedException e = assertThrows(KernelRefusedException.class,
            () -> ir(IrSamples.class, "ternary", 3));
        assertTrue(e.getMessage().contains("?:"), e.getMessage());
    }

    @Test
    void memorySegmentAccessIsRefused() {
        final KernelRefusedException e = assertThrows(KernelRefusedException.class,
            () -> ir(IrSamples.class, "segment", 3));
        assertTrue(e.getMessage().contains("segment()"), e.getMessage());
    }
}
