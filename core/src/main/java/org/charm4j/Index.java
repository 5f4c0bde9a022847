package org.charm4j;

import java.util.Arrays;

/**
 * The index of an element of a chare collection: 1 to 6 integers (a Group's elements are indexed by their PE).
 * Immutable; ordered lexicographically, which is the order of gathered reduction results.
 *
 * <p>Threading: immutable, any thread.
 */
public final class Index implements Comparable<Index>, java.io.Serializable {
    /** The most dimensions an array may have. */
    public static final int MAX_DIMS = 6;
    private static final long serialVersionUID = 1L;

    private final int[] values;
    private final int hash;

    private Index(final int[] values) {
        if (values.length < 1 || values.length > MAX_DIMS) {
            throw new IllegalArgumentException("an index has 1 to " + MAX_DIMS + " dimensions, not " + values.length);
        }
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    /**
     * @param x the only value.
     * @return the 1-D index [x].
     */
    public static Index of(final int x) {
        return x >= 0 && x < SMALL.length ? SMALL[x] : new Index(new int[] {x});
    }

    /** The 1-D indices [0] to [1023], made once: the common small ones (single chares, group members) cost nothing. */
    private static final Index[] SMALL = new Index[1024];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new Index(new int[] {i});
        }
    }

    /**
     * @param x the first value.
     * @param y the second.
     * @return the 2-D index [x, y].
     */
    public static Index of(final int x, final int y) {
        return new Index(new int[] {x, y});
    }

    /**
     * @param x the first value.
     * @param y the second.
     * @param z the third.
     * @return the 3-D index [x, y, z].
     */
    public static Index of(final int x, final int y, final int z) {
        return new Index(new int[] {x, y, z});
    }

    /**
     * @param values 1 to 6 integers (copied).
     * @return the index.
     */
    public static Index of(final int... values) {
        return new Index(values.clone());
    }

    /** @return the number of dimensions. */
    public int dims() {
        return values.length;
    }

    /**
     * @param dim 0 to {@code dims() - 1}.
     * @return the value in that dimension.
     */
    public int get(final int dim) {
        return values[dim];
    }

    /** @return the first value (the whole index of a 1-D element or a Group member). */
    public int x() {
        return values[0];
    }

    /** @return the second value. */
    public int y() {
        return values[1];
    }

    /** @return the third value. */
    public int z() {
        return values[2];
    }

    /** @return a copy of the values. */
    public int[] toArray() {
        return values.clone();
    }

    @Override
    public int compareTo(final Index o) {
        return Arrays.compare(values, o.values);
    }

    @Override
    public boolean equals(final Object o) {
        if (o == this) {
            return true;   // small indices are shared, and a collection's lookups mostly get the key's own index
        }
        if (!(o instanceof Index other) || hash != other.hash) {
            return false;
        }
        final int[] a = values;
        final int[] b = other.values;
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {   // one to six values: a plain loop beats Arrays.equals' set-up
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ",").append(values[i]);
        }
        return b.append(']').toString();
    }
}
