package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the CUDA binding that need no GPU: error names, what is reported where CUDA or NVRTC is missing, the
 * NVRTC search, the architecture chosen from a compute capability, and the packing of kernel arguments. They run
 * everywhere; the few that describe a machine without CUDA skip on one that has it.
 */
class CudaBindingPureTest {
    @TempDir
    Path tmp;

    @Test
    void driverErrorNamesMatchCudaH() {
        final Map<Integer, String> names = Map.ofEntries(Map.entry(0, "CUDA_SUCCESS"),
            Map.entry(1, "CUDA_ERROR_INVALID_VALUE"), Map.entry(2, "CUDA_ERROR_OUT_OF_MEMORY"),
            Map.entry(3, "CUDA_ERROR_NOT_INITIALIZED"), Map.entry(4, "CUDA_ERROR_DEINITIALIZED"),
            Map.entry(100, "CUDA_ERROR_NO_DEVICE"), Map.entry(101, "CUDA_ERROR_INVALID_DEVICE"),
            Map.entry(200, "CUDA_ERROR_INVALID_IMAGE"), Map.entry(201, "CUDA_ERROR_INVALID_CONTEXT"),
            Map.entry(209, "CUDA_ERROR_NO_BINARY_FOR_GPU"), Map.entry(218, "CUDA_ERROR_INVALID_PTX"),
            Map.entry(222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"), Map.entry(300, "CUDA_ERROR_INVALID_SOURCE"),
            Map.entry(400, "CUDA_ERROR_INVALID_HANDLE"), Map.entry(500, "CUDA_ERROR_NOT_FOUND"),
            Map.entry(600, "CUDA_ERROR_NOT_READY"), Map.entry(700, "CUDA_ERROR_ILLEGAL_ADDRESS"),
            Map.entry(701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"), Map.entry(702, "CUDA_ERROR_LAUNCH_TIMEOUT"),
            Map.entry(719, "CUDA_ERROR_LAUNCH_FAILED"), Map.entry(999, "CUDA_ERROR_UNKNOWN"));
        for (final Map.Entry<Integer, String> e : names.entrySet()) {
            assertEquals(e.getValue(), Cuda.builtInErrorName(e.getKey()), "built-in name of " + e.getKey());
            // The driver's own names, where it is installed, are the same.
            assertEquals(e.getValue(), Cuda.errorName(e.getKey()), "name of " + e.getKey());
        }
        assertEquals("CUresult 12345", Cuda.builtInErrorName(12345));
    }

    @Test
    void nvrtcErrorNames() {
        assertEquals("NVRTC_SUCCESS", Nvrtc.builtInErrorName(0));
        assertEquals("NVRTC_ERROR_INVALID_OPTION", Nvrtc.builtInErrorName(5));
        assertEquals("NVRTC_ERROR_COMPILATION", Nvrtc.builtInErrorName(6));
        assertEquals("NVRTC_ERROR_INTERNAL_ERROR", Nvrtc.builtInErrorName(11));
        assertEquals("NVRTC_ERROR_COMPILATION", Nvrtc.errorName(6));
        assertEquals("nvrtcResult 99", Nvrtc.builtInErrorName(99));
    }

    @Test
    void exceptionsNameTheCallAndTheError() {
        final CudaException e = new CudaException(700, "cuLaunchKernel(kernel 'vadd', on stream 1)");
        assertTrue(e.getMessage().startsWith("cuLaunchKernel(kernel 'vadd', on stream 1) failed:"
            + " CUDA_ERROR_ILLEGAL_ADDRESS (700)"), e.getMessage());
        assertEquals(700, e.errorCode());
        assertEquals("CUDA_ERROR_ILLEGAL_ADDRESS", e.errorName());
        assertEquals("cuLaunchKernel(kernel 'vadd', on stream 1)", e.call());
        assertFalse(e.fromNvrtc());
        final CudaException n = CudaException.nvrtc(6, "nvrtcCompileProgram(kernel 'k')", "log:\nk.cu(3): error");
        assertTrue(n.getMessage().startsWith("nvrtcCompileProgram(kernel 'k') failed: NVRTC_ERROR_COMPILATION (6)\n"
            + "log:\nk.cu(3): error"), n.getMessage());
        assertTrue(n.fromNvrtc());
    }

    @Test
    void withoutTheDriverCudaIsUnavailableAndSaysWhy() {
        assumeFalse(Cuda.available(), "CUDA is available here; this test describes a machine without it");
        final String reason = Cuda.unavailableReason().orElseThrow();
        assertTrue(reason.contains(Cuda.LIBRARY), reason);
        assertTrue(CudaDevice.first().isEmpty());
        assertEquals(0, CudaDevice.count());
        assertEquals(List.of(), CudaDevice.describeAll());
    }

    @Test
    void aMissingDriverEntryPointNamesItsSymbolAndLibrary() {
        assumeFalse(Cuda.libraryLoaded(), Cuda.LIBRARY + " loads here; this test describes a machine without it");
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> Cuda.cuInit(0));
        assertTrue(e.getMessage().contains("cuInit") && e.getMessage().contains(Cuda.LIBRARY), e.getMessage());
        final IllegalStateException t = assertThrows(IllegalStateException.class,
            () -> Cuda.cuEventElapsedTime(MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL));
        assertTrue(t.getMessage().contains("cuEventElapsedTime_v2 or cuEventElapsedTime"), t.getMessage());
    }

    @Test
    void withoutNvrtcTheReasonSaysWhereItLooked() {
        assumeFalse(Nvrtc.available(), "NVRTC is available here (" + Nvrtc.location() + ")");
        final String reason = Nvrtc.unavailableReason().orElseThrow();
        for (final String s : List.of("libnvrtc.so.13", "libnvrtc.so.12", NvrtcLocator.ENV, "nvidia/cuda_nvrtc/lib",
            "nvidia/cu13/lib", "site-packages", "/usr/local/cuda/lib64", "pip install")) {
            assertTrue(reason.contains(s), s + " in: " + reason);
        }
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> Nvrtc.nvrtcVersion(MemorySegment.NULL, MemorySegment.NULL));
        assertTrue(e.getMessage().contains("nvrtcVersion"), e.getMessage());
    }

