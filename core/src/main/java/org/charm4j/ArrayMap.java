package org.charm4j;

/**
 * Places the elements of a chare array on PEs: it gives each element its home PE. The default places a dense array
 * in blocks of consecutive row-major indices ({@link #block()}); a user map is any pure function of the index.
 *
 * <p>Threading: called on any PE and thread; must be a pure function.
 */
@FunctionalInterface
public interface ArrayMap extends java.io.Serializable {
    /**
     * @param index  the element's index.
     * @param shape  the array's dimensions, or {@code null} for a sparse array.
     * @param numPes the number of PEs of the job.
     * @return a PE in {@code [0, numPes)}.
     */
    int pe(Index index, Index shape, int numPes);

    /**
     * @return the default map: blocks of consecutive row-major indices for a dense array (as even as can be), a hash
     *     of the index for a sparse one.
     */
    static ArrayMap block() {
        return org.charm4j.runtime.Maps.BLOCK;
    }

    /** @return the map that deals row-major indices round-robin over the PEs (a hash for a sparse array). */
    static ArrayMap roundRobin() {
        return org.charm4j.runtime.Maps.ROUND_ROBIN;
    }
}
