package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The raw NVRTC (CUDA runtime compiler) entry points, bound once to the first {@code libnvrtc} found, the choice of
 * the architecture to compile for, and the names of its results. {@link CudaDevice#compile} is what most code wants.
 *
 * <p>Where the library is looked for, in order (the first that loads wins):
 * <ol>
 * <li>{@code $CHARM4J_NVRTC}: a library file, or a folder holding {@code libnvrtc.so.<major>}; if it is set but names
 * no library, NVRTC is unavailable and the reason says so (no further search);</li>
 * <li>the dynamic loader ({@code LD_LIBRARY_PATH}, {@code ldconfig}) by soname: {@code libnvrtc.so.13},
 * {@code libnvrtc.so.12}, {@code libnvrtc.so};</li>
 * <li>a bounded list of folders: the CUDA toolkit's {@code lib64} ({@code $CUDA_HOME}, {@code $CUDA_PATH},
 * {@code /usr/local/cuda}) and the pip wheels' {@code nvidia/cu13/lib} and {@code nvidia/cuda_nvrtc/lib} in the
 * {@code site-packages}/{@code dist-packages} of {@code /usr/lib/python3*}, {@code /usr/local/lib/python3*},
 * {@code ~/.local/lib/python3*}, {@code $VIRTUAL_ENV/lib/python3*} and {@code $CONDA_PREFIX/lib/python3*}.</li>
 * </ol>
 *
 * <p>Types: {@code nvrtcResult} is {@code int}; {@code nvrtcProgram} and pointers are {@link MemorySegment};
 * {@code size_t} is {@code long}. If the library or a symbol is missing, each affected entry point throws
 * {@link IllegalStateException} naming the symbol and the library; {@link #available()} tells beforehand.
 *
 * <p>Threading: NVRTC is thread-safe for distinct programs; these wrappers add no state.
 */
public final class Nvrtc {
    /** {@code NVRTC_SUCCESS}. */
    public static final int NVRTC_SUCCESS = 0;
    /** {@code NVRTC_ERROR_INVALID_OPTION}. */
    public static final int NVRTC_ERROR_INVALID_OPTION = 5;
    /** {@code NVRTC_ERROR_COMPILATION}: the source has errors; the program log says which. */
    public static final int NVRTC_ERROR_COMPILATION = 6;

    private static final NativeLibrary LIB = locateOrSayWhy();

    private static final MethodHandle VERSION = bind("nvrtcVersion", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GET_ERROR_STRING = bind("nvrtcGetErrorString", ADDRESS, JAVA_INT);
    private static final MethodHandle GET_NUM_SUPPORTED_ARCHS = bind("nvrtcGetNumSupportedArchs", JAVA_INT, ADDRESS);
    private static final MethodHandle GET_SUPPORTED_ARCHS = bind("nvrtcGetSupportedArchs", JAVA_INT, ADDRESS);
    private static final MethodHandle CREATE_PROGRAM =
        bind("nvrtcCreateProgram", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle COMPILE_PROGRAM = bind("nvrtcCompileProgram", JAVA_INT, ADDRESS, JAVA_INT,
        ADDRESS);
    private static final MethodHandle GET_PROGRAM_LOG_SIZE = bind("nvrtcGetProgramLogSize", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GET_PROGRAM_LOG = bind("nvrtcGetProgramLog", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GET_CUBIN_SIZE = bind("nvrtcGetCUBINSize", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GET_CUBIN = bind("nvrtcGetCUBIN", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GET_PTX_SIZE = bind("nvrtcGetPTXSize", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GET_PTX = bind("nvrtcGetPTX", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle DESTROY_PROGRAM = bind("nvrtcDestroyProgram", JAVA_INT, ADDRESS);

    private Nvrtc() {
    }

    // ---------------------------------------------------------------------------------------------- locating

    /** @return {@link #locate()}'s library, or a missing one saying why the search itself failed (a bad path). */
    private static NativeLibrary locateOrSayWhy() {
        try {
            return locate();
        } catch (final RuntimeException e) {
            return NativeLibrary.missing("NVRTC", "libnvrtc", "the search for libnvrtc failed: " + e
                + "; check " + NvrtcLocator.ENV + ", CUDA_HOME, CUDA_PATH, VIRTUAL_ENV and CONDA_PREFIX");
        }
    }

    /** @return the library found, or a missing one whose failure lists every place looked at. */
    private static NativeLibrary locate() {
        final String what = "NVRTC";
        final List<String> tried = new ArrayList<>();
        final String env = System.getenv(NvrtcLocator.ENV);
        if (env != null && !env.isBlank()) {
            final Optional<Path> p = NvrtcLocator.fromEnv(env);
            if (p.isEmpty()) {
                return NativeLibrary.missing(what, env, NvrtcLocator.ENV + "=" + env
                    + " names no libnvrtc.so.<major> file and no folder holding one; point it at the library (e.g."
                    + " .../site-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.12) or unset it");
            }
            final NativeLibrary lib = NativeLibrary.open(what, p.get());
            return lib.loaded() ? lib : NativeLibrary.missing(what, env, NvrtcLocator.ENV + "=" + env + ": "
                + lib.failure());
        }
        tried.add(NvrtcLocator.ENV + " (unset)");
        for (final String soname : NvrtcLocator.SONAMES) {
            final NativeLibrary lib = NativeLibrary.open(what, soname);
            if (lib.loaded()) {
                return lib;
            }
            tried.add(soname + " through the dynamic loader");
        }
        final List<Path> folders = NvrtcLocator.folders(System.getenv(), Path.of(System.getProperty("user.home")));
        final Optional<Path> found = NvrtcLocator.search(folders);
        if (found.isPresent()) {
            final NativeLibrary lib = NativeLibrary.open(what, found.get());
            if (lib.loaded()) {
                return lib;
            }
            tried.add(lib.failure());
        }
        final List<String> names = new ArrayList<>();
        for (final Path f : folders) {
            names.add(f.toString());
        }
        tried.add("the folders " + String.join(", ", names) + " (the CUDA toolkit's lib64, and the pip wheels'"
            + " nvidia/cu13/lib and nvidia/cuda_nvrtc/lib in python3*/site-packages or dist-packages under /usr/lib,"
            + " /usr/local/lib, ~/.local/lib, $VIRTUAL_ENV/lib and $CONDA_PREFIX/lib)");
        return NativeLibrary.missing(what, "libnvrtc", "no NVRTC library found; looked at "
            + String.join("; ", tried) + ". Install NVRTC (the CUDA toolkit, or pip install nvidia-cuda-nvrtc-cu12)"
            + " or set " + NvrtcLocator.ENV + " to the library or its folder");
    }

    // ---------------------------------------------------------------------------------------------- availability

    /**
     * Says whether NVRTC can be used here: a {@code libnvrtc} was found and loaded (see the class comment for where
     * it is looked for). Never throws.
     *
     * @return {@code true} if {@link CudaDevice#compile} can compile.
     */
    public static boolean available() {
        return LIB.loaded();
    }

    /** @return why {@link #available()} is false, listing every place looked at; empty when it is available. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(LIB.failure());
    }

    /** @return the soname or path the library was loaded as (or was last looked for as). */
    public static String location() {
        return LIB.name();
    }

    /**
     * @return NVRTC's version, {@code {major, minor}}.
     * @throws CudaException if the call fails; {@link IllegalStateException} if NVRTC is missing.
     */
    public static int[] version() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment major = arena.allocate(JAVA_INT);
            final MemorySegment minor = arena.allocate(JAVA_INT);
            check(nvrtcVersion(major, minor), "nvrtcVersion");
            return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        }
    }

    /**
     * @return the {@code sm} numbers NVRTC compiles for, ascending, e.g. {@code [75, 80, ..., 90, 100, 120]}; empty
     *         if it is older than CUDA 11.2 and cannot say.
     * @throws CudaException if the call fails; {@link IllegalStateException} if NVRTC is missing.
     */
    public static int[] supportedArchitectures() {
        if (!LIB.has("nvrtcGetSupportedArchs") || !LIB.has("nvrtcGetNumSupportedArchs")) {
            return new int[0];
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment n = arena.allocate(JAVA_INT);
            check(nvrtcGetNumSupportedArchs(n), "nvrtcGetNumSupportedArchs");
            final int count = n.get(JAVA_INT, 0);
            final MemorySegment archs = arena.allocate(JAVA_INT, Math.max(1, count));
            check(nvrtcGetSupportedArchs(archs), "nvrtcGetSupportedArchs");
            final int[] out = archs.asSlice(0, JAVA_INT.byteSize() * count).toArray(JAVA_INT);
            Arrays.sort(out);
            return out;
        }
    }

    // ---------------------------------------------------------------------------------------------- targets

    /**
     * What to compile for: a real architecture ({@code sm_90}, a CUBIN the driver loads as is) or, for a device newer
     * than NVRTC, a virtual one ({@code compute_90}, PTX the driver compiles when loading).
     *
     * @param architecture e.g. {@code sm_90} or {@code compute_90}.
     * @param cubin        whether the output is a CUBIN ({@code sm_}) rather than PTX.
     * @param note         why a virtual architecture was chosen, or empty.
     */
    public record Target(String architecture, boolean cubin, String note) {
        /** @return the NVRTC option, e.g. {@code --gpu-architecture=sm_90}. */
        public String option() {
            return "--gpu-architecture=" + architecture;
        }
    }

    /**
     * @param major the device's compute capability, major (e.g. 9).
     * @param minor the device's compute capability, minor (e.g. 0).
     * @return the option that compiles for exactly that device, e.g. {@code --gpu-architecture=sm_90}.
     */
    public static String architectureOption(final int major, final int minor) {
        return "--gpu-architecture=sm_" + smNumber(major, minor);
    }

    /** @return {@code 10 * major + minor}: 90 for 9.0, 120 for 12.0. */
    static int smNumber(final int major, final int minor) {
        if (major < 1 || minor < 0 || minor > 9) {
            throw new IllegalArgumentException("compute capability " + major + "." + minor + " is not one a CUDA"
                + " device reports");
        }
        return 10 * major + minor;
    }

    /**
     * Chooses the architecture: the device's own {@code sm_XY} CUBIN when NVRTC supports it (or cannot say what it
     * supports); else PTX for the highest {@code compute_XY} NVRTC supports below it, which the driver compiles for the
     * device when loading.
     *
     * @param major     the device's compute capability, major.
     * @param minor     the device's compute capability, minor.
     * @param supported the {@code sm} numbers NVRTC supports ({@link #supportedArchitectures()}); empty if unknown.
     * @return the target.
     * @throws IllegalStateException if the device is older than every architecture NVRTC supports.
     */
    public static Target target(final int major, final int minor, final int[] supported) {
        final int sm = smNumber(major, minor);
        if (supported.length == 0 || Arrays.stream(supported).anyMatch(a -> a == sm)) {
            return new Target("sm_" + sm, true, "");
        }
        int best = -1;
        for (final int a : supported) {
            if (a < sm && a > best) {
                best = a;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("the device's compute capability " + major + "." + minor + " (sm_" + sm
                + ") is older than every architecture this NVRTC supports " + Arrays.toString(supported)
                + "; use an older NVRTC (set " + NvrtcLocator.ENV + ")");
        }
        return new Target("compute_" + best, false, "NVRTC supports no sm_" + sm + " (it knows "
            + Arrays.toString(supported) + "): compiled PTX for compute_" + best + ", which the driver compiles for"
            + " the device when loading");
    }

    // ---------------------------------------------------------------------------------------------- compiling

    /**
     * The output of a successful compile.
     *
     * @param image the CUBIN, or the PTX text with its terminating NUL, in the caller's arena.
     * @param log   what the compiler printed (warnings), often empty.
     */
    record Output(MemorySegment image, String log) {
    }

    /**
     * Compiles one source with NVRTC, then destroys the program.
     *
     * @param arena   where the image goes.
     * @param source  CUDA C.
     * @param name    the program's name, as the log cites it (e.g. {@code vadd.cu}).
     * @param options the options, including the architecture.
     * @param cubin   whether to take the CUBIN (an {@code sm_} target) rather than the PTX.
     * @param where   what is being compiled, for messages (the kernel and the device).
     * @return the image and the log.
     * @throws CudaException on failure; for {@link #NVRTC_ERROR_COMPILATION} the message holds the compiler's log and
     *                       the source with line numbers.
     */
    static Output compile(final Arena arena, final String source, final String name, final List<String> options,
                          final boolean cubin, final String where) {
        try (Arena local = Arena.ofConfined()) {
            final MemorySegment prog = local.allocate(ADDRESS);
            check(nvrtcCreateProgram(prog, local.allocateFrom(source, StandardCharsets.UTF_8),
                local.allocateFrom(name, StandardCharsets.UTF_8), 0, MemorySegment.NULL, MemorySegment.NULL),
                "nvrtcCreateProgram(" + where + ")");
            final MemorySegment program = prog.get(ADDRESS, 0);
            RuntimeException failure = null;
            try {
                final MemorySegment opts = local.allocate(ADDRESS, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) {
                    opts.setAtIndex(ADDRESS, i, local.allocateFrom(options.get(i), StandardCharsets.UTF_8));
                }
                final int code = nvrtcCompileProgram(program, options.size(), opts);
                final String log = log(local, program);
                if (code != NVRTC_SUCCESS) {
                    throw CudaException.nvrtc(code, "nvrtcCompileProgram(" + where + ", options " + options + ")",
                        "log:\n" + (log.isBlank() ? "(empty)" : log.strip()) + "\nsource:\n" + numbered(source));
                }
                final String what = cubin ? "CUBIN" : "PTX";
                final MemorySegment size = local.allocate(JAVA_LONG);
                check(cubin ? nvrtcGetCUBINSize(program, size) : nvrtcGetPTXSize(program, size),
                    "nvrtcGet" + what + "Size(" + where + ")");
                final long n = size.get(JAVA_LONG, 0);
                final MemorySegment image = arena.allocate(Math.max(1, n), 8);
                check(cubin ? nvrtcGetCUBIN(program, image) : nvrtcGetPTX(program, image),
                    "nvrtcGet" + what + "(" + where + ")");
                return new Output(image.asSlice(0, n), log);
            } catch (final RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                final int destroyed = nvrtcDestroyProgram(prog);
                if (destroyed != NVRTC_SUCCESS) {
                    final CudaException d = CudaException.nvrtc(destroyed, "nvrtcDestroyProgram(" + where + ")",
                        null);
                    if (failure != null) {
                        failure.addSuppressed(d);
                    } else {
                        throw d;
                    }
                }
            }
        }
    }

    private static String log(final Arena arena, final MemorySegment program) {
        final MemorySegment size = arena.allocate(JAVA_LONG);
        check(nvrtcGetProgramLogSize(program, size), "nvrtcGetProgramLogSize");
        final long n = size.get(JAVA_LONG, 0);
        final MemorySegment log = arena.allocate(Math.max(1, n));
        check(nvrtcGetProgramLog(program, log), "nvrtcGetProgramLog");
        return log.getString(0, StandardCharsets.UTF_8);
    }

    /**
     * @param source text.
     * @return the text with right-aligned line numbers, {@code " 7 | line"}, as compiler logs cite them.
     */
    static String numbered(final String source) {
        final String[] lines = source.split("\n", -1);
        final int width = Integer.toString(lines.length).length();
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            final String n = Integer.toString(i + 1);
            b.append(" ".repeat(width - n.length())).append(n).append(" | ").append(lines[i]).append('\n');
        }
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------------- errors

    /**
     * Throws if {@code code} is an error.
     *
     * @param code an {@code nvrtcResult}.
     * @param call the call, with what it was called on.
     * @throws CudaException if {@code code} is not {@link #NVRTC_SUCCESS}.
     */
    public static void check(final int code, final String call) {
        if (code != NVRTC_SUCCESS) {
            throw CudaException.nvrtc(code, call, null);
        }
    }

    /**
     * @param code an {@code nvrtcResult}.
     * @return its name, e.g. {@code NVRTC_ERROR_COMPILATION}: NVRTC's own ({@code nvrtcGetErrorString}) when the
     *         library is there, else charm4j's table ({@link #builtInErrorName(int)}).
     */
    @SuppressWarnings("restricted") // nvrtcGetErrorString returns a static NUL-terminated string
    public static String errorName(final int code) {
        if (LIB.loaded()) {
            final MemorySegment p;
            try {
                p = (MemorySegment) GET_ERROR_STRING.invokeExact(code);
            } catch (final Throwable t) {
                throw NativeLibrary.rethrow("NVRTC nvrtcGetErrorString", t);
            }
            if (!p.equals(MemorySegment.NULL)) {
                return p.reinterpret(Integer.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
            }
        }
        return builtInErrorName(code);
    }

    /**
     * @param code an {@code nvrtcResult}.
     * @return its name from charm4j's table (NVRTC 12/13), or {@code nvrtcResult <code>} for another.
     */
    public static String builtInErrorName(final int code) {
        return switch (code) {
            case 0 -> "NVRTC_SUCCESS";
            case 1 -> "NVRTC_ERROR_OUT_OF_MEMORY";
            case 2 -> "NVRTC_ERROR_PROGRAM_CREATION_FAILURE";
            case 3 -> "NVRTC_ERROR_INVALID_INPUT";
            case 4 -> "NVRTC_ERROR_INVALID_PROGRAM";
            case 5 -> "NVRTC_ERROR_INVALID_OPTION";
            case 6 -> "NVRTC_ERROR_COMPILATION";
            case 7 -> "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE";
            case 8 -> "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION";
            case 9 -> "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION";
            case 10 -> "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID";
            case 11 -> "NVRTC_ERROR_INTERNAL_ERROR";
            case 12 -> "NVRTC_ERROR_TIME_FILE_WRITE_FAILED";
            default -> "nvrtcResult " + code;
        };
    }

    // ---------------------------------------------------------------------------------------------- binding

    private static MethodHandle bind(final String name, final MemoryLayout result, final MemoryLayout... args) {
        return LIB.bind(FunctionDescriptor.of(result, args), name);
    }

    private static RuntimeException rethrow(final Throwable t) {
        return NativeLibrary.rethrow("NVRTC", t);
    }

    // ---------------------------------------------------------------------------------------------- downcalls

    /**
     * {@code nvrtcResult nvrtcVersion(int *major, int *minor)}.
     *
     * @param major out: an {@code int}.
     * @param minor out: an {@code int}.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcVersion(final MemorySegment major, final MemorySegment minor) {
        try {
            return (int) VERSION.invokeExact(major, minor);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcGetNumSupportedArchs(int *numArchs)} (CUDA 11.2+).
     *
     * @param count out: an {@code int}.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcGetNumSupportedArchs(final MemorySegment count) {
        try {
            return (int) GET_NUM_SUPPORTED_ARCHS.invokeExact(count);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcGetSupportedArchs(int *supportedArchs)} (CUDA 11.2+).
     *
     * @param archs out: room for {@code nvrtcGetNumSupportedArchs} {@code int}s.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcGetSupportedArchs(final MemorySegment archs) {
        try {
            return (int) GET_SUPPORTED_ARCHS.invokeExact(archs);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders,
     * const char * const *headers, const char * const *includeNames)}.
     *
     * @param program      out: an {@code nvrtcProgram}.
     * @param source       NUL-terminated CUDA C.
     * @param name         NUL-terminated program name, or NULL.
     * @param numHeaders   0.
     * @param headers      NULL.
     * @param includeNames NULL.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcCreateProgram(final MemorySegment program, final MemorySegment source,
                                         final MemorySegment name, final int numHeaders, final MemorySegment headers,
                                         final MemorySegment includeNames) {
        try {
            return (int) CREATE_PROGRAM.invokeExact(program, source, name, numHeaders, headers, includeNames);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char * const *options)}.
     *
     * @param program    the program.
     * @param numOptions number of pointers at {@code options}.
     * @param options    NUL-terminated option strings.
     * @return the {@code nvrtcResult} ({@link #NVRTC_ERROR_COMPILATION}: read the log).
     */
    public static int nvrtcCompileProgram(final MemorySegment program, final int numOptions,
                                          final MemorySegment options) {
        try {
            return (int) COMPILE_PROGRAM.invokeExact(program, numOptions, options);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet)}.
     *
     * @param program the program.
     * @param size    out: a {@code size_t}, with the NUL.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcGetProgramLogSize(final MemorySegment program, final MemorySegment size) {
        try {
            return (int) GET_PROGRAM_LOG_SIZE.invokeExact(program, size);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log)}.
     *
     * @param program the program.
     * @param log     out: room for the log size.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcGetProgramLog(final MemorySegment program, final MemorySegment log) {
        try {
            return (int) GET_PROGRAM_LOG.invokeExact(program, log);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcGetCUBINSize(nvrtcProgram prog, size_t *cubinSizeRet)}: 0 bytes unless compiled for a
     * real ({@code sm_}) architecture.
     *
     * @param program the program.
     * @param size    out: a {@code size_t}.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcGetCUBINSize(final MemorySegment program, final MemorySegment size) {
        try {
            return (int) GET_CUBIN_SIZE.invokeExact(program, size);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcGetCUBIN(nvrtcProgram prog, char *cubin)}.
     *
     * @param program the program.
     * @param cubin   out: room for the CUBIN size.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcGetCUBIN(final MemorySegment program, final MemorySegment cubin) {
        try {
            return (int) GET_CUBIN.invokeExact(program, cubin);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet)}.
     *
     * @param program the program.
     * @param size    out: a {@code size_t}, with the NUL.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcGetPTXSize(final MemorySegment program, final MemorySegment size) {
        try {
            return (int) GET_PTX_SIZE.invokeExact(program, size);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx)}.
     *
     * @param program the program.
     * @param ptx     out: room for the PTX size.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcGetPTX(final MemorySegment program, final MemorySegment ptx) {
        try {
            return (int) GET_PTX.invokeExact(program, ptx);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog)}.
     *
     * @param program in/out: the address of the {@code nvrtcProgram}, set to NULL.
     * @return the {@code nvrtcResult}.
     */
    public static int nvrtcDestroyProgram(final MemorySegment program) {
        try {
            return (int) DESTROY_PROGRAM.invokeExact(program);
        } catch (final Throwable t) {
            throw rethrow(t);
        }
    }
}
