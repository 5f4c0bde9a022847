package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.charm4j.gpu.opencl.OpenCl.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An in-order command queue of an {@link OpenClDevice} besides its own ({@link OpenClDevice#newQueue()}): commands on
 * different queues of a device may run at the same time (a chare's copies beside another's kernel), commands on one
 * queue run in order. Buffers made for a queue ({@link OpenClBuffer#wrap(OpenClDevice, MemorySegment, OpenClQueue)})
 * run their copies and maps on it, and {@link OpenClKernel#enqueue(OpenClQueue, long[], long[])} launches on it.
 *
 * <p>Threading: one thread at a time, like its device.
 */
public final class OpenClQueue extends NativeResource {
    private final boolean own;

    OpenClQueue(final OpenClDevice device, final MemorySegment handle, final boolean own) {
        super(device, handle);
        this.own = own;
    }

    /** Creates a queue of {@code device} ({@code clCreateCommandQueue}, in order, no profiling). */
    static OpenClQueue create(final OpenClDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment q = OpenCl.clCreateCommandQueue(device.context(), device.id(), 0L, err);
            check(err.get(JAVA_INT, 0), "clCreateCommandQueue(device '" + device.name() + "')");
            return new OpenClQueue(device, q, true);
        }
    }

    /**
     * Blocks until every command queued on this queue is complete ({@code clFinish}).
     *
     * @throws OpenClException if the queue reports an error.
     */
    public void finish() {
        requireOpen();
        check(OpenCl.clFinish(handle), "clFinish(a queue of device '" + device.name() + "')");
    }

    /**
     * Makes the commands queued here from now on wait, on the device, for the commands queued on {@code other} so far
     * (a marker there, a barrier here: {@code clEnqueueMarkerWithWaitList}, {@code clEnqueueBarrierWithWaitList});
     * the host does not wait.
     *
     * @param other a queue of the same device.
     * @throws OpenClException if the device refuses either.
     */
    public void waitFor(final OpenClQueue other) {
        requireOpen();
        other.requireOpen();
        if (other.device != device) {
            throw new IllegalArgumentException(this + ": cannot wait for " + other + " of another device");
        }
        if (other == this) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment event = arena.allocate(ADDRESS);
            check(OpenCl.clEnqueueMarkerWithWaitList(other.handle, 0, MemorySegment.NULL, event),
                "clEnqueueMarkerWithWaitList(" + other + ")");
            final MemorySegment marker = event.get(ADDRESS, 0);
            try {
                check(OpenCl.clEnqueueBarrierWithWaitList(handle, 1, event, MemorySegment.NULL),
                    "clEnqueueBarrierWithWaitList(" + this + ", waiting for " + other + ")");
                // the queues reach each other's commands through their own queue: push the marker out
                check(OpenCl.clFlush(other.handle), "clFlush(" + other + ")");
            } finally {
                OpenCl.clReleaseEvent(marker);   // the barrier holds it while it waits
            }
        }
    }

    /** @return the device it queues for. */
    public OpenClDevice device() {
        return device;
    }

    MemorySegment handle() {
        return handle;
    }

    /** Waits for the queue, then releases it ({@code clReleaseCommandQueue}); the device's own queue is the device's. */
    @Override
    int release() {
        if (!own) {
            return OpenCl.CL_SUCCESS;
        }
        final int finished = OpenCl.clFinish(handle);
        final int released = OpenCl.clReleaseCommandQueue(handle);
        return finished != OpenCl.CL_SUCCESS ? finished : released;
    }

    @Override
    String releaseCall() {
        return "clReleaseCommandQueue";
    }

    @Override
    public String toString() {
        return "OpenClQueue of '" + device.name() + "'" + (own ? "" : " (its own)");
    }
}
