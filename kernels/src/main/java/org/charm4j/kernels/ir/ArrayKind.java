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
    OFF_HEAP,
    /**
     * A work-group's local (shared) memory, from {@link org.charm4j.kernels.WorkItem#localDoubles}: not a parameter
     * ({@link ArrayParam#index()} is -1); its length is in {@link KernelIr#locals()}.
     */
    LOCAL
}
