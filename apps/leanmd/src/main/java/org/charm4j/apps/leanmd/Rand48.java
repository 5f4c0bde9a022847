package org.charm4j.apps.leanmd;

/**
 * POSIX {@code srand48}/{@code drand48} (the generator Charm++'s LeanMD seeds per cell), reproduced bit for bit: a
 * 48-bit linear congruential generator {@code x = (0x5DEECE66D x + 0xB) mod 2^48}, seeded with
 * {@code (seed << 16) | 0x330E}, each draw {@code x / 2^48} (exact in a double, as glibc's {@code drand48} is).
 *
 * <p>Threading: not thread-safe; one per cell.
 */
public final class Rand48 {
    private static final long A = 0x5DEECE66DL;
    private static final long C = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    private long state;

    /**
     * {@code srand48(seed)}.
     *
     * @param seed the seed; as in C, only its low 32 bits count.
     */
    public Rand48(final long seed) {
        state = (((seed & 0xFFFFFFFFL) << 16) | 0x330EL) & MASK;
    }

    /** @return {@code drand48()}: the next value in {@code [0, 1)}. */
    public double next() {
        state = (A * state + C) & MASK;
        return state * 0x1.0p-48;
    }
}
