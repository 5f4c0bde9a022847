package org.charm4j;

/**
 * One dimension of a section of an array: the indices {@code start, start + step, ...} below {@code stop}, as
 * Python's {@code start:stop:step} (charm4py's {@code proxy[0:10:2]} is {@code proxy.section(Range.of(0, 10, 2))}).
 * A negative {@code stop} counts from the end of the dimension ({@code -1} is its last index, exclusive), and
 * {@link #all()} takes the whole dimension.
 *
 * <pre>{@code
 * FooProxy evens = array.section(Range.of(0, 10, 2));                  // [0:10:2] of a 1-D array
 * FooProxy block = grid.section(Range.of(0, 4), Range.of(2, 8, 2));    // [0:4, 2:8:2] of a 2-D array
 * FooProxy column = grid.section(Range.all(), Range.only(3));          // [:, 3]
 * }</pre>
 *
 * <p>Threading: immutable; any thread.
 *
 * @param start the first index (at least 0).
 * @param stop  the end, exclusive; {@link Integer#MAX_VALUE} for the end of the dimension, negative to count from it.
 * @param step  the distance between indices (at least 1).
 */
public record Range(int start, int stop, int step) implements java.io.Serializable {
    /**
     * @throws IllegalArgumentException if {@code start} is negative or {@code step} is below 1.
     */
    public Range {
        if (start < 0) {
            throw new IllegalArgumentException("a range starts at 0 or later, not " + start);
        }
        if (step < 1) {
            throw new IllegalArgumentException("a range's step is at least 1, not " + step);
        }
    }

    /**
     * @param start the first index.
     * @param stop  the end, exclusive.
     * @return {@code start:stop}.
     */
    public static Range of(final int start, final int stop) {
        return new Range(start, stop, 1);
    }

    /**
     * @param start the first index.
     * @param stop  the end, exclusive.
     * @param step  the distance between indices.
     * @return {@code start:stop:step}.
     */
    public static Range of(final int start, final int stop, final int step) {
        return new Range(start, stop, step);
    }

    /** @return the whole dimension ({@code :}). */
    public static Range all() {
        return new Range(0, Integer.MAX_VALUE, 1);
    }

    /**
     * @param i an index.
     * @return that index alone ({@code i:i+1}).
     */
    public static Range only(final int i) {
        return new Range(i, i + 1, 1);
    }

    /**
     * @param length the dimension's length.
     * @return the end, exclusive, within a dimension of that length.
     */
    public int end(final int length) {
        return stop == Integer.MAX_VALUE ? length : stop < 0 ? length + stop : stop;
    }

    @Override
    public String toString() {
        return start + ":" + (stop == Integer.MAX_VALUE ? "" : String.valueOf(stop)) + (step == 1 ? "" : ":" + step);
    }
}
