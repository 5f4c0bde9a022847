package org.charm4j.gpu.opencl;

import java.lang.foreign.MemorySegment;

/**
 * An OpenCL object made on an {@link OpenClDevice}: its handle, released once ({@link #close()}), and tracked by the
 * device so that closing the device releases whatever is still open.
 *
 * <p>Threading: one thread at a time, like its device.
 */
abstract sealed class NativeResource implements AutoCloseable
    permits OpenClBuffer, OpenClEvent, OpenClKernel, OpenClProgram, OpenClQueue {
    /** The device it was made on. */
    final OpenClDevice device;
    /** The OpenCL handle ({@code cl_mem}, {@code cl_event}, {@code cl_kernel}, {@code cl_program}). */
    final MemorySegment handle;
    private boolean closed;

    NativeResource(final OpenClDevice device, final MemorySegment handle) {
        this.device = device;
        this.handle = handle;
    }

    /** @return the release function's status, e.g. {@code clReleaseEvent(handle)}. */
    abstract int release();

    /** @return the release call as its error names it, e.g. {@code clReleaseKernel('vadd')}. */
    abstract String releaseCall();

    /**
     * Releases the OpenCL object; a second call does nothing.
     *
     * @throws OpenClException if the release fails.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.forget(this);
        OpenCl.check(release(), releaseCall());
    }

    /** @return whether {@link #close()} ran. */
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
