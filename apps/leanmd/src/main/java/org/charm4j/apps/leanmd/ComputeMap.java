package org.charm4j.apps.leanmd;

import org.charm4j.ArrayMap;
import org.charm4j.Index;

/**
 * Places cells and computes. Cells go in blocks of consecutive cell numbers ({@link Config#cellId}, x fastest), so
 * neighbours mostly share a PE; a compute goes to its owner cell's PE, so that of the two position messages it gets
 * each step, the owner's never leaves the PE and the partner's leaves it only at the edge of a block. (Charm++
 * deals each cell's computes round-robin over the PEs, from the cell's PE on: between processes that sends about
 * half of all positions over the network, which made two processes slower than one here.)
 *
 * <p>Threading: immutable; any thread.
 *
 * <p>With {@code --map roundrobin}, computes are dealt as Charm++ does: the owner's number times 14 plus the compute's
 * place among the owner's 14, modulo the PEs.
 *
 * @param cfg     the run.
 * @param compute whether this places computes (a 6D index) or cells (a 3D index).
 */
record ComputeMap(Config cfg, boolean compute) implements ArrayMap {
    private static final long serialVersionUID = 1L;

    @Override
    public int pe(final Index index, final Index shape, final int numPes) {
        final int cell = compute ? cfg.cellId(index.get(0) - 2, index.get(1) - 2, index.get(2) - 2)
            : cfg.cellId(index.x(), index.y(), index.z());
        if (compute && cfg.roundRobin()) {
            final int serial = cell * (Defs.NUM_NEIGHBORS - Neighbours.SELF) + Neighbours.ownerSlot(index)
                - Neighbours.SELF;
            return serial % numPes;
        }
        return (int) ((long) cell * numPes / cfg.cells());
    }
}
