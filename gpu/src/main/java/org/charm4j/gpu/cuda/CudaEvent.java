package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A CUDA event: {@link #record(CudaStream) recorded} on a stream, it completes once the work queued before it is done.
 * Poll it from a scheduler loop with {@link #isDone()}, or block with {@link #await()}; time between two with
 * {@link #elapsedMillis(CudaEvent)}. One event can be recorded again and again (no allocation per record or poll);
 * close it when done.
 *
 * <p>Threading: one thread at a time.
 */
public final class CudaEvent extends CudaResource {
    private final MemorySegment handle;
    /** What it was last recorded after, for messages; {@code null} before the first record. */
    private CudaStream stream;

    private CudaEvent(final CudaDevice device, final MemorySegment handle) {
        super(device);
        this.handle = handle;
    }

    /** Creates an event with timing in the device's context (which the caller made current). */
    static CudaEvent create(final CudaDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment out = arena.allocate(ADDRESS);
            Cuda.check(Cuda.cuEventCreate(out, Cuda.CU_EVENT_DEFAULT),
                "cuEventCreate(CU_EVENT_DEFAULT, device '" + device.name() + "')");
            return new CudaEvent(device, out.get(ADDRESS, 0));
        }
    }

    /**
     * Records the event after the work queued on {@code stream} so far ({@code cuEventRecord}); a new record replaces
     * the last.
     *
     * @param stream a stream of this event's device.
     * @return this event.
     * @throws CudaException if the record fails.
     */
    public CudaEvent record(final CudaStream stream) {
        requireOpen();
        stream.requireOpen();
        if (stream.device != device) {
            throw new IllegalArgumentException(this + ": cannot record on " + stream + " of another device");
        }
        device.makeCurrent();
        final int code = Cuda.cuEventRecord(handle, stream.handle());
        if (code != Cuda.CUDA_SUCCESS) {
            throw new CudaException(code, "cuEventRecord(event on " + stream + ")");
        }
        this.stream = stream;
        return this;
    }

    /**
     * Polls without blocking ({@code cuEventQuery}); an event never recorded is done.
     *
     * @return {@code true} once the work before the last record is done ({@code CUDA_SUCCESS}), {@code false} while
     *         it is pending ({@code CUDA_ERROR_NOT_READY}).
     * @throws CudaException for any other result: that work failed (e.g. {@code CUDA_ERROR_ILLEGAL_ADDRESS}).
     */
    public boolean isDone() {
        requireOpen();
        device.makeCurrent();
        final int code = Cuda.cuEventQuery(handle);
        if (code == Cuda.CUDA_SUCCESS) {
            return true;
        }
        if (code == Cuda.CUDA_ERROR_NOT_READY) {
            return false;
        }
        throw new CudaException(code, "cuEventQuery(" + this + ")");
    }

    /**
     * Blocks until the work before the last record is done ({@code cuEventSynchronize}).
     *
     * @throws CudaException if that work failed.
     */
    public void await() {
        requireOpen();
        device.makeCurrent();
        Cuda.check(Cuda.cuEventSynchronize(handle), "cuEventSynchronize(" + this + ")");
    }

    /**
     * @param start an event of the same device recorded before this one; both done.
     * @return the milliseconds between {@code start} and this event ({@code cuEventElapsedTime}, about 0.5 us
     *         resolution).
     * @throws CudaException e.g. {@code CUDA_ERROR_NOT_READY} if either is not done yet.
     */
    public float elapsedMillis(final CudaEvent start) {
        requireOpen();
        start.requireOpen();
        device.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment ms = arena.allocate(JAVA_FLOAT);
            Cuda.check(Cuda.cuEventElapsedTime(ms, start.handle, handle),
                "cuEventElapsedTime(from " + start + " to " + this + ")");
            return ms.get(JAVA_FLOAT, 0);
        }
    }

    /** @return the device this event belongs to. */
    public CudaDevice device() {
        return device;
    }

    @Override
    int release() {
        return Cuda.cuEventDestroy(handle);
    }

    @Override
    String releaseCall() {
        return "cuEventDestroy_v2(" + this + ")";
    }

    @Override
    public String toString() {
        return "CudaEvent[" + (stream == null ? "not recorded" : "on " + stream) + (isClosed() ? ", closed]" : "]");
    }

    MemorySegment handle() {
        return handle;
    }
}
