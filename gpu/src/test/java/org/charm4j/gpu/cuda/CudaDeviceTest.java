package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CUDA binding on a real device: compile with NVRTC, launch, poll events, copy asynchronously, and the errors a
 * user meets. Skipped, saying why, where there is no NVIDIA GPU or no NVRTC.
 */
class CudaDeviceTest {
    private static final String KERNELS = """
        extern "C" __global__ void axpy(const double* x, const double* y, double* out, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) {
                out[i] = x[i] * y[i] + x[i];
            }
        }

        extern "C" __global__ void spin(long long cycles, int* flag) {
            long long start = clock64();
            while (clock64() - start < cycles) {
            }
            *flag = 1;
        }
        """;

    private static CudaDevice device;

    @BeforeAll
    static void open() {
        device = CudaForTests.openWithNvrtcOrSkip();
    }

    @AfterAll
    static void close() {
        if (device != null) {
            device.close();
        }
    }

    @Test
    void describesTheDevice() {
        assertFalse(device.name().isBlank());
        assertTrue(device.computeCapability().major() >= 5, device.computeCapability().toString());
        assertTrue(device.multiprocessors() > 0 && device.totalMemory() > 0 && device.maxThreadsPerBlock() >= 256);
        assertTrue(device.freeMemory() > 0 && device.freeMemory() <= device.totalMemory());
        assertEquals(CudaDevice.count(), CudaDevice.describeAll().size());
        assertTrue(CudaDevice.describeAll().getFirst().contains(device.name()), CudaDevice.describeAll().toString());
        assertTrue(Cuda.driverVersion() >= 11000, "driver " + Cuda.driverVersion());
    }

