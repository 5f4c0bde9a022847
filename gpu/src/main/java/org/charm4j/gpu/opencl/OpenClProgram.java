package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.charm4j.gpu.opencl.OpenCl.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * A program built by {@link OpenClDevice#compile(String, String)}; makes kernels from its {@code __kernel} functions.
 * Kernels already made stay usable after the program is closed (OpenCL counts references).
 *
 * <p>Threading: one thread at a time, like its device.
 */
public final class OpenClProgram extends NativeResource {
    private final String buildLog;

    OpenClProgram(final OpenClDevice device, final MemorySegment handle, final String buildLog) {
        super(device, handle);
        this.buildLog = buildLog;
    }

    /**
     * @param name the name of a {@code __kernel} function in the source.
     * @return a new kernel, its arguments unset.
     * @throws OpenClException {@code CL_INVALID_KERNEL_NAME} if the program has no such kernel.
     */
    public OpenClKernel kernel(final String name) {
        requireOpen();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment kernel = OpenCl.clCreateKernel(handle, arena.allocateFrom(name,
                StandardCharsets.UTF_8), err);
            check(err.get(JAVA_INT, 0), "clCreateKernel('" + name + "')");
            return device.register(new OpenClKernel(device, kernel, name));
        }
    }

    /** @return what the compiler printed for a successful build (warnings), often empty. */
    public String buildLog() {
        return buildLog;
    }

    /** @return the device this program was built for. */
    public OpenClDevice device() {
        return device;
    }

    /** Releases the program ({@code clReleaseProgram}); kernels made from it stay usable. */
    @Override
    int release() {
        return OpenCl.clReleaseProgram(handle);
    }

    @Override
    String releaseCall() {
        return "clReleaseProgram";
    }

    @Override
    public String toString() {
        return "OpenClProgram";
    }
}
