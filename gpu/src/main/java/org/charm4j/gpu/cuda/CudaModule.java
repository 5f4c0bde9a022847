package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Code loaded on a device ({@code cuModuleLoadData} of a CUBIN, or of PTX that the driver compiles on loading), made
 * by {@link CudaDevice#compile}; gives its {@code __global__} functions. Closing it unloads the code; its functions
 * become unusable.
 *
 * <p>Threading: one thread at a time, like its device.
 */
public final class CudaModule extends CudaResource {
    private final MemorySegment handle;
    private final String label;
    private final Nvrtc.Target target;
    private final String log;
    private final Map<String, CudaFunction> functions = new HashMap<>();

    CudaModule(final CudaDevice device, final MemorySegment handle, final String label, final Nvrtc.Target target,
               final String log) {
        super(device);
        this.handle = handle;
        this.label = label;
        this.target = target;
        this.log = log;
    }

    /**
     * @param name the name of a {@code __global__} function of the source; declare it {@code extern "C"} (as the
     *             translator does), or C++ mangles the name.
     * @return the function, the same object for the same name (so its argument block is reused).
     * @throws CudaException {@code CUDA_ERROR_NOT_FOUND} if the module has no function of that name.
     */
    public CudaFunction function(final String name) {
        requireOpen();
        final CudaFunction known = functions.get(name);
        if (known != null) {
            return known;
        }
        device.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment out = arena.allocate(ADDRESS);
            final int code = Cuda.cuModuleGetFunction(out, handle, arena.allocateFrom(name, StandardCharsets.UTF_8));
            if (code != Cuda.CUDA_SUCCESS) {
                throw new CudaException(code, "cuModuleGetFunction('" + name + "', " + this + ")",
                    "the module has no __global__ function '" + name + "'; a kernel must be declared"
                        + " extern \"C\" __global__, or C++ mangles its name");
            }
            final CudaFunction f = new CudaFunction(this, name, out.get(ADDRESS, 0));
            functions.put(name, f);
            return f;
        }
    }

    /** @return what it was compiled for: the architecture, CUBIN or PTX, and why, if not the device's own. */
    public Nvrtc.Target target() {
        return target;
    }

    /** @return what NVRTC printed for a successful compile (warnings), often empty. */
    public String log() {
        return log;
    }

    /** @return the device it is loaded on. */
    public CudaDevice device() {
        return device;
    }

    @Override
    int release() {
        for (final CudaFunction f : functions.values()) {
            f.release();
        }
        functions.clear();
        return Cuda.cuModuleUnload(handle);
    }

    @Override
    String releaseCall() {
        return "cuModuleUnload(" + this + ")";
    }

    @Override
    public String toString() {
        return "CudaModule[" + label + ", " + target.architecture() + (target.cubin() ? " cubin" : " ptx")
            + (isClosed() ? ", closed]" : "]");
    }
}
