package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Device memory: {@code byteSize()} bytes allocated with {@code cuMemAlloc_v2} in the device's primary context, with
 * asynchronous copies to and from host memory and other buffers, queued on a {@link CudaStream}.
 *
 * <p>Asynchronous copies: a copy returns once queued; it has happened once an event recorded after it on the same
 * stream is done. Until then the host segment must stay alive (its arena open) and unchanged (for a copy to the
 * device) or unread (for a copy from it). They are truly asynchronous only from page-locked host memory
 * ({@link CudaHostRegistration}); from pageable memory the driver stages the data and the call may block.
 *
 * <p>Threading: one thread at a time.
 */
public final class CudaBuffer extends CudaResource {
    private final long pointer;
    private final long bytes;

    private CudaBuffer(final CudaDevice device, final long pointer, final long bytes) {
        super(device);
        this.pointer = pointer;
        this.bytes = bytes;
    }

    /**
     * Allocates device memory (uninitialized).
     *
     * @param device the device.
     * @param bytes  more than 0.
     * @return the buffer, owned by the caller (and closed with the device).
     * @throws CudaException e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}, with the device's free memory in the message.
     */
    public static CudaBuffer allocate(final CudaDevice device, final long bytes) {
        device.requireOpen();
        if (bytes <= 0) {
            throw new IllegalArgumentException("CudaBuffer.allocate: " + bytes + " bytes; a buffer needs at least 1");
        }
        device.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment out = arena.allocate(JAVA_LONG);
            final int code = Cuda.cuMemAlloc(out, bytes);
            if (code != Cuda.CUDA_SUCCESS) {
                throw new CudaException(code, "cuMemAlloc_v2(" + bytes + " bytes, device '" + device.name() + "')",
                    device.memoryReport());
            }
            return device.register(new CudaBuffer(device, out.get(JAVA_LONG, 0), bytes));
        }
    }

    /** @return the size in bytes. */
    public long byteSize() {
        return bytes;
    }

    /** @return the device address ({@code CUdeviceptr}), for a kernel argument or another library (CuPy, PyTorch). */
    public long pointer() {
        requireOpen();
        return pointer;
    }

    /** @return the device this buffer belongs to. */
    public CudaDevice device() {
        return device;
    }

    /**
     * Queues a copy of {@code bytes} bytes from host memory into this buffer ({@code cuMemcpyHtoDAsync_v2}).
     *
     * @param src       native host memory (not a heap segment: it has no fixed address).
     * @param srcOffset where in {@code src} to start.
     * @param dstOffset where in this buffer to start.
     * @param bytes     how many bytes; 0 queues nothing.
     * @param stream    a stream of this buffer's device.
     * @throws CudaException if the copy cannot be queued.
     */
    public void copyFromHostAsync(final MemorySegment src, final long srcOffset, final long dstOffset,
                                  final long bytes, final CudaStream stream) {
        requireOpen();
        requireStream(stream);
        final MemorySegment from = hostSlice(src, srcOffset, bytes, "copyFromHostAsync", "source");
        requireRange(dstOffset, bytes, "copyFromHostAsync");
        if (bytes == 0) {
            return;
        }
        device.makeCurrent();
        final int code = Cuda.cuMemcpyHtoDAsync(pointer + dstOffset, from, bytes, stream.handle());
        if (code != Cuda.CUDA_SUCCESS) {
            throw new CudaException(code, "cuMemcpyHtoDAsync_v2(" + bytes + " bytes into " + this + " at "
                + dstOffset + ", on " + stream + ")");
        }
    }

    /**
     * Queues a copy of {@code bytes} bytes from this buffer into host memory ({@code cuMemcpyDtoHAsync_v2}).
     *
     * @param dst       writable native host memory.
     * @param dstOffset where in {@code dst} to start.
     * @param srcOffset where in this buffer to start.
     * @param bytes     how many bytes; 0 queues nothing.
     * @param stream    a stream of this buffer's device.
     * @throws CudaException if the copy cannot be queued.
     */
    public void copyToHostAsync(final MemorySegment dst, final long dstOffset, final long srcOffset,
                                final long bytes, final CudaStream stream) {
        requireOpen();
        requireStream(stream);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException(this + ".copyToHostAsync: the target segment is read-only");
        }
        final MemorySegment into = hostSlice(dst, dstOffset, bytes, "copyToHostAsync", "target");
        requireRange(srcOffset, bytes, "copyToHostAsync");
        if (bytes == 0) {
            return;
        }
        device.makeCurrent();
        final int code = Cuda.cuMemcpyDtoHAsync(into, pointer + srcOffset, bytes, stream.handle());
        if (code != Cuda.CUDA_SUCCESS) {
            throw new CudaException(code, "cuMemcpyDtoHAsync_v2(" + bytes + " bytes from " + this + " at "
                + srcOffset + ", on " + stream + ")");
        }
    }

    /**
     * Queues a copy of {@code bytes} bytes from another buffer of the same device into this one
     * ({@code cuMemcpyDtoDAsync_v2}); the ranges must not overlap.
     *
     * @param src       the source buffer (may be this one, on a disjoint range).
     * @param srcOffset where in {@code src} to start.
     * @param dstOffset where in this buffer to start.
     * @param bytes     how many bytes; 0 queues nothing.
     * @param stream    a stream of this buffer's device.
     * @throws CudaException if the copy cannot be queued.
     */
    public void copyFromDeviceAsync(final CudaBuffer src, final long srcOffset, final long dstOffset,
                                    final long bytes, final CudaStream stream) {
        requireOpen();
        src.requireOpen();
        requireStream(stream);
        if (src.device != device) {
            throw new IllegalArgumentException(this + ".copyFromDeviceAsync: the source " + src + " is on another"
                + " device");
        }
        src.requireRange(srcOffset, bytes, "copyFromDeviceAsync (source)");
        requireRange(dstOffset, bytes, "copyFromDeviceAsync");
        if (src == this && srcOffset < dstOffset + bytes && dstOffset < srcOffset + bytes) {
            throw new IllegalArgumentException(this + ".copyFromDeviceAsync: the ranges [" + srcOffset + ", "
                + (srcOffset + bytes) + ") and [" + dstOffset + ", " + (dstOffset + bytes) + ") overlap");
        }
        if (bytes == 0) {
            return;
        }
        device.makeCurrent();
        final int code = Cuda.cuMemcpyDtoDAsync(pointer + dstOffset, src.pointer + srcOffset, bytes,
            stream.handle());
        if (code != Cuda.CUDA_SUCCESS) {
            throw new CudaException(code, "cuMemcpyDtoDAsync_v2(" + bytes + " bytes from " + src + " at " + srcOffset
                + " into " + this + " at " + dstOffset + ", on " + stream + ")");
        }
    }

    /**
     * Queues setting the whole buffer to zero bytes ({@code cuMemsetD8Async}).
     *
     * @param stream a stream of this buffer's device.
     * @throws CudaException if it cannot be queued.
     */
    public void fillZeroAsync(final CudaStream stream) {
        fillZeroAsync(0, bytes, stream);
    }

    /**
     * Queues setting {@code bytes} bytes from {@code offset} to zero ({@code cuMemsetD8Async}).
     *
     * @param offset where to start.
     * @param bytes  how many bytes; 0 queues nothing.
     * @param stream a stream of this buffer's device.
     * @throws CudaException if it cannot be queued.
     */
    public void fillZeroAsync(final long offset, final long bytes, final CudaStream stream) {
        requireOpen();
        requireStream(stream);
        requireRange(offset, bytes, "fillZeroAsync");
        if (bytes == 0) {
            return;
        }
        device.makeCurrent();
        final int code = Cuda.cuMemsetD8Async(pointer + offset, (byte) 0, bytes, stream.handle());
        if (code != Cuda.CUDA_SUCCESS) {
            throw new CudaException(code, "cuMemsetD8Async(" + bytes + " bytes of " + this + " at " + offset
                + ", on " + stream + ")");
        }
    }

    /**
     * Queues a copy of a 3-D box of this buffer into packed host memory, or the other way ({@code cuMemcpy3DAsync_v2}):
     * the buffer seen as rows of {@code rowBytes} and slices of {@code sliceBytes} (a multiple of {@code rowBytes}),
     * the box at byte {@code x} of row {@code y} of slice {@code z}, {@code widthBytes} by {@code rows} by
     * {@code slices}; the host side holds the box's rows one after the other. The host memory must stay alive (and,
     * for a copy to the device, unchanged) until the stream has run the copy.
     *
     * @param toHost     whether the copy goes from this buffer to the host.
     * @param host       native host memory of at least {@code widthBytes * rows * slices} bytes.
     * @param x          byte offset of the box in a row.
     * @param y          first row.
     * @param z          first slice.
     * @param widthBytes bytes of each row of the box.
     * @param rows       rows of the box.
     * @param slices     slices of the box.
     * @param rowBytes   bytes per row of the buffer.
     * @param sliceBytes bytes per slice of the buffer.
     * @param stream     a stream of this buffer's device.
     * @throws CudaException if the copy cannot be queued.
     */
    public void copyBoxAsync(final boolean toHost, final MemorySegment host, final long x, final long y, final long z,
                             final long widthBytes, final long rows, final long slices, final long rowBytes,
                             final long sliceBytes, final CudaStream stream) {
        requireOpen();
        requireStream(stream);
        final long packed = Math.multiplyExact(Math.multiplyExact(widthBytes, rows), slices);
        hostSlice(host, 0, packed, "copyBoxAsync", toHost ? "target" : "source");
        if (rowBytes <= 0 || sliceBytes % rowBytes != 0 || x + widthBytes > rowBytes
            || (z + slices - 1) * sliceBytes + (y + rows - 1) * rowBytes + x + widthBytes > bytes) {
            throw new IllegalArgumentException(this + ".copyBoxAsync: box at (" + x + " B, " + y + ", " + z + ") of "
                + widthBytes + " B x " + rows + " x " + slices + " with pitches " + rowBytes + " / " + sliceBytes
                + " B leaves the buffer's " + bytes + " bytes");
        }
        device.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment p = arena.allocate(Cuda.MEMCPY3D_BYTES, 8);   // zeroed: LODs, arrays, reserved
            final long deviceX = Cuda.MEMCPY3D_SRC_X;
            final long hostSide = toHost ? Cuda.MEMCPY3D_DST_X - deviceX : 0;
            final long deviceSide = toHost ? 0 : Cuda.MEMCPY3D_DST_X - deviceX;
            // the device side: its origin, pitch and height (rows per slice)
            p.set(JAVA_LONG, deviceSide + Cuda.MEMCPY3D_SRC_X, x);
            p.set(JAVA_LONG, deviceSide + Cuda.MEMCPY3D_SRC_Y, y);
            p.set(JAVA_LONG, deviceSide + Cuda.MEMCPY3D_SRC_Z, z);
            p.set(JAVA_INT, deviceSide + Cuda.MEMCPY3D_SRC_TYPE, Cuda.CU_MEMORYTYPE_DEVICE);
            p.set(JAVA_LONG, deviceSide + Cuda.MEMCPY3D_SRC_DEVICE, pointer);
            p.set(JAVA_LONG, deviceSide + Cuda.MEMCPY3D_SRC_PITCH, rowBytes);
            p.set(JAVA_LONG, deviceSide + Cuda.MEMCPY3D_SRC_HEIGHT, sliceBytes / rowBytes);
            // the host side: packed at its start
            p.set(JAVA_INT, hostSide + Cuda.MEMCPY3D_SRC_TYPE, Cuda.CU_MEMORYTYPE_HOST);
            p.set(java.lang.foreign.ValueLayout.ADDRESS, hostSide + Cuda.MEMCPY3D_SRC_HOST, host);
            p.set(JAVA_LONG, hostSide + Cuda.MEMCPY3D_SRC_PITCH, widthBytes);
            p.set(JAVA_LONG, hostSide + Cuda.MEMCPY3D_SRC_HEIGHT, rows);
            p.set(JAVA_LONG, Cuda.MEMCPY3D_WIDTH, widthBytes);
            p.set(JAVA_LONG, Cuda.MEMCPY3D_HEIGHT, rows);
            p.set(JAVA_LONG, Cuda.MEMCPY3D_DEPTH, slices);
            final int code = Cuda.cuMemcpy3DAsync(p, stream.handle());
            if (code != Cuda.CUDA_SUCCESS) {
                throw new CudaException(code, "cuMemcpy3DAsync_v2(" + (toHost ? "to the host" : "to the device")
                    + ", box " + widthBytes + " B x " + rows + " x " + slices + " of " + this + ", on " + stream + ")");
            }
        }
    }

    private void requireStream(final CudaStream stream) {
        stream.requireOpen();
        if (stream.device != device) {
            throw new IllegalArgumentException(this + ": " + stream + " belongs to another device");
        }
    }

    private void requireRange(final long offset, final long n, final String operation) {
        if (offset < 0 || n < 0 || offset > bytes - n) {
            throw new IllegalArgumentException(this + "." + operation + ": bytes [" + offset + ", " + (offset + n)
                + ") are outside the buffer's [0, " + bytes + ")");
        }
    }

    private MemorySegment hostSlice(final MemorySegment host, final long offset, final long n,
                                    final String operation, final String role) {
        if (!host.isNative()) {
            throw new IllegalArgumentException(this + "." + operation + ": the " + role + " is a heap segment, which"
                + " has no fixed address for an asynchronous copy; allocate it off-heap (Arena.allocate)");
        }
        if (!host.scope().isAlive()) {
            throw new IllegalStateException(this + "." + operation + ": the " + role + "'s arena is closed");
        }
        if (offset < 0 || n < 0 || offset > host.byteSize() - n) {
            throw new IllegalArgumentException(this + "." + operation + ": bytes [" + offset + ", " + (offset + n)
                + ") are outside the " + role + " segment's [0, " + host.byteSize() + ")");
        }
        return host.asSlice(offset, n);
    }

    @Override
    int release() {
        return Cuda.cuMemFree(pointer);
    }

    @Override
    String releaseCall() {
        return "cuMemFree_v2(" + this + ")";
    }

    @Override
    public String toString() {
        return "CudaBuffer[" + bytes + " bytes at 0x" + Long.toHexString(pointer) + ", device '" + device.name() + "'"
            + (isClosed() ? ", closed]" : "]");
    }
}
