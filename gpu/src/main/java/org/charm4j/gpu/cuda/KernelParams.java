package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The {@code void **kernelParams} of {@code cuLaunchKernel}, kept in native memory and reused from launch to launch:
 * one 8-byte slot per argument holding its value (an {@code int} or {@code float} in the slot's first 4 bytes, a
 * {@code long}, {@code double} or device pointer in all 8), and an array of pointers, entry {@code i} the address of
 * slot {@code i}. Setting an argument writes its slot; nothing is allocated unless more arguments are set than ever
 * before (then both blocks grow, the old ones staying in the arena until it closes).
 *
 * <p>Where the kernel's parameter sizes are known ({@code cuFuncGetParamInfo}), each argument is checked against its
 * parameter's size and the launch against their count.
 *
 * <p>Threading: one thread at a time.
 */
final class KernelParams {
    /** Bytes per slot: the largest scalar the binding passes. */
    static final long SLOT = 8;

    private final Arena arena;
    private final String kernel;
    /** Each parameter's size in bytes, or {@code null} if the driver cannot say. */
    private final long[] sizes;
    private MemorySegment slots;
    private MemorySegment pointers;
    private int capacity;
    /** What each set slot holds, for messages ({@code null}: not set). */
    private String[] kinds;
    private int count;

    /**
     * @param arena  where the blocks live; closed by the owner.
     * @param kernel the kernel's name, for messages.
     * @param sizes  each parameter's size in bytes, or {@code null} if unknown.
     */
    KernelParams(final Arena arena, final String kernel, final long[] sizes) {
        this.arena = arena;
        this.kernel = kernel;
        this.sizes = sizes == null ? null : sizes.clone();
        grow(Math.max(1, sizes == null ? 4 : sizes.length));
    }

    /** @return how many parameters the kernel has, or -1 if unknown. */
    int parameterCount() {
        return sizes == null ? -1 : sizes.length;
    }

    /** Forgets every argument set (the slots keep their bytes). */
    void clear() {
        Arrays.fill(kinds, 0, count, null);
        count = 0;
    }

    /**
     * Sets argument {@code index} from a boxed value: a {@link CudaBuffer} (its device pointer), {@link Integer},
     * {@link Long}, {@link Float} or {@link Double}.
     *
     * @throws IllegalArgumentException for any other type, naming the kernel, the index and the types accepted.
     */
    void set(final int index, final Object value) {
        switch (value) {
            case CudaBuffer b -> setPointer(index, b.pointer(), "a CudaBuffer");
            case Integer i -> setInt(index, i);
            case Long l -> setLong(index, l);
            case Double d -> setDouble(index, d);
            case Float f -> setFloat(index, f);
            case null -> throw new IllegalArgumentException(where(index) + " is null; pass a CudaBuffer, int, long,"
                + " float or double");
            default -> throw new IllegalArgumentException(where(index) + " is a " + value.getClass().getName()
                + ", which is not a kernel argument; pass a CudaBuffer, int, long, float or double (wrap narrower"
                + " integers as int)");
        }
    }

    /** Sets an {@code int} (or {@code unsigned int}) argument: 4 bytes. */
    void setInt(final int index, final int value) {
        final long at = slot(index, 4, "an int"); // may grow (replace) the slots
        slots.set(JAVA_INT, at, value);
    }

    /** Sets a {@code float} argument: 4 bytes. */
    void setFloat(final int index, final float value) {
        final long at = slot(index, 4, "a float"); // may grow (replace) the slots
        slots.set(JAVA_FLOAT, at, value);
    }

    /** Sets a {@code long long} argument: 8 bytes. */
    void setLong(final int index, final long value) {
        final long at = slot(index, 8, "a long"); // may grow (replace) the slots
        slots.set(JAVA_LONG, at, value);
    }

    /** Sets a {@code double} argument: 8 bytes. */
    void setDouble(final int index, final double value) {
        final long at = slot(index, 8, "a double"); // may grow (replace) the slots
        slots.set(JAVA_DOUBLE, at, value);
    }

    /** Sets a pointer argument (a {@code CUdeviceptr}): 8 bytes. */
    void setPointer(final int index, final long devicePointer, final String kind) {
        final long at = slot(index, 8, kind); // may grow (replace) the slots
        slots.set(JAVA_LONG, at, devicePointer);
    }

    /**
     * @return the {@code void **} array for {@code cuLaunchKernel}.
     * @throws IllegalArgumentException if an argument below the highest set is unset, or the count is not the
     *                                  kernel's parameter count.
     */
    MemorySegment array() {
        if (sizes != null && count != sizes.length) {
            throw new IllegalArgumentException("kernel '" + kernel + "' takes " + sizes.length + " parameter"
                + (sizes.length == 1 ? "" : "s") + " (" + describeSizes() + ") but " + count + " argument"
                + (count == 1 ? " was" : "s were") + " given");
        }
        for (int i = 0; i < count; i++) {
            if (kinds[i] == null) {
                throw new IllegalArgumentException(where(i) + " is not set (arguments up to " + (count - 1)
                    + " are)");
            }
        }
        return pointers;
    }

    /** @return how many arguments are set (the highest index set, plus one). */
    int count() {
        return count;
    }

    /** @return the slots block (for tests). */
    MemorySegment slots() {
        return slots;
    }

    /** @return the pointer array, without the checks of {@link #array()} (for tests). */
    MemorySegment pointers() {
        return pointers;
    }

    /** Checks and marks argument {@code index}, growing the blocks if needed; @return its slot's byte offset. */
    private long slot(final int index, final long size, final String kind) {
        if (index < 0) {
            throw new IllegalArgumentException("kernel '" + kernel + "': argument index " + index + " is negative");
        }
        if (sizes != null) {
            if (index >= sizes.length) {
                throw new IllegalArgumentException(where(index) + " (" + kind + ") is past the kernel's last: it"
                    + " takes " + sizes.length + " parameter" + (sizes.length == 1 ? "" : "s") + " ("
                    + describeSizes() + ")");
            }
            if (sizes[index] != size) {
                throw new IllegalArgumentException(where(index) + " is " + kind + " (" + size + " bytes) but the"
                    + " kernel's parameter " + index + " is " + sizes[index] + " bytes"
                    + (sizes[index] == 4 ? " (an int or float)" : sizes[index] == 8
                        ? " (a pointer, long long or double)" : ""));
            }
        }
        if (index >= capacity) {
            grow(Math.max(index + 1, capacity * 2));
        }
        kinds[index] = kind;
        if (index >= count) {
            count = index + 1;
        }
        return index * SLOT;
    }

    private void grow(final int newCapacity) {
        final MemorySegment s = arena.allocate(SLOT * newCapacity, SLOT);
        final MemorySegment p = arena.allocate(ADDRESS, newCapacity);
        if (slots != null) {
            s.copyFrom(slots);
        }
        for (int i = 0; i < newCapacity; i++) {
            p.setAtIndex(ADDRESS, i, s.asSlice(i * SLOT, SLOT));
        }
        kinds = kinds == null ? new String[newCapacity] : Arrays.copyOf(kinds, newCapacity);
        slots = s;
        pointers = p;
        capacity = newCapacity;
    }

    private String describeSizes() {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            b.append(i == 0 ? "" : ", ").append(sizes[i]);
        }
        return sizes.length == 0 ? "none" : b.append(" bytes").toString();
    }

    private String where(final int index) {
        return "kernel '" + kernel + "' argument " + index;
    }
}
