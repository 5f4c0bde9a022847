package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A CUDA stream ({@code CU_STREAM_NON_BLOCKING}): work queued on it (copies, launches, event records) runs in order,
 * concurrently with other streams' work. Each device has a default one ({@link CudaDevice#defaultStream()}); make one
 * per PE with {@link CudaDevice#newStream()}.
 *
 * <p>Threading: one thread at a time, like its device.
 */
public final class CudaStream extends CudaResource {
    private final MemorySegment handle;
    private final String label;
    /** The event other streams' {@link #waitFor} records here (made on the first such wait; closes with the device). */
    private CudaEvent orderMark;

    private CudaStream(final CudaDevice device, final MemorySegment handle, final String label) {
        super(device);
        this.handle = handle;
        this.label = label;
    }

    /** Creates a non-blocking stream in the device's context (which the caller made current). */
    static CudaStream create(final CudaDevice device, final String label) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment out = arena.allocate(ADDRESS);
            Cuda.check(Cuda.cuStreamCreate(out, Cuda.CU_STREAM_NON_BLOCKING),
                "cuStreamCreate(CU_STREAM_NON_BLOCKING, device '" + device.name() + "')");
            return new CudaStream(device, out.get(ADDRESS, 0), label);
        }
    }

    /**
     * Blocks until all work queued on the stream is done ({@code cuStreamSynchronize}).
     *
     * @throws CudaException if that work failed (e.g. {@code CUDA_ERROR_ILLEGAL_ADDRESS} from a kernel).
     */
    public void synchronize() {
        requireOpen();
        device.makeCurrent();
        Cuda.check(Cuda.cuStreamSynchronize(handle), "cuStreamSynchronize(" + this + ")");
    }

    /**
     * Polls the stream without blocking ({@code cuStreamQuery}).
     *
     * @return {@code true} once all work queued on it is done.
     * @throws CudaException if that work failed.
     */
    public boolean isDone() {
        requireOpen();
        device.makeCurrent();
        final int code = Cuda.cuStreamQuery(handle);
        if (code == Cuda.CUDA_SUCCESS) {
            return true;
        }
        if (code == Cuda.CUDA_ERROR_NOT_READY) {
            return false;
        }
        throw new CudaException(code, "cuStreamQuery(" + this + ")");
    }

    /**
     * Records a new event after the work queued so far; the caller owns it.
     *
     * @return the event: poll {@link CudaEvent#isDone()} or {@link CudaEvent#await()}, then close it (or re-record it
     *         with {@link CudaEvent#record(CudaStream)}).
     */
    public CudaEvent record() {
        final CudaEvent e = device.newEvent();
        e.record(this);
        return e;
    }

    /**
     * Makes the work queued here from now on wait, on the device, for the work queued on {@code other} so far
     * ({@code cuEventRecord} on it, then {@code cuStreamWaitEvent}); the host does not wait. The event is
     * {@code other}'s own, recorded again at each call (a wait keeps the record it was given).
     *
     * @param other a stream of the same device.
     * @throws CudaException if the record or the wait fails.
     */
    public void waitFor(final CudaStream other) {
        requireOpen();
        if (other.device != device) {
            throw new IllegalArgumentException(this + ": cannot wait for " + other + " of another device");
        }
        if (other == this) {
            return;
        }
        CudaEvent mark = other.orderMark;
        if (mark == null) {
            mark = device.newEvent();
            other.orderMark = mark;
        }
        mark.record(other);
        Cuda.check(Cuda.cuStreamWaitEvent(handle, mark.handle(), 0), "cuStreamWaitEvent(" + this + " for " + other
            + ")");
    }

    /** @return the device this stream belongs to. */
    public CudaDevice device() {
        return device;
    }

    /**
     * Destroys the stream; work already queued still runs.
     *
     * @throws IllegalStateException for the device's default stream, which closes with its device.
     */
    @Override
    public void close() {
        if (device.isDefaultStream(this)) {
            throw new IllegalStateException(this + " is the default stream of " + device + " and closes with it;"
                + " close the device instead, or make your own with newStream()");
        }
        super.close();
    }

    @Override
    int release() {
        return Cuda.cuStreamDestroy(handle);
    }

    @Override
    String releaseCall() {
        return "cuStreamDestroy_v2(" + this + ")";
    }

    MemorySegment handle() {
        return handle;
    }

    @Override
    public String toString() {
        return "CudaStream[" + label + ", device '" + device.name() + "'" + (isClosed() ? ", closed]" : "]");
    }
}
