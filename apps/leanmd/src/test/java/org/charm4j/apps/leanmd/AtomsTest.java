package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The initial atoms are Charm++'s: the values of Charm++'s {@code Cell::Cell} loop for cell (1, 2, 0) of a 3 x 3 x 3
 * box, compiled with gcc against glibc's {@code drand48} and printed with {@code %.17g}; and the forces of Charm++'s
 * {@code physics.h} loops on cells (0, 0, 0) and (1, 0, 0), from the same C program (gcc -O2, no FMA contraction).
 * The atoms checked within the cell are the first and the last, whose forces the loop sums in Charm++'s order.
 */
class AtomsTest {
    @Test
    void initialAtomsAreCharms() {
        final Atoms a = Atoms.initial(Config.parse("3", "3", "3"), 1, 2, 0);
        assertEquals(300, a.count());
        final double[] p = a.positions();
        final double[] v = a.velocities();
        assertArrayEquals(new double[] {20.263107148246547, 42.912563683049939, 4.2478494948319963},
            new double[] {p[0], p[1], p[2]});
        assertArrayEquals(new double[] {-2.2253349068763129, -0.032371294846150533, -1.2145629977750048},
            new double[] {v[0], v[1], v[2]});
        assertArrayEquals(new double[] {30.829782184870226, 37.541069416939649, 1.5604685946612449},
            new double[] {p[897], p[898], p[899]});
        assertArrayEquals(new double[] {2.954740793525986, 0.39806026237059916, 0.85046707823541112},
            new double[] {v[897], v[898], v[899]});
    }

    @Test
    void charmPhysicsGivesThePhysicsHForces() {
        final Config cfg = Config.parse("3", "3", "3");
        final double[] a = Layout.toBlocks(Atoms.initial(cfg, 0, 0, 0).positions());
        final double[] b = Layout.toBlocks(Atoms.initial(cfg, 1, 0, 0).positions());
        final double[] ga = new double[900];
        final double[] gb = new double[900];
        final double[] gs = new double[900];
        Forces.charmPair(a, 300, 0, 0, 0, b, 300, ga, gb);
        Forces.charmSelf(a, 300, gs);
        final double[] fa = Layout.toInterleaved(ga);
        final double[] fb = Layout.toInterleaved(gb);
        final double[] fs = Layout.toInterleaved(gs);
        assertArrayEquals(new double[] {0, -8.4257378938061917e-25, -1.7885747677940018e-17, 0},
            new double[] {fa[0], fa[899], fb[1], fb[897]});
        assertArrayEquals(new double[] {1.8917873994501817e-14, -3.2663354850592922e-17}, new double[] {fs[0], fs[899]});
    }
}