    @Test
    void theSearchFindsAWheelInAVirtualEnvironment() throws IOException {
        final Path venv = tmp.resolve("venv");
        final Path cu12 = Files.createDirectories(venv.resolve("lib/python3.12/site-packages/nvidia/cuda_nvrtc/lib"));
        Files.createFile(cu12.resolve("libnvrtc.so.12"));
        Files.createFile(cu12.resolve("libnvrtc.so.12.4.127"));
        Files.createFile(cu12.resolve("libnvrtc-builtins.so.12.4"));
        Files.createFile(cu12.resolve("libnvrtc.alt.so.12"));
        final Path home = Files.createDirectories(tmp.resolve("home"));
        final List<Path> folders = NvrtcLocator.folders(Map.of("VIRTUAL_ENV", venv.toString()), home);
        assertTrue(folders.contains(cu12), folders.toString());
        assertEquals(cu12.resolve("libnvrtc.so.12"), NvrtcLocator.search(folders).orElseThrow());

        // A CUDA 13 wheel next to it wins; CUDA_HOME comes first of all.
        final Path cu13 = Files.createDirectories(venv.resolve("lib/python3.12/site-packages/nvidia/cu13/lib"));
        Files.createFile(cu13.resolve("libnvrtc.so.13"));
        assertEquals(cu13.resolve("libnvrtc.so.13"), NvrtcLocator.search(folders).orElseThrow());
        final Path cudaHome = Files.createDirectories(tmp.resolve("cuda/lib64"));
        Files.createFile(cudaHome.resolve("libnvrtc.so.12"));
        final List<Path> withHome = NvrtcLocator.folders(Map.of("VIRTUAL_ENV", venv.toString(), "CUDA_HOME",
            tmp.resolve("cuda").toString()), home);
        assertEquals(cudaHome, withHome.getFirst());
        assertEquals(cudaHome.resolve("libnvrtc.so.12"), NvrtcLocator.search(withHome).orElseThrow());

        // CHARM4J_NVRTC: a file, or a folder holding one.
        assertEquals(cu12.resolve("libnvrtc.so.12.4.127"),
            NvrtcLocator.fromEnv(cu12.resolve("libnvrtc.so.12.4.127").toString()).orElseThrow());
        assertEquals(cu13.resolve("libnvrtc.so.13"), NvrtcLocator.fromEnv(cu13.toString()).orElseThrow());
        assertTrue(NvrtcLocator.fromEnv(tmp.resolve("nothing").toString()).isEmpty());
    }

