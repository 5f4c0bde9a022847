package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.charm4j.gpu.opencl.OpenCl.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The completion of one queued command, e.g. from {@link OpenClKernel#enqueue}. Poll it from a scheduler loop with
 * {@link #isComplete()}, or block with {@link #await()}; close it when done.
 *
 * <p>Threading: one thread at a time.
 */
public final class OpenClEvent extends NativeResource {
    private final String command;
    private boolean complete;

    OpenClEvent(final OpenClDevice device, final MemorySegment handle, final String command) {
        super(device, handle);
        this.command = command;
    }

    /**
     * Polls the command's execution status without blocking.
     *
     * @return {@code true} once the command is complete.
     * @throws OpenClException if the command failed (a negative execution status, named).
     */
    public boolean isComplete() {
        if (complete) {
            return true;
        }
        requireOpen();
        final int status = status();
        if (status < 0) {
            throw new OpenClException(status, command + " (CL_EVENT_COMMAND_EXECUTION_STATUS)");
        }
        complete = status == OpenCl.CL_COMPLETE;
        return complete;
    }

    /**
     * Blocks until the command is complete ({@code clWaitForEvents}).
     *
     * @throws OpenClException if the command failed: its own execution status is named where the runtime gives it.
     */
    public void await() {
        if (complete) {
            return;
        }
        requireOpen();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment list = arena.allocate(ADDRESS);
            list.set(ADDRESS, 0, handle);
            final int code = OpenCl.clWaitForEvents(1, list);
            if (code != OpenCl.CL_SUCCESS) {
                final int status = status();
                throw new OpenClException(status < 0 ? status : code, "clWaitForEvents(" + command + ")");
            }
        }
        complete = true;
    }

    private int status() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment value = arena.allocate(JAVA_INT);
            check(OpenCl.clGetEventInfo(handle, OpenCl.CL_EVENT_COMMAND_EXECUTION_STATUS, JAVA_INT.byteSize(), value,
                MemorySegment.NULL), "clGetEventInfo(" + command + ", CL_EVENT_COMMAND_EXECUTION_STATUS)");
            return value.get(JAVA_INT, 0);
        }
    }

    /** Releases the event ({@code clReleaseEvent}); the command itself still runs to completion. */
    @Override
    int release() {
        return OpenCl.clReleaseEvent(handle);
    }

    @Override
    String releaseCall() {
        return "clReleaseEvent(" + command + ")";
    }

    @Override
    public String toString() {
        return "OpenClEvent[" + command + (complete ? ", complete" : "") + (isClosed() ? ", closed]" : "]");
    }

}
