package org.charm4j.gpu.cuda;

/**
 * Thrown when a CUDA driver or NVRTC call returns an error: the message names the call (with the device, the kernel or
 * the size it was called on), the error by name and number, the driver's description where it gives one, and any
 * detail (NVRTC's log and the source with line numbers).
 *
 * <p>Threading: immutable once thrown; any thread.
 */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The {@code CUresult} or {@code nvrtcResult}. */
    private final int errorCode;
    /** Its symbolic name. */
    private final String errorName;
    /** The call that failed. */
    private final String call;
    /** Whether {@link #errorCode} is an {@code nvrtcResult}. */
    private final boolean nvrtc;

    /**
     * A driver API error.
     *
     * @param errorCode the {@code CUresult} the call returned.
     * @param call      the driver function, with what it was called on where that helps (a device, a kernel).
     */
    public CudaException(final int errorCode, final String call) {
        this(errorCode, call, null);
    }

    /**
     * A driver API error.
     *
     * @param errorCode the {@code CUresult} the call returned.
     * @param call      the driver function, with what it was called on where that helps (a device, a kernel).
     * @param detail    more text to append (what to do about it), or {@code null}.
     */
    public CudaException(final int errorCode, final String call, final String detail) {
        this(errorCode, Cuda.errorName(errorCode), Cuda.description(errorCode), call, detail, false);
    }

    private CudaException(final int errorCode, final String errorName, final String description, final String call,
                          final String detail, final boolean nvrtc) {
        super(call + " failed: " + errorName + " (" + errorCode + ")" + description
            + (detail == null || detail.isEmpty() ? "" : "\n" + detail));
        this.errorCode = errorCode;
        this.errorName = errorName;
        this.call = call;
        this.nvrtc = nvrtc;
    }

    /**
     * An NVRTC error.
     *
     * @param errorCode the {@code nvrtcResult} the call returned.
     * @param call      the NVRTC function, with the kernel and options.
     * @param detail    the compiler's log and the numbered source, or {@code null}.
     * @return the exception.
     */
    public static CudaException nvrtc(final int errorCode, final String call, final String detail) {
        return new CudaException(errorCode, Nvrtc.errorName(errorCode), "", call, detail, true);
    }

    /** @return the {@code CUresult} (or, if {@link #fromNvrtc()}, the {@code nvrtcResult}), e.g. 700. */
    public int errorCode() {
        return errorCode;
    }

    /** @return the symbolic name of {@link #errorCode()}, e.g. {@code CUDA_ERROR_ILLEGAL_ADDRESS}. */
    public String errorName() {
        return errorName;
    }

    /** @return the call that failed, as given when thrown. */
    public String call() {
        return call;
    }

    /** @return whether the error is NVRTC's (a compile) rather than the driver's. */
    public boolean fromNvrtc() {
        return nvrtc;
    }
}
