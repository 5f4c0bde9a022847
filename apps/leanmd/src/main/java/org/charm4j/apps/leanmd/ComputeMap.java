package org.charm4j.apps.leanmd;

import org.charm4j.ArrayMap;
import org.charm4j.Index;

/**
 * Places the computes round-robin in the order Charm++'s cells insert them: the owner cell's number times 14 plus
 * the compute's place among the owner's 14, modulo the PEs (Charm++ deals each cell's computes round-robin from the
 * cell's PE).
 *
 * <p>Threading: immutable; any thread.
 *
 * @param cfg the run.
 */
record ComputeMap(Config cfg) implements ArrayMap {
    private static final long serialVersionUID = 1L;

    @Override
    public int pe(final Index index, final Index shape, final int numPes) {
        final int owner = cfg.cellId(index.get(0) - 2, index.get(1) - 2, index.get(2) - 2);
        final int serial = owner * (Defs.NUM_NEIGHBORS - Neighbours.SELF) + Neighbours.ownerSlot(index)
            - Neighbours.SELF;
        return serial % numPes;
    }
}
