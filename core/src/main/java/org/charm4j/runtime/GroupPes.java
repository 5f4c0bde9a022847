package org.charm4j.runtime;

import org.charm4j.ArrayMap;
import org.charm4j.Index;

/**
 * The PEs of a group made on a subset of the job's PEs (charm4py's {@code Group(C, onPEs=...)}): its element [pe]
 * lives on PE pe, for each PE of the set. Kept as the group's map, so it travels with the collection's description.
 *
 * <p>Threading: immutable; any thread.
 */
final class GroupPes implements ArrayMap {
    private static final long serialVersionUID = 1L;

    /** The PEs, ascending, distinct. */
    private final int[] pes;

    /**
     * @param pes    the PEs, in any order.
     * @param numPes the job's PEs.
     * @throws IllegalArgumentException if empty, outside the job, or with a PE twice.
     */
    GroupPes(final int[] pes, final int numPes) {
        if (pes.length == 0) {
            throw new IllegalArgumentException("a group needs at least one PE; newGroupOn() was given none");
        }
        final int[] sorted = pes.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= numPes) {
                throw new IllegalArgumentException("newGroupOn(" + java.util.Arrays.toString(pes) + "): PE "
                    + sorted[i] + " is not a PE of the job (PEs 0 to " + (numPes - 1) + ")");
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("newGroupOn(" + java.util.Arrays.toString(pes) + "): PE "
                    + sorted[i] + " is given twice");
            }
        }
        this.pes = sorted;
    }

    /** @return whether the group has an element on {@code pe}. */
    boolean has(final int pe) {
        return java.util.Arrays.binarySearch(pes, pe) >= 0;
    }

    @Override
    public int pe(final Index index, final Index shape, final int numPes) {
        return index.x();
    }

    @Override
    public String toString() {
        return pes.length <= 8 ? java.util.Arrays.toString(pes)
            : "[" + pes[0] + ", " + pes[1] + ", …, " + pes[pes.length - 1] + "] (" + pes.length + " PEs)";
    }
}
