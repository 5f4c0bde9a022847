package org.charm4j.gpu;

import java.util.Optional;
import org.charm4j.gpu.cuda.CudaDevice;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.gpu.translate.Dialect;

/**
 * A device kernels are launched on, through OpenCL ({@link OpenClDevice}: its own context and in-order queue) or
 * CUDA ({@link CudaDevice}: the primary context, and its own stream). What {@link GpuKernel}, {@link DeviceArray} and
 * {@code +device} work with; the API's own object is there for what they do not cover.
 *
 * <p>Threading: one thread at a time (the PE that opened it): each PE that launches opens its own, so each has its
 * own queue or stream.
 */
public final class GpuDevice implements AutoCloseable {
    private final OpenClDevice openCl;
    private final CudaDevice cuda;
    private GpuQueue defaultQueue;

    private GpuDevice(final OpenClDevice openCl, final CudaDevice cuda) {
        this.openCl = openCl;
        this.cuda = cuda;
    }

    /**
     * @param device an open OpenCL device, now owned by the result (closing it closes the device).
     * @return the device.
     */
    public static GpuDevice of(final OpenClDevice device) {
        return new GpuDevice(java.util.Objects.requireNonNull(device, "device"), null);
    }

    /**
     * @param device an open CUDA device, now owned by the result.
     * @return the device.
     */
    public static GpuDevice of(final CudaDevice device) {
        return new GpuDevice(null, java.util.Objects.requireNonNull(device, "device"));
    }

    /** @return the C dialect its kernels are translated to. */
    public Dialect dialect() {
        return cuda != null ? Dialect.CUDA : Dialect.OPENCL;
    }

    /** @return the device's name, with its API ({@code "CUDA NVIDIA H200"}, {@code "OpenCL cpu-..."}). */
    public String name() {
        return cuda != null ? "CUDA " + cuda.name() : "OpenCL " + openCl.name();
    }

    /**
     * @return whether kernels work in host memory itself (an OpenCL CPU or unified-memory device): arrays are then
     *     used in place, and moves are maps. CUDA devices keep arrays in device memory.
     */
    public boolean sharesHostMemory() {
        return openCl != null && openCl.hostUnifiedMemory();
    }

    /** @return the most work items (threads) a work-group (block) may have. */
    public long maxGroupItems() {
        return cuda != null ? cuda.maxThreadsPerBlock() : openCl.maxWorkGroupSize();
    }

    /** @return bytes of local (shared) memory a work-group may use. */
    public long localMemoryBytes() {
        return cuda != null ? cuda.sharedMemoryPerBlock() : openCl.localMemorySize();
    }

    /**
     * @param other another wrapper.
     * @return whether both wrap the same API object (so buffers and queues of one serve the other).
     */
    public boolean isSame(final GpuDevice other) {
        return other.openCl == openCl && other.cuda == cuda;
    }

    /** @return the OpenCL device, if it is one. */
    public Optional<OpenClDevice> openCl() {
        return Optional.ofNullable(openCl);
    }

    /** @return the CUDA device, if it is one. */
    public Optional<CudaDevice> cuda() {
        return Optional.ofNullable(cuda);
    }

    /** Waits until everything queued on this device's default queue has run. */
    public void finish() {
        defaultQueue().finish();
    }

    /** @return the device's own queue (OpenCL's queue of its context, CUDA's stream of this device object). */
    public GpuQueue defaultQueue() {
        if (defaultQueue == null) {
            defaultQueue = cuda != null ? new GpuQueue(this, null, cuda.defaultStream(), true)
                : new GpuQueue(this, openCl.defaultQueue(), null, true);
        }
        return defaultQueue;
    }

    /**
     * Creates another queue (an OpenCL command queue, a CUDA stream): work on different queues may overlap on the
     * device. Closed by its owner, or with the device.
     *
     * @return the queue.
     */
    public GpuQueue newQueue() {
        return cuda != null ? new GpuQueue(this, null, cuda.newStream(), false)
            : new GpuQueue(this, openCl.newQueue(), null, false);
    }

    /** Closes the device (waiting for its queue), and with it whatever was made on it and is still open. */
    @Override
    public void close() {
        if (cuda != null) {
            cuda.close();
        } else {
            openCl.close();
        }
    }

    OpenClDevice requireOpenCl() {
        return openCl;
    }

    CudaDevice requireCuda() {
        return cuda;
    }

    @Override
    public String toString() {
        return name();
    }
}
