package org.charm4j.gpu.cuda;

/**
 * A CUDA object made on a {@link CudaDevice}: released once ({@link #close()}) with its device's context current, and
 * tracked by the device so that closing the device releases whatever is still open.
 *
 * <p>Threading: one thread at a time, like its device.
 */
abstract sealed class CudaResource implements AutoCloseable
    permits CudaBuffer, CudaEvent, CudaHostRegistration, CudaModule, CudaStream {
    /** The device it was made on. */
    final CudaDevice device;
    private boolean closed;

    CudaResource(final CudaDevice device) {
        this.device = device;
    }

    /** @return the release function's {@code CUresult}, e.g. {@code cuMemFree_v2(pointer)}. */
    abstract int release();

    /** @return the release call as its error names it, e.g. {@code cuModuleUnload(kernel 'vadd')}. */
    abstract String releaseCall();

    /**
     * Releases the CUDA object; a second call does nothing.
     *
     * @throws CudaException if the release fails.
     */
    @Override
    public void close() {
        closeNow();
    }

    /** Releases the object, also where {@link #close()} is refused (the device's own stream). */
    final void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        device.forget(this);
        device.makeCurrent();
        Cuda.check(release(), releaseCall());
    }

    /** @return whether it was released. */
    final boolean isClosed() {
        return closed;
    }

    /** @throws IllegalStateException if this object or its device is closed. */
    void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        device.requireOpen();
    }
}
