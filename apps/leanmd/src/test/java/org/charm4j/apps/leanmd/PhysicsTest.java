package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The physics on the serial reference: the conservative one keeps total energy within 1% over 200 steps while atoms
 * cross cells; the force is minus the gradient of the energy; atoms are never lost.
 */
class PhysicsTest {
    @Test
    void ljConservesEnergyWhileAtomsMoveBetweenCells() {
        final Config cfg = Config.parse("3", "3", "3", "200", "--physics", "lj", "--lattice", "--atoms", "27");
        final Reference ref = new Reference(cfg);
        final double[] e = Energy.totals(ref.report());
        final double scale = Math.abs(e[0]) + Math.abs(e[1]);
        final double change = Math.abs(e[2] + e[3] - e[0] - e[1]);
        assertTrue(change < 1e-2 * scale, "energy changed by " + change / scale + " of kinetic + |potential|");
        assertTrue(Math.abs(e[2] - e[0]) > 0.1 * e[0], "something happened: kinetic " + e[0] + " -> " + e[2]);
        assertEquals(27 * 27, ref.atoms());
        int moved = 0;
        for (int c = 0; c < 27; c++) {
            moved += Math.abs((int) ref.state(c)[0] - 27);
        }
        assertNotEquals(0, moved, "atoms moved between cells");
    }

    @Test
    void ljForceIsMinusTheGradientOfTheEnergy() {
        final double[] p1 = {0, 0, 0};
        final double h = 1e-6;
        for (final double r : new double[] {3.0, 3.8, 5.0, 11.0}) {
            final double[] f1 = new double[3];
            final double[] f2 = new double[3];
            Forces.ljPair(p1, 1, 0, 0, 0, new double[] {r, 0, 0}, 1, f1, f2);
            final double ep = Forces.ljPair(p1, 1, 0, 0, 0, new double[] {r + h, 0, 0}, 1, new double[3],
                new double[3]);
            final double em = Forces.ljPair(p1, 1, 0, 0, 0, new double[] {r - h, 0, 0}, 1, new double[3],
                new double[3]);
            final double gradient = (ep - em) / (2 * h * 1e-10);   // J per metre
            assertEquals(-gradient, f2[0], 1e-5 * Math.abs(gradient), "r = " + r);
            assertEquals(-f2[0], f1[0]);
        }
        final double[] fs = new double[6];
        Forces.ljSelf(new double[] {0, 3.0, 0, 0, 0, 0}, 2, fs);
        final double[] f1 = new double[3];
        final double[] f2 = new double[3];
        Forces.ljPair(p1, 1, 0, 0, 0, new double[] {3.0, 0, 0}, 1, f1, f2);
        assertEquals(f1[0], fs[0]);
        assertEquals(f2[0], fs[1]);
    }

    @Test
    void charmPhysicsKeepsCharmsSigns() {
        final double[] f1 = new double[3];
        final double[] f2 = new double[3];
        final double e = Forces.charmPair(new double[] {0, 0, 0}, 1, 0, 0, 0, new double[] {3.0, 0, 0}, 1, f1, f2);
        final double[] fs = new double[6];
        assertEquals(e, Forces.charmSelf(new double[] {0, 3.0, 0, 0, 0, 0}, 2, fs));
        assertEquals(f1[0], -fs[0]);
        assertEquals(f2[0], -fs[1]);
    }
}