    @Test
    void theSearchIsBoundedAndFindsNothingInAnEmptyTree() throws IOException {
        final Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".local/lib/python3.11/site-packages/nvidia/cuda_nvrtc/lib"));
        final List<Path> folders = NvrtcLocator.folders(Map.of(), home);
        assertTrue(folders.contains(home.resolve(".local/lib/python3.11/site-packages/nvidia/cuda_nvrtc/lib")),
            folders.toString());
        assertTrue(NvrtcLocator.findIn(home.resolve(".local/lib/python3.11/site-packages/nvidia/cuda_nvrtc/lib"))
            .isEmpty());
        assertTrue(folders.size() < 100, "a bounded list: " + folders.size());
    }

    @Test
    void theArchitectureComesFromTheComputeCapability() {
        assertEquals("--gpu-architecture=sm_90", Nvrtc.architectureOption(9, 0));
        assertEquals("--gpu-architecture=sm_86", Nvrtc.architectureOption(8, 6));
        assertEquals("--gpu-architecture=sm_120", Nvrtc.architectureOption(12, 0));
        assertEquals("sm_90", new CudaDevice.Capability(9, 0).sm());
        assertEquals("9.0", new CudaDevice.Capability(9, 0).toString());
        assertThrows(IllegalArgumentException.class, () -> Nvrtc.architectureOption(0, 0));

        final int[] nvrtc12 = {50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90};
        final Nvrtc.Target h200 = Nvrtc.target(9, 0, nvrtc12);
        assertEquals(new Nvrtc.Target("sm_90", true, ""), h200);
        assertEquals("--gpu-architecture=sm_90", h200.option());
        assertEquals(new Nvrtc.Target("sm_90", true, ""), Nvrtc.target(9, 0, new int[0]));
        // A device newer than NVRTC: PTX for the highest virtual architecture it knows.
        final Nvrtc.Target blackwell = Nvrtc.target(12, 0, nvrtc12);
        assertEquals("compute_90", blackwell.architecture());
        assertFalse(blackwell.cubin());
        assertEquals("--gpu-architecture=compute_90", blackwell.option());
        assertTrue(blackwell.note().contains("sm_120") && blackwell.note().contains("PTX"), blackwell.note());
        final IllegalStateException old = assertThrows(IllegalStateException.class,
            () -> Nvrtc.target(3, 5, nvrtc12));
        assertTrue(old.getMessage().contains("sm_35"), old.getMessage());
    }

    @Test
    void argumentsArePackedIntoSlotsThatTheParamsArrayPointsAt() {
        try (Arena arena = Arena.ofConfined()) {
            final KernelParams p = new KernelParams(arena, "k", null);
            p.setInt(0, 7);
            p.setDouble(1, 2.5);
            p.setLong(2, -3L);
            p.setFloat(3, 1.5f);
            p.setPointer(4, 0x7f00_dead_beefL, "a CudaBuffer"); // past the first capacity: the blocks grow
            p.set(5, 42);
            p.set(6, 0.1);
            assertEquals(7, p.count());
            final MemorySegment array = p.array();
            final MemorySegment slots = p.slots();
            for (int i = 0; i < 7; i++) {
                assertEquals(slots.address() + KernelParams.SLOT * i, array.getAtIndex(ADDRESS, i).address(),
                    "kernelParams[" + i + "]");
            }
            assertEquals(7, slots.get(JAVA_INT, 0));
            assertEquals(2.5, slots.get(JAVA_DOUBLE, 8));
            assertEquals(-3L, slots.get(JAVA_LONG, 16));
            assertEquals(1.5f, slots.get(JAVA_FLOAT, 24));
            assertEquals(0x7f00_dead_beefL, slots.get(JAVA_LONG, 32));
            assertEquals(42, slots.get(JAVA_INT, 40));
            assertEquals(0.1, slots.get(JAVA_DOUBLE, 48));

            // Reuse: no growth, same array.
            p.clear();
            p.setInt(0, 8);
            assertEquals(array.address(), p.array().address());
            assertEquals(1, p.count());

            p.setInt(2, 1);
            final IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, p::array);
            assertTrue(gap.getMessage().contains("kernel 'k' argument 1 is not set"), gap.getMessage());
            final IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> p.set(0, "x"));
            assertTrue(type.getMessage().contains("argument 0 is a java.lang.String")
                && type.getMessage().contains("CudaBuffer, int, long, float or double"), type.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.set(0, null));
            assertThrows(IllegalArgumentException.class, () -> p.setInt(-1, 0));
        }
    }

    @Test
    void knownParameterSizesCheckEachArgumentAndTheCount() {
        try (Arena arena = Arena.ofConfined()) {
            // extern "C" __global__ void vadd(const double* a, const double* b, double* c, int n)
            final KernelParams p = new KernelParams(arena, "vadd", new long[] {8, 8, 8, 4});
            assertEquals(4, p.parameterCount());
            final IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> p.setInt(0, 1));
            assertTrue(type.getMessage().contains("kernel 'vadd' argument 0 is an int (4 bytes) but the kernel's"
                + " parameter 0 is 8 bytes"), type.getMessage());
            final IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> p.setDouble(3, 1));
            assertTrue(n.getMessage().contains("parameter 3 is 4 bytes (an int or float)"), n.getMessage());
            final IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> p.setInt(4, 1));
            assertTrue(past.getMessage().contains("past the kernel's last: it takes 4 parameters (8, 8, 8, 4 bytes)"),
                past.getMessage());
            p.setPointer(0, 1, "a CudaBuffer");
            p.setPointer(1, 2, "a CudaBuffer");
            p.setPointer(2, 3, "a CudaBuffer");
            final IllegalArgumentException count = assertThrows(IllegalArgumentException.class, p::array);
            assertTrue(count.getMessage().contains("kernel 'vadd' takes 4 parameters (8, 8, 8, 4 bytes) but 3"
                + " arguments were given"), count.getMessage());
            p.setInt(3, 100);
            assertEquals(4, p.array().byteSize() / ADDRESS.byteSize());
        }
    }

    @Test
    void blocksCoverEveryWorkItem() {
        assertArrayEquals(new int[] {4, 1, 1}, CudaFunction.blocksFor(new long[] {1000}, new int[] {256, 1, 1}));
        assertArrayEquals(new int[] {1, 1, 1}, CudaFunction.blocksFor(new long[] {8, 8}, new int[] {8, 8, 1}));
        assertArrayEquals(new int[] {2, 3, 3}, CudaFunction.blocksFor(new long[] {9, 17, 3}, new int[] {8, 8, 1}));
        assertThrows(IllegalArgumentException.class, () -> CudaFunction.blocksFor(new long[] {0}, new int[] {1, 1,
            1}));
    }

    @Test
    void sourceLinesAreNumberedAsCompilerLogsCiteThem() {
        assertEquals(" 1 | a\n 2 | b\n 3 | \n 4 | \n 5 | \n 6 | \n 7 | \n 8 | \n 9 | \n10 | z\n",
            Nvrtc.numbered("a\nb\n\n\n\n\n\n\n\nz"));
    }
}
