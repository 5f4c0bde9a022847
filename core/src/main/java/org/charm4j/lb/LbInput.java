package org.charm4j.lb;

import org.charm4j.Index;

/**
 * What a balancing step knows, in flat arrays indexed by element (in no particular order) and by PE: each element's
 * measured load (seconds of entry-method wall time since the previous step), the PE it is on, whether it may move,
 * and each PE's background load (time it was busy outside these elements' entry methods, which counts as in
 * Charm++). A strategy reads it and returns a PE per element.
 *
 * @param numPes     the PEs of the job.
 * @param index      each element's index.
 * @param load       each element's load, in seconds.
 * @param pe         the PE each element is on.
 * @param migratable whether each element may move ({@link org.charm4j.NotMigratable} elements may not).
 * @param background each PE's background load, in seconds.
 * @param received   the calls each element received since the previous step (point-to-point calls from other chares,
 *                   broadcasts not counted): how much it talks, for strategies that weigh communication.
 *
 * <p>Threading: not thread-safe (plain arrays); a strategy may change nothing in it.
 */
public record LbInput(int numPes, Index[] index, double[] load, int[] pe, boolean[] migratable, double[] background,
                      long[] received) {
    /** An input without message counts (all 0). */
    public LbInput(final int numPes, final Index[] index, final double[] load, final int[] pe,
                   final boolean[] migratable, final double[] background) {
        this(numPes, index, load, pe, migratable, background, new long[load.length]);
    }

    /** @return the number of elements. */
    public int size() {
        return load.length;
    }

    /**
     * @param assignment a PE per element.
     * @return each PE's load under it (its background plus its elements').
     */
    public double[] peLoads(final int[] assignment) {
        final double[] l = background.clone();
        for (int i = 0; i < assignment.length; i++) {
            l[assignment[i]] += load[i];
        }
        return l;
    }

    /**
     * @param assignment a PE per element.
     * @return the most loaded PE's load over the mean (1 when perfectly balanced; 1 when there is no load).
     */
    public double maxOverAverage(final int[] assignment) {
        final double[] l = peLoads(assignment);
        double max = 0;
        double sum = 0;
        for (final double v : l) {
            max = Math.max(max, v);
            sum += v;
        }
        return sum == 0 ? 1 : max / (sum / numPes);
    }

    /** @return the same elements on a new assignment (for strategies applied in turn). */
    LbInput on(final int[] assignment) {
        return new LbInput(numPes, index, load, assignment, migratable, background, received);
    }
}
