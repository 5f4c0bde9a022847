package org.charm4j.gpu.opencl;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class OclBindingTest {
    private static final String SOURCE = """
        #pragma OPENCL EXTENSION cl_khr_fp64 : enable
        __kernel void vadd(__global const double *a, __global const double *b, __global double *c, const int n) {
            int i = get_global_id(0);
            if (i < n) {
                c[i] = a[i] + b[i];
            }
        }
        __kernel void fill(__global double *out, const double scale, const long offset) {
            size_t i = get_global_id(0);
            out[i] = scale * (double) (i + offset);
        }
        """;

    private static OpenClDevice device;
    private static OpenClProgram program;

    /** Opens the device and builds {@link #SOURCE} once; skips the test where OpenCL is missing. */
    private static OpenClProgram program() {
        Assumptions.assumeTrue(OpenCl.available(), () -> "no OpenCL device: looked for " + OpenCl.LIBRARY
            + " with a platform that has a device of any type (e.g. pocl-opencl-icd): "
            + OpenCl.unavailableReason().orElse(""));
        if (program == null) {
            device = OpenClDevice.first().orElseThrow();
            Assumptions.assumeTrue(device.hasFp64(), () -> device + " has no cl_khr_fp64");
            program = device.compile(SOURCE, null);
        }
        return program;
    }

    @AfterAll
    static void closeDevice() {
        if (device != null) {
            device.close();
        }
    }

    @Test
    void errorNamesAndCheckWorkWithoutADevice() {
        assertEquals("CL_INVALID_ARG_INDEX", OpenCl.errorName(-49));
        assertEquals("CL_BUILD_PROGRAM_FAILURE", OpenCl.errorName(-11));
        assertEquals("CL_OUT_OF_RESOURCES", OpenCl.errorName(-5));
        assertEquals("CL_INVALID_VALUE", OpenCl.errorName(-30));
        assertEquals("CL_PLATFORM_NOT_FOUND_KHR", OpenCl.errorName(-1001));
        assertEquals("CL_UNKNOWN_ERROR", OpenCl.errorName(-999));
        OpenCl.check(OpenCl.CL_SUCCESS, "clFinish");
        final OpenClException e = assertThrows(OpenClException.class, () -> OpenCl.check(-36, "clFinish"));
        assertEquals("clFinish failed: CL_INVALID_COMMAND_QUEUE (-36)", e.getMessage());
        assertEquals(-36, e.errorCode());
        // available() never throws, whatever the machine has.
        assertEquals(OpenCl.available(), OpenCl.unavailableReason().isEmpty());
    }

    @Test
    void vectorAddOfAThousandDoublesIsExact() {
        final OpenClProgram p = program();
        final int n = 1000;
        final double[] a = new double[n];
        final double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i * 0.1 + 1e-3;
            b[i] = 1.0 / (i + 3);
        }
        try (Arena arena = Arena.ofConfined();
             OpenClKernel vadd = p.kernel("vadd")) {
            final MemorySegment ha = arena.allocate(JAVA_DOUBLE, n);
            final MemorySegment hb = arena.allocate(JAVA_DOUBLE, n);
            final MemorySegment hc = arena.allocate(JAVA_DOUBLE, n);
            try (OpenClBuffer da = OpenClBuffer.wrap(device, ha);
                 OpenClBuffer db = OpenClBuffer.wrap(device, hb);
                 OpenClBuffer dc = OpenClBuffer.wrap(device, hc)) {
                da.copyIn(MemorySegment.ofArray(a));
                db.copyIn(MemorySegment.ofArray(b));
                assertEquals(n * 8L, dc.byteSize());
                vadd.setArg(0, da).setArg(1, db).setArg(2, dc).setArg(3, n);
                try (OpenClEvent done = vadd.enqueue(new long[] {1024}, null)) {
                    done.await();
                    assertTrue(done.isComplete());
                }
                final double[] c = new double[n];
                dc.copyOut(MemorySegment.ofArray(c));
                for (int i = 0; i < n; i++) {
                    assertEquals(a[i] + b[i], c[i], 0.0, "c[" + i + "]");
                }
            }
        }
    }

    @Test
    void aSyntaxErrorThrowsWithTheBuildLogAndTheNumberedSource() {
        program();
        final String broken = """
            __kernel void broken(__global int *out) {
                int i = get_global_id(0);
                out[i] = i +* ;
            }
            """;
        final OpenClException e = assertThrows(OpenClException.class, () -> device.compile(broken, "-Werror"));
        final String m = e.getMessage();
        assertEquals(-11, e.errorCode(), m);
        assertTrue(m.contains("clBuildProgram"), m);
        assertTrue(m.contains("CL_BUILD_PROGRAM_FAILURE (-11)"), m);
        assertTrue(m.contains("build log:"), m);
        assertTrue(m.contains("error"), m);
        assertTrue(m.contains("3 |     out[i] = i +* ;"), m);
    }

    @Test
    void anOutOfRangeArgumentIndexIsNamed() {
        try (OpenClKernel vadd = program().kernel("vadd")) {
            final OpenClException e = assertThrows(OpenClException.class, () -> vadd.setArg(7, 1));
            assertEquals(-49, e.errorCode());
            assertTrue(e.getMessage().contains("CL_INVALID_ARG_INDEX"), e.getMessage());
            assertTrue(e.getMessage().contains("kernel 'vadd', index 7"), e.getMessage());
        }
    }

    @Test
    void anUnknownKernelNameIsNamed() {
        final OpenClProgram p = program();
        final OpenClException e = assertThrows(OpenClException.class, () -> p.kernel("nope"));
        assertTrue(e.getMessage().contains("CL_INVALID_KERNEL_NAME"), e.getMessage());
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    @Test
    void anEventCompletesWhenPolled() throws InterruptedException {
        final OpenClProgram p = program();
        final int n = 1 << 16;
        try (Arena arena = Arena.ofConfined();
             OpenClKernel fill = p.kernel("fill")) {
            final MemorySegment host = arena.allocate(JAVA_DOUBLE, n);
            try (OpenClBuffer out = OpenClBuffer.wrap(device, host)) {
                fill.setArg(0, out).setArg(1, 1.0).setArg(2, 0L);
                try (OpenClEvent event = fill.enqueue(new long[] {n}, null)) {
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!event.isComplete()) {
                        assertTrue(System.nanoTime() < deadline, "kernel not complete after 10 s: " + event);
                        Thread.sleep(1);
                    }
                    assertTrue(event.isComplete());
                }
            }
        }
    }

    @Test
    void aUseHostPtrBufferShowsTheKernelsWritesAfterSync() {
        final OpenClProgram p = program();
        final int n = 4096;
        try (Arena arena = Arena.ofConfined();
             OpenClKernel fill = p.kernel("fill")) {
            final MemorySegment host = arena.allocate(n * 8L, 4096);
            try (OpenClBuffer out = OpenClBuffer.wrap(device, host)) {
                fill.setArg(0, out).setArg(1, 2.0).setArg(2, 5L);
                try (OpenClEvent event = fill.enqueue(new long[] {n}, new long[] {64})) {
                    event.await();
                }
                out.sync();
                for (int i = 0; i < n; i++) {
                    assertEquals(2.0 * (i + 5), host.getAtIndex(JAVA_DOUBLE, i), 0.0, "host[" + i + "]");
                }
            }
        }
    }

    @Test
    void describeAllListsTheDevice() {
        program();
        final List<String> lines = OpenClDevice.describeAll();
        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().anyMatch(l -> l.contains(device.name()) && l.contains(device.platformName())),
            String.join("\n", lines));
        assertTrue(device.version().startsWith("OpenCL "), device.version());
        assertTrue(device.maxWorkGroupSize() >= 1);
        System.out.println(String.join("\n", lines));
    }

    @Test
    void wrappingHeapMemoryIsRefused() {
        program();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OpenClBuffer.wrap(device, MemorySegment.ofArray(new double[4])));
        assertTrue(e.getMessage().contains("native memory"), e.getMessage());
    }

    @Test
    void closingTheDeviceReleasesWhatIsStillOpen() {
        program();
        final OpenClKernel kernel;
        final OpenClBuffer buffer;
        try (Arena arena = Arena.ofConfined()) {
            try (OpenClDevice other = OpenClDevice.first().orElseThrow();
                 OpenClBuffer foreign = OpenClBuffer.wrap(device, arena.allocate(64))) {
                kernel = other.compile("__kernel void one(__global int *o) { o[get_global_id(0)] = 1; }", null)
                    .kernel("one");
                buffer = OpenClBuffer.wrap(other, arena.allocate(64));
                kernel.setArg(0, buffer);
                final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernel.setArg(0, foreign));
                assertTrue(e.getMessage().contains("belongs to"), e.getMessage());
                other.finish();
            }
            assertThrows(IllegalStateException.class, () -> kernel.setArg(0, 1));
            assertThrows(IllegalStateException.class, buffer::sync);
            kernel.close();
            buffer.close();
        }
    }
}
