package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * One CUDA device, through its primary context: the context the CUDA runtime uses, so CuPy, PyTorch or any runtime
 * API code in the same process shares it (and its memory). Compiles CUDA C with NVRTC for the device's own
 * architecture, and makes streams, events and buffers; it owns a default {@link CudaStream} (non-blocking), and makes
 * more with {@link #newStream()}, one per PE.
 *
 * <p>Current context: each call that needs one makes the primary context current on the calling thread
 * ({@code cuCtxSetCurrent}, a thread-local store in the driver), so the device may move between threads, one thread
 * at a time.
 *
 * <p>Closing it waits for the device, releases every module, buffer, event, stream and host registration made from it
 * that is still open, destroys the default stream and releases the primary context (which the driver destroys once no
 * one else holds it).
 *
 * <p>Threading: one thread at a time (e.g. the PE that owns it); not thread-safe.
 */
public final class CudaDevice implements AutoCloseable {
    /**
     * A compute capability, e.g. 9.0 for an H100 or H200.
     *
     * @param major e.g. 9.
     * @param minor e.g. 0.
     */
    public record Capability(int major, int minor) {
        /** @return the real architecture's name, e.g. {@code sm_90}. */
        public String sm() {
            return "sm_" + Nvrtc.smNumber(major, minor);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    private final int ordinal;
    private final int device;
    private final MemorySegment context;
    private final String name;
    private final Capability capability;
    private final int multiprocessors;
    private final int maxThreadsPerBlock;
    private final int[] maxBlockDim;
    private final int[] maxGridDim;
    private final int sharedMemoryPerBlock;
    private final boolean integrated;
    private final long totalMemory;
    private final CudaStream defaultStream;
    private final LinkedHashSet<CudaResource> open = new LinkedHashSet<>();
    private int streams;
    private boolean closed;

    private CudaDevice(final int ordinal, final int device) {
        this.ordinal = ordinal;
        this.device = device;
        this.name = deviceName(device);
        this.capability = new Capability(attribute(device, Cuda.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
            attribute(device, Cuda.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR));
        this.multiprocessors = attribute(device, Cuda.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        this.maxThreadsPerBlock = attribute(device, Cuda.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK);
        this.maxBlockDim = new int[3];
        this.maxGridDim = new int[3];
        for (int d = 0; d < 3; d++) {
            maxBlockDim[d] = attribute(device, Cuda.CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X + d);
            maxGridDim[d] = attribute(device, Cuda.CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X + d);
        }
        this.integrated = attribute(device, Cuda.CU_DEVICE_ATTRIBUTE_INTEGRATED) != 0;
        this.sharedMemoryPerBlock = attribute(device, Cuda.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK);
        this.totalMemory = totalMemory(device);
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment ctx = arena.allocate(ADDRESS);
            Cuda.check(Cuda.cuDevicePrimaryCtxRetain(ctx, device), "cuDevicePrimaryCtxRetain(device " + ordinal
                + " '" + name + "')");
            this.context = ctx.get(ADDRESS, 0);
        }
        CudaStream s = null;
        try {
            makeCurrent();
            s = CudaStream.create(this, "default");
        } catch (final RuntimeException e) {
            final int released = Cuda.cuDevicePrimaryCtxRelease(device);
            if (released != Cuda.CUDA_SUCCESS) {
                e.addSuppressed(new CudaException(released, "cuDevicePrimaryCtxRelease_v2(device '" + name + "')"));
            }
            throw e;
        }
        this.defaultStream = s;
    }

    /**
     * Opens device 0.
     *
     * @return the device, owned by the caller; empty if CUDA is not available ({@link Cuda#unavailableReason()} says
     *         why).
     * @throws CudaException if the device is listed but its primary context or stream cannot be made.
     */
    public static Optional<CudaDevice> first() {
        return open(0);
    }

    /**
     * Opens the {@code index}-th device in the driver's order (that of {@link #describeAll()}, and of
     * {@code CUDA_VISIBLE_DEVICES}): {@code +device cuda:index}.
     *
     * @param index from 0.
     * @return the device, owned by the caller; empty if CUDA is not available or there are not that many.
     * @throws CudaException if the device's primary context or stream cannot be made.
     */
    public static Optional<CudaDevice> open(final int index) {
        if (!Cuda.available() || index < 0 || index >= Cuda.deviceCount()) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment d = arena.allocate(JAVA_INT);
            Cuda.check(Cuda.cuDeviceGet(d, index), "cuDeviceGet(" + index + ")");
            return Optional.of(new CudaDevice(index, d.get(JAVA_INT, 0)));
        }
    }

    /** @return the number of CUDA devices (0 when CUDA is not available). Never throws. */
    public static int count() {
        if (!Cuda.available()) {
            return 0;
        }
        try {
            return Cuda.deviceCount();
        } catch (final RuntimeException e) {
            // available() ran the same query successfully; a failure now is a driver fault, reported as no device.
            return 0;
        }
    }

    /**
     * Describes every device, one line each: index, name, compute capability, multiprocessors, memory, whether it is
     * integrated. Opens no context. Never throws: a device whose query fails is described by the failure.
     *
     * @return the lines; empty if CUDA is not available.
     */
    public static List<String> describeAll() {
        final List<String> lines = new ArrayList<>();
        final int n = count();
        for (int i = 0; i < n; i++) {
            try (Arena arena = Arena.ofConfined()) {
                final MemorySegment d = arena.allocate(JAVA_INT);
                Cuda.check(Cuda.cuDeviceGet(d, i), "cuDeviceGet(" + i + ")");
                final int dev = d.get(JAVA_INT, 0);
                final Capability cc = new Capability(attribute(dev, Cuda.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                    attribute(dev, Cuda.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR));
                lines.add("device " + i + " '" + deviceName(dev) + "': compute capability " + cc + " (" + cc.sm()
                    + "), " + attribute(dev, Cuda.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT) + " multiprocessors, "
                    + (totalMemory(dev) >> 20) + " MiB, "
                    + (attribute(dev, Cuda.CU_DEVICE_ATTRIBUTE_INTEGRATED) != 0 ? "integrated" : "discrete"));
            } catch (final RuntimeException e) {
                lines.add("device " + i + ": query failed: " + e.getMessage());
            }
        }
        return List.copyOf(lines);
    }

    private static int attribute(final int device, final int attribute) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment v = arena.allocate(JAVA_INT);
            Cuda.check(Cuda.cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute(" + attribute
                + ", device " + device + ")");
            return v.get(JAVA_INT, 0);
        }
    }

    private static String deviceName(final int device) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment v = arena.allocate(256);
            Cuda.check(Cuda.cuDeviceGetName(v, 256, device), "cuDeviceGetName(device " + device + ")");
            return v.getString(0, StandardCharsets.UTF_8);
        }
    }

    private static long totalMemory(final int device) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment v = arena.allocate(JAVA_LONG);
            Cuda.check(Cuda.cuDeviceTotalMem(v, device), "cuDeviceTotalMem_v2(device " + device + ")");
            return v.get(JAVA_LONG, 0);
        }
    }

    /** @return the device's index in the driver's order. */
    public int ordinal() {
        return ordinal;
    }

    /** @return the device's name ({@code cuDeviceGetName}), e.g. {@code NVIDIA H200}. */
    public String name() {
        return name;
    }

    /** @return the compute capability, e.g. 9.0. */
    public Capability computeCapability() {
        return capability;
    }

    /** @return the number of streaming multiprocessors. */
    public int multiprocessors() {
        return multiprocessors;
    }

    /** @return the device memory in bytes ({@code cuDeviceTotalMem_v2}). */
    public long totalMemory() {
        return totalMemory;
    }

    /** @return the largest block, in threads over all dimensions. */
    public int maxThreadsPerBlock() {
        return maxThreadsPerBlock;
    }

    /** @return bytes of shared memory one block may use ({@code CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK}). */
    public int sharedMemoryPerBlock() {
        return sharedMemoryPerBlock;
    }

    /** @return whether the device is integrated with the host's memory ({@code CU_DEVICE_ATTRIBUTE_INTEGRATED}). */
    public boolean integrated() {
        return integrated;
    }

    /** @return the largest block in dimension {@code d} (0 to 2). */
    int maxBlockDim(final int d) {
        return maxBlockDim[d];
    }

    /** @return the largest grid in dimension {@code d} (0 to 2). */
    int maxGridDim(final int d) {
        return maxGridDim[d];
    }

    /**
     * @return the device memory free now, in bytes ({@code cuMemGetInfo_v2}).
     * @throws CudaException if the query fails.
     */
    public long freeMemory() {
        requireOpen();
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment free = arena.allocate(JAVA_LONG);
            final MemorySegment total = arena.allocate(JAVA_LONG);
            Cuda.check(Cuda.cuMemGetInfo(free, total), "cuMemGetInfo_v2(device '" + name + "')");
            return free.get(JAVA_LONG, 0);
        }
    }

    /** @return the stream the device owns, non-blocking; closed with the device. */
    public CudaStream defaultStream() {
        requireOpen();
        return defaultStream;
    }

    /**
     * @return a new non-blocking stream, owned by the caller (and closed with the device).
     * @throws CudaException if it cannot be created.
     */
    public CudaStream newStream() {
        requireOpen();
        makeCurrent();
        return register(CudaStream.create(this, "stream " + ++streams));
    }

    /**
     * @return a new event (with timing), not yet recorded, owned by the caller (and closed with the device).
     * @throws CudaException if it cannot be created.
     */
    public CudaEvent newEvent() {
        requireOpen();
        makeCurrent();
        return register(CudaEvent.create(this));
    }

    /**
     * Compiles CUDA C with NVRTC for this device and loads it: a CUBIN for the device's own {@code sm_XY}; for a device
     * newer than NVRTC, PTX for the highest {@code compute_XY} it knows, which the driver compiles on loading (see
     * {@link Nvrtc#target}; {@link CudaModule#target()} says which). An option that names an architecture
     * ({@code --gpu-architecture=...} or {@code -arch=...}) replaces the chosen one.
     *
     * @param source    the program: one or more {@code extern "C" __global__} functions.
     * @param entryName the kernel to check for (e.g. {@code GpuSource.entryName()}): a missing one fails here.
     * @param options   NVRTC options such as {@code --fmad=false} ({@code GpuSource.compilerOptions()}); may be empty.
     * @return the loaded module, owned by the caller (and closed with the device).
     * @throws CudaException         on a compile error, with NVRTC's log and the source with line numbers; or if the
     *                               driver cannot load the result (e.g. {@code CUDA_ERROR_UNSUPPORTED_PTX_VERSION} when
     *                               NVRTC is newer than the driver).
     * @throws IllegalStateException if NVRTC is not available ({@link Nvrtc#unavailableReason()} in the message).
     */
    public CudaModule compile(final String source, final String entryName, final List<String> options) {
        requireOpen();
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("CUDA program source is empty");
        }
        if (entryName == null || entryName.isBlank()) {
            throw new IllegalArgumentException("compile: name the kernel to look for (entryName)");
        }
        if (!Nvrtc.available()) {
            throw new IllegalStateException("cannot compile kernel '" + entryName + "' for " + this + ": "
                + Nvrtc.unavailableReason().orElse("NVRTC is not available"));
        }
        final List<String> opts = new ArrayList<>(options);
        final String userArch = architectureIn(opts);
        final Nvrtc.Target target = userArch != null
            ? new Nvrtc.Target(userArch, userArch.startsWith("sm_"), "architecture given in the options")
            : Nvrtc.target(capability.major(), capability.minor(), Nvrtc.supportedArchitectures());
        if (userArch == null) {
            opts.addFirst(target.option());
        }
        final String where = "kernel '" + entryName + "', device '" + name + "' (" + capability.sm() + ")";
        try (Arena arena = Arena.ofConfined()) {
            final Nvrtc.Output out = Nvrtc.compile(arena, source, entryName + ".cu", opts, target.cubin(), where);
            makeCurrent();
            final MemorySegment module = arena.allocate(ADDRESS);
            final int code = Cuda.cuModuleLoadData(module, out.image());
            if (code != Cuda.CUDA_SUCCESS) {
                throw new CudaException(code, "cuModuleLoadData(" + (target.cubin() ? "CUBIN" : "PTX") + " for "
                    + target.architecture() + ", " + where + ")", versions() + ". A driver older than NVRTC may"
                    + " reject its output: update the driver, or point " + NvrtcLocator.ENV + " at an NVRTC no newer"
                    + " than the driver");
            }
            final CudaModule m = register(new CudaModule(this, module.get(ADDRESS, 0), entryName, target, out.log()));
            try {
                m.function(entryName);
            } catch (final RuntimeException e) {
                try {
                    m.close();
                } catch (final RuntimeException c) {
                    e.addSuppressed(c);
                }
                throw e;
            }
            return m;
        }
    }

    /** @return which NVRTC compiled and which driver loads, for a load failure; the failure of a query if one fails. */
    private static String versions() {
        String nvrtc;
        try {
            final int[] v = Nvrtc.version();
            nvrtc = "NVRTC " + v[0] + "." + v[1];
        } catch (final RuntimeException e) {
            nvrtc = "NVRTC of unknown version (" + e.getMessage() + ")";
        }
        String driver;
        try {
            driver = "CUDA " + Cuda.versionString(Cuda.driverVersion());
        } catch (final RuntimeException e) {
            driver = "of unknown version (" + e.getMessage() + ")";
        }
        return nvrtc + " (" + Nvrtc.location() + ") compiled it; the driver is " + driver;
    }

    /** @return the architecture an option names ({@code --gpu-architecture=sm_90}, {@code -arch=sm_90}), or null. */
    private static String architectureIn(final List<String> options) {
        for (final String o : options) {
            for (final String prefix : List.of("--gpu-architecture=", "-arch=")) {
                if (o.startsWith(prefix)) {
                    return o.substring(prefix.length()).strip();
                }
            }
        }
        return null;
    }

    /**
     * Blocks until all work on the device's context is done ({@code cuCtxSynchronize}).
     *
     * @throws CudaException if any of it failed.
     */
    public void synchronize() {
        requireOpen();
        makeCurrent();
        Cuda.check(Cuda.cuCtxSynchronize(), "cuCtxSynchronize(device '" + name + "')");
    }

    /**
     * Waits for the device, then releases every module, buffer, event, stream and host registration still open, the
     * default stream and the primary context. A second call does nothing.
     *
     * @throws CudaException if a release fails (after releasing everything else; further failures are suppressed into
     *                       it).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException failure = null;
        try {
            makeCurrent();
            Cuda.check(Cuda.cuCtxSynchronize(), "cuCtxSynchronize(device '" + name + "')");
        } catch (final RuntimeException e) {
            failure = e;
        }
        final List<CudaResource> children = new ArrayList<>(open);
        for (int i = children.size() - 1; i >= 0; i--) {
            failure = attempt(failure, children.get(i));
        }
        failure = attempt(failure, defaultStream);
        open.clear();
        closed = true;
        final int released = Cuda.cuDevicePrimaryCtxRelease(device);
        if (released != Cuda.CUDA_SUCCESS) {
            failure = collect(failure, new CudaException(released, "cuDevicePrimaryCtxRelease_v2(device '" + name
                + "')"));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException attempt(final RuntimeException failure, final CudaResource r) {
        try {
            r.closeNow();
            return failure;
        } catch (final RuntimeException e) {
            return collect(failure, e);
        }
    }

    private static RuntimeException collect(final RuntimeException failure, final RuntimeException e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    @Override
    public String toString() {
        return "CudaDevice[" + ordinal + " '" + name + "', " + capability.sm() + (closed ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------------------------------------- package

    /**
     * Makes the primary context current on the calling thread.
     *
     * @throws CudaException if {@code cuCtxSetCurrent} fails.
     */
    void makeCurrent() {
        final int code = Cuda.cuCtxSetCurrent(context);
        if (code != Cuda.CUDA_SUCCESS) {
            throw new CudaException(code, "cuCtxSetCurrent(primary context of device '" + name + "')");
        }
    }

    /** @return a line on free and total memory for an allocation failure, or why it cannot be had. */
    String memoryReport() {
        try {
            return "device '" + name + "' has " + (freeMemory() >> 20) + " MiB free of " + (totalMemory >> 20)
                + " MiB";
        } catch (final RuntimeException e) {
            return "device '" + name + "': free memory unknown (" + e.getMessage() + ")";
        }
    }

    boolean isDefaultStream(final CudaStream s) {
        return s == defaultStream;
    }

    <T extends CudaResource> T register(final T resource) {
        open.add(resource);
        return resource;
    }

    void forget(final CudaResource resource) {
        open.remove(resource);
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }
}
