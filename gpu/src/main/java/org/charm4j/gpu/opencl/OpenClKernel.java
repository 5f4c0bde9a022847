package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.charm4j.gpu.opencl.OpenCl.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One {@code __kernel} function of an {@link OpenClProgram}: set its arguments, then {@link #enqueue} it on the device's
 * in-order queue. Arguments keep their values between enqueues.
 *
 * <p>Threading: one thread at a time ({@code clSetKernelArg} is not thread-safe for one kernel).
 */
public final class OpenClKernel extends NativeResource {
    private static final int MAX_WORK_DIMENSIONS = 3;

    private final String name;

    OpenClKernel(final OpenClDevice device, final MemorySegment handle, final String name) {
        super(device, handle);
        this.name = name;
    }

    /** @return the kernel function's name. */
    public String name() {
        return name;
    }

    /**
     * Sets a {@code __global} pointer parameter to a buffer.
     *
     * @param index  0-based parameter index.
     * @param buffer a buffer of this kernel's device.
     * @return this kernel.
     * @throws OpenClException e.g. {@code CL_INVALID_ARG_INDEX} if the kernel has no parameter {@code index}.
     */
    public OpenClKernel setArg(final int index, final OpenClBuffer buffer) {
        requireOpen();
        if (buffer.device() != device) {
            throw new IllegalArgumentException("kernel '" + name + "' argument " + index + ": the buffer belongs to "
                + buffer.device() + ", not to this kernel's " + device);
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment value = arena.allocate(ADDRESS);
            value.set(ADDRESS, 0, buffer.handle());
            check(OpenCl.clSetKernelArg(handle, index, ADDRESS.byteSize(), value), where(index, "buffer"));
        }
        return this;
    }

    /**
     * Sets an {@code int} (or {@code uint}) parameter.
     *
     * @param index 0-based parameter index.
     * @param value the value.
     * @return this kernel.
     * @throws OpenClException e.g. {@code CL_INVALID_ARG_INDEX}, or {@code CL_INVALID_ARG_SIZE} if it is not 4 bytes.
     */
    public OpenClKernel setArg(final int index, final int value) {
        requireOpen();
        try (Arena arena = Arena.ofConfined()) {
            check(OpenCl.clSetKernelArg(handle, index, JAVA_INT.byteSize(), arena.allocateFrom(JAVA_INT, value)),
                where(index, "int"));
        }
        return this;
    }

    /**
     * Sets a {@code long} (or {@code ulong}) parameter.
     *
     * @param index 0-based parameter index.
     * @param value the value.
     * @return this kernel.
     * @throws OpenClException e.g. {@code CL_INVALID_ARG_INDEX}, or {@code CL_INVALID_ARG_SIZE} if it is not 8 bytes.
     */
    public OpenClKernel setArg(final int index, final long value) {
        requireOpen();
        try (Arena arena = Arena.ofConfined()) {
            check(OpenCl.clSetKernelArg(handle, index, JAVA_LONG.byteSize(), arena.allocateFrom(JAVA_LONG, value)),
                where(index, "long"));
        }
        return this;
    }

    /**
     * Sets a {@code double} parameter (the device needs {@code cl_khr_fp64}).
     *
     * @param index 0-based parameter index.
     * @param value the value.
     * @return this kernel.
     * @throws OpenClException e.g. {@code CL_INVALID_ARG_INDEX}, or {@code CL_INVALID_ARG_SIZE} if it is not 8 bytes.
     */
    public OpenClKernel setArg(final int index, final double value) {
        requireOpen();
        try (Arena arena = Arena.ofConfined()) {
            check(OpenCl.clSetKernelArg(handle, index, JAVA_DOUBLE.byteSize(),
                arena.allocateFrom(JAVA_DOUBLE, value)), where(index, "double"));
        }
        return this;
    }

    private String where(final int index, final String type) {
        return "clSetKernelArg(kernel '" + name + "', index " + index + ", " + type + ")";
    }

    /**
     * Queues the kernel over an N-dimensional range and returns at once, without waiting (the queue is flushed so the
     * device starts on it).
     *
     * @param global work items per dimension, 1 to 3 dimensions, each at least 1.
     * @param local  work-group size per dimension, as many as {@code global}, or {@code null} to let the runtime choose.
     * @return the command's event: poll {@link OpenClEvent#isComplete()} or {@link OpenClEvent#await()}, then close it.
     * @throws OpenClException e.g. {@code CL_INVALID_KERNEL_ARGS} if an argument is unset, or
     *                         {@code CL_INVALID_WORK_GROUP_SIZE} if {@code local} does not divide {@code global}.
     */
    public OpenClEvent enqueue(final long[] global, final long[] local) {
        return enqueue(null, global, local);
    }

    /**
     * {@link #enqueue(long[], long[])} on {@code queue}.
     *
     * @param queue  a queue of the kernel's device, or null for the device's own.
     * @param global work items per dimension.
     * @param local  work-group size per dimension, or {@code null}.
     * @return the command's event.
     */
    public OpenClEvent enqueue(final OpenClQueue queue, final long[] global, final long[] local) {
        requireOpen();
        if (queue != null && queue.device != device) {
            throw new IllegalArgumentException("kernel '" + name + "': " + queue + " is not a queue of its device");
        }
        final MemorySegment q = queue == null ? device.queue() : queue.handle();
        if (global == null || global.length < 1 || global.length > MAX_WORK_DIMENSIONS) {
            throw new IllegalArgumentException("kernel '" + name + "': global size needs 1 to 3 dimensions, got "
                + (global == null ? "null" : global.length));
        }
        if (local != null && local.length != global.length) {
            throw new IllegalArgumentException("kernel '" + name + "': local size has " + local.length
                + " dimensions but global size has " + global.length + "; pass as many, or null");
        }
        for (int d = 0; d < global.length; d++) {
            if (global[d] < 1) {
                throw new IllegalArgumentException("kernel '" + name + "': global size " + global[d]
                    + " in dimension " + d + " must be at least 1");
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment globalSize = arena.allocateFrom(JAVA_LONG, global);
            final MemorySegment localSize = local == null ? MemorySegment.NULL : arena.allocateFrom(JAVA_LONG, local);
            final MemorySegment event = arena.allocate(ADDRESS);
            check(OpenCl.clEnqueueNDRangeKernel(q, handle, global.length, MemorySegment.NULL,
                globalSize, localSize, 0, MemorySegment.NULL, event), "clEnqueueNDRangeKernel(kernel '" + name + "')");
            final OpenClEvent result = device.register(new OpenClEvent(device, event.get(ADDRESS, 0),
                "kernel '" + name + "'"));
            check(OpenCl.clFlush(q), "clFlush");
            return result;
        }
    }

    /** Releases the kernel ({@code clReleaseKernel}). */
    @Override
    int release() {
        return OpenCl.clReleaseKernel(handle);
    }

    @Override
    String releaseCall() {
        return "clReleaseKernel('" + name + "')";
    }

    @Override
    public String toString() {
        return "OpenClKernel '" + name + "'";
    }
}
