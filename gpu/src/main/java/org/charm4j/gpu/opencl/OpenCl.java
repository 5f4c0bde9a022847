package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The raw OpenCL 1.2 entry points, bound once through {@link Linker#nativeLinker()} to {@code libOpenCL.so.1} (the ICD
 * loader), plus the constants charm4j uses and {@link #check(int, String)}. Most code wants {@link OpenClDevice}.
 *
 * <p>Types: {@code cl_int}/{@code cl_uint}/{@code cl_bool} and the {@code *_info} enums are {@code int};
 * {@code size_t} and the 64-bit bitfields ({@code cl_device_type}, {@code cl_mem_flags}, {@code cl_map_flags},
 * {@code cl_command_queue_properties}) are {@code long} (64-bit Linux); handles and pointers are
 * {@link MemorySegment}, {@link MemorySegment#NULL} for {@code NULL}. The wrappers return the C result unchanged: pass an
 * {@code int} result to {@link #check(int, String)}, and read an {@code errcode_ret} out-parameter likewise.
 *
 * <p>If the library or a symbol is missing, each affected entry point throws {@link IllegalStateException} saying so;
 * {@link #available()} tells beforehand, without throwing.
 *
 * <p>Threading: the OpenCL 1.2 API is thread-safe except {@code clSetKernelArg} on one kernel; these wrappers add no
 * state.
 */
public final class OpenCl {
    /** The ICD loader's soname. */
    public static final String LIBRARY = "libOpenCL.so.1";

    /** {@code CL_SUCCESS}. */
    public static final int CL_SUCCESS = 0;
    /** {@code CL_TRUE}, for {@code cl_bool} parameters such as a blocking read. */
    public static final int CL_TRUE = 1;
    /** {@code CL_FALSE}. */
    public static final int CL_FALSE = 0;

    /** {@code CL_PLATFORM_VERSION} for {@link #clGetPlatformInfo}. */
    public static final int CL_PLATFORM_VERSION = 0x0901;
    /** {@code CL_PLATFORM_NAME}. */
    public static final int CL_PLATFORM_NAME = 0x0902;
    /** {@code CL_PLATFORM_VENDOR}. */
    public static final int CL_PLATFORM_VENDOR = 0x0903;

    /** {@code CL_DEVICE_TYPE_ALL} for {@link #clGetDeviceIDs}. */
    public static final long CL_DEVICE_TYPE_ALL = 0xFFFFFFFFL;
    /** {@code CL_DEVICE_TYPE_CPU}, a bit of the {@code CL_DEVICE_TYPE} info value. */
    public static final long CL_DEVICE_TYPE_CPU = 1L << 1;
    /** {@code CL_DEVICE_TYPE_GPU}. */
    public static final long CL_DEVICE_TYPE_GPU = 1L << 2;
    /** {@code CL_DEVICE_TYPE_ACCELERATOR}. */
    public static final long CL_DEVICE_TYPE_ACCELERATOR = 1L << 3;

    /** {@code CL_DEVICE_TYPE} for {@link #clGetDeviceInfo} (a {@code cl_device_type}). */
    public static final int CL_DEVICE_TYPE = 0x1000;
    /** {@code CL_DEVICE_MAX_COMPUTE_UNITS} (a {@code cl_uint}). */
    public static final int CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    /** {@code CL_DEVICE_MAX_WORK_GROUP_SIZE} (a {@code size_t}). */
    public static final int CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
    /** {@code CL_DEVICE_GLOBAL_MEM_SIZE} (a {@code cl_ulong}). */
    public static final int CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    /** {@code CL_DEVICE_NAME} (a string). */
    public static final int CL_DEVICE_NAME = 0x102B;
    /** {@code CL_DEVICE_VENDOR} (a string). */
    public static final int CL_DEVICE_VENDOR = 0x102C;
    /** {@code CL_DRIVER_VERSION} (a string). */
    public static final int CL_DRIVER_VERSION = 0x102D;
    /** {@code CL_DEVICE_VERSION} (a string, "OpenCL major.minor ..."). */
    public static final int CL_DEVICE_VERSION = 0x102F;
    /** {@code CL_DEVICE_HOST_UNIFIED_MEMORY} (a {@code cl_bool}): the device and the host share memory. */
    public static final int CL_DEVICE_HOST_UNIFIED_MEMORY = 0x1035;
    /** {@code CL_DEVICE_LOCAL_MEM_SIZE} (a {@code cl_ulong}): bytes of local (work-group shared) memory. */
    public static final int CL_DEVICE_LOCAL_MEM_SIZE = 0x1023;
    /** {@code CL_DEVICE_EXTENSIONS} (a space-separated string). */
    public static final int CL_DEVICE_EXTENSIONS = 0x1030;
    /** {@code CL_DEVICE_DOUBLE_FP_CONFIG} (a {@code cl_device_fp_config}; 0 without double precision). */
    public static final int CL_DEVICE_DOUBLE_FP_CONFIG = 0x1032;

    /** {@code CL_PROGRAM_BUILD_STATUS} for {@link #clGetProgramBuildInfo}. */
    public static final int CL_PROGRAM_BUILD_STATUS = 0x1181;
    /** {@code CL_PROGRAM_BUILD_LOG} (a string). */
    public static final int CL_PROGRAM_BUILD_LOG = 0x1183;

    /** {@code CL_MEM_READ_WRITE} for {@link #clCreateBuffer}. */
    public static final long CL_MEM_READ_WRITE = 1L;
    /** {@code CL_MEM_WRITE_ONLY}. */
    public static final long CL_MEM_WRITE_ONLY = 1L << 1;
    /** {@code CL_MEM_READ_ONLY}. */
    public static final long CL_MEM_READ_ONLY = 1L << 2;
    /** {@code CL_MEM_USE_HOST_PTR}: the buffer lives in (or is cached from) the given host memory. */
    public static final long CL_MEM_USE_HOST_PTR = 1L << 3;
    /** {@code CL_MEM_ALLOC_HOST_PTR}. */
    public static final long CL_MEM_ALLOC_HOST_PTR = 1L << 4;
    /** {@code CL_MEM_COPY_HOST_PTR}. */
    public static final long CL_MEM_COPY_HOST_PTR = 1L << 5;

    /** {@code CL_MAP_READ} for {@link #clEnqueueMapBuffer}. */
    public static final long CL_MAP_READ = 1L;
    /** {@code CL_MAP_WRITE}. */
    public static final long CL_MAP_WRITE = 1L << 1;
    /** {@code CL_MAP_WRITE_INVALIDATE_REGION} (OpenCL 1.2): map for writing, the old contents need not be read. */
    public static final long CL_MAP_WRITE_INVALIDATE_REGION = 1L << 2;

    /** {@code CL_EVENT_COMMAND_EXECUTION_STATUS} for {@link #clGetEventInfo} (a {@code cl_int}). */
    public static final int CL_EVENT_COMMAND_EXECUTION_STATUS = 0x11D3;
    /** {@code CL_COMPLETE}: an execution status; negative statuses are errors. */
    public static final int CL_COMPLETE = 0;
    /** {@code CL_RUNNING}. */
    public static final int CL_RUNNING = 1;
    /** {@code CL_SUBMITTED}. */
    public static final int CL_SUBMITTED = 2;
    /** {@code CL_QUEUED}. */
    public static final int CL_QUEUED = 3;

    /** {@code CL_PLATFORM_NOT_FOUND_KHR}: what the ICD loader returns when no vendor ICD is installed. */
    public static final int CL_PLATFORM_NOT_FOUND_KHR = -1001;
    /** {@code CL_DEVICE_NOT_FOUND}. */
    public static final int CL_DEVICE_NOT_FOUND = -1;

    private static final String[] ERROR_NAMES = errorNames();

    private static final SymbolLookup LIB;
    private static final String LOAD_FAILURE;

    static {
        SymbolLookup lib = null;
        String failure = null;
        try {
            lib = loadLibrary();
        } catch (final IllegalArgumentException | IllegalCallerException e) {
            failure = LIBRARY + " could not be loaded (" + e.getMessage() + "); install an OpenCL ICD loader"
                + " (Debian/Ubuntu: ocl-icd-libopencl1) and a driver (e.g. pocl-opencl-icd, or the GPU vendor's),"
                + " and run the JVM with --enable-native-access=ALL-UNNAMED";
        }
        LIB = lib;
        LOAD_FAILURE = failure;
    }

    /** Throws the reason a binding is missing; declared before the bindings, which use it. */
    private static final MethodHandle UNAVAILABLE = unavailableHandle();

    private static final MethodHandle GET_PLATFORM_IDS = bind("clGetPlatformIDs", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GET_PLATFORM_INFO =
        bind("clGetPlatformInfo", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
    private static final MethodHandle GET_DEVICE_IDS =
        bind("clGetDeviceIDs", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GET_DEVICE_INFO =
        bind("clGetDeviceInfo", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
    private static final MethodHandle CREATE_CONTEXT =
        bind("clCreateContext", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle CREATE_COMMAND_QUEUE =
        bind("clCreateCommandQueue", ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    private static final MethodHandle CREATE_PROGRAM_WITH_SOURCE =
        bind("clCreateProgramWithSource", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle BUILD_PROGRAM =
        bind("clBuildProgram", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle GET_PROGRAM_BUILD_INFO =
        bind("clGetProgramBuildInfo", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
    private static final MethodHandle CREATE_KERNEL = bind("clCreateKernel", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle SET_KERNEL_ARG =
        bind("clSetKernelArg", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS);
    private static final MethodHandle CREATE_BUFFER =
        bind("clCreateBuffer", ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS);
    private static final MethodHandle ENQUEUE_ND_RANGE_KERNEL = bind("clEnqueueNDRangeKernel", JAVA_INT,
        ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle FINISH = bind("clFinish", JAVA_INT, ADDRESS);
    private static final MethodHandle FLUSH = bind("clFlush", JAVA_INT, ADDRESS);
    private static final MethodHandle ENQUEUE_MARKER_WITH_WAIT_LIST =
        bind("clEnqueueMarkerWithWaitList", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ENQUEUE_BARRIER_WITH_WAIT_LIST =
        bind("clEnqueueBarrierWithWaitList", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ENQUEUE_READ_BUFFER = bind("clEnqueueReadBuffer", JAVA_INT,
        ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ENQUEUE_WRITE_BUFFER = bind("clEnqueueWriteBuffer", JAVA_INT,
        ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ENQUEUE_READ_BUFFER_RECT = bind("clEnqueueReadBufferRect", JAVA_INT,
        ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS,
        JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ENQUEUE_WRITE_BUFFER_RECT = bind("clEnqueueWriteBufferRect", JAVA_INT,
        ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS,
        JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ENQUEUE_MAP_BUFFER = bind("clEnqueueMapBuffer", ADDRESS,
        ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle ENQUEUE_UNMAP_MEM_OBJECT =
        bind("clEnqueueUnmapMemObject", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle WAIT_FOR_EVENTS = bind("clWaitForEvents", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle GET_EVENT_INFO =
        bind("clGetEventInfo", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS);
    private static final MethodHandle RELEASE_EVENT = bind("clReleaseEvent", JAVA_INT, ADDRESS);
    private static final MethodHandle RELEASE_MEM_OBJECT = bind("clReleaseMemObject", JAVA_INT, ADDRESS);
    private static final MethodHandle RELEASE_KERNEL = bind("clReleaseKernel", JAVA_INT, ADDRESS);
    private static final MethodHandle RELEASE_PROGRAM = bind("clReleaseProgram", JAVA_INT, ADDRESS);
    private static final MethodHandle RELEASE_COMMAND_QUEUE = bind("clReleaseCommandQueue", JAVA_INT, ADDRESS);
    private static final MethodHandle RELEASE_CONTEXT = bind("clReleaseContext", JAVA_INT, ADDRESS);

    private OpenCl() {
    }

    // ---------------------------------------------------------------------------------------------- availability

    /**
     * Says whether OpenCL can be used here: {@code libOpenCL.so.1} loads and lists at least one platform with at least
     * one device. Computed once; never throws.
     *
     * @return {@code true} if {@link OpenClDevice#first()} will find a device.
     */
    public static boolean available() {
        return Availability.REASON == null;
    }

    /**
     * @return why {@link #available()} is false (what was looked for, what was found, what to install), or empty when
     *         OpenCL is available.
     */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Availability.REASON);
    }

    private static final class Availability {
        static final String REASON = probe();

        private static String probe() {
            if (LOAD_FAILURE != null) {
                return LOAD_FAILURE;
            }
            try {
                final List<MemorySegment> platforms = platformIds();
                if (platforms.isEmpty()) {
                    return LIBRARY + " loaded but lists no OpenCL platform; install a driver (e.g. pocl-opencl-icd for"
                        + " the CPU, or the GPU vendor's) and check /etc/OpenCL/vendors/*.icd";
                }
                for (final MemorySegment platform : platforms) {
                    if (!deviceIds(platform).isEmpty()) {
                        return null;
                    }
                }
                return LIBRARY + " lists " + platforms.size() + " OpenCL platform(s) but no device of any type";
            } catch (final RuntimeException e) {
                return "probing OpenCL through " + LIBRARY + " failed: " + e;
            }
        }
    }

    /** @return whether {@code libOpenCL.so.1} loaded (it may still list no platform). */
    static boolean libraryLoaded() {
        return LOAD_FAILURE == null;
    }

    // ---------------------------------------------------------------------------------------------- errors

    /**
     * Throws if {@code code} is an OpenCL error.
     *
     * @param code     a {@code cl_int} returned by, or written to {@code errcode_ret} by, an OpenCL call.
     * @param function the call, e.g. {@code "clBuildProgram"}, with what it was called on where that helps.
     * @throws OpenClException if {@code code} is not {@link #CL_SUCCESS}, naming {@code function} and the error.
     */
    public static void check(final int code, final String function) {
        if (code != CL_SUCCESS) {
            throw new OpenClException(code, function);
        }
    }

    /**
     * @param code a {@code cl_int} status or error.
     * @return its symbolic name, e.g. {@code CL_INVALID_ARG_INDEX}, or {@code CL_UNKNOWN_ERROR} for codes OpenCL 2.2
     *         and the ICD loader do not define.
     */
    public static String errorName(final int code) {
        if (code == CL_PLATFORM_NOT_FOUND_KHR) {
            return "CL_PLATFORM_NOT_FOUND_KHR";
        }
        final int i = -code;
        if (i >= 0 && i < ERROR_NAMES.length && ERROR_NAMES[i] != null) {
            return ERROR_NAMES[i];
        }
        return "CL_UNKNOWN_ERROR";
    }

    private static String[] errorNames() {
        final String[] n = new String[73];
        n[0] = "CL_SUCCESS";
        n[1] = "CL_DEVICE_NOT_FOUND";
        n[2] = "CL_DEVICE_NOT_AVAILABLE";
        n[3] = "CL_COMPILER_NOT_AVAILABLE";
        n[4] = "CL_MEM_OBJECT_ALLOCATION_FAILURE";
        n[5] = "CL_OUT_OF_RESOURCES";
        n[6] = "CL_OUT_OF_HOST_MEMORY";
        n[7] = "CL_PROFILING_INFO_NOT_AVAILABLE";
        n[8] = "CL_MEM_COPY_OVERLAP";
        n[9] = "CL_IMAGE_FORMAT_MISMATCH";
        n[10] = "CL_IMAGE_FORMAT_NOT_SUPPORTED";
        n[11] = "CL_BUILD_PROGRAM_FAILURE";
        n[12] = "CL_MAP_FAILURE";
        n[13] = "CL_MISALIGNED_SUB_BUFFER_OFFSET";
        n[14] = "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST";
        n[15] = "CL_COMPILE_PROGRAM_FAILURE";
        n[16] = "CL_LINKER_NOT_AVAILABLE";
        n[17] = "CL_LINK_PROGRAM_FAILURE";
        n[18] = "CL_DEVICE_PARTITION_FAILED";
        n[19] = "CL_KERNEL_ARG_INFO_NOT_AVAILABLE";
        n[30] = "CL_INVALID_VALUE";
        n[31] = "CL_INVALID_DEVICE_TYPE";
        n[32] = "CL_INVALID_PLATFORM";
        n[33] = "CL_INVALID_DEVICE";
        n[34] = "CL_INVALID_CONTEXT";
        n[35] = "CL_INVALID_QUEUE_PROPERTIES";
        n[36] = "CL_INVALID_COMMAND_QUEUE";
        n[37] = "CL_INVALID_HOST_PTR";
        n[38] = "CL_INVALID_MEM_OBJECT";
        n[39] = "CL_INVALID_IMAGE_FORMAT_DESCRIPTOR";
        n[40] = "CL_INVALID_IMAGE_SIZE";
        n[41] = "CL_INVALID_SAMPLER";
        n[42] = "CL_INVALID_BINARY";
        n[43] = "CL_INVALID_BUILD_OPTIONS";
        n[44] = "CL_INVALID_PROGRAM";
        n[45] = "CL_INVALID_PROGRAM_EXECUTABLE";
        n[46] = "CL_INVALID_KERNEL_NAME";
        n[47] = "CL_INVALID_KERNEL_DEFINITION";
        n[48] = "CL_INVALID_KERNEL";
        n[49] = "CL_INVALID_ARG_INDEX";
        n[50] = "CL_INVALID_ARG_VALUE";
        n[51] = "CL_INVALID_ARG_SIZE";
        n[52] = "CL_INVALID_KERNEL_ARGS";
        n[53] = "CL_INVALID_WORK_DIMENSION";
        n[54] = "CL_INVALID_WORK_GROUP_SIZE";
        n[55] = "CL_INVALID_WORK_ITEM_SIZE";
        n[56] = "CL_INVALID_GLOBAL_OFFSET";
        n[57] = "CL_INVALID_EVENT_WAIT_LIST";
        n[58] = "CL_INVALID_EVENT";
        n[59] = "CL_INVALID_OPERATION";
        n[60] = "CL_INVALID_GL_OBJECT";
        n[61] = "CL_INVALID_BUFFER_SIZE";
        n[62] = "CL_INVALID_MIP_LEVEL";
        n[63] = "CL_INVALID_GLOBAL_WORK_SIZE";
        n[64] = "CL_INVALID_PROPERTY";
        n[65] = "CL_INVALID_IMAGE_DESCRIPTOR";
        n[66] = "CL_INVALID_COMPILER_OPTIONS";
        n[67] = "CL_INVALID_LINKER_OPTIONS";
        n[68] = "CL_INVALID_DEVICE_PARTITION_COUNT";
        n[69] = "CL_INVALID_PIPE_SIZE";
        n[70] = "CL_INVALID_DEVICE_QUEUE";
        n[71] = "CL_INVALID_SPEC_ID";
        n[72] = "CL_MAX_SIZE_RESTRICTION_EXCEEDED";
        return n;
    }

    // ---------------------------------------------------------------------------------------------- queries

    /**
     * @return every platform's id; empty when the ICD loader finds none.
     * @throws OpenClException if {@code clGetPlatformIDs} fails otherwise.
     */
    static List<MemorySegment> platformIds() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment count = arena.allocate(JAVA_INT);
            final int code = clGetPlatformIDs(0, MemorySegment.NULL, count);
            if (code == CL_PLATFORM_NOT_FOUND_KHR) {
                return List.of();
            }
            check(code, "clGetPlatformIDs");
            final int n = count.get(JAVA_INT, 0);
            if (n == 0) {
                return List.of();
            }
            final MemorySegment ids = arena.allocate(ADDRESS, n);
            check(clGetPlatformIDs(n, ids, MemorySegment.NULL), "clGetPlatformIDs");
            return addresses(ids, n);
        }
    }

    /**
     * @param platform a platform id.
     * @return the ids of its devices of any type; empty when it has none.
     * @throws OpenClException if {@code clGetDeviceIDs} fails otherwise.
     */
    static List<MemorySegment> deviceIds(final MemorySegment platform) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment count = arena.allocate(JAVA_INT);
            final int code = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, MemorySegment.NULL, count);
            if (code == CL_DEVICE_NOT_FOUND) {
                return List.of();
            }
            check(code, "clGetDeviceIDs");
            final int n = count.get(JAVA_INT, 0);
            if (n == 0) {
                return List.of();
            }
            final MemorySegment ids = arena.allocate(ADDRESS, n);
            check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, n, ids, MemorySegment.NULL), "clGetDeviceIDs");
            return addresses(ids, n);
        }
    }

    private static List<MemorySegment> addresses(final MemorySegment ids, final int n) {
        final List<MemorySegment> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ids.getAtIndex(ADDRESS, i));
        }
        return List.copyOf(out);
    }

    /** @return a string-valued platform info, without its terminating NUL. */
    static String platformString(final MemorySegment platform, final int param) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment size = arena.allocate(JAVA_LONG);
            check(clGetPlatformInfo(platform, param, 0, MemorySegment.NULL, size), "clGetPlatformInfo");
            final long n = size.get(JAVA_LONG, 0);
            final MemorySegment value = arena.allocate(Math.max(1, n));
            check(clGetPlatformInfo(platform, param, n, value, MemorySegment.NULL), "clGetPlatformInfo");
            return value.getString(0, StandardCharsets.UTF_8);
        }
    }

    /** @return a string-valued device info, without its terminating NUL. */
    static String deviceString(final MemorySegment device, final int param) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment size = arena.allocate(JAVA_LONG);
            check(clGetDeviceInfo(device, param, 0, MemorySegment.NULL, size), "clGetDeviceInfo");
            final long n = size.get(JAVA_LONG, 0);
            final MemorySegment value = arena.allocate(Math.max(1, n));
            check(clGetDeviceInfo(device, param, n, value, MemorySegment.NULL), "clGetDeviceInfo");
            return value.getString(0, StandardCharsets.UTF_8);
        }
    }

    /** @return a 64-bit device info ({@code size_t}, {@code cl_ulong}, a bitfield). */
    static long deviceLong(final MemorySegment device, final int param) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment value = arena.allocate(JAVA_LONG);
            check(clGetDeviceInfo(device, param, JAVA_LONG.byteSize(), value, MemorySegment.NULL), "clGetDeviceInfo");
            return value.get(JAVA_LONG, 0);
        }
    }

    /** @return a 32-bit device info ({@code cl_uint}). */
    static int deviceInt(final MemorySegment device, final int param) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment value = arena.allocate(JAVA_INT);
            check(clGetDeviceInfo(device, param, JAVA_INT.byteSize(), value, MemorySegment.NULL), "clGetDeviceInfo");
            return value.get(JAVA_INT, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------- binding

    @SuppressWarnings("restricted") // loading libOpenCL is the point; the JVM runs with --enable-native-access
    private static SymbolLookup loadLibrary() {
        return SymbolLookup.libraryLookup(LIBRARY, Arena.global());
    }

    @SuppressWarnings("restricted") // each descriptor matches the OpenCL 1.2 prototype in its wrapper's javadoc
    private static MethodHandle bind(final String name, final MemoryLayout result, final MemoryLayout... args) {
        final FunctionDescriptor descriptor = FunctionDescriptor.of(result, args);
        final Linker linker = Linker.nativeLinker();
        if (LIB != null) {
            final Optional<MemorySegment> symbol = LIB.find(name);
            if (symbol.isPresent()) {
                return linker.downcallHandle(symbol.get(), descriptor);
            }
        }
        final String why = LIB == null ? LOAD_FAILURE
            : name + " is not exported by " + LIBRARY + "; the ICD loader is older than OpenCL 1.2";
        final MethodType type = descriptor.toMethodType();
        final MethodHandle thrower = MethodHandles.insertArguments(UNAVAILABLE, 0, "OpenCL " + name + ": " + why);
        return MethodHandles.dropArguments(thrower, 0, type.parameterList()).asType(type);
    }

    private static MethodHandle unavailableHandle() {
        try {
            return MethodHandles.lookup().findStatic(OpenCl.class, "unavailable",
                MethodType.methodType(Object.class, String.class));
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Object unavailable(final String why) {
        throw new IllegalStateException(why);
    }

    private static RuntimeException rethrow(final Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("OpenCL downcall threw " + t, t);
    }

    // ---------------------------------------------------------------------------------------------- downcalls

    /**
     * {@code cl_int clGetPlatformIDs(cl_uint num_entries, cl_platform_id *platforms, cl_uint *num_platforms)}.
     *
     * @param numEntries   capacity of {@code platforms}.
     * @param platforms    out: platform ids, or NULL.
     * @param numPlatforms out: {@code cl_uint} count, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clGetPlatformIDs(final int numEntries, final MemorySegment platforms,
                                       final MemorySegment numPlatforms) {
        try {
            return (int) GET_PLATFORM_IDS.invokeExact(numEntries, platforms, numPlatforms);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clGetPlatformInfo(cl_platform_id, cl_platform_info, size_t, void *value, size_t *size_ret)}.
     *
     * @param platform  the platform.
     * @param param     e.g. {@link #CL_PLATFORM_NAME}.
     * @param valueSize bytes available at {@code value}.
     * @param value     out, or NULL.
     * @param sizeRet   out: {@code size_t} bytes needed, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clGetPlatformInfo(final MemorySegment platform, final int param, final long valueSize,
                                        final MemorySegment value, final MemorySegment sizeRet) {
        try {
            return (int) GET_PLATFORM_INFO.invokeExact(platform, param, valueSize, value, sizeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clGetDeviceIDs(cl_platform_id, cl_device_type, cl_uint num_entries, cl_device_id *devices,
     * cl_uint *num_devices)}.
     *
     * @param platform   the platform.
     * @param deviceType e.g. {@link #CL_DEVICE_TYPE_ALL}.
     * @param numEntries capacity of {@code devices}.
     * @param devices    out: device ids, or NULL.
     * @param numDevices out: {@code cl_uint} count, or NULL.
     * @return the {@code cl_int} result ({@link #CL_DEVICE_NOT_FOUND} when there is none of that type).
     */
    public static int clGetDeviceIDs(final MemorySegment platform, final long deviceType, final int numEntries,
                                     final MemorySegment devices, final MemorySegment numDevices) {
        try {
            return (int) GET_DEVICE_IDS.invokeExact(platform, deviceType, numEntries, devices, numDevices);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clGetDeviceInfo(cl_device_id, cl_device_info, size_t, void *value, size_t *size_ret)}.
     *
     * @param device    the device.
     * @param param     e.g. {@link #CL_DEVICE_NAME}.
     * @param valueSize bytes available at {@code value}.
     * @param value     out, or NULL.
     * @param sizeRet   out: {@code size_t} bytes needed, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clGetDeviceInfo(final MemorySegment device, final int param, final long valueSize,
                                      final MemorySegment value, final MemorySegment sizeRet) {
        try {
            return (int) GET_DEVICE_INFO.invokeExact(device, param, valueSize, value, sizeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_context clCreateContext(const cl_context_properties *, cl_uint num_devices, const cl_device_id *,
     * pfn_notify, void *user_data, cl_int *errcode_ret)}.
     *
     * @param properties NULL-terminated property list, or NULL.
     * @param numDevices number of ids at {@code devices}.
     * @param devices    the device ids.
     * @param notify     an upcall stub for errors, or NULL.
     * @param userData   passed to {@code notify}, or NULL.
     * @param errcodeRet out: {@code cl_int}, or NULL.
     * @return the context, NULL on error.
     */
    public static MemorySegment clCreateContext(final MemorySegment properties, final int numDevices,
                                                final MemorySegment devices, final MemorySegment notify,
                                                final MemorySegment userData, final MemorySegment errcodeRet) {
        try {
            return (MemorySegment) CREATE_CONTEXT.invokeExact(properties, numDevices, devices, notify, userData,
                errcodeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_command_queue clCreateCommandQueue(cl_context, cl_device_id, cl_command_queue_properties,
     * cl_int *errcode_ret)} (OpenCL 1.2; deprecated but present in 2.x and 3.0).
     *
     * @param context    the context.
     * @param device     a device of the context.
     * @param properties 0 for an in-order queue without profiling.
     * @param errcodeRet out: {@code cl_int}, or NULL.
     * @return the queue, NULL on error.
     */
    public static MemorySegment clCreateCommandQueue(final MemorySegment context, final MemorySegment device,
                                                     final long properties, final MemorySegment errcodeRet) {
        try {
            return (MemorySegment) CREATE_COMMAND_QUEUE.invokeExact(context, device, properties, errcodeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_program clCreateProgramWithSource(cl_context, cl_uint count, const char **strings,
     * const size_t *lengths, cl_int *errcode_ret)}.
     *
     * @param context    the context.
     * @param count      number of strings.
     * @param strings    array of {@code count} pointers to source text.
     * @param lengths    array of {@code count} lengths, or NULL for NUL-terminated strings.
     * @param errcodeRet out: {@code cl_int}, or NULL.
     * @return the program, NULL on error.
     */
    public static MemorySegment clCreateProgramWithSource(final MemorySegment context, final int count,
                                                          final MemorySegment strings, final MemorySegment lengths,
                                                          final MemorySegment errcodeRet) {
        try {
            return (MemorySegment) CREATE_PROGRAM_WITH_SOURCE.invokeExact(context, count, strings, lengths,
                errcodeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clBuildProgram(cl_program, cl_uint num_devices, const cl_device_id *, const char *options,
     * pfn_notify, void *user_data)}.
     *
     * @param program    the program.
     * @param numDevices number of ids at {@code devices}, or 0 for all of the context's.
     * @param devices    device ids, or NULL.
     * @param options    NUL-terminated build options, or NULL.
     * @param notify     an upcall stub (makes the build asynchronous), or NULL to build synchronously.
     * @param userData   passed to {@code notify}, or NULL.
     * @return the {@code cl_int} result ({@code CL_BUILD_PROGRAM_FAILURE}: read the build log).
     */
    public static int clBuildProgram(final MemorySegment program, final int numDevices, final MemorySegment devices,
                                     final MemorySegment options, final MemorySegment notify,
                                     final MemorySegment userData) {
        try {
            return (int) BUILD_PROGRAM.invokeExact(program, numDevices, devices, options, notify, userData);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clGetProgramBuildInfo(cl_program, cl_device_id, cl_program_build_info, size_t, void *,
     * size_t *)}.
     *
     * @param program   the program.
     * @param device    the device it was built for.
     * @param param     e.g. {@link #CL_PROGRAM_BUILD_LOG}.
     * @param valueSize bytes available at {@code value}.
     * @param value     out, or NULL.
     * @param sizeRet   out: {@code size_t} bytes needed, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clGetProgramBuildInfo(final MemorySegment program, final MemorySegment device, final int param,
                                            final long valueSize, final MemorySegment value,
                                            final MemorySegment sizeRet) {
        try {
            return (int) GET_PROGRAM_BUILD_INFO.invokeExact(program, device, param, valueSize, value, sizeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_kernel clCreateKernel(cl_program, const char *kernel_name, cl_int *errcode_ret)}.
     *
     * @param program    a built program.
     * @param kernelName NUL-terminated name of a {@code __kernel} function.
     * @param errcodeRet out: {@code cl_int}, or NULL.
     * @return the kernel, NULL on error.
     */
    public static MemorySegment clCreateKernel(final MemorySegment program, final MemorySegment kernelName,
                                               final MemorySegment errcodeRet) {
        try {
            return (MemorySegment) CREATE_KERNEL.invokeExact(program, kernelName, errcodeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clSetKernelArg(cl_kernel, cl_uint arg_index, size_t arg_size, const void *arg_value)}. Not
     * thread-safe for one kernel.
     *
     * @param kernel   the kernel.
     * @param argIndex 0-based parameter index.
     * @param argSize  bytes at {@code argValue} (pointer size for a {@code cl_mem}).
     * @param argValue the value, or NULL for a {@code __local} parameter.
     * @return the {@code cl_int} result.
     */
    public static int clSetKernelArg(final MemorySegment kernel, final int argIndex, final long argSize,
                                     final MemorySegment argValue) {
        try {
            return (int) SET_KERNEL_ARG.invokeExact(kernel, argIndex, argSize, argValue);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_mem clCreateBuffer(cl_context, cl_mem_flags, size_t size, void *host_ptr, cl_int *errcode_ret)}.
     *
     * @param context    the context.
     * @param flags      e.g. {@link #CL_MEM_READ_WRITE} | {@link #CL_MEM_USE_HOST_PTR}.
     * @param size       bytes.
     * @param hostPtr    host memory for {@code USE_HOST_PTR}/{@code COPY_HOST_PTR}, else NULL.
     * @param errcodeRet out: {@code cl_int}, or NULL.
     * @return the buffer, NULL on error.
     */
    public static MemorySegment clCreateBuffer(final MemorySegment context, final long flags, final long size,
                                               final MemorySegment hostPtr, final MemorySegment errcodeRet) {
        try {
            return (MemorySegment) CREATE_BUFFER.invokeExact(context, flags, size, hostPtr, errcodeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clEnqueueNDRangeKernel(cl_command_queue, cl_kernel, cl_uint work_dim,
     * const size_t *global_work_offset, const size_t *global_work_size, const size_t *local_work_size,
     * cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event)}.
     *
     * @param queue        the queue.
     * @param kernel       the kernel, all arguments set.
     * @param workDim      1 to 3.
     * @param globalOffset {@code workDim} offsets, or NULL.
     * @param globalSize   {@code workDim} sizes.
     * @param localSize    {@code workDim} work-group sizes, or NULL to let the runtime choose.
     * @param numEvents    number of events at {@code waitList}.
     * @param waitList     events to wait for, or NULL.
     * @param event        out: the new event, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clEnqueueNDRangeKernel(final MemorySegment queue, final MemorySegment kernel, final int workDim,
                                             final MemorySegment globalOffset, final MemorySegment globalSize,
                                             final MemorySegment localSize, final int numEvents,
                                             final MemorySegment waitList, final MemorySegment event) {
        try {
            return (int) ENQUEUE_ND_RANGE_KERNEL.invokeExact(queue, kernel, workDim, globalOffset, globalSize,
                localSize, numEvents, waitList, event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clEnqueueMarkerWithWaitList(cl_command_queue, cl_uint num_events, const cl_event *wait_list,
     * cl_event *event)} (OpenCL 1.2): an event that completes once every command queued before it (or those in the
     * list) is complete.
     *
     * @param queue     the queue.
     * @param numEvents events in the list (0: all commands queued before).
     * @param waitList  the events, or NULL.
     * @param event     out: the marker's event, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clEnqueueMarkerWithWaitList(final MemorySegment queue, final int numEvents,
                                                  final MemorySegment waitList, final MemorySegment event) {
        try {
            return (int) ENQUEUE_MARKER_WITH_WAIT_LIST.invokeExact(queue, numEvents, waitList, event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clEnqueueBarrierWithWaitList(cl_command_queue, cl_uint num_events, const cl_event *wait_list,
     * cl_event *event)} (OpenCL 1.2): commands queued after it wait until the listed events are complete.
     *
     * @param queue     the queue.
     * @param numEvents events in the list.
     * @param waitList  the events.
     * @param event     out: the barrier's event, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clEnqueueBarrierWithWaitList(final MemorySegment queue, final int numEvents,
                                                   final MemorySegment waitList, final MemorySegment event) {
        try {
            return (int) ENQUEUE_BARRIER_WITH_WAIT_LIST.invokeExact(queue, numEvents, waitList, event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clFinish(cl_command_queue)}: blocks until every queued command is complete.
     *
     * @param queue the queue.
     * @return the {@code cl_int} result.
     */
    public static int clFinish(final MemorySegment queue) {
        try {
            return (int) FINISH.invokeExact(queue);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clFlush(cl_command_queue)}: issues queued commands to the device without waiting.
     *
     * @param queue the queue.
     * @return the {@code cl_int} result.
     */
    public static int clFlush(final MemorySegment queue) {
        try {
            return (int) FLUSH.invokeExact(queue);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clEnqueueReadBuffer(cl_command_queue, cl_mem, cl_bool blocking_read, size_t offset, size_t size,
     * void *ptr, cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event)}.
     *
     * @param queue     the queue.
     * @param buffer    the buffer.
     * @param blocking  {@link #CL_TRUE} to return once {@code ptr} holds the data.
     * @param offset    byte offset in the buffer.
     * @param size      bytes.
     * @param ptr       native destination.
     * @param numEvents number of events at {@code waitList}.
     * @param waitList  events to wait for, or NULL.
     * @param event     out: the new event, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clEnqueueReadBuffer(final MemorySegment queue, final MemorySegment buffer, final int blocking,
                                          final long offset, final long size, final MemorySegment ptr,
                                          final int numEvents, final MemorySegment waitList,
                                          final MemorySegment event) {
        try {
            return (int) ENQUEUE_READ_BUFFER.invokeExact(queue, buffer, blocking, offset, size, ptr, numEvents,
                waitList, event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clEnqueueReadBufferRect(cl_command_queue, cl_mem, cl_bool blocking_read, const size_t
     * *buffer_origin, const size_t *host_origin, const size_t *region, size_t buffer_row_pitch, size_t
     * buffer_slice_pitch, size_t host_row_pitch, size_t host_slice_pitch, void *ptr, cl_uint num_events_in_wait_list,
     * const cl_event *event_wait_list, cl_event *event)}: a 3-D box of the buffer into a 3-D box of host memory.
     *
     * @param queue            the queue.
     * @param buffer           the buffer.
     * @param blocking         {@link #CL_TRUE} to return once {@code ptr} holds the data.
     * @param bufferOrigin     three {@code size_t}: the box's origin in the buffer (x in bytes, y in rows, z in slices).
     * @param hostOrigin       three {@code size_t}: the same in host memory.
     * @param region           three {@code size_t}: the box's width in bytes, rows and slices.
     * @param bufferRowPitch   bytes per row in the buffer.
     * @param bufferSlicePitch bytes per slice in the buffer.
     * @param hostRowPitch     bytes per row in host memory.
     * @param hostSlicePitch   bytes per slice in host memory.
     * @param ptr              native destination.
     * @param numEvents        number of events at {@code waitList}.
     * @param waitList         events to wait for, or NULL.
     * @param event            out: the new event, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clEnqueueReadBufferRect(final MemorySegment queue, final MemorySegment buffer,
                                              final int blocking, final MemorySegment bufferOrigin,
                                              final MemorySegment hostOrigin, final MemorySegment region,
                                              final long bufferRowPitch, final long bufferSlicePitch,
                                              final long hostRowPitch, final long hostSlicePitch,
                                              final MemorySegment ptr, final int numEvents,
                                              final MemorySegment waitList, final MemorySegment event) {
        try {
            return (int) ENQUEUE_READ_BUFFER_RECT.invokeExact(queue, buffer, blocking, bufferOrigin, hostOrigin,
                region, bufferRowPitch, bufferSlicePitch, hostRowPitch, hostSlicePitch, ptr, numEvents, waitList,
                event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clEnqueueWriteBufferRect(...)}: a 3-D box of host memory into a 3-D box of the buffer; the
     * parameters as for {@link #clEnqueueReadBufferRect}, with {@code ptr} the native source.
     *
     * @param queue            the queue.
     * @param buffer           the buffer.
     * @param blocking         {@link #CL_TRUE} to return once {@code ptr} may be reused.
     * @param bufferOrigin     three {@code size_t}: the box's origin in the buffer.
     * @param hostOrigin       three {@code size_t}: the box's origin in host memory.
     * @param region           three {@code size_t}: width in bytes, rows, slices.
     * @param bufferRowPitch   bytes per row in the buffer.
     * @param bufferSlicePitch bytes per slice in the buffer.
     * @param hostRowPitch     bytes per row in host memory.
     * @param hostSlicePitch   bytes per slice in host memory.
     * @param ptr              native source.
     * @param numEvents        number of events at {@code waitList}.
     * @param waitList         events to wait for, or NULL.
     * @param event            out: the new event, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clEnqueueWriteBufferRect(final MemorySegment queue, final MemorySegment buffer,
                                               final int blocking, final MemorySegment bufferOrigin,
                                               final MemorySegment hostOrigin, final MemorySegment region,
                                               final long bufferRowPitch, final long bufferSlicePitch,
                                               final long hostRowPitch, final long hostSlicePitch,
                                               final MemorySegment ptr, final int numEvents,
                                               final MemorySegment waitList, final MemorySegment event) {
        try {
            return (int) ENQUEUE_WRITE_BUFFER_RECT.invokeExact(queue, buffer, blocking, bufferOrigin, hostOrigin,
                region, bufferRowPitch, bufferSlicePitch, hostRowPitch, hostSlicePitch, ptr, numEvents, waitList,
                event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clEnqueueWriteBuffer(cl_command_queue, cl_mem, cl_bool blocking_write, size_t offset,
     * size_t size, const void *ptr, cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
     * cl_event *event)}.
     *
     * @param queue     the queue.
     * @param buffer    the buffer.
     * @param blocking  {@link #CL_TRUE} to return once {@code ptr} may be reused.
     * @param offset    byte offset in the buffer.
     * @param size      bytes.
     * @param ptr       native source.
     * @param numEvents number of events at {@code waitList}.
     * @param waitList  events to wait for, or NULL.
     * @param event     out: the new event, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clEnqueueWriteBuffer(final MemorySegment queue, final MemorySegment buffer, final int blocking,
                                           final long offset, final long size, final MemorySegment ptr,
                                           final int numEvents, final MemorySegment waitList,
                                           final MemorySegment event) {
        try {
            return (int) ENQUEUE_WRITE_BUFFER.invokeExact(queue, buffer, blocking, offset, size, ptr, numEvents,
                waitList, event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code void *clEnqueueMapBuffer(cl_command_queue, cl_mem, cl_bool blocking_map, cl_map_flags, size_t offset,
     * size_t size, cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event,
     * cl_int *errcode_ret)}.
     *
     * @param queue      the queue.
     * @param buffer     the buffer.
     * @param blocking   {@link #CL_TRUE} to return once the mapping is usable.
     * @param mapFlags   {@link #CL_MAP_READ} and/or {@link #CL_MAP_WRITE}.
     * @param offset     byte offset in the buffer.
     * @param size       bytes.
     * @param numEvents  number of events at {@code waitList}.
     * @param waitList   events to wait for, or NULL.
     * @param event      out: the new event, or NULL.
     * @param errcodeRet out: {@code cl_int}, or NULL.
     * @return the mapped host pointer (zero length), NULL on error.
     */
    public static MemorySegment clEnqueueMapBuffer(final MemorySegment queue, final MemorySegment buffer,
                                                   final int blocking, final long mapFlags, final long offset,
                                                   final long size, final int numEvents,
                                                   final MemorySegment waitList, final MemorySegment event,
                                                   final MemorySegment errcodeRet) {
        try {
            return (MemorySegment) ENQUEUE_MAP_BUFFER.invokeExact(queue, buffer, blocking, mapFlags, offset, size,
                numEvents, waitList, event, errcodeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clEnqueueUnmapMemObject(cl_command_queue, cl_mem, void *mapped_ptr,
     * cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event)}.
     *
     * @param queue     the queue.
     * @param memObject the buffer.
     * @param mappedPtr what {@link #clEnqueueMapBuffer} returned.
     * @param numEvents number of events at {@code waitList}.
     * @param waitList  events to wait for, or NULL.
     * @param event     out: the new event, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clEnqueueUnmapMemObject(final MemorySegment queue, final MemorySegment memObject,
                                              final MemorySegment mappedPtr, final int numEvents,
                                              final MemorySegment waitList, final MemorySegment event) {
        try {
            return (int) ENQUEUE_UNMAP_MEM_OBJECT.invokeExact(queue, memObject, mappedPtr, numEvents, waitList,
                event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clWaitForEvents(cl_uint num_events, const cl_event *event_list)}.
     *
     * @param numEvents number of events at {@code eventList}.
     * @param eventList the events.
     * @return the {@code cl_int} result ({@link #errorName} gives
     *         {@code CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST} if a command failed).
     */
    public static int clWaitForEvents(final int numEvents, final MemorySegment eventList) {
        try {
            return (int) WAIT_FOR_EVENTS.invokeExact(numEvents, eventList);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clGetEventInfo(cl_event, cl_event_info, size_t, void *value, size_t *size_ret)}.
     *
     * @param event     the event.
     * @param param     e.g. {@link #CL_EVENT_COMMAND_EXECUTION_STATUS}.
     * @param valueSize bytes available at {@code value}.
     * @param value     out, or NULL.
     * @param sizeRet   out: {@code size_t} bytes needed, or NULL.
     * @return the {@code cl_int} result.
     */
    public static int clGetEventInfo(final MemorySegment event, final int param, final long valueSize,
                                     final MemorySegment value, final MemorySegment sizeRet) {
        try {
            return (int) GET_EVENT_INFO.invokeExact(event, param, valueSize, value, sizeRet);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clReleaseEvent(cl_event)}.
     *
     * @param event the event.
     * @return the {@code cl_int} result.
     */
    public static int clReleaseEvent(final MemorySegment event) {
        try {
            return (int) RELEASE_EVENT.invokeExact(event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clReleaseMemObject(cl_mem)}.
     *
     * @param memObject the buffer.
     * @return the {@code cl_int} result.
     */
    public static int clReleaseMemObject(final MemorySegment memObject) {
        try {
            return (int) RELEASE_MEM_OBJECT.invokeExact(memObject);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clReleaseKernel(cl_kernel)}.
     *
     * @param kernel the kernel.
     * @return the {@code cl_int} result.
     */
    public static int clReleaseKernel(final MemorySegment kernel) {
        try {
            return (int) RELEASE_KERNEL.invokeExact(kernel);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clReleaseProgram(cl_program)}.
     *
     * @param program the program.
     * @return the {@code cl_int} result.
     */
    public static int clReleaseProgram(final MemorySegment program) {
        try {
            return (int) RELEASE_PROGRAM.invokeExact(program);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clReleaseCommandQueue(cl_command_queue)}.
     *
     * @param queue the queue.
     * @return the {@code cl_int} result.
     */
    public static int clReleaseCommandQueue(final MemorySegment queue) {
        try {
            return (int) RELEASE_COMMAND_QUEUE.invokeExact(queue);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cl_int clReleaseContext(cl_context)}.
     *
     * @param context the context.
     * @return the {@code cl_int} result.
     */
    public static int clReleaseContext(final MemorySegment context) {
        try {
            return (int) RELEASE_CONTEXT.invokeExact(context);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }
}
