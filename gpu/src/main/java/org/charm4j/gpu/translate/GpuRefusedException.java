package org.charm4j.gpu.translate;

/**
 * Thrown when a kernel cannot be translated to a GPU kernel: the message names the kernel, the statement or
 * expression, and why.
 *
 * <p>Threading: immutable once thrown.
 */
public final class GpuRefusedException extends RuntimeException {
    private final String kernel;
    private final String what;
    private final String reason;

    /**
     * @param kernel the kernel's name ({@code Owner.method}).
     * @param what   the statement or expression refused, as text.
     * @param reason why.
     */
    public GpuRefusedException(final String kernel, final String what, final String reason) {
        super("cannot translate " + kernel + " to a GPU kernel: " + what + ": " + reason);
        this.kernel = kernel;
        this.what = what;
        this.reason = reason;
    }

    /** @return the kernel's name. */
    public String kernel() {
        return kernel;
    }

    /** @return the statement or expression refused. */
    public String what() {
        return what;
    }

    /** @return why it was refused. */
    public String reason() {
        return reason;
    }
}
