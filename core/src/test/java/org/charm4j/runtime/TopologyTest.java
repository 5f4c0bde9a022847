package org.charm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyTest {
    @ParameterizedTest
    @CsvSource({"1,1", "4,4", "4,1", "4,2", "12,3", "64,8", "100,1", "96,6"})
    void treeSpansEveryPeCrossesEachProcessBoundaryOnceAndIsShallow(final int numPes, final int ppn) {
        final Topology t = new Topology(numPes, ppn);
        int crossNode = 0;
        int maxDepth = 0;
        for (int pe = 0; pe < numPes; pe++) {
            int depth = 0;
            for (int p = pe; p != Topology.ROOT; p = t.parent(p)) {
                final int parent = t.parent(p);
                assertTrue(parent >= 0 && parent < p, "parent of " + p + " is " + parent);
                depth++;
            }
            maxDepth = Math.max(maxDepth, depth);
            if (pe != Topology.ROOT) {
                final int parent = t.parent(pe);
                final int child = pe;
                assertTrue(java.util.Arrays.stream(t.children(parent)).anyMatch(c -> c == child));
                if (t.nodeOf(parent) != t.nodeOf(pe)) {
                    crossNode++;
                    assertEquals(0, pe % ppn, "only a process's first PE has a parent in another process");
                }
            }
            for (final int c : t.children(pe)) {
                assertEquals(pe, t.parent(c));
            }
        }
        assertEquals(-1, t.parent(Topology.ROOT));
        assertEquals(numPes / ppn - 1, crossNode);
        final double log4 = Math.log(Math.max(numPes / ppn, 1)) / Math.log(4) + Math.log(ppn) / Math.log(4);
        assertTrue(maxDepth <= Math.ceil(log4) + 2, "depth " + maxDepth + " for " + numPes + " PEs");
    }

    @org.junit.jupiter.api.Test
    void ppnMustDivideThePeCount() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Topology(5, 2)).getMessage()
            .contains("++ppn 2 must divide +p 5"));
    }
}
