package org.charm4j.gpu;

import org.charm4j.gpu.cuda.CudaStream;
import org.charm4j.gpu.opencl.OpenClQueue;

/**
 * An in-order queue of work on a {@link GpuDevice}: an OpenCL command queue or a CUDA stream. Work on one queue runs
 * in order; work on different queues may overlap on the device (one chare's copies beside another's kernel), as
 * Charm++'s GPU chares each use a stream of their own. A {@link DeviceArray} belongs to one queue
 * ({@link DeviceArray#mirror(GpuQueue, org.charm4j.DoubleArray)}): its moves run there, and a launch given it runs
 * there too.
 *
 * <p>Threading: one thread at a time, like its device.
 */
public final class GpuQueue implements AutoCloseable {
    private final GpuDevice device;
    private final OpenClQueue openCl;
    private final CudaStream cuda;
    /** Whether it is the device's own (closed with the device, not by {@link #close()}). */
    private final boolean own;

    GpuQueue(final GpuDevice device, final OpenClQueue openCl, final CudaStream cuda, final boolean own) {
        this.device = device;
        this.openCl = openCl;
        this.cuda = cuda;
        this.own = own;
    }

    /** @return the device it queues for. */
    public GpuDevice device() {
        return device;
    }

    /** Blocks until everything queued here has run. */
    public void finish() {
        if (cuda != null) {
            cuda.synchronize();
        } else {
            openCl.finish();
        }
    }

    /**
     * Makes the work queued here from now on wait, on the device, for the work queued on {@code other} so far; the
     * host does not wait (an OpenCL marker and barrier, or a CUDA event and {@code cuStreamWaitEvent}).
     *
     * @param other a queue of the same device.
     * @throws IllegalArgumentException if {@code other} queues for another device.
     */
    public void waitFor(final GpuQueue other) {
        if (other == this) {
            return;
        }
        if (!device.isSame(other.device)) {
            throw new IllegalArgumentException(this + " cannot wait for " + other + ": another device");
        }
        if (cuda != null) {
            cuda.waitFor(other.cuda);
        } else {
            openCl.waitFor(other.openCl);
        }
    }

    OpenClQueue openCl() {
        return openCl;
    }

    CudaStream cuda() {
        return cuda;
    }

    /** Waits for the queue and releases it; the device's own queue stays (it closes with the device). */
    @Override
    public void close() {
        if (own) {
            return;
        }
        if (cuda != null) {
            cuda.close();
        } else {
            openCl.close();
        }
    }

    @Override
    public String toString() {
        return (own ? "the default queue of " : "a queue of ") + device.name();
    }
}
