package org.charm4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An off-heap array of {@code long} values (little-endian, 64-byte aligned). See {@link OffHeapArray} for ownership:
 * sending it moves the memory to the receiver.
 *
 * <p>Threading: not thread-safe; owned by one chare (or thread) at a time.
 */
public final class LongArray extends OffHeapArray {
    /** The layout of one element, unaligned-safe and little-endian, as stored. */
    public static final ValueLayout.OfLong LAYOUT = ValueLayout.JAVA_LONG_UNALIGNED;

    private LongArray(final MemorySegment segment) {
        super(segment, 8);
    }

    /**
     * @param length number of elements.
     * @return a new zeroed array.
     */
    public static LongArray allocate(final long length) {
        return new LongArray(allocateSegment(length, 8));
    }

    /**
     * @param values the elements to copy.
     * @return a new array holding a copy of {@code values}.
     */
    public static LongArray of(final long... values) {
        final LongArray a = allocate(values.length);
        MemorySegment.copy(values, 0, a.segment, LAYOUT, 0, values.length);
        return a;
    }

    /**
     * Wraps memory that the caller hands over (<em>takes</em> it): the caller must not use {@code segment} after.
     *
     * @param segment memory whose size is a multiple of 8 bytes.
     * @return an array over that memory.
     */
    public static LongArray wrap(final MemorySegment segment) {
        return new LongArray(segment);
    }

    /**
     * @param index element index.
     * @return the element.
     */
    public long get(final long index) {
        return segment().getAtIndex(LAYOUT, checkIndex(index));
    }

    /**
     * @param index element index.
     * @param value the new value.
     */
    public void set(final long index, final long value) {
        segment().setAtIndex(LAYOUT, checkIndex(index), value);
    }

    /** @param value the value every element gets. */
    public void fill(final long value) {
        final MemorySegment s = segment();
        final long n = length();
        for (long i = 0; i < n; i++) {
            s.setAtIndex(LAYOUT, i, value);
        }
    }

    /** @return a new heap array holding a copy of the elements (at most 2^31 - 1 of them). */
    public long[] toArray() {
        return segment().toArray(LAYOUT);
    }

    /**
     * Copies {@code values} into the start of this array.
     *
     * @param values at most {@link #length()} values.
     */
    public void copyFrom(final long[] values) {
        if (values.length > length()) {
            throw new IndexOutOfBoundsException(values.length + " values into a LongArray of " + length());
        }
        MemorySegment.copy(values, 0, segment(), LAYOUT, 0, values.length);
    }

    @Override
    public LongArray copy() {
        final LongArray c = allocate(length());
        MemorySegment.copy(segment(), 0, c.segment, 0, byteSize());
        return c;
    }

    @Override
    LongArray wrapSame(final MemorySegment s) {
        return new LongArray(s);
    }

    @Override
    public String elementTypeName() {
        return "long";
    }

    @Override
    String elementString(final long i) {
        return String.valueOf(segment.getAtIndex(LAYOUT, i));
    }
}
