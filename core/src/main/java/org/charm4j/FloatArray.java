package org.charm4j;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An off-heap array of {@code float} values (little-endian, 64-byte aligned). See {@link OffHeapArray} for ownership:
 * sending it moves the memory to the receiver.
 *
 * <p>Threading: not thread-safe; owned by one chare (or thread) at a time.
 */
public final class FloatArray extends OffHeapArray {
    /** The layout of one element, unaligned-safe and little-endian, as stored. */
    public static final ValueLayout.OfFloat LAYOUT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private FloatArray(final MemorySegment segment) {
        super(segment, 4);
    }

    /**
     * @param length number of elements.
     * @return a new zeroed array.
     */
    public static FloatArray allocate(final long length) {
        return new FloatArray(allocateSegment(length, 4));
    }

    /**
     * @param values the elements to copy.
     * @return a new array holding a copy of {@code values}.
     */
    public static FloatArray of(final float... values) {
        final FloatArray a = allocate(values.length);
        MemorySegment.copy(values, 0, a.segment, LAYOUT, 0, values.length);
        return a;
    }

    /**
     * Wraps memory that the caller hands over (<em>takes</em> it): the caller must not use {@code segment} after.
     *
     * @param segment memory whose size is a multiple of 4 bytes.
     * @return an array over that memory.
     */
    public static FloatArray wrap(final MemorySegment segment) {
        return new FloatArray(segment);
    }

    /**
     * @param index element index.
     * @return the element.
     */
    public float get(final long index) {
        return segment().getAtIndex(LAYOUT, checkIndex(index));
    }

    /**
     * @param index element index.
     * @param value the new value.
     */
    public void set(final long index, final float value) {
        segment().setAtIndex(LAYOUT, checkIndex(index), value);
    }

    /** @param value the value every element gets. */
    public void fill(final float value) {
        final MemorySegment s = segment();
        final long n = length();
        for (long i = 0; i < n; i++) {
            s.setAtIndex(LAYOUT, i, value);
        }
    }

    /** @return a new heap array holding a copy of the elements (at most 2^31 - 1 of them). */
    public float[] toArray() {
        return segment().toArray(LAYOUT);
    }

    /**
     * Copies {@code values} into the start of this array.
     *
     * @param values at most {@link #length()} values.
     */
    public void copyFrom(final float[] values) {
        if (values.length > length()) {
            throw new IndexOutOfBoundsException(values.length + " values into a FloatArray of " + length());
        }
        MemorySegment.copy(values, 0, segment(), LAYOUT, 0, values.length);
    }

    @Override
    public FloatArray copy() {
        final FloatArray c = allocate(length());
        MemorySegment.copy(segment(), 0, c.segment, 0, byteSize());
        return c;
    }

    @Override
    FloatArray wrapSame(final MemorySegment s) {
        return new FloatArray(s);
    }

    @Override
    public String elementTypeName() {
        return "float";
    }

    @Override
    String elementString(final long i) {
        return String.valueOf(segment.getAtIndex(LAYOUT, i));
    }
}
