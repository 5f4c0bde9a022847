package org.charm4j.kernels.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A bounded cache from a tuple of constants to a value (a specialization), read without locks or allocation.
 *
 * <p>Readers probe an immutable open-addressed table published through a volatile field, comparing the 64-bit images
 * of the constants ({@link ConstKind#bits(Object)}) taken straight from the caller's argument array. A miss takes the
 * lock, probes again, builds the value once, and publishes a new table. When the table holds {@code capacity}
 * values, the oldest one is evicted (first in, first out); evicted values stay usable by whoever holds them.
 *
 * @param <V> the cached value.
 *
 * <p>Threading: any thread; lookups are lock-free, insertions serialized.
 */
public final class SpecializationTable<V> {
    private record Entry<V>(long[] bits, int hash, V value) {
    }

    private final ConstKind[] kinds;
    private final int capacity;
    private final ArrayDeque<Entry<V>> order = new ArrayDeque<>();
    private volatile Entry<V>[] table;
    private long built;

    /**
     * @param kinds    the kind of each constant.
     * @param capacity the most values kept, at least 1.
     */
    public SpecializationTable(final ConstKind[] kinds, final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, not " + capacity);
        }
        this.kinds = kinds.clone();
        this.capacity = capacity;
        this.table = newTable(capacity);
    }

    /**
     * Finds the value for the constants at {@code positions} of {@code args}; never allocates.
     *
     * @param args      an argument array.
     * @param positions where the constants are in {@code args}, one per kind.
     * @return the value, or {@code null} on a miss.
     * @throws ClassCastException   if a constant is not of its kind's wrapper type.
     * @throws NullPointerException if a constant is null.
     */
    public V find(final Object[] args, final int[] positions) {
        final Entry<V>[] t = table;
        final int h = hash(args, positions);
        final int mask = t.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            final Entry<V> e = t[i];
            if (e == null) {
                return null;
            }
            if (e.hash == h && matches(e.bits, args, positions)) {
                return e.value;
            }
        }
    }

    /**
     * Finds the value, or builds it under the lock if absent (so each tuple is built once while it stays cached).
     *
     * @param args      an argument array, checked already.
     * @param positions where the constants are in {@code args}.
     * @param build     builds the value from the constants, in order.
     * @return the value.
     */
    public V findOrBuild(final Object[] args, final int[] positions, final Function<Object[], V> build) {
        final V found = find(args, positions);
        if (found != null) {
            return found;
        }
        synchronized (this) {
            final V again = find(args, positions);
            if (again != null) {
                return again;
            }
            final Object[] consts = new Object[positions.length];
            final long[] bits = new long[positions.length];
            for (int i = 0; i < positions.length; i++) {
                consts[i] = args[positions[i]];
                bits[i] = kinds[i].bits(consts[i]);
            }
            final V value = build.apply(consts);
            built++;
            if (order.size() == capacity) {
                order.removeFirst();
            }
            order.addLast(new Entry<>(bits, hash(args, positions), value));
            final Entry<V>[] t = newTable(capacity);
            for (final Entry<V> e : order) {
                int i = e.hash & (t.length - 1);
                while (t[i] != null) {
                    i = (i + 1) & (t.length - 1);
                }
                t[i] = e;
            }
            table = t;
            return value;
        }
    }

    /** @return the cached values, oldest first. */
    public synchronized List<V> values() {
        final List<V> list = new ArrayList<>(order.size());
        for (final Entry<V> e : order) {
            list.add(e.value);
        }
        return list;
    }

    /** @return how many values were built since this table was made (evicted ones included). */
    public synchronized long builtCount() {
        return built;
    }

    /** @return the most values kept. */
    public int capacity() {
        return capacity;
    }

    /** Drops every value. */
    public synchronized void clear() {
        order.clear();
        table = newTable(capacity);
    }

    private int hash(final Object[] args, final int[] positions) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < positions.length; i++) {
            h = (h ^ kinds[i].bits(args[positions[i]])) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return (int) (h ^ (h >>> 32));
    }

    private boolean matches(final long[] bits, final Object[] args, final int[] positions) {
        for (int i = 0; i < positions.length; i++) {
            if (bits[i] != kinds[i].bits(args[positions[i]])) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newTable(final int capacity) {
        return (Entry<V>[]) new Entry<?>[Integer.highestOneBit(capacity * 2 - 1) << 1];
    }
}
