package org.charm4j.gpu.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Host memory page-locked ("pinned") for CUDA with {@code cuMemHostRegister_v2} ({@code CU_MEMHOSTREGISTER_PORTABLE}):
 * copies between it and a {@link CudaBuffer} are truly asynchronous DMA, and faster. Closing it unregisters the memory
 * ({@code cuMemHostUnregister}); the segment itself is the caller's and must outlive the registration.
 *
 * <p>Pinning is costly (milliseconds per GiB) and takes the pages from the OS's reach: pin long-lived buffers once,
 * not per copy. Page-aligned segments ({@code arena.allocate(bytes, 4096)}) pin exactly their own pages.
 *
 * <p>Threading: one thread at a time.
 */
public final class CudaHostRegistration extends CudaResource {
    private final MemorySegment segment;

    private CudaHostRegistration(final CudaDevice device, final MemorySegment segment) {
        super(device);
        this.segment = segment;
    }

    /**
     * Page-locks {@code segment}.
     *
     * @param device  the device whose context registers it (the registration is portable to others).
     * @param segment native host memory of at least one byte.
     * @return the registration, owned by the caller (and closed with the device).
     * @throws CudaException e.g. {@code CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED} if part of it is pinned already.
     */
    public static CudaHostRegistration register(final CudaDevice device, final MemorySegment segment) {
        device.requireOpen();
        if (!segment.isNative()) {
            throw new IllegalArgumentException("CudaHostRegistration.register needs native memory (Arena.allocate),"
                + " got a heap segment");
        }
        if (segment.byteSize() == 0) {
            throw new IllegalArgumentException("CudaHostRegistration.register: the segment is empty");
        }
        device.makeCurrent();
        Cuda.check(Cuda.cuMemHostRegister(segment, segment.byteSize(), Cuda.CU_MEMHOSTREGISTER_PORTABLE),
            "cuMemHostRegister_v2(" + segment.byteSize() + " bytes at 0x" + Long.toHexString(segment.address())
                + ", CU_MEMHOSTREGISTER_PORTABLE, device '" + device.name() + "')");
        return device.register(new CudaHostRegistration(device, segment));
    }

    /** @return the pinned segment. */
    public MemorySegment segment() {
        return segment;
    }

    @Override
    int release() {
        if (!segment.scope().isAlive()) {
            // The pages are gone already; unregistering the stale address is all that is left to do.
            return Cuda.cuMemHostUnregister(MemorySegment.ofAddress(segment.address()));
        }
        return Cuda.cuMemHostUnregister(segment);
    }

    @Override
    String releaseCall() {
        return "cuMemHostUnregister(" + this + ")";
    }

    @Override
    public String toString() {
        return "CudaHostRegistration[" + segment.byteSize() + " bytes at 0x" + Long.toHexString(segment.address())
            + (isClosed() ? ", closed]" : "]");
    }
}
