package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.charm4j.kernels.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The computes' compiled pair loops ({@link ForceKernels}) against the same {@link Forces} methods run as Java: the
 * loop over the second atom runs on vectors, the second cell's forces are Java's to the bit, and the energies and
 * first-cell forces (vector sums, reordered) agree within {@link #BOUND} of the largest magnitude among them. Cell
 * sizes below, at and around a vector's length run the scalar tails and the guard that keeps cells of fewer atoms
 * than a vector scalar.
 */
class ForcesTest {
    /** Relative bound on the reordered sums, against the largest value of the array (or the energy's terms). */
    private static final double BOUND = 1e-13;

    @Test
    void everyPairLoopRunsOnVectors() {
        for (final String name : new String[] {"charmPair", "charmSelf", "ljPair", "ljSelf"}) {
            final var notes = Kernels.of(Forces.class, name).specialize().notes();
            assertTrue(notes.stream().anyMatch(n -> n.startsWith("loop j") && n.contains(": vectorized")),
                name + ": " + notes);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 13, 64, 297, 300})
    void compiledPairsAgreeWithJava(final int n) {
        final Config cfg = Config.parse("3", "3", "3");
        for (final Physics physics : Physics.values()) {
            final double[] a = firstAtoms(cfg, 0, 0, 0, n);
            final double[] b = firstAtoms(cfg, 1, 0, 0, n + 1);
            final double[] ja = new double[a.length];
            final double[] jb = new double[b.length];
            final double[] ca = new double[a.length];
            final double[] cb = new double[b.length];
            final double je = physics == Physics.CHARM ? Forces.charmPair(a, n, 0, 0, 0, b, n + 1, ja, jb)
                : Forces.ljPair(a, n, 0, 0, 0, b, n + 1, ja, jb);
            final double ce = ForceKernels.pair(physics).run(a, n, 0, 0, 0, b, n + 1, ca, cb);
            assertArrayEquals(jb, cb, physics + " n = " + n + ": second cell's forces");
            close(ja, ca, physics + " n = " + n + ": first cell's forces");
            assertEquals(je, ce, BOUND * Math.abs(je) + Double.MIN_NORMAL, physics + " n = " + n + ": energy");
            final double[] js = new double[a.length];
            final double[] cs = new double[a.length];
            final double jse = physics == Physics.CHARM ? Forces.charmSelf(a, n, js) : Forces.ljSelf(a, n, js);
            final double cse = ForceKernels.self(physics).run(a, n, cs);
            close(js, cs, physics + " n = " + n + ": forces within a cell");
            assertEquals(jse, cse, BOUND * Math.abs(jse) + Double.MIN_NORMAL, physics + " n = " + n + ": self energy");
        }
    }

    /** The first {@code n} atoms of a cell, in blocks, packed closer so that some pairs are inside the cutoff. */
    private static double[] firstAtoms(final Config cfg, final int x, final int y, final int z, final int n) {
        final double[] all = Atoms.initial(cfg, x, y, z).positions();
        return Layout.toBlocks(Arrays.copyOf(all, 3 * n));
    }

    private static void close(final double[] expected, final double[] actual, final String what) {
        double max = 0;
        for (final double v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], BOUND * max, what + " [" + k + "]");
        }
    }
}
