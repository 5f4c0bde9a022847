package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The raw CUDA driver API entry points charm4j uses, bound once through {@link java.lang.foreign.Linker} to
 * {@code libcuda.so.1} (installed with the NVIDIA driver), plus the constants charm4j uses,
 * {@link #check(int, String)} and the error names. Most code wants {@link CudaDevice}.
 *
 * <p>Symbols: where {@code cuda.h} maps a name to a versioned symbol, the versioned one is bound
 * ({@code cuMemAlloc_v2}, {@code cuMemFree_v2}, {@code cuMemcpyHtoDAsync_v2}, {@code cuStreamDestroy_v2},
 * {@code cuEventDestroy_v2}, {@code cuDevicePrimaryCtxRelease_v2}, ...); {@code cuEventElapsedTime_v2} (CUDA 12.8+) is
 * preferred and {@code cuEventElapsedTime} taken where it is absent. The legacy (non per-thread) default-stream
 * variants are bound; charm4j never uses stream 0, its streams are {@link #CU_STREAM_NON_BLOCKING}.
 *
 * <p>Types: {@code CUresult}, {@code CUdevice}, {@code int} and {@code unsigned int} are {@code int};
 * {@code CUdeviceptr} ({@code unsigned long long}) and {@code size_t} are {@code long} (64-bit Linux); handles
 * ({@code CUcontext}, {@code CUstream}, {@code CUevent}, {@code CUmodule}, {@code CUfunction}) and pointers are
 * {@link MemorySegment}. The wrappers return the {@code CUresult} unchanged: pass it to {@link #check(int, String)}.
 *
 * <p>If the library or a symbol is missing, each affected entry point throws {@link IllegalStateException} naming the
 * symbol and the library; {@link #available()} tells beforehand, without throwing.
 *
 * <p>Threading: the driver API is thread-safe; the current context is per thread ({@link #cuCtxSetCurrent}). These
 * wrappers add no state.
 */
public final class Cuda {
    /** The driver library's soname. */
    public static final String LIBRARY = "libcuda.so.1";

    /** {@code CUDA_SUCCESS}. */
    public static final int CUDA_SUCCESS = 0;
    /** {@code CUDA_ERROR_INVALID_VALUE}: also what {@code cuFuncGetParamInfo} returns past the last parameter. */
    public static final int CUDA_ERROR_INVALID_VALUE = 1;
    /** {@code CUDA_ERROR_NO_DEVICE}: what {@code cuInit} returns on a machine with the driver but no GPU. */
    public static final int CUDA_ERROR_NO_DEVICE = 100;
    /** {@code CUDA_ERROR_NOT_READY}: what {@code cuEventQuery}/{@code cuStreamQuery} return while work is pending. */
    public static final int CUDA_ERROR_NOT_READY = 600;
    /** {@code CU_MEMORYTYPE_HOST}, a {@code CUmemorytype} of {@link #cuMemcpy3DAsync}'s parameters. */
    public static final int CU_MEMORYTYPE_HOST = 0x01;
    /** {@code CU_MEMORYTYPE_DEVICE}. */
    public static final int CU_MEMORYTYPE_DEVICE = 0x02;
    /** Bytes of {@code CUDA_MEMCPY3D} (the {@code _v2} layout of CUDA 12 and 13 on 64-bit Linux). */
    public static final long MEMCPY3D_BYTES = 200;
    /** Byte offsets of the {@code CUDA_MEMCPY3D} fields charm4j sets (the rest stay zero). */
    public static final long MEMCPY3D_SRC_X = 0;
    /** {@code srcY}. */
    public static final long MEMCPY3D_SRC_Y = 8;
    /** {@code srcZ}. */
    public static final long MEMCPY3D_SRC_Z = 16;
    /** {@code srcMemoryType} (an int). */
    public static final long MEMCPY3D_SRC_TYPE = 32;
    /** {@code srcHost}. */
    public static final long MEMCPY3D_SRC_HOST = 40;
    /** {@code srcDevice}. */
    public static final long MEMCPY3D_SRC_DEVICE = 48;
    /** {@code srcPitch}. */
    public static final long MEMCPY3D_SRC_PITCH = 72;
    /** {@code srcHeight}. */
    public static final long MEMCPY3D_SRC_HEIGHT = 80;
    /** {@code dstXInBytes}. */
    public static final long MEMCPY3D_DST_X = 88;
    /** {@code dstY}. */
    public static final long MEMCPY3D_DST_Y = 96;
    /** {@code dstZ}. */
    public static final long MEMCPY3D_DST_Z = 104;
    /** {@code dstMemoryType} (an int). */
    public static final long MEMCPY3D_DST_TYPE = 120;
    /** {@code dstHost}. */
    public static final long MEMCPY3D_DST_HOST = 128;
    /** {@code dstDevice}. */
    public static final long MEMCPY3D_DST_DEVICE = 136;
    /** {@code dstPitch}. */
    public static final long MEMCPY3D_DST_PITCH = 160;
    /** {@code dstHeight}. */
    public static final long MEMCPY3D_DST_HEIGHT = 168;
    /** {@code WidthInBytes}. */
    public static final long MEMCPY3D_WIDTH = 176;
    /** {@code Height}. */
    public static final long MEMCPY3D_HEIGHT = 184;
    /** {@code Depth}. */
    public static final long MEMCPY3D_DEPTH = 192;

    /** {@code CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK} for {@link #cuDeviceGetAttribute}. */
    public static final int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
    /** {@code CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X}; Y and Z follow (3, 4). */
    public static final int CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X = 2;
    /** {@code CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X}; Y and Z follow (6, 7). */
    public static final int CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X = 5;
    /** {@code CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK}, bytes. */
    public static final int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8;
    /** {@code CU_DEVICE_ATTRIBUTE_WARP_SIZE}. */
    public static final int CU_DEVICE_ATTRIBUTE_WARP_SIZE = 10;
    /** {@code CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}. */
    public static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    /** {@code CU_DEVICE_ATTRIBUTE_INTEGRATED}: 1 when the device shares the host's memory (Jetson, GH200 is not). */
    public static final int CU_DEVICE_ATTRIBUTE_INTEGRATED = 18;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR}. */
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR}. */
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

    /** {@code CU_STREAM_NON_BLOCKING} for {@link #cuStreamCreate}: no implicit synchronization with stream 0. */
    public static final int CU_STREAM_NON_BLOCKING = 0x1;
    /** {@code CU_EVENT_DEFAULT} for {@link #cuEventCreate}: records timing, waits by spinning. */
    public static final int CU_EVENT_DEFAULT = 0x0;
    /** {@code CU_EVENT_DISABLE_TIMING}: cheaper to record and query; no {@link #cuEventElapsedTime}. */
    public static final int CU_EVENT_DISABLE_TIMING = 0x2;
    /** {@code CU_MEMHOSTREGISTER_PORTABLE} for {@link #cuMemHostRegister}: pinned for every context. */
    public static final int CU_MEMHOSTREGISTER_PORTABLE = 0x01;

    private static final NativeLibrary LIB = NativeLibrary.open("CUDA driver", LIBRARY);

    private static final MethodHandle INIT = bind("cuInit", JAVA_INT, JAVA_INT);
    private static final MethodHandle DRIVER_GET_VERSION = bind("cuDriverGetVersion", JAVA_INT, ADDRESS);
    private static final MethodHandle GET_ERROR_NAME = bind("cuGetErrorName", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle GET_ERROR_STRING = bind("cuGetErrorString", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle DEVICE_GET_COUNT = bind("cuDeviceGetCount", JAVA_INT, ADDRESS);
    private static final MethodHandle DEVICE_GET = bind("cuDeviceGet", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle DEVICE_GET_NAME = bind("cuDeviceGetName", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle DEVICE_GET_ATTRIBUTE =
        bind("cuDeviceGetAttribute", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle DEVICE_TOTAL_MEM = bind("cuDeviceTotalMem_v2", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle PRIMARY_CTX_RETAIN =
        bind("cuDevicePrimaryCtxRetain", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle PRIMARY_CTX_RELEASE = bind("cuDevicePrimaryCtxRelease_v2", JAVA_INT, JAVA_INT);
    private static final MethodHandle CTX_SET_CURRENT = bind("cuCtxSetCurrent", JAVA_INT, ADDRESS);
    private static final MethodHandle CTX_GET_CURRENT = bind("cuCtxGetCurrent", JAVA_INT, ADDRESS);
    private static final MethodHandle CTX_SYNCHRONIZE = bind("cuCtxSynchronize", JAVA_INT);
    private static final MethodHandle MEM_GET_INFO = bind("cuMemGetInfo_v2", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle MEM_ALLOC = bind("cuMemAlloc_v2", JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle MEM_FREE = bind("cuMemFree_v2", JAVA_INT, JAVA_LONG);
    private static final MethodHandle MEMCPY_HTOD_ASYNC =
        bind("cuMemcpyHtoDAsync_v2", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
    private static final MethodHandle MEMCPY_DTOH_ASYNC =
        bind("cuMemcpyDtoHAsync_v2", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS);
    private static final MethodHandle MEMCPY_3D_ASYNC = bind("cuMemcpy3DAsync_v2", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle MEMCPY_DTOD_ASYNC =
        bind("cuMemcpyDtoDAsync_v2", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS);
    private static final MethodHandle MEMSET_D8_ASYNC =
        bind("cuMemsetD8Async", JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS);
    private static final MethodHandle MEM_HOST_REGISTER =
        bind("cuMemHostRegister_v2", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle MEM_HOST_UNREGISTER = bind("cuMemHostUnregister", JAVA_INT, ADDRESS);
    private static final MethodHandle STREAM_CREATE = bind("cuStreamCreate", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle STREAM_DESTROY = bind("cuStreamDestroy_v2", JAVA_INT, ADDRESS);
    private static final MethodHandle STREAM_SYNCHRONIZE = bind("cuStreamSynchronize", JAVA_INT, ADDRESS);
    private static final MethodHandle STREAM_WAIT_EVENT =
        bind("cuStreamWaitEvent", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle STREAM_QUERY = bind("cuStreamQuery", JAVA_INT, ADDRESS);
    private static final MethodHandle EVENT_CREATE = bind("cuEventCreate", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle EVENT_RECORD = bind("cuEventRecord", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle EVENT_QUERY = bind("cuEventQuery", JAVA_INT, ADDRESS);
    private static final MethodHandle EVENT_SYNCHRONIZE = bind("cuEventSynchronize", JAVA_INT, ADDRESS);
    private static final MethodHandle EVENT_ELAPSED_TIME = LIB.bind(
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuEventElapsedTime_v2", "cuEventElapsedTime");
    private static final MethodHandle EVENT_DESTROY = bind("cuEventDestroy_v2", JAVA_INT, ADDRESS);
    private static final MethodHandle MODULE_LOAD_DATA = bind("cuModuleLoadData", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle MODULE_UNLOAD = bind("cuModuleUnload", JAVA_INT, ADDRESS);
    private static final MethodHandle MODULE_GET_FUNCTION =
        bind("cuModuleGetFunction", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle FUNC_GET_PARAM_INFO =
        bind("cuFuncGetParamInfo", JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
    private static final MethodHandle LAUNCH_KERNEL = bind("cuLaunchKernel", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);

    private Cuda() {
    }

    // ---------------------------------------------------------------------------------------------- availability

    /**
     * Says whether CUDA can be used here: {@code libcuda.so.1} loads, {@code cuInit(0)} succeeds and there is at least
     * one device. Computed once (the first call runs {@code cuInit}); never throws.
     *
     * @return {@code true} if {@link CudaDevice#first()} will find a device.
     */
    public static boolean available() {
        return Availability.REASON == null;
    }

    /**
     * @return why {@link #available()} is false (what was looked for, what failed, what to install), or empty when
     *         CUDA is available.
     */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Availability.REASON);
    }

    private static final class Availability {
        static final String REASON = probe();

        private static String probe() {
            if (!LIB.loaded()) {
                return LIB.failure() + "; CUDA needs the NVIDIA driver (it installs " + LIBRARY + "), an NVIDIA GPU,"
                    + " and the JVM run with --enable-native-access=ALL-UNNAMED";
            }
            try {
                final int init = cuInit(0);
                if (init != CUDA_SUCCESS) {
                    return "cuInit(0) through " + LIBRARY + " failed: " + errorName(init) + " (" + init + ")"
                        + description(init)
                        + (init == CUDA_ERROR_NO_DEVICE ? "; " + LIBRARY + " loaded but sees no NVIDIA GPU (check"
                            + " nvidia-smi and CUDA_VISIBLE_DEVICES)" : "");
                }
                final int n = deviceCount();
                return n > 0 ? null : LIBRARY + " reports no CUDA device (check nvidia-smi and CUDA_VISIBLE_DEVICES)";
            } catch (final RuntimeException e) {
                return "probing CUDA through " + LIBRARY + " failed: " + e;
            }
        }
    }

    /** @return whether {@code libcuda.so.1} loaded (there may still be no device). */
    static boolean libraryLoaded() {
        return LIB.loaded();
    }

    /** @return whether the driver has {@code cuFuncGetParamInfo} (CUDA 12.4+), to check launch arguments. */
    static boolean hasParamInfo() {
        return LIB.has("cuFuncGetParamInfo");
    }

    /**
     * @return the driver's CUDA version as {@code cuDriverGetVersion} gives it, e.g. 12040 for 12.4.
     * @throws CudaException if the call fails; {@link IllegalStateException} if the library is missing.
     */
    public static int driverVersion() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment v = arena.allocate(JAVA_INT);
            check(cuDriverGetVersion(v), "cuDriverGetVersion");
            return v.get(JAVA_INT, 0);
        }
    }

    /**
     * @param version a version as {@code cuDriverGetVersion} or {@code CUDA_VERSION} write it, e.g. 12040.
     * @return it as {@code major.minor}, e.g. {@code 12.4}.
     */
    public static String versionString(final int version) {
        return version / 1000 + "." + (version % 1000) / 10;
    }

    /** @return the number of CUDA devices; needs {@code cuInit} done. */
    static int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment n = arena.allocate(JAVA_INT);
            check(cuDeviceGetCount(n), "cuDeviceGetCount");
            return n.get(JAVA_INT, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------- errors

    /**
     * Throws if {@code code} is an error.
     *
     * @param code a {@code CUresult}.
     * @param call the call, e.g. {@code "cuMemAlloc_v2(1048576 bytes, device 'NVIDIA H200')"}.
     * @throws CudaException if {@code code} is not {@link #CUDA_SUCCESS}, naming {@code call} and the error.
     */
    public static void check(final int code, final String call) {
        if (code != CUDA_SUCCESS) {
            throw new CudaException(code, call);
        }
    }

    /**
     * @param code a {@code CUresult}.
     * @return its name, e.g. {@code CUDA_ERROR_ILLEGAL_ADDRESS}: the driver's ({@code cuGetErrorName}) when
     *         {@code libcuda.so.1} is there, else charm4j's table of the common ones ({@link #builtInErrorName(int)}).
     */
    public static String errorName(final int code) {
        if (LIB.loaded()) {
            final String s = driverString(GET_ERROR_NAME, code);
            if (s != null) {
                return s;
            }
        }
        return builtInErrorName(code);
    }

    /**
     * @param code a {@code CUresult}.
     * @return the driver's description ({@code cuGetErrorString}, e.g. "an illegal memory access was encountered"), or
     *         empty when the library is missing or does not know the code.
     */
    public static String errorString(final int code) {
        if (!LIB.loaded()) {
            return "";
        }
        final String s = driverString(GET_ERROR_STRING, code);
        return s == null ? "" : s;
    }

    /** @return {@code ": " + errorString(code)}, or empty. */
    static String description(final int code) {
        final String s = errorString(code);
        return s.isEmpty() ? "" : ": " + s;
    }

    @SuppressWarnings("restricted") // the driver returns a pointer to a static NUL-terminated string
    private static String driverString(final MethodHandle getter, final int code) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment out = arena.allocate(ADDRESS);
            final int r;
            try {
                r = (int) getter.invokeExact(code, out);
            } catch (final Throwable t) {
                throw NativeLibrary.rethrow("cuGetErrorName/cuGetErrorString", t);
            }
            final MemorySegment p = out.get(ADDRESS, 0);
            if (r != CUDA_SUCCESS || p.equals(MemorySegment.NULL)) {
                return null;
            }
            return p.reinterpret(Integer.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param code a {@code CUresult}.
     * @return its name from charm4j's table (the codes of {@code cuda.h} 13.0 that a user is likely to meet), or
     *         {@code CUresult <code>} for another.
     */
    public static String builtInErrorName(final int code) {
        return switch (code) {
            case 0 -> "CUDA_SUCCESS";
            case 1 -> "CUDA_ERROR_INVALID_VALUE";
            case 2 -> "CUDA_ERROR_OUT_OF_MEMORY";
            case 3 -> "CUDA_ERROR_NOT_INITIALIZED";
            case 4 -> "CUDA_ERROR_DEINITIALIZED";
            case 34 -> "CUDA_ERROR_STUB_LIBRARY";
            case 36 -> "CUDA_ERROR_CALL_REQUIRES_NEWER_DRIVER";
            case 46 -> "CUDA_ERROR_DEVICE_UNAVAILABLE";
            case 100 -> "CUDA_ERROR_NO_DEVICE";
            case 101 -> "CUDA_ERROR_INVALID_DEVICE";
            case 200 -> "CUDA_ERROR_INVALID_IMAGE";
            case 201 -> "CUDA_ERROR_INVALID_CONTEXT";
            case 209 -> "CUDA_ERROR_NO_BINARY_FOR_GPU";
            case 218 -> "CUDA_ERROR_INVALID_PTX";
            case 221 -> "CUDA_ERROR_JIT_COMPILER_NOT_FOUND";
            case 222 -> "CUDA_ERROR_UNSUPPORTED_PTX_VERSION";
            case 300 -> "CUDA_ERROR_INVALID_SOURCE";
            case 304 -> "CUDA_ERROR_OPERATING_SYSTEM";
            case 400 -> "CUDA_ERROR_INVALID_HANDLE";
            case 401 -> "CUDA_ERROR_ILLEGAL_STATE";
            case 500 -> "CUDA_ERROR_NOT_FOUND";
            case 600 -> "CUDA_ERROR_NOT_READY";
            case 700 -> "CUDA_ERROR_ILLEGAL_ADDRESS";
            case 701 -> "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES";
            case 702 -> "CUDA_ERROR_LAUNCH_TIMEOUT";
            case 709 -> "CUDA_ERROR_CONTEXT_IS_DESTROYED";
            case 710 -> "CUDA_ERROR_ASSERT";
            case 712 -> "CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED";
            case 713 -> "CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED";
            case 715 -> "CUDA_ERROR_ILLEGAL_INSTRUCTION";
            case 716 -> "CUDA_ERROR_MISALIGNED_ADDRESS";
            case 719 -> "CUDA_ERROR_LAUNCH_FAILED";
            case 800 -> "CUDA_ERROR_NOT_PERMITTED";
            case 801 -> "CUDA_ERROR_NOT_SUPPORTED";
            case 802 -> "CUDA_ERROR_SYSTEM_NOT_READY";
            case 803 -> "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH";
            case 804 -> "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE";
            case 999 -> "CUDA_ERROR_UNKNOWN";
            default -> "CUresult " + code;
        };
    }

    // ---------------------------------------------------------------------------------------------- binding

    private static MethodHandle bind(final String name, final MemoryLayout result, final MemoryLayout... args) {
        return LIB.bind(FunctionDescriptor.of(result, args), name);
    }

    private static RuntimeException rethrow(final Throwable t) {
        return NativeLibrary.rethrow("CUDA driver", t);
    }

    // ---------------------------------------------------------------------------------------------- downcalls

    /**
     * {@code CUresult cuInit(unsigned int Flags)}.
     *
     * @param flags 0.
     * @return the {@code CUresult}.
     */
    public static int cuInit(final int flags) {
        try {
            return (int) INIT.invokeExact(flags);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuDriverGetVersion(int *driverVersion)}.
     *
     * @param version out: an {@code int}, 1000 * major + 10 * minor.
     * @return the {@code CUresult}.
     */
    public static int cuDriverGetVersion(final MemorySegment version) {
        try {
            return (int) DRIVER_GET_VERSION.invokeExact(version);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuDeviceGetCount(int *count)}.
     *
     * @param count out: an {@code int}.
     * @return the {@code CUresult}.
     */
    public static int cuDeviceGetCount(final MemorySegment count) {
        try {
            return (int) DEVICE_GET_COUNT.invokeExact(count);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuDeviceGet(CUdevice *device, int ordinal)}.
     *
     * @param device  out: a {@code CUdevice} ({@code int}).
     * @param ordinal from 0 to {@code cuDeviceGetCount} - 1.
     * @return the {@code CUresult}.
     */
    public static int cuDeviceGet(final MemorySegment device, final int ordinal) {
        try {
            return (int) DEVICE_GET.invokeExact(device, ordinal);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuDeviceGetName(char *name, int len, CUdevice dev)}.
     *
     * @param name   out: room for {@code length} bytes, NUL-terminated.
     * @param length bytes at {@code name}.
     * @param device the device.
     * @return the {@code CUresult}.
     */
    public static int cuDeviceGetName(final MemorySegment name, final int length, final int device) {
        try {
            return (int) DEVICE_GET_NAME.invokeExact(name, length, device);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev)}.
     *
     * @param value     out: an {@code int}.
     * @param attribute e.g. {@link #CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}.
     * @param device    the device.
     * @return the {@code CUresult}.
     */
    public static int cuDeviceGetAttribute(final MemorySegment value, final int attribute, final int device) {
        try {
            return (int) DEVICE_GET_ATTRIBUTE.invokeExact(value, attribute, device);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice dev)}.
     *
     * @param bytes  out: a {@code size_t}.
     * @param device the device.
     * @return the {@code CUresult}.
     */
    public static int cuDeviceTotalMem(final MemorySegment bytes, final int device) {
        try {
            return (int) DEVICE_TOTAL_MEM.invokeExact(bytes, device);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev)}: the context the CUDA runtime uses.
     *
     * @param context out: a {@code CUcontext}.
     * @param device  the device.
     * @return the {@code CUresult}.
     */
    public static int cuDevicePrimaryCtxRetain(final MemorySegment context, final int device) {
        try {
            return (int) PRIMARY_CTX_RETAIN.invokeExact(context, device);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev)}.
     *
     * @param device the device whose primary context was retained.
     * @return the {@code CUresult}.
     */
    public static int cuDevicePrimaryCtxRelease(final int device) {
        try {
            return (int) PRIMARY_CTX_RELEASE.invokeExact(device);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuCtxSetCurrent(CUcontext ctx)}: binds the context to the calling thread.
     *
     * @param context the context, or NULL to unbind.
     * @return the {@code CUresult}.
     */
    public static int cuCtxSetCurrent(final MemorySegment context) {
        try {
            return (int) CTX_SET_CURRENT.invokeExact(context);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuCtxGetCurrent(CUcontext *pctx)}.
     *
     * @param context out: the calling thread's {@code CUcontext}, NULL if none.
     * @return the {@code CUresult}.
     */
    public static int cuCtxGetCurrent(final MemorySegment context) {
        try {
            return (int) CTX_GET_CURRENT.invokeExact(context);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuCtxSynchronize(void)}: blocks until the current context's work is done.
     *
     * @return the {@code CUresult} (the error of a failed earlier launch, if any).
     */
    public static int cuCtxSynchronize() {
        try {
            return (int) CTX_SYNCHRONIZE.invokeExact();
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemGetInfo_v2(size_t *free, size_t *total)} for the current context's device.
     *
     * @param free  out: a {@code size_t}.
     * @param total out: a {@code size_t}.
     * @return the {@code CUresult}.
     */
    public static int cuMemGetInfo(final MemorySegment free, final MemorySegment total) {
        try {
            return (int) MEM_GET_INFO.invokeExact(free, total);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytesize)} in the current context.
     *
     * @param pointer out: a {@code CUdeviceptr} ({@code unsigned long long}).
     * @param bytes   more than 0.
     * @return the {@code CUresult}.
     */
    public static int cuMemAlloc(final MemorySegment pointer, final long bytes) {
        try {
            return (int) MEM_ALLOC.invokeExact(pointer, bytes);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemFree_v2(CUdeviceptr dptr)}.
     *
     * @param pointer what {@link #cuMemAlloc} returned.
     * @return the {@code CUresult}.
     */
    public static int cuMemFree(final long pointer) {
        try {
            return (int) MEM_FREE.invokeExact(pointer);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t ByteCount, CUstream hStream)}:
     * asynchronous only from page-locked host memory ({@link #cuMemHostRegister}); from pageable memory the call
     * returns once the data is staged.
     *
     * @param dst    device address.
     * @param src    host memory, {@code bytes} long, alive until the copy is done.
     * @param bytes  bytes.
     * @param stream the stream.
     * @return the {@code CUresult}.
     */
    public static int cuMemcpyHtoDAsync(final long dst, final MemorySegment src, final long bytes,
                                        final MemorySegment stream) {
        try {
            return (int) MEMCPY_HTOD_ASYNC.invokeExact(dst, src, bytes, stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src, size_t ByteCount, CUstream hStream)}.
     *
     * @param dst    host memory, {@code bytes} long, alive until the copy is done.
     * @param src    device address.
     * @param bytes  bytes.
     * @param stream the stream.
     * @return the {@code CUresult}.
     */
    public static int cuMemcpyDtoHAsync(final MemorySegment dst, final long src, final long bytes,
                                        final MemorySegment stream) {
        try {
            return (int) MEMCPY_DTOH_ASYNC.invokeExact(dst, src, bytes, stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemcpy3DAsync_v2(const CUDA_MEMCPY3D *pCopy, CUstream hStream)}: a 3-D box between host and
     * device memory ({@link #MEMCPY3D_BYTES} bytes of parameters at the offsets above).
     *
     * @param copy   the parameters.
     * @param stream the stream.
     * @return the {@code CUresult}.
     */
    public static int cuMemcpy3DAsync(final MemorySegment copy, final MemorySegment stream) {
        try {
            return (int) MEMCPY_3D_ASYNC.invokeExact(copy, stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t ByteCount, CUstream hStream)}.
     *
     * @param dst    device address.
     * @param src    device address.
     * @param bytes  bytes.
     * @param stream the stream.
     * @return the {@code CUresult}.
     */
    public static int cuMemcpyDtoDAsync(final long dst, final long src, final long bytes, final MemorySegment stream) {
        try {
            return (int) MEMCPY_DTOD_ASYNC.invokeExact(dst, src, bytes, stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemsetD8Async(CUdeviceptr dstDevice, unsigned char uc, size_t N, CUstream hStream)}.
     *
     * @param dst    device address.
     * @param value  the byte.
     * @param count  bytes.
     * @param stream the stream.
     * @return the {@code CUresult}.
     */
    public static int cuMemsetD8Async(final long dst, final byte value, final long count, final MemorySegment stream) {
        try {
            return (int) MEMSET_D8_ASYNC.invokeExact(dst, value, count, stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemHostRegister_v2(void *p, size_t bytesize, unsigned int Flags)}: page-locks host memory.
     *
     * @param host  the memory.
     * @param bytes its size.
     * @param flags e.g. {@link #CU_MEMHOSTREGISTER_PORTABLE}.
     * @return the {@code CUresult}.
     */
    public static int cuMemHostRegister(final MemorySegment host, final long bytes, final int flags) {
        try {
            return (int) MEM_HOST_REGISTER.invokeExact(host, bytes, flags);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuMemHostUnregister(void *p)}.
     *
     * @param host the start of a registered range.
     * @return the {@code CUresult}.
     */
    public static int cuMemHostUnregister(final MemorySegment host) {
        try {
            return (int) MEM_HOST_UNREGISTER.invokeExact(host);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuStreamCreate(CUstream *phStream, unsigned int Flags)} in the current context.
     *
     * @param stream out: a {@code CUstream}.
     * @param flags  e.g. {@link #CU_STREAM_NON_BLOCKING}.
     * @return the {@code CUresult}.
     */
    public static int cuStreamCreate(final MemorySegment stream, final int flags) {
        try {
            return (int) STREAM_CREATE.invokeExact(stream, flags);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuStreamDestroy_v2(CUstream hStream)}: work already queued still runs.
     *
     * @param stream the stream.
     * @return the {@code CUresult}.
     */
    public static int cuStreamDestroy(final MemorySegment stream) {
        try {
            return (int) STREAM_DESTROY.invokeExact(stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuStreamSynchronize(CUstream hStream)}.
     *
     * @param stream the stream.
     * @return the {@code CUresult}.
     */
    public static int cuStreamSynchronize(final MemorySegment stream) {
        try {
            return (int) STREAM_SYNCHRONIZE.invokeExact(stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuStreamWaitEvent(CUstream hStream, CUevent hEvent, unsigned int Flags)}: work queued on the
     * stream after this call waits, on the device, for the work before the event's last record.
     *
     * @param stream the stream that waits.
     * @param event  the event.
     * @param flags  0.
     * @return the {@code CUresult}.
     */
    public static int cuStreamWaitEvent(final MemorySegment stream, final MemorySegment event, final int flags) {
        try {
            return (int) STREAM_WAIT_EVENT.invokeExact(stream, event, flags);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuStreamQuery(CUstream hStream)}.
     *
     * @param stream the stream.
     * @return {@link #CUDA_SUCCESS} when all its work is done, {@link #CUDA_ERROR_NOT_READY} while some is pending,
     *         else an error.
     */
    public static int cuStreamQuery(final MemorySegment stream) {
        try {
            return (int) STREAM_QUERY.invokeExact(stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuEventCreate(CUevent *phEvent, unsigned int Flags)} in the current context.
     *
     * @param event out: a {@code CUevent}.
     * @param flags {@link #CU_EVENT_DEFAULT} or {@link #CU_EVENT_DISABLE_TIMING}.
     * @return the {@code CUresult}.
     */
    public static int cuEventCreate(final MemorySegment event, final int flags) {
        try {
            return (int) EVENT_CREATE.invokeExact(event, flags);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuEventRecord(CUevent hEvent, CUstream hStream)}.
     *
     * @param event  the event.
     * @param stream the stream whose work so far the event will follow.
     * @return the {@code CUresult}.
     */
    public static int cuEventRecord(final MemorySegment event, final MemorySegment stream) {
        try {
            return (int) EVENT_RECORD.invokeExact(event, stream);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuEventQuery(CUevent hEvent)}.
     *
     * @param event the event.
     * @return {@link #CUDA_SUCCESS} when the recorded work is done (or the event was never recorded),
     *         {@link #CUDA_ERROR_NOT_READY} while it is pending, else an error.
     */
    public static int cuEventQuery(final MemorySegment event) {
        try {
            return (int) EVENT_QUERY.invokeExact(event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuEventSynchronize(CUevent hEvent)}.
     *
     * @param event the event.
     * @return the {@code CUresult}.
     */
    public static int cuEventSynchronize(final MemorySegment event) {
        try {
            return (int) EVENT_SYNCHRONIZE.invokeExact(event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuEventElapsedTime_v2(float *pMilliseconds, CUevent hStart, CUevent hEnd)} (or
     * {@code cuEventElapsedTime} on drivers before 12.8; same prototype).
     *
     * @param milliseconds out: a {@code float}.
     * @param start        an event recorded and done, with timing.
     * @param end          an event recorded after it and done, with timing.
     * @return the {@code CUresult}.
     */
    public static int cuEventElapsedTime(final MemorySegment milliseconds, final MemorySegment start,
                                         final MemorySegment end) {
        try {
            return (int) EVENT_ELAPSED_TIME.invokeExact(milliseconds, start, end);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuEventDestroy_v2(CUevent hEvent)}.
     *
     * @param event the event.
     * @return the {@code CUresult}.
     */
    public static int cuEventDestroy(final MemorySegment event) {
        try {
            return (int) EVENT_DESTROY.invokeExact(event);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuModuleLoadData(CUmodule *module, const void *image)} in the current context.
     *
     * @param module out: a {@code CUmodule}.
     * @param image  a CUBIN, or NUL-terminated PTX text (which the driver compiles for the device).
     * @return the {@code CUresult}.
     */
    public static int cuModuleLoadData(final MemorySegment module, final MemorySegment image) {
        try {
            return (int) MODULE_LOAD_DATA.invokeExact(module, image);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuModuleUnload(CUmodule hmod)}.
     *
     * @param module the module.
     * @return the {@code CUresult}.
     */
    public static int cuModuleUnload(final MemorySegment module) {
        try {
            return (int) MODULE_UNLOAD.invokeExact(module);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name)}.
     *
     * @param function out: a {@code CUfunction}.
     * @param module   the module.
     * @param name     NUL-terminated: the (unmangled, {@code extern "C"}) name of a {@code __global__} function.
     * @return the {@code CUresult} ({@code CUDA_ERROR_NOT_FOUND} if there is none of that name).
     */
    public static int cuModuleGetFunction(final MemorySegment function, final MemorySegment module,
                                          final MemorySegment name) {
        try {
            return (int) MODULE_GET_FUNCTION.invokeExact(function, module, name);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuFuncGetParamInfo(CUfunction func, size_t paramIndex, size_t *paramOffset, size_t *paramSize)}
     * (CUDA 12.4+).
     *
     * @param function the function.
     * @param index    0-based parameter index.
     * @param offset   out: a {@code size_t}.
     * @param size     out: a {@code size_t}, or NULL.
     * @return the {@code CUresult}; {@link #CUDA_ERROR_INVALID_VALUE} when {@code index} is past the last parameter.
     */
    public static int cuFuncGetParamInfo(final MemorySegment function, final long index, final MemorySegment offset,
                                         final MemorySegment size) {
        try {
            return (int) FUNC_GET_PARAM_INFO.invokeExact(function, index, offset, size);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code CUresult cuLaunchKernel(CUfunction f, unsigned gridDimX, gridDimY, gridDimZ, unsigned blockDimX,
     * blockDimY, blockDimZ, unsigned sharedMemBytes, CUstream hStream, void **kernelParams, void **extra)}: queues the
     * launch and returns.
     *
     * @param function     the kernel.
     * @param gridX        blocks in x, at least 1.
     * @param gridY        blocks in y, at least 1.
     * @param gridZ        blocks in z, at least 1.
     * @param blockX       threads per block in x, at least 1.
     * @param blockY       threads per block in y, at least 1.
     * @param blockZ       threads per block in z, at least 1.
     * @param sharedBytes  dynamic shared memory per block.
     * @param stream       the stream.
     * @param kernelParams one pointer per kernel parameter, each to the parameter's value.
     * @param extra        NULL.
     * @return the {@code CUresult}.
     */
    public static int cuLaunchKernel(final MemorySegment function, final int gridX, final int gridY, final int gridZ,
                                     final int blockX, final int blockY, final int blockZ, final int sharedBytes,
                                     final MemorySegment stream, final MemorySegment kernelParams,
                                     final MemorySegment extra) {
        try {
            return (int) LAUNCH_KERNEL.invokeExact(function, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes,
                stream, kernelParams, extra);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }
}
