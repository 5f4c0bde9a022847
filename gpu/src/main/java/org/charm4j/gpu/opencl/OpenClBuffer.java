package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.charm4j.gpu.opencl.OpenCl.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A device buffer over host memory ({@code CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR}). On PoCL and other CPU or
 * unified-memory devices the device works in the host memory itself (zero copy); a discrete GPU may cache it, so
 * {@link #sync()} after kernels to see their writes in the host segment, and {@link #copyIn} to change the contents
 * between kernels.
 *
 * <p>Alignment: PoCL takes any address; other vendors copy unless the memory is page-aligned (4096 bytes) and a multiple
 * of 64 bytes long, e.g. {@code arena.allocate(bytes, 4096)}.
 *
 * <p>Lifetime: the host segment must outlive the buffer; operations check that its arena is still open.
 *
 * <p>Threading: one thread at a time.
 */
public final class OpenClBuffer extends NativeResource {
    /** The host memory of a {@link #wrap} buffer; {@code null} for an {@link #allocate}d one. */
    private final MemorySegment host;
    private final long byteSize;
    /** The queue its copies and maps go to: the device's own, or the one it was made for. */
    private final MemorySegment queue;
    /** The pointer of a pending {@link #enqueueMapForRead()}, or null. */
    private MemorySegment mapped;

    private OpenClBuffer(final OpenClDevice device, final MemorySegment handle, final MemorySegment host,
                         final long byteSize, final OpenClQueue queue) {
        super(device, handle);
        this.host = host;
        this.byteSize = byteSize;
        if (queue != null && queue.device != device) {
            throw new IllegalArgumentException(queue + " is not a queue of " + device);
        }
        this.queue = queue == null ? device.queue() : queue.handle();
    }

    /**
     * Makes a buffer in the device's own memory ({@code CL_MEM_READ_WRITE}, no host pointer): on a discrete GPU, memory
     * the kernels read at full speed and that stays there between launches. Its contents start undefined.
     *
     * @param device the device.
     * @param bytes  its size, at least one.
     * @return the buffer.
     * @throws OpenClException e.g. {@code CL_INVALID_BUFFER_SIZE} beyond the device's maximum allocation.
     */
    public static OpenClBuffer allocate(final OpenClDevice device, final long bytes) {
        return allocate(device, bytes, null);
    }

    /**
     * {@link #allocate(OpenClDevice, long)} with its copies on {@code queue}.
     *
     * @param device the device.
     * @param bytes  its size, at least one.
     * @param queue  a queue of the device, or null for the device's own.
     * @return the buffer.
     */
    public static OpenClBuffer allocate(final OpenClDevice device, final long bytes, final OpenClQueue queue) {
        device.requireOpen();
        if (bytes <= 0) {
            throw new IllegalArgumentException("OpenClBuffer.allocate: " + bytes + " bytes; a buffer has at least one");
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment mem = OpenCl.clCreateBuffer(device.context(), OpenCl.CL_MEM_READ_WRITE, bytes,
                MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clCreateBuffer(CL_MEM_READ_WRITE, " + bytes + " bytes) on " + device.name());
            return device.register(new OpenClBuffer(device, mem, null, bytes, queue));
        }
    }

    /**
     * Makes a buffer that uses {@code hostMemory} as its storage.
     *
     * @param device     the device.
     * @param hostMemory a native segment of at least one byte (from an {@link Arena}); not a heap segment.
     * @return the buffer, {@code hostMemory.byteSize()} bytes.
     * @throws OpenClException e.g. {@code CL_INVALID_BUFFER_SIZE} beyond the device's maximum allocation.
     */
    public static OpenClBuffer wrap(final OpenClDevice device, final MemorySegment hostMemory) {
        return wrap(device, hostMemory, null);
    }

    /**
     * {@link #wrap(OpenClDevice, MemorySegment)} with its copies and maps on {@code queue}.
     *
     * @param device     the device.
     * @param hostMemory a native segment of at least one byte.
     * @param queue      a queue of the device, or null for the device's own.
     * @return the buffer.
     */
    public static OpenClBuffer wrap(final OpenClDevice device, final MemorySegment hostMemory,
                                    final OpenClQueue queue) {
        device.requireOpen();
        if (!hostMemory.isNative()) {
            throw new IllegalArgumentException("OpenClBuffer.wrap needs native memory (Arena.allocate), got a heap "
                + "segment, which has no fixed address; allocate it off-heap, or copyIn a heap segment instead");
        }
        if (hostMemory.byteSize() == 0) {
            throw new IllegalArgumentException("OpenClBuffer.wrap: the host segment is empty; OpenCL buffers need at "
                + "least one byte");
        }
        if (hostMemory.isReadOnly()) {
            throw new IllegalArgumentException("OpenClBuffer.wrap: the host segment is read-only, but the buffer is "
                + "CL_MEM_READ_WRITE");
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment mem = OpenCl.clCreateBuffer(device.context(),
                OpenCl.CL_MEM_READ_WRITE | OpenCl.CL_MEM_USE_HOST_PTR, hostMemory.byteSize(), hostMemory, err);
            check(err.get(JAVA_INT, 0), "clCreateBuffer(CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR, "
                + hostMemory.byteSize() + " bytes)");
            return device.register(new OpenClBuffer(device, mem, hostMemory, hostMemory.byteSize(), queue));
        }
    }

    /** @return the buffer's size in bytes (that of its host segment, if it has one). */
    public long byteSize() {
        return byteSize;
    }

    /**
     * @return the host segment the buffer was made over.
     * @throws IllegalStateException for a buffer in device memory ({@link #allocate}), which has none.
     */
    public MemorySegment hostMemory() {
        return requireHost("hostMemory");
    }

    /** @return whether the buffer was made over host memory ({@link #wrap}) rather than {@link #allocate}d. */
    public boolean hasHostMemory() {
        return host != null;
    }

    /**
     * Copies {@code source} into the buffer at byte {@code offset}, after every command queued before it; returns once
     * {@code source} may be reused (blocking).
     *
     * @param offset byte offset in the buffer.
     * @param source native memory; {@code offset + source.byteSize()} at most {@link #byteSize()}.
     * @throws OpenClException if the write fails.
     */
    public void write(final long offset, final MemorySegment source) {
        requireOpen();
        requireRange(offset, source.byteSize(), "write");
        requireNative(source, "write");
        check(OpenCl.clEnqueueWriteBuffer(queue, handle, OpenCl.CL_TRUE, offset, source.byteSize(), source,
            0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueWriteBuffer(" + source.byteSize() + " bytes at "
            + offset + ")");
    }

    /**
     * Copies {@code target.byteSize()} bytes of the buffer from byte {@code offset} into {@code target}, once every
     * command queued before it is complete (blocking).
     *
     * @param offset byte offset in the buffer.
     * @param target native, writable memory; {@code offset + target.byteSize()} at most {@link #byteSize()}.
     * @throws OpenClException if the read fails.
     */
    public void read(final long offset, final MemorySegment target) {
        requireOpen();
        requireRange(offset, target.byteSize(), "read");
        requireNative(target, "read");
        check(OpenCl.clEnqueueReadBuffer(queue, handle, OpenCl.CL_TRUE, offset, target.byteSize(), target,
            0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueReadBuffer(" + target.byteSize() + " bytes at "
            + offset + ")");
    }

    /**
     * Reads a 3-D box of the buffer into packed host memory, after every command queued before it (blocking): the
     * buffer seen as rows of {@code rowBytes} and slices of {@code sliceBytes}, the box's origin at byte {@code x} of
     * row {@code y} of slice {@code z}, {@code widthBytes} by {@code rows} by {@code slices}; the target gets the box's
     * rows one after the other ({@code widthBytes * rows * slices} bytes).
     *
     * @param x          byte offset of the box in a row.
     * @param y          first row.
     * @param z          first slice.
     * @param widthBytes bytes of each row of the box.
     * @param rows       rows of the box.
     * @param slices     slices of the box.
     * @param rowBytes   bytes per row of the buffer.
     * @param sliceBytes bytes per slice of the buffer.
     * @param target     native, writable memory of at least {@code widthBytes * rows * slices} bytes.
     * @throws OpenClException if the read fails (e.g. the box leaves the buffer: {@code CL_INVALID_VALUE}).
     */
    public void readBox(final long x, final long y, final long z, final long widthBytes, final long rows,
                        final long slices, final long rowBytes, final long sliceBytes, final MemorySegment target) {
        requireOpen();
        requireNative(target, "readBox");
        rect(true, true, x, y, z, widthBytes, rows, slices, rowBytes, sliceBytes, target);
    }

    /**
     * Writes packed host memory into a 3-D box of the buffer (blocking); the box as for {@link #readBox}.
     *
     * @param x          byte offset of the box in a row.
     * @param y          first row.
     * @param z          first slice.
     * @param widthBytes bytes of each row of the box.
     * @param rows       rows of the box.
     * @param slices     slices of the box.
     * @param rowBytes   bytes per row of the buffer.
     * @param sliceBytes bytes per slice of the buffer.
     * @param source     native memory of at least {@code widthBytes * rows * slices} bytes, the box's rows in order.
     * @throws OpenClException if the write fails.
     */
    public void writeBox(final long x, final long y, final long z, final long widthBytes, final long rows,
                         final long slices, final long rowBytes, final long sliceBytes, final MemorySegment source) {
        requireOpen();
        requireNative(source, "writeBox");
        rect(false, true, x, y, z, widthBytes, rows, slices, rowBytes, sliceBytes, source);
    }

    /**
     * Queues {@link #readBox} without waiting: {@code target} holds the box once a later blocking command on the
     * device, or {@link OpenClDevice#finish()}, returns. Neither read nor free {@code target} before.
     *
     * @param x          byte offset of the box in a row.
     * @param y          first row.
     * @param z          first slice.
     * @param widthBytes bytes of each row of the box.
     * @param rows       rows of the box.
     * @param slices     slices of the box.
     * @param rowBytes   bytes per row of the buffer.
     * @param sliceBytes bytes per slice of the buffer.
     * @param target     native, writable memory of at least {@code widthBytes * rows * slices} bytes.
     */
    public void enqueueReadBox(final long x, final long y, final long z, final long widthBytes, final long rows,
                               final long slices, final long rowBytes, final long sliceBytes,
                               final MemorySegment target) {
        requireOpen();
        requireNative(target, "enqueueReadBox");
        rect(true, false, x, y, z, widthBytes, rows, slices, rowBytes, sliceBytes, target);
    }

    /**
     * Queues {@link #writeBox} without waiting: the device reads {@code source} when the command runs, so it must stay
     * unchanged (and alive) until a later blocking command on the device, or {@link OpenClDevice#finish()}, returns.
     *
     * @param x          byte offset of the box in a row.
     * @param y          first row.
     * @param z          first slice.
     * @param widthBytes bytes of each row of the box.
     * @param rows       rows of the box.
     * @param slices     slices of the box.
     * @param rowBytes   bytes per row of the buffer.
     * @param sliceBytes bytes per slice of the buffer.
     * @param source     native memory of at least {@code widthBytes * rows * slices} bytes.
     */
    public void enqueueWriteBox(final long x, final long y, final long z, final long widthBytes, final long rows,
                                final long slices, final long rowBytes, final long sliceBytes,
                                final MemorySegment source) {
        requireOpen();
        requireNative(source, "enqueueWriteBox");
        rect(false, false, x, y, z, widthBytes, rows, slices, rowBytes, sliceBytes, source);
    }

    private void rect(final boolean read, final boolean blocking, final long x, final long y, final long z, final long widthBytes,
                      final long rows, final long slices, final long rowBytes, final long sliceBytes,
                      final MemorySegment hostSide) {
        final long packed = Math.multiplyExact(Math.multiplyExact(widthBytes, rows), slices);
        if (hostSide.byteSize() < packed) {
            throw new IllegalArgumentException("OpenClBuffer." + (read ? "readBox" : "writeBox") + ": the box is "
                + packed + " bytes, the host segment " + hostSide.byteSize());
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment bufferOrigin = arena.allocateFrom(JAVA_LONG, x, y, z);
            final MemorySegment hostOrigin = arena.allocateFrom(JAVA_LONG, 0, 0, 0);
            final MemorySegment region = arena.allocateFrom(JAVA_LONG, widthBytes, rows, slices);
            final int flag = blocking ? OpenCl.CL_TRUE : OpenCl.CL_FALSE;
            final int code = read
                ? OpenCl.clEnqueueReadBufferRect(queue, handle, flag, bufferOrigin, hostOrigin,
                    region, rowBytes, sliceBytes, widthBytes, widthBytes * rows, hostSide, 0, MemorySegment.NULL,
                    MemorySegment.NULL)
                : OpenCl.clEnqueueWriteBufferRect(queue, handle, flag, bufferOrigin, hostOrigin,
                    region, rowBytes, sliceBytes, widthBytes, widthBytes * rows, hostSide, 0, MemorySegment.NULL,
                    MemorySegment.NULL);
            check(code, (read ? "clEnqueueReadBufferRect" : "clEnqueueWriteBufferRect") + "(origin " + x + " B, "
                + y + ", " + z + "; region " + widthBytes + " B x " + rows + " x " + slices + "; pitches " + rowBytes
                + ", " + sliceBytes + " B)");
        }
    }

    /**
     * Makes what the host wrote into this buffer's host memory (bytes {@code offset} to {@code offset + bytes}) the
     * device's: maps the range with {@code CL_MAP_WRITE_INVALIDATE_REGION} and unmaps it (blocking). Free where the
     * device works in host memory; a copy where it caches it.
     *
     * @param offset byte offset.
     * @param bytes  bytes, at least one.
     * @throws IllegalStateException for a buffer without host memory.
     */
    public void publishHostWrites(final long offset, final long bytes) {
        requireOpen();
        requireHost("publishHostWrites");
        requireRange(offset, bytes, "publishHostWrites");
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment m = OpenCl.clEnqueueMapBuffer(queue, handle, OpenCl.CL_TRUE,
                OpenCl.CL_MAP_WRITE_INVALIDATE_REGION, offset, bytes, 0, MemorySegment.NULL, MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clEnqueueMapBuffer(CL_MAP_WRITE_INVALIDATE_REGION, " + bytes + " bytes at "
                + offset + ")");
            if (m.address() != host.address() + offset) {
                m.reinterpret(bytes).copyFrom(host.asSlice(offset, bytes));
            }
            check(OpenCl.clEnqueueUnmapMemObject(queue, handle, m, 0, MemorySegment.NULL,
                MemorySegment.NULL), "clEnqueueUnmapMemObject");
        }
    }

    /** @return the device this buffer belongs to. */
    public OpenClDevice device() {
        return device;
    }

    /**
     * Writes {@code source} to the start of the buffer and returns once it is copied (blocking, after every command
     * queued before it).
     *
     * @param source at most {@link #byteSize()} bytes, native or heap.
     * @throws OpenClException if the write fails.
     */
    public void copyIn(final MemorySegment source) {
        requireOpen();
        requireFits(source, "copyIn");
        final long n = source.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment from = source.isNative() ? source : arena.allocate(n, 8).copyFrom(source);
            check(OpenCl.clEnqueueWriteBuffer(queue, handle, OpenCl.CL_TRUE, 0, n, from, 0,
                MemorySegment.NULL, MemorySegment.NULL), "clEnqueueWriteBuffer(" + n + " bytes)");
        }
    }

    /**
     * Reads the start of the buffer into {@code target} once every command queued before it is complete (blocking).
     *
     * @param target at most {@link #byteSize()} bytes, writable, native or heap.
     * @throws OpenClException if the read fails.
     */
    public void copyOut(final MemorySegment target) {
        requireOpen();
        requireFits(target, "copyOut");
        if (target.isReadOnly()) {
            throw new IllegalArgumentException("OpenClBuffer.copyOut: the target segment is read-only");
        }
        final long n = target.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment into = target.isNative() ? target : arena.allocate(n, 8);
            check(OpenCl.clEnqueueReadBuffer(queue, handle, OpenCl.CL_TRUE, 0, n, into, 0,
                MemorySegment.NULL, MemorySegment.NULL), "clEnqueueReadBuffer(" + n + " bytes)");
            if (into != target) {
                target.copyFrom(into);
            }
        }
    }

    /**
     * Queues, behind what is already queued, a map of this buffer for reading, without waiting: the asynchronous
     * {@link #sync()}. Once the returned event completes, call {@link #endMap()}. One map at a time per buffer.
     *
     * @return the map's event, owned by the caller.
     * @throws IllegalStateException if a map is already pending.
     */
    public OpenClEvent enqueueMapForRead() {
        requireOpen();
        requireHost("enqueueMapForRead");
        if (mapped != null) {
            throw new IllegalStateException("a map of this buffer is pending: endMap() it first");
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment event = arena.allocate(ADDRESS);
            final MemorySegment m = OpenCl.clEnqueueMapBuffer(queue, handle, OpenCl.CL_FALSE,
                OpenCl.CL_MAP_READ, 0, host.byteSize(), 0, MemorySegment.NULL, event, err);
            check(err.get(JAVA_INT, 0), "clEnqueueMapBuffer(CL_MAP_READ, non-blocking, " + host.byteSize()
                + " bytes)");
            mapped = m;
            final OpenClEvent e = device.register(new OpenClEvent(device, event.get(ADDRESS, 0), "map for read"));
            check(OpenCl.clFlush(queue), "clFlush");
            return e;
        }
    }

    /**
     * After the event of {@link #enqueueMapForRead()} completed: the device's writes are in host memory (copied there
     * if the runtime mapped elsewhere); queues the unmap without waiting for it (the queue is in order, so what comes
     * next sees the buffer unmapped).
     */
    @SuppressWarnings("restricted") // the mapped pointer spans the whole buffer
    public void endMap() {
        requireOpen();
        final MemorySegment m = mapped;
        if (m == null) {
            throw new IllegalStateException("no map of this buffer is pending");
        }
        mapped = null;
        if (m.address() != host.address()) {
            host.copyFrom(m.reinterpret(host.byteSize()));
        }
        check(OpenCl.clEnqueueUnmapMemObject(queue, handle, m, 0, MemorySegment.NULL, MemorySegment.NULL),
            "clEnqueueUnmapMemObject");
    }

    /**
     * Makes the device's writes visible in the host segment: waits for every command queued before it, then maps the
     * whole buffer for reading and unmaps it (blocking). Free on zero-copy devices; a copy on a discrete GPU.
     *
     * @throws OpenClException if the map or unmap fails.
     */
    @SuppressWarnings("restricted") // the mapped pointer spans the whole buffer, n bytes
    public void sync() {
        requireOpen();
        requireHost("sync");
        final long n = host.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment mapped = OpenCl.clEnqueueMapBuffer(queue, handle, OpenCl.CL_TRUE,
                OpenCl.CL_MAP_READ, 0, n, 0, MemorySegment.NULL, MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clEnqueueMapBuffer(CL_MAP_READ, " + n + " bytes)");
            if (mapped.address() != host.address()) {
                // USE_HOST_PTR maps are meant to land in host_ptr; copy if this runtime mapped elsewhere.
                host.copyFrom(mapped.reinterpret(n));
            }
            check(OpenCl.clEnqueueUnmapMemObject(queue, handle, mapped, 0, MemorySegment.NULL,
                MemorySegment.NULL), "clEnqueueUnmapMemObject");
            check(OpenCl.clFinish(queue), "clFinish");
        }
    }

    /** Releases the buffer ({@code clReleaseMemObject}); the host segment is untouched. */
    @Override
    int release() {
        return OpenCl.clReleaseMemObject(handle);
    }

    @Override
    String releaseCall() {
        return "clReleaseMemObject";
    }

    MemorySegment handle() {
        requireOpen();
        return handle;
    }

    private void requireFits(final MemorySegment segment, final String operation) {
        if (segment.byteSize() > byteSize) {
            throw new IllegalArgumentException("OpenClBuffer." + operation + ": " + segment.byteSize()
                + " bytes do not fit in the buffer's " + byteSize);
        }
    }

    private void requireRange(final long offset, final long bytes, final String operation) {
        if (offset < 0 || bytes < 0 || offset > byteSize - bytes) {
            throw new IllegalArgumentException("OpenClBuffer." + operation + ": bytes " + offset + " to "
                + (offset + bytes) + " leave the buffer's " + byteSize);
        }
    }

    private static void requireNative(final MemorySegment segment, final String operation) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("OpenClBuffer." + operation + " needs native memory (Arena.allocate or"
                + " a DoubleArray's segment), not a heap segment");
        }
    }

    private MemorySegment requireHost(final String operation) {
        if (host == null) {
            throw new IllegalStateException("OpenClBuffer." + operation + ": this buffer is in device memory"
                + " (allocate), it has no host memory; read() it instead");
        }
        return host;
    }

    @Override
    void requireOpen() {
        super.requireOpen();
        if (host != null && !host.scope().isAlive()) {
            throw new IllegalStateException(this + ": its host memory was freed (the arena closed) while the buffer is"
                + " open; close the buffer before its arena");
        }
    }

    @Override
    public String toString() {
        return "OpenClBuffer (" + byteSize + " bytes" + (host == null ? ", device memory)" : ")");
    }
}
