package org.charm4j.gpu.opencl;

/**
 * Thrown when an OpenCL call returns an error: the message names the call, the error by name and number, and any
 * detail the runtime gave (a build log, the source with line numbers).
 *
 * <p>Threading: immutable once thrown; any thread.
 */
public final class OpenClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The {@code cl_int} the call returned. */
    private final int errorCode;
    /** The call that failed. */
    private final String function;

    /**
     * @param errorCode the negative {@code cl_int} the call returned.
     * @param function  the OpenCL function, with what it was called on where that helps (e.g. a kernel name).
     */
    public OpenClException(final int errorCode, final String function) {
        this(errorCode, function, null);
    }

    /**
     * @param errorCode the negative {@code cl_int} the call returned.
     * @param function  the OpenCL function, with what it was called on where that helps (e.g. a kernel name).
     * @param detail    more text to append (a build log), or {@code null}.
     */
    public OpenClException(final int errorCode, final String function, final String detail) {
        super(function + " failed: " + OpenCl.errorName(errorCode) + " (" + errorCode + ")"
            + (detail == null || detail.isEmpty() ? "" : "\n" + detail));
        this.errorCode = errorCode;
        this.function = function;
    }

    /** @return the {@code cl_int} error code, e.g. -49 for {@code CL_INVALID_ARG_INDEX}. */
    public int errorCode() {
        return errorCode;
    }

    /** @return the symbolic name of {@link #errorCode()}, e.g. {@code CL_INVALID_ARG_INDEX}. */
    public String errorName() {
        return OpenCl.errorName(errorCode);
    }

    /** @return the OpenCL function that failed, as given when thrown. */
    public String function() {
        return function;
    }
}