    @Test
    void withoutFmadTheResultIsJavasToTheBit() {
        final int n = 100_003;
        final long bytes = (long) n * Double.BYTES;
        try (Arena arena = Arena.ofConfined();
             CudaModule m = device.compile(KERNELS, "axpy", List.of("--fmad=false"));
             CudaBuffer x = CudaBuffer.allocate(device, bytes);
             CudaBuffer y = CudaBuffer.allocate(device, bytes);
             CudaBuffer out = CudaBuffer.allocate(device, bytes)) {
            assertTrue(m.target().cubin(), m.target().toString());
            assertEquals(device.computeCapability().sm(), m.target().architecture());
            final MemorySegment hx = arena.allocate(bytes, 8);
            final MemorySegment hy = arena.allocate(bytes, 8);
            final MemorySegment ho = arena.allocate(bytes, 8);
            for (int i = 0; i < n; i++) {
                hx.setAtIndex(JAVA_DOUBLE, i, Math.sin(i) * 1e3 + 1.0 / 3);
                hy.setAtIndex(JAVA_DOUBLE, i, Math.cos(i) / 7);
            }
            final CudaStream s = device.defaultStream();
            x.copyFromHostAsync(hx, 0, 0, bytes, s);
            y.copyFromHostAsync(hy, 0, 0, bytes, s);
            final CudaFunction f = m.function("axpy");
            assertEquals(Cuda.hasParamInfo() ? 4 : -1, f.parameterCount());
            final int[] block = {128, 1, 1};
            f.launch(CudaFunction.blocksFor(new long[] {n}, block), block, 0, s, x, y, out, n);
            out.copyToHostAsync(ho, 0, 0, bytes, s);
            try (CudaEvent done = s.record()) {
                done.await();
                assertTrue(done.isDone());
            }
            for (int i = 0; i < n; i++) {
                final double a = hx.getAtIndex(JAVA_DOUBLE, i);
                final double want = a * hy.getAtIndex(JAVA_DOUBLE, i) + a;
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(ho.getAtIndex(JAVA_DOUBLE,
                    i)), "out[" + i + "]");
            }
        }
    }

    @Test
    void aCompileErrorShowsTheLogAndTheNumberedSource() {
        final String bad = "extern \"C\" __global__ void broken(double* a) {\n    a[0] = 1.0;\n    a[1] = nope;\n}\n";
        final CudaException e = assertThrows(CudaException.class, () -> device.compile(bad, "broken", List.of()));
        assertTrue(e.fromNvrtc());
        assertEquals("NVRTC_ERROR_COMPILATION", e.errorName());
        final String m = e.getMessage();
        assertTrue(m.contains("kernel 'broken'") && m.contains(device.name()), m);
        assertTrue(m.contains("log:") && m.contains("nope") && m.contains("broken.cu(3)"), m);
        assertTrue(m.contains("3 |     a[1] = nope;"), m);
    }

    @Test
    void aMissingOrMangledEntryIsReported() {
        final String mangled = "__global__ void plain(double* a) {\n    a[0] = 1.0;\n}\n";
        final CudaException e = assertThrows(CudaException.class, () -> device.compile(mangled, "plain", List.of()));
        assertEquals("CUDA_ERROR_NOT_FOUND", e.errorName());
        assertTrue(e.getMessage().contains("extern \"C\""), e.getMessage());
    }

    @Test
    void anEventIsPolledUntilTheKernelIsDone() {
        try (Arena arena = Arena.ofConfined();
             CudaModule m = device.compile(KERNELS, "spin", List.of());
             CudaBuffer flag = CudaBuffer.allocate(device, 4);
             CudaStream s = device.newStream();
             CudaEvent start = device.newEvent();
             CudaEvent end = device.newEvent()) {
            flag.fillZeroAsync(s);
            start.record(s);
            // About 50 ms at 1-2 GHz.
            m.function("spin").setArg(0, 80_000_000L).setArg(1, flag).launch(new int[] {1, 1, 1},
                new int[] {1, 1, 1}, 0, s);
            end.record(s);
            assertFalse(end.isDone(), "a 50 ms kernel is not done right after its launch");
            assertFalse(s.isDone());
            int polls = 0;
            while (!end.isDone()) {
                polls++;
                Thread.onSpinWait();
            }
            assertTrue(polls > 0);
            assertTrue(s.isDone());
            assertTrue(end.elapsedMillis(start) > 1, "elapsed " + end.elapsedMillis(start) + " ms");
            final MemorySegment h = arena.allocate(4, 4);
            flag.copyToHostAsync(h, 0, 0, 4, s);
            s.synchronize();
            assertEquals(1, h.get(JAVA_INT, 0));
        }
    }

    @Test
    void asyncCopiesRoundTripThroughPinnedMemory() {
        final long bytes = 1 << 22;
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment src = arena.allocate(bytes, 4096);
            final MemorySegment dst = arena.allocate(bytes, 4096);
            for (long i = 0; i < bytes; i++) {
                src.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + 7));
            }
            try (CudaHostRegistration pin = CudaHostRegistration.register(device, src);
                 CudaHostRegistration pin2 = CudaHostRegistration.register(device, dst);
                 CudaBuffer a = CudaBuffer.allocate(device, bytes);
                 CudaBuffer b = CudaBuffer.allocate(device, bytes);
                 CudaStream s = device.newStream()) {
                a.copyFromHostAsync(pin.segment(), 0, 0, bytes, s);
                b.copyFromDeviceAsync(a, 0, 0, bytes, s);
                b.fillZeroAsync(0, 16, s);
                b.copyToHostAsync(pin2.segment(), 0, 0, bytes, s);
                s.record().await();
                for (long i = 0; i < bytes; i++) {
                    final byte want = i < 16 ? 0 : (byte) (i * 31 + 7);
                    assertEquals(want, dst.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i), "byte " + i);
                }
                final CudaException twice = assertThrows(CudaException.class,
                    () -> CudaHostRegistration.register(device, src));
                assertEquals("CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED", twice.errorName());
                assertThrows(IllegalArgumentException.class, () -> a.copyFromHostAsync(src, 0, 1, bytes, s));
                assertThrows(IllegalArgumentException.class,
                    () -> a.copyFromHostAsync(MemorySegment.ofArray(new byte[16]), 0, 0, 16, s));
            }
        }
    }

    @Test
    void wrongArgumentsFailBeforeTheLaunchNamingThem() {
        try (CudaModule m = device.compile(KERNELS, "axpy", List.of());
             CudaBuffer x = CudaBuffer.allocate(device, 64)) {
            final CudaFunction f = m.function("axpy");
            final int[] one = {1, 1, 1};
            final CudaStream s = device.defaultStream();
            final IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> f.launch(one, one, 0, s, x, x, x, "8"));
            assertTrue(type.getMessage().contains("kernel 'axpy' argument 3 is a java.lang.String"),
                type.getMessage());
            final IllegalArgumentException block = assertThrows(IllegalArgumentException.class,
                () -> f.launch(one, new int[] {device.maxThreadsPerBlock() * 2, 1, 1}, 0, s, x, x, x, 8));
            assertTrue(block.getMessage().contains("kernel 'axpy'"), block.getMessage());
            assumeTrue(Cuda.hasParamInfo(), "the driver has no cuFuncGetParamInfo (CUDA 12.4+) to check arguments by");
            final IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> f.launch(one, one, 0, s, x, x, x));
            assertTrue(count.getMessage().contains("kernel 'axpy' takes 4 parameters (8, 8, 8, 4 bytes) but 3"
                + " arguments were given"), count.getMessage());
            final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> f.launch(one, one, 0, s, x, x, x, 8L));
            assertTrue(size.getMessage().contains("argument 3 is a long (8 bytes) but the kernel's parameter 3 is 4"
                + " bytes"), size.getMessage());
            s.synchronize();
        }
    }

    @Test
    void closingTheDeviceReleasesWhatItMade() {
        final CudaDevice d = CudaDevice.first().orElseThrow();
        final CudaBuffer b = CudaBuffer.allocate(d, 1024);
        final CudaStream s = d.newStream();
        final CudaEvent e = s.record();
        final IllegalStateException own = assertThrows(IllegalStateException.class, () -> d.defaultStream().close());
        assertTrue(own.getMessage().contains("default stream"), own.getMessage());
        d.close();
        assertThrows(IllegalStateException.class, b::pointer);
        assertThrows(IllegalStateException.class, e::isDone);
        assertThrows(IllegalStateException.class, d::newStream);
        d.close();
        // The primary context is shared: the test class's device is still usable.
        assertTrue(device.freeMemory() > 0);
    }
}
