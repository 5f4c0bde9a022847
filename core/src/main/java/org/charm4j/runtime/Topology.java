package org.charm4j.runtime;

/**
 * Where PEs live and the spanning tree that broadcasts go down and reductions come up: a {@value #BRANCHES}-ary
 * tree over processes (nodes), rooted at node 0, whose every node then spans its own PEs with a
 * {@value #BRANCHES}-ary tree rooted at its first PE. So a broadcast crosses each process boundary once and both
 * take O(log P) steps. PE 0 is the root.
 *
 * <p>Threading: immutable, any thread.
 */
public final class Topology {
    /** Children per tree node, at both levels. */
    public static final int BRANCHES = 4;
    /** The root PE. */
    public static final int ROOT = 0;

    private final int numPes;
    private final int pesPerNode;
    private final int[] parent;
    private final int[][] children;

    /**
     * @param numPes     PEs in the job.
     * @param pesPerNode PEs per process; divides {@code numPes}.
     */
    public Topology(final int numPes, final int pesPerNode) {
        if (pesPerNode < 1 || numPes % pesPerNode != 0) {
            throw new IllegalArgumentException("++ppn " + pesPerNode + " must divide +p " + numPes);
        }
        this.numPes = numPes;
        this.pesPerNode = pesPerNode;
        this.parent = new int[numPes];
        this.children = new int[numPes][];
        final int numNodes = numPes / pesPerNode;
        for (int pe = 0; pe < numPes; pe++) {
            final int node = pe / pesPerNode;
            final int local = pe % pesPerNode;
            final int first = node * pesPerNode;
            final int[] kids = new int[2 * BRANCHES];
            int n = 0;
            if (local == 0) {
                parent[pe] = node == 0 ? -1 : ((node - 1) / BRANCHES) * pesPerNode;
                for (int k = 1; k <= BRANCHES; k++) {
                    final long c = (long) node * BRANCHES + k;
                    if (c < numNodes) {
                        kids[n++] = (int) c * pesPerNode;
                    }
                }
            } else {
                parent[pe] = first + (local - 1) / BRANCHES;
            }
            for (int k = 1; k <= BRANCHES; k++) {
                final long c = (long) local * BRANCHES + k;
                if (c < pesPerNode) {
                    kids[n++] = first + (int) c;
                }
            }
            children[pe] = java.util.Arrays.copyOf(kids, n);
        }
    }

    /** @return PEs in the job. */
    public int numPes() {
        return numPes;
    }

    /** @return PEs per process. */
    public int pesPerNode() {
        return pesPerNode;
    }

    /** @return the number of processes. */
    public int numNodes() {
        return numPes / pesPerNode;
    }

    /**
     * @param pe a PE.
     * @return the process it lives in.
     */
    public int nodeOf(final int pe) {
        return pe / pesPerNode;
    }

    /**
     * @param pe a PE other than the root.
     * @return its parent in the tree (a smaller PE), or -1 for the root.
     */
    public int parent(final int pe) {
        return parent[pe];
    }

    /**
     * @param pe a PE.
     * @return its children in the tree; the caller must not modify the array.
     */
    public int[] children(final int pe) {
        return children[pe];
    }
}
