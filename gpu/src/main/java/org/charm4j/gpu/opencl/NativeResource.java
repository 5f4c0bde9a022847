package org.charm4j.gpu.opencl;

/** An OpenCL object an {@link OpenClDevice} tracks, so that closing the device releases whatever is still open. */
interface NativeResource extends AutoCloseable {
    /** Releases the OpenCL object; a second call does nothing. */
    @Override
    void close();
}
