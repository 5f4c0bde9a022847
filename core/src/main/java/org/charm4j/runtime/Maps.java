package org.charm4j.runtime;

import org.charm4j.ArrayMap;
import org.charm4j.Index;

/**
 * The built-in {@link ArrayMap}s and the row-major linearization they share.
 *
 * <p>Threading: stateless, any thread.
 */
public final class Maps {
    /** Blocks of consecutive row-major indices. */
    public static final ArrayMap BLOCK = Maps::block;
    /** Row-major indices dealt round-robin. */
    public static final ArrayMap ROUND_ROBIN = Maps::roundRobin;

    private Maps() {
    }

    /**
     * @param index an index inside {@code shape}.
     * @param shape the dimensions.
     * @return the row-major position of {@code index}.
     */
    public static long linear(final Index index, final Index shape) {
        long l = 0;
        for (int d = 0; d < shape.dims(); d++) {
            l = l * shape.get(d) + index.get(d);
        }
        return l;
    }

    /**
     * @param shape the dimensions.
     * @return the number of elements.
     */
    public static long size(final Index shape) {
        long n = 1;
        for (int d = 0; d < shape.dims(); d++) {
            n = Math.multiplyExact(n, shape.get(d));
        }
        return n;
    }

    private static int block(final Index index, final Index shape, final int numPes) {
        if (shape == null) {
            return hash(index, numPes);
        }
        final long n = size(shape);
        return (int) (linear(index, shape) * numPes / n);
    }

    private static int roundRobin(final Index index, final Index shape, final int numPes) {
        return shape == null ? hash(index, numPes) : (int) (linear(index, shape) % numPes);
    }

    private static int hash(final Index index, final int numPes) {
        return Math.floorMod(index.hashCode() * 0x9E3779B9, numPes);
    }
}
