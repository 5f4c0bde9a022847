package org.charm4j.runtime;

/**
 * The spanning tree over PEs that broadcasts go down and reductions come up: a {@value #BRANCHES}-ary tree rooted at
 * PE 0, so both take O(log P) steps.
 *
 * <p>Threading: stateless, any thread.
 */
public final class Tree {
    /** Children per tree node. */
    public static final int BRANCHES = 4;
    /** The root PE. */
    public static final int ROOT = 0;

    private Tree() {
    }

    /**
     * @param pe a PE other than the root.
     * @return its parent.
     */
    public static int parent(final int pe) {
        return (pe - 1) / BRANCHES;
    }

    /**
     * @param pe     a PE.
     * @param k      0 to {@link #BRANCHES} - 1.
     * @param numPes the number of PEs.
     * @return the k-th child of {@code pe}, or -1 if there is none.
     */
    public static int child(final int pe, final int k, final int numPes) {
        final long c = (long) pe * BRANCHES + 1 + k;
        return c < numPes ? (int) c : -1;
    }
}
