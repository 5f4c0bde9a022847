package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
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
    private final MemorySegment host;
    /** The pointer of a pending {@link #enqueueMapForRead()}, or null. */
    private MemorySegment mapped;

    private OpenClBuffer(final OpenClDevice device, final MemorySegment handle, final MemorySegment host) {
        super(device, handle);
        this.host = host;
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
            return device.register(new OpenClBuffer(device, mem, hostMemory));
        }
    }

    /** @return the buffer's size in bytes (that of its host segment). */
    public long byteSize() {
        return host.byteSize();
    }

    /** @return the host segment the buffer was made over. */
    public MemorySegment hostMemory() {
        return host;
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
            check(OpenCl.clEnqueueWriteBuffer(device.queue(), handle, OpenCl.CL_TRUE, 0, n, from, 0,
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
            check(OpenCl.clEnqueueReadBuffer(device.queue(), handle, OpenCl.CL_TRUE, 0, n, into, 0,
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
        if (mapped != null) {
            throw new IllegalStateException("a map of this buffer is pending: endMap() it first");
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment event = arena.allocate(ADDRESS);
            final MemorySegment m = OpenCl.clEnqueueMapBuffer(device.queue(), handle, OpenCl.CL_FALSE,
                OpenCl.CL_MAP_READ, 0, host.byteSize(), 0, MemorySegment.NULL, event, err);
            check(err.get(JAVA_INT, 0), "clEnqueueMapBuffer(CL_MAP_READ, non-blocking, " + host.byteSize()
                + " bytes)");
            mapped = m;
            final OpenClEvent e = device.register(new OpenClEvent(device, event.get(ADDRESS, 0), "map for read"));
            check(OpenCl.clFlush(device.queue()), "clFlush");
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
        check(OpenCl.clEnqueueUnmapMemObject(device.queue(), handle, m, 0, MemorySegment.NULL, MemorySegment.NULL),
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
        final long n = host.byteSize();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment mapped = OpenCl.clEnqueueMapBuffer(device.queue(), handle, OpenCl.CL_TRUE,
                OpenCl.CL_MAP_READ, 0, n, 0, MemorySegment.NULL, MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clEnqueueMapBuffer(CL_MAP_READ, " + n + " bytes)");
            if (mapped.address() != host.address()) {
                // USE_HOST_PTR maps are meant to land in host_ptr; copy if this runtime mapped elsewhere.
                host.copyFrom(mapped.reinterpret(n));
            }
            check(OpenCl.clEnqueueUnmapMemObject(device.queue(), handle, mapped, 0, MemorySegment.NULL,
                MemorySegment.NULL), "clEnqueueUnmapMemObject");
            check(OpenCl.clFinish(device.queue()), "clFinish");
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
        if (segment.byteSize() > host.byteSize()) {
            throw new IllegalArgumentException("OpenClBuffer." + operation + ": " + segment.byteSize()
                + " bytes do not fit in the buffer's " + host.byteSize());
        }
    }

    @Override
    void requireOpen() {
        super.requireOpen();
        if (!host.scope().isAlive()) {
            throw new IllegalStateException(this + ": its host memory was freed (the arena closed) while the buffer is"
                + " open; close the buffer before its arena");
        }
    }

    @Override
    public String toString() {
        return "OpenClBuffer (" + host.byteSize() + " bytes)";
    }
}
