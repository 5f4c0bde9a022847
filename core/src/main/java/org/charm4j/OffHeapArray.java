package org.charm4j;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * An array of primitives in off-heap memory ({@link MemorySegment}): the type that messages, kernels and devices
 * use for bulk data.
 *
 * <p><b>Ownership.</b> An off-heap array has exactly one owner. Passing it as an argument of an entry method or as a
 * reduction contribution <em>takes</em> it: the runtime moves the memory to a new handle given to the receiver, and
 * this handle becomes stale; any later use of it throws {@link IllegalStateException} naming the array. So a
 * receiver never sees a sender's later writes, and no copy is made. Use {@link #copy()} first to keep a copy.
 *
 * <p><b>Memory.</b> Arrays are allocated 64-byte aligned and zeroed, in memory that any thread may access and that
 * is freed when the last handle to it is unreachable (an automatic {@link Arena}).
 *
 * <p>Threading: not thread-safe; owned by one chare (or thread) at a time, handed over by sending it.
 */
public abstract sealed class OffHeapArray permits DoubleArray, FloatArray, IntArray, LongArray, ByteArray {
    /** Alignment of every allocation, in bytes: one cache line, one AVX-512 vector. */
    public static final long ALIGNMENT = 64;

    /** The memory; {@code null} once the array has been moved away from this handle. */
    MemorySegment segment;
    private final long length;

    OffHeapArray(final MemorySegment segment, final long elementSize) {
        this.segment = Objects.requireNonNull(segment, "segment");
        if (segment.byteSize() % elementSize != 0) {
            throw new IllegalArgumentException("segment of " + segment.byteSize()
                + " bytes is not a whole number of " + elementSize + "-byte elements");
        }
        this.length = segment.byteSize() / elementSize;
    }

    static MemorySegment allocateSegment(final long length, final long elementSize) {
        if (length < 0) {
            throw new IllegalArgumentException("negative array length: " + length);
        }
        return Arena.ofAuto().allocate(Math.multiplyExact(length, elementSize), ALIGNMENT);
    }

    /** @return the number of elements. */
    public final long length() {
        return length;
    }

    /** @return the size in bytes. */
    public final long byteSize() {
        return segment().byteSize();
    }

    /**
     * The memory of this array, <em>borrowed</em>: valid while this handle owns the array (until it is sent).
     *
     * @return the segment.
     * @throws IllegalStateException if the array was sent away from this handle.
     */
    public final MemorySegment segment() {
        final MemorySegment s = segment;
        if (s == null) {
            throw stale();
        }
        return s;
    }

    /** @return whether this handle still owns its memory (it was not sent away). */
    public final boolean isOwned() {
        return segment != null;
    }

    /**
     * Moves the memory to a new handle of the same type and makes this one stale. The runtime calls it when the
     * array is sent; users rarely need it.
     *
     * @return the new owner of the memory.
     */
    public final OffHeapArray moveOut() {
        final MemorySegment s = segment();
        segment = null;
        return wrapSame(s);
    }

    /**
     * For the runtime, when it sends the array to another process: takes the memory from this handle, which goes
     * stale, as {@link #moveOut()} does, without a new handle.
     *
     * @return the memory, owned by the caller from now on.
     * @throws IllegalStateException if the array was sent away from this handle already.
     */
    public final MemorySegment takeSegment() {
        final MemorySegment s = segment();
        segment = null;
        return s;
    }

    /** @return a new array of the same type holding a copy of the elements. */
    public abstract OffHeapArray copy();

    abstract OffHeapArray wrapSame(MemorySegment s);

    /** @return a short name of the element type, as in {@code "double"}. */
    public abstract String elementTypeName();

    final IllegalStateException stale() {
        return new IllegalStateException(getClass().getSimpleName() + " of " + length
            + " elements was sent (its memory moved to the receiver); this handle may no longer be used."
            + " Call copy() before sending to keep a copy.");
    }

    final long checkIndex(final long index) {
        return Objects.checkIndex(index, length);
    }

    @Override
    public String toString() {
        if (segment == null) {
            return getClass().getSimpleName() + "[stale, " + length + " elements]";
        }
        final StringBuilder b = new StringBuilder(getClass().getSimpleName()).append('[');
        final long n = Math.min(length, 8);
        for (long i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ", ").append(elementString(i));
        }
        return b.append(length > n ? ", ... (" + length + " elements)]" : "]").toString();
    }

    abstract String elementString(long i);
}
