package org.charm4j.kernels.ir;

/**
 * How an array parameter of a kernel holds its doubles.
 *
 * <p>Threading: immutable; any thread.
 */
public enum ArrayKind {
    /** A Java {@code double[]}. */
    HEAP,
    /** An {@link org.charm4j.DoubleArray}: off-heap, little-endian, read through its memory segment. */
    OFF_HEAP
}
