package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.charm4j.gpu.opencl.OpenCl.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * One OpenCL device with its own context and one in-order command queue; compiles programs and wraps buffers for it.
 * Closing it waits for the queue, then releases every program, kernel, buffer and event made from it that is still open,
 * the queue and the context.
 *
 * <p>Threading: one thread at a time (e.g. the PE that owns it); not thread-safe.
 */
public final class OpenClDevice implements AutoCloseable {
    private final MemorySegment platform;
    private final MemorySegment device;
    private final MemorySegment context;
    private final MemorySegment queue;
    /** Its own queue as an object, for the calls that take one (not registered: the device releases it). */
    private OpenClQueue ownQueue;
    private final String platformName;
    private final String name;
    private final String vendor;
    private final String version;
    private final boolean fp64;
    private final long maxWorkGroupSize;
    private final boolean hostUnifiedMemory;
    private final long localMemorySize;
    private final LinkedHashSet<NativeResource> open = new LinkedHashSet<>();
    private boolean closed;

    private OpenClDevice(final MemorySegment platform, final MemorySegment device) {
        this.platform = platform;
        this.device = device;
        this.platformName = OpenCl.platformString(platform, OpenCl.CL_PLATFORM_NAME);
        this.name = OpenCl.deviceString(device, OpenCl.CL_DEVICE_NAME);
        this.vendor = OpenCl.deviceString(device, OpenCl.CL_DEVICE_VENDOR);
        this.version = OpenCl.deviceString(device, OpenCl.CL_DEVICE_VERSION);
        this.fp64 = fp64(device);
        this.maxWorkGroupSize = OpenCl.deviceLong(device, OpenCl.CL_DEVICE_MAX_WORK_GROUP_SIZE);
        this.hostUnifiedMemory = OpenCl.deviceInt(device, OpenCl.CL_DEVICE_HOST_UNIFIED_MEMORY) != 0;
        this.localMemorySize = OpenCl.deviceLong(device, OpenCl.CL_DEVICE_LOCAL_MEM_SIZE);
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment devices = arena.allocate(ADDRESS);
            devices.set(ADDRESS, 0, device);
            final MemorySegment ctx = OpenCl.clCreateContext(MemorySegment.NULL, 1, devices, MemorySegment.NULL,
                MemorySegment.NULL, err);
            check(err.get(JAVA_INT, 0), "clCreateContext(device '" + name + "')");
            final MemorySegment q = OpenCl.clCreateCommandQueue(ctx, device, 0L, err);
            final int code = err.get(JAVA_INT, 0);
            if (code != OpenCl.CL_SUCCESS) {
                final OpenClException e = new OpenClException(code, "clCreateCommandQueue(device '" + name + "')");
                release(OpenCl.clReleaseContext(ctx), "clReleaseContext", e);
                throw e;
            }
            this.context = ctx;
            this.queue = q;
        }
    }

    /**
     * Opens the first device of the first platform that has one, of any type (CPU, GPU, accelerator), in the order the
     * ICD loader lists them.
     *
     * @return the device, or empty if OpenCL is not available ({@link OpenCl#unavailableReason()} says why).
     * @throws OpenClException if a device is listed but its context or queue cannot be created.
     */
    public static Optional<OpenClDevice> first() {
        return open(0);
    }

    /**
     * @return the OpenCL devices here, over all platforms (0 when OpenCL is not available). Never throws.
     */
    public static int count() {
        if (!OpenCl.available()) {
            return 0;
        }
        int n = 0;
        for (final MemorySegment platform : OpenCl.platformIds()) {
            n += OpenCl.deviceIds(platform).size();
        }
        return n;
    }

    /**
     * Opens the {@code index}-th device, counting the devices of every platform in the order the platforms list
     * them (the order of {@link #describeAll()}): {@code +device opencl:index}.
     *
     * @param index from 0.
     * @return the device, owned by the caller; empty if there are not that many.
     */
    public static Optional<OpenClDevice> open(final int index) {
        if (!OpenCl.available() || index < 0) {
            return Optional.empty();
        }
        int k = 0;
        for (final MemorySegment platform : OpenCl.platformIds()) {
            for (final MemorySegment d : OpenCl.deviceIds(platform)) {
                if (k++ == index) {
                    return Optional.of(new OpenClDevice(platform, d));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Describes every device of every platform, one line each: platform, device name, type, vendor, OpenCL version,
     * driver version, fp64, compute units, maximum work-group size and global memory.
     *
     * @return the lines; empty if {@code libOpenCL.so.1} does not load or lists no platform.
     * @throws OpenClException if a platform or device query fails.
     */
    public static List<String> describeAll() {
        if (!OpenCl.libraryLoaded()) {
            return List.of();
        }
        final List<String> lines = new ArrayList<>();
        final List<MemorySegment> platforms = OpenCl.platformIds();
        for (int p = 0; p < platforms.size(); p++) {
            final MemorySegment platform = platforms.get(p);
            final String platformName = OpenCl.platformString(platform, OpenCl.CL_PLATFORM_NAME);
            final List<MemorySegment> devices = OpenCl.deviceIds(platform);
            if (devices.isEmpty()) {
                lines.add("platform " + p + " '" + platformName + "': no device");
            }
            for (int d = 0; d < devices.size(); d++) {
                final MemorySegment device = devices.get(d);
                lines.add("platform " + p + " '" + platformName + "', device " + d + " '"
                    + OpenCl.deviceString(device, OpenCl.CL_DEVICE_NAME) + "': "
                    + typeName(OpenCl.deviceLong(device, OpenCl.CL_DEVICE_TYPE))
                    + ", vendor " + OpenCl.deviceString(device, OpenCl.CL_DEVICE_VENDOR)
                    + ", " + OpenCl.deviceString(device, OpenCl.CL_DEVICE_VERSION)
                    + ", driver " + OpenCl.deviceString(device, OpenCl.CL_DRIVER_VERSION)
                    + ", fp64 " + (fp64(device) ? "yes" : "no")
                    + ", " + OpenCl.deviceInt(device, OpenCl.CL_DEVICE_MAX_COMPUTE_UNITS) + " compute units"
                    + ", max work-group " + OpenCl.deviceLong(device, OpenCl.CL_DEVICE_MAX_WORK_GROUP_SIZE)
                    + ", global memory " + (OpenCl.deviceLong(device, OpenCl.CL_DEVICE_GLOBAL_MEM_SIZE) >> 20)
                    + " MiB");
            }
        }
        return List.copyOf(lines);
    }

    private static boolean fp64(final MemorySegment device) {
        final String extensions = OpenCl.deviceString(device, OpenCl.CL_DEVICE_EXTENSIONS);
        return (" " + extensions + " ").contains(" cl_khr_fp64 ")
            || OpenCl.deviceLong(device, OpenCl.CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
    }

    private static String typeName(final long type) {
        final List<String> names = new ArrayList<>();
        if ((type & OpenCl.CL_DEVICE_TYPE_CPU) != 0) {
            names.add("CPU");
        }
        if ((type & OpenCl.CL_DEVICE_TYPE_GPU) != 0) {
            names.add("GPU");
        }
        if ((type & OpenCl.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            names.add("accelerator");
        }
        return names.isEmpty() ? "type 0x" + Long.toHexString(type) : String.join("+", names);
    }

    /** @return the device name ({@code CL_DEVICE_NAME}). */
    public String name() {
        return name;
    }

    /** @return the device vendor ({@code CL_DEVICE_VENDOR}). */
    public String vendor() {
        return vendor;
    }

    /** @return the OpenCL version the device supports ({@code CL_DEVICE_VERSION}, "OpenCL 1.2 ..."). */
    public String version() {
        return version;
    }

    /** @return the platform's name ({@code CL_PLATFORM_NAME}). */
    public String platformName() {
        return platformName;
    }

    /**
     * @return whether the device has double precision ({@code cl_khr_fp64}); kernels using {@code double} on OpenCL
     *         1.2 also need {@code #pragma OPENCL EXTENSION cl_khr_fp64 : enable}.
     */
    public boolean hasFp64() {
        return fp64;
    }

    /** @return the largest work-group the device runs ({@code CL_DEVICE_MAX_WORK_GROUP_SIZE}). */
    public long maxWorkGroupSize() {
        return maxWorkGroupSize;
    }

    /**
     * @return whether the device works in host memory ({@code CL_DEVICE_HOST_UNIFIED_MEMORY}: CPU devices such as
     *         PoCL, integrated GPUs): a buffer over host memory is then used in place, and moving data between host
     *         and device is a map, not a copy.
     */
    public boolean hostUnifiedMemory() {
        return hostUnifiedMemory;
    }

    /** @return bytes of local memory a work-group may share ({@code CL_DEVICE_LOCAL_MEM_SIZE}). */
    public long localMemorySize() {
        return localMemorySize;
    }

    /** @return the device's own in-order queue, the one every call without a queue uses. */
    public OpenClQueue defaultQueue() {
        requireOpen();
        if (ownQueue == null) {
            ownQueue = new OpenClQueue(this, queue, false);
        }
        return ownQueue;
    }

    /**
     * Creates another in-order queue on this device: commands on different queues may overlap on the device. Closed
     * by its owner or with the device.
     *
     * @return the queue.
     * @throws OpenClException if it cannot be created.
     */
    public OpenClQueue newQueue() {
        requireOpen();
        return register(OpenClQueue.create(this));
    }

    /**
     * Compiles OpenCL C for this device.
     *
     * @param source  the program text, one or more {@code __kernel} functions.
     * @param options build options such as {@code "-cl-fast-relaxed-math"}, or {@code null}/empty for none.
     * @return the built program.
     * @throws OpenClException on failure; for {@code CL_BUILD_PROGRAM_FAILURE} the message holds the compiler's build
     *                         log and the source with line numbers.
     */
    public OpenClProgram compile(final String source, final String options) {
        requireOpen();
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("OpenCL program source is empty");
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment err = arena.allocate(JAVA_INT);
            final MemorySegment strings = arena.allocate(ADDRESS);
            strings.set(ADDRESS, 0, arena.allocateFrom(source, StandardCharsets.UTF_8));
            final MemorySegment program = OpenCl.clCreateProgramWithSource(context, 1, strings, MemorySegment.NULL,
                err);
            check(err.get(JAVA_INT, 0), "clCreateProgramWithSource");
            try {
                final MemorySegment devices = arena.allocate(ADDRESS);
                devices.set(ADDRESS, 0, device);
                final MemorySegment opts = options == null || options.isEmpty() ? MemorySegment.NULL
                    : arena.allocateFrom(options, StandardCharsets.UTF_8);
                final int code = OpenCl.clBuildProgram(program, 1, devices, opts, MemorySegment.NULL,
                    MemorySegment.NULL);
                final String log = buildLog(program);
                if (code != OpenCl.CL_SUCCESS) {
                    throw new OpenClException(code, "clBuildProgram(options \"" + (options == null ? "" : options)
                        + "\", device '" + name + "')",
                        "build log:\n" + (log.isBlank() ? "(empty)" : log.strip()) + "\nsource:\n" + numbered(source));
                }
                return register(new OpenClProgram(this, program, log));
            } catch (final RuntimeException e) {
                release(OpenCl.clReleaseProgram(program), "clReleaseProgram", e);
                throw e;
            }
        }
    }

    private String buildLog(final MemorySegment program) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment size = arena.allocate(JAVA_LONG);
            check(OpenCl.clGetProgramBuildInfo(program, device, OpenCl.CL_PROGRAM_BUILD_LOG, 0, MemorySegment.NULL,
                size), "clGetProgramBuildInfo(CL_PROGRAM_BUILD_LOG)");
            final long n = size.get(JAVA_LONG, 0);
            final MemorySegment log = arena.allocate(Math.max(1, n));
            check(OpenCl.clGetProgramBuildInfo(program, device, OpenCl.CL_PROGRAM_BUILD_LOG, n, log,
                MemorySegment.NULL), "clGetProgramBuildInfo(CL_PROGRAM_BUILD_LOG)");
            return log.getString(0, StandardCharsets.UTF_8);
        }
    }

    private static String numbered(final String source) {
        final String[] lines = source.split("\n");
        final int width = Integer.toString(lines.length).length();
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            final String n = Integer.toString(i + 1);
            b.append(" ".repeat(width - n.length())).append(n).append(" | ").append(lines[i]).append('\n');
        }
        return b.toString();
    }

    /**
     * Blocks until every command queued on this device is complete ({@code clFinish}).
     *
     * @throws OpenClException if the queue reports an error.
     */
    public void finish() {
        requireOpen();
        check(OpenCl.clFinish(queue), "clFinish(device '" + name + "')");
    }

    /**
     * Waits for the queue, then releases every program, kernel, buffer and event still open, the queue and the
     * context. A second call does nothing.
     *
     * @throws OpenClException if a release fails (after releasing everything else; further failures are suppressed
     *                         into it).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        OpenClException failure = null;
        final int finished = OpenCl.clFinish(queue);
        if (finished != OpenCl.CL_SUCCESS) {
            failure = new OpenClException(finished, "clFinish(device '" + name + "')");
        }
        final List<NativeResource> children = new ArrayList<>(open);
        for (int i = children.size() - 1; i >= 0; i--) {
            try {
                children.get(i).close();
            } catch (final OpenClException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        closed = true;
        failure = collect(failure, OpenCl.clReleaseCommandQueue(queue), "clReleaseCommandQueue");
        failure = collect(failure, OpenCl.clReleaseContext(context), "clReleaseContext");
        if (failure != null) {
            throw failure;
        }
    }

    private static OpenClException collect(final OpenClException failure, final int code, final String function) {
        if (code == OpenCl.CL_SUCCESS) {
            return failure;
        }
        final OpenClException e = new OpenClException(code, function);
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    /** Adds a failed release to an exception already on its way out. */
    static void release(final int code, final String function, final Throwable pending) {
        if (code != OpenCl.CL_SUCCESS) {
            pending.addSuppressed(new OpenClException(code, function));
        }
    }

    @Override
    public String toString() {
        return "OpenClDevice['" + name + "', " + version + (closed ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------------------------------------- package

    <T extends NativeResource> T register(final T resource) {
        open.add(resource);
        return resource;
    }

    void forget(final NativeResource resource) {
        open.remove(resource);
    }

    void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    MemorySegment context() {
        return context;
    }

    MemorySegment id() {
        return device;
    }

    MemorySegment queue() {
        return queue;
    }

    MemorySegment platform() {
        return platform;
    }
}
