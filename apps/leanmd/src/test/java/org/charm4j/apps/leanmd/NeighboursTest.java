package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.charm4j.Index;
import org.junit.jupiter.api.Test;

/** Charm++'s compute numbering: 14 computes per cell, each in the lists of exactly its two cells, at mirrored slots. */
class NeighboursTest {
    @Test
    void everyComputeIsSharedByItsOwnerAndPartner() {
        final Config cfg = Config.parse("3", "4", "5");
        final Map<Index, Integer> uses = new HashMap<>();
        for (int x = 0; x < 3; x++) {
            for (int y = 0; y < 4; y++) {
                for (int z = 0; z < 5; z++) {
                    for (int num = 0; num < 27; num++) {
                        final Index c = Neighbours.compute(cfg, x, y, z, num);
                        uses.merge(c, 1, Integer::sum);
                        final boolean owner = num >= Neighbours.SELF;
                        final Index cell = owner ? Index.of(c.get(0) - 2, c.get(1) - 2, c.get(2) - 2)
                            : Neighbours.partner(cfg, c);
                        assertEquals(Index.of(x, y, z), cell, c + " at slot " + num);
                        assertEquals(owner ? num : 26 - num, Neighbours.ownerSlot(c));
                    }
                }
            }
        }
        assertEquals(14 * 60, uses.size());
        uses.forEach((c, n) -> assertEquals(Neighbours.ownerSlot(c) == 13 ? 1 : 2, n, c.toString()));
    }

    @Test
    void leavingAtomsAreWrappedAndCharmsLoopSkipsTheOneAfterARemoval() {
        final Config cfg = Config.parse("3", "3", "3");
        // Cell (0, 0, 0): atom 0 left through x = 0, atom 1 (after it) too but is looked at next time, atom 2 stays,
        // atom 3 left through y = 16.
        final double[] pos = {-1, 5, 5, -2, 6, 6, 8, 8, 8, 3, 17, 4};
        final Atoms a = new Atoms(4, pos, new double[12]);
        final double[][] out = a.leaving(cfg, 0, 0, 0);
        assertArrayEquals(new double[] {47, 5, 5, 0, 0, 0}, out[Neighbours.num(-1, 0, 0)]);
        assertArrayEquals(new double[] {3, 17, 4, 0, 0, 0}, out[Neighbours.num(0, 1, 0)]);
        assertEquals(2, a.count());
        assertArrayEquals(new double[] {-2, 6, 6, 8, 8, 8}, a.positions());
    }
}
