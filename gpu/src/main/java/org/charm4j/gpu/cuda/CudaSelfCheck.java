package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A command-line check of CUDA on this machine, needing nothing beyond this module: prints the driver and NVRTC
 * versions and where NVRTC was found, each device, then on one device compiles a vector add with NVRTC, runs it on
 * 2^20 doubles and compares the result with Java's to the bit, and measures the launch-to-completion latency of an
 * empty kernel, the device-to-device copy bandwidth and the host-to-device bandwidth from pinned memory.
 *
 * <p>Output: plain {@code key: value} lines. Exit status: 0 when everything passed, 1 when a check failed (a wrong
 * result, a CUDA error), 2 when CUDA (or NVRTC) is not available here, with the reason.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp <charm4j-gpu jar and its dependencies>
 * org.charm4j.gpu.cuda.CudaSelfCheck [--device N]}.
 *
 * <p>Threading: runs on the main thread.
 */
public final class CudaSelfCheck {
    private static final String VADD = """
        extern "C" __global__ void charm4j_vadd(const double* a, const double* b, double* c, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) {
                c[i] = a[i] + b[i];
            }
        }

        extern "C" __global__ void charm4j_empty() {
        }
        """;
    private static final int ELEMENTS = 1 << 20;
    private static final int WARMUPS = 20;
    private static final int SAMPLES = 200;
    private static final long D2D_BYTES = 512L << 20;
    private static final long H2D_BYTES = 256L << 20;
    private static final int COPY_WARMUPS = 3;
    private static final int COPY_SAMPLES = 20;

    private final PrintStream out;

    private CudaSelfCheck(final PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the check.
     *
     * @param args {@code --device N} to pick the device (default 0), {@code --help} for usage.
     */
    public static void main(final String[] args) {
        int device = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println("""
                        usage: CudaSelfCheck [--device N]
                          Prints the CUDA driver and NVRTC versions, where NVRTC was found and each device; then on
                          device N (default 0) compiles a vector add with NVRTC, runs it on 2^20 doubles and checks it
                          against Java to the bit, and measures the empty-kernel launch-to-completion latency (median
                          of 200 after 20 warm-ups), the device-to-device copy bandwidth (512 MiB, counted as read +
                          write) and the host-to-device bandwidth from pinned memory (256 MiB).
                          Output: key: value lines. Exit 0 ok, 1 a check failed, 2 CUDA or NVRTC unavailable.
                          NVRTC is looked for in $CHARM4J_NVRTC, then libnvrtc.so.13/.12 on the loader path, then the
                          CUDA toolkit and the pip wheels (see org.charm4j.gpu.cuda.Nvrtc).""");
                    return;
                }
                case "--device" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("--device needs a number");
                        System.exit(64);
                    }
                    device = Integer.parseInt(args[++i]);
                }
                default -> {
                    System.err.println("unknown argument '" + args[i] + "'; try --help");
                    System.exit(64);
                }
            }
        }
        System.exit(new CudaSelfCheck(System.out).run(device));
    }

    private int run(final int index) {
        out.println("java.version: " + System.getProperty("java.version"));
        if (!Cuda.available()) {
            out.println("cuda.available: false");
            out.println("cuda.reason: " + Cuda.unavailableReason().orElse("?"));
            return 2;
        }
        out.println("cuda.available: true");
        final int driver = Cuda.driverVersion();
        out.println("cuda.driver: " + Cuda.versionString(driver) + " (" + driver + ")");
        out.println("cuda.devices: " + CudaDevice.count());
        for (final String line : CudaDevice.describeAll()) {
            out.println("cuda." + line.replaceFirst("^device (\\d+) ", "device.$1: "));
        }
        if (!Nvrtc.available()) {
            out.println("nvrtc.available: false");
            out.println("nvrtc.reason: " + Nvrtc.unavailableReason().orElse("?"));
            return 2;
        }
        final int[] v = Nvrtc.version();
        out.println("nvrtc.available: true");
        out.println("nvrtc.version: " + v[0] + "." + v[1]);
        out.println("nvrtc.library: " + Nvrtc.location());
        out.println("nvrtc.architectures: " + Arrays.toString(Nvrtc.supportedArchitectures()));
        try (CudaDevice device = CudaDevice.open(index).orElse(null)) {
            if (device == null) {
                out.println("status: FAILED: there is no CUDA device " + index);
                return 1;
            }
            out.println("device: " + device.ordinal() + " '" + device.name() + "', " + device.computeCapability().sm()
                + ", " + device.multiprocessors() + " SMs, " + (device.totalMemory() >> 20) + " MiB, "
                + (device.integrated() ? "integrated" : "discrete"));
            final boolean ok = vectorAdd(device);
            latency(device);
            deviceToDevice(device);
            hostToDevice(device);
            out.println("status: " + (ok ? "ok" : "FAILED: the vector add differs from Java's"));
            return ok ? 0 : 1;
        } catch (final RuntimeException e) {
            out.println("status: FAILED: " + e);
            e.printStackTrace(out);
            return 1;
        }
    }

    private boolean vectorAdd(final CudaDevice device) {
        final long bytes = (long) ELEMENTS * Double.BYTES;
        try (Arena arena = Arena.ofConfined();
             CudaModule module = device.compile(VADD, "charm4j_vadd", List.of("--fmad=false"));
             CudaBuffer a = CudaBuffer.allocate(device, bytes);
             CudaBuffer b = CudaBuffer.allocate(device, bytes);
             CudaBuffer c = CudaBuffer.allocate(device, bytes)) {
            out.println("compile.target: " + module.target().architecture() + (module.target().cubin() ? " (CUBIN)"
                : " (PTX)") + (module.target().note().isEmpty() ? "" : "; " + module.target().note()));
            final MemorySegment ha = arena.allocate(bytes, 4096);
            final MemorySegment hb = arena.allocate(bytes, 4096);
            final MemorySegment hc = arena.allocate(bytes, 4096);
            for (int i = 0; i < ELEMENTS; i++) {
                ha.setAtIndex(JAVA_DOUBLE, i, Math.sin(i) * 1e3);
                hb.setAtIndex(JAVA_DOUBLE, i, 1.0 / (i + 1));
            }
            final CudaStream s = device.defaultStream();
            a.copyFromHostAsync(ha, 0, 0, bytes, s);
            b.copyFromHostAsync(hb, 0, 0, bytes, s);
            c.fillZeroAsync(s);
            final int[] block = {256, 1, 1};
            module.function("charm4j_vadd").launch(CudaFunction.blocksFor(new long[] {ELEMENTS}, block), block, 0, s,
                a, b, c, ELEMENTS);
            c.copyToHostAsync(hc, 0, 0, bytes, s);
            s.synchronize();
            int wrong = 0;
            int first = -1;
            for (int i = 0; i < ELEMENTS; i++) {
                final double want = ha.getAtIndex(JAVA_DOUBLE, i) + hb.getAtIndex(JAVA_DOUBLE, i);
                if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(hc.getAtIndex(JAVA_DOUBLE, i))) {
                    wrong++;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
            out.println("vadd.elements: " + ELEMENTS);
            out.println("vadd.result: " + (wrong == 0 ? "ok (equal to Java's to the bit)" : wrong
                + " elements differ, the first at " + first + ": device " + hc.getAtIndex(JAVA_DOUBLE, first)
                + ", Java " + (ha.getAtIndex(JAVA_DOUBLE, first) + hb.getAtIndex(JAVA_DOUBLE, first))));
            return wrong == 0;
        }
    }

    private void latency(final CudaDevice device) {
        try (CudaModule module = device.compile(VADD, "charm4j_empty", List.of());
             CudaEvent done = device.newEvent()) {
            final CudaFunction empty = module.function("charm4j_empty");
            final CudaStream s = device.defaultStream();
            final int[] one = {1, 1, 1};
            final long[] launchNs = new long[SAMPLES];
            final long[] totalNs = new long[SAMPLES];
            for (int i = 0; i < WARMUPS + SAMPLES; i++) {
                final long t0 = System.nanoTime();
                empty.launch(one, one, 0, s);
                done.record(s);
                final long t1 = System.nanoTime();
                while (!done.isDone()) {
                    Thread.onSpinWait();
                }
                final long t2 = System.nanoTime();
                if (i >= WARMUPS) {
                    launchNs[i - WARMUPS] = t1 - t0;
                    totalNs[i - WARMUPS] = t2 - t0;
                }
            }
            out.println("latency.empty_kernel.samples: " + SAMPLES + " after " + WARMUPS + " warm-ups");
            out.println("latency.empty_kernel.launch_and_record_us.median: " + us(median(launchNs)));
            out.println("latency.empty_kernel.launch_to_done_us.median: " + us(median(totalNs))
                + " (launch, record an event, spin on cuEventQuery until done; wall time)");
            out.println("latency.empty_kernel.launch_to_done_us.min: " + us(Arrays.stream(totalNs).min().orElse(0)));
        }
    }

    private void deviceToDevice(final CudaDevice device) {
        long bytes = D2D_BYTES;
        final long free = device.freeMemory();
        while (2 * bytes > free / 2 && bytes > (1L << 20)) {
            bytes /= 2;
        }
        try (CudaBuffer src = CudaBuffer.allocate(device, bytes);
             CudaBuffer dst = CudaBuffer.allocate(device, bytes);
             CudaEvent start = device.newEvent();
             CudaEvent end = device.newEvent()) {
            final CudaStream s = device.defaultStream();
            src.fillZeroAsync(s);
            final double[] ms = new double[COPY_SAMPLES];
            for (int i = 0; i < COPY_WARMUPS + COPY_SAMPLES; i++) {
                start.record(s);
                dst.copyFromDeviceAsync(src, 0, 0, bytes, s);
                end.record(s);
                end.await();
                if (i >= COPY_WARMUPS) {
                    ms[i - COPY_WARMUPS] = end.elapsedMillis(start);
                }
            }
            final double median = median(ms);
            out.println("bandwidth.d2d.bytes: " + bytes);
            out.println("bandwidth.d2d.ms.median: " + fmt(median) + " (" + COPY_SAMPLES + " after " + COPY_WARMUPS
                + " warm-ups, timed with events)");
            out.println("bandwidth.d2d.gbps: " + fmt(2.0 * bytes / (median * 1e6))
                + " (GB/s, counted as 2 x bytes / time: each byte is read and written)");
        }
    }

    private void hostToDevice(final CudaDevice device) {
        final long bytes = H2D_BYTES;
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment host = arena.allocate(bytes, 4096);
            host.fill((byte) 1);
            try (CudaHostRegistration pinned = CudaHostRegistration.register(device, host);
                 CudaBuffer dst = CudaBuffer.allocate(device, bytes);
                 CudaEvent start = device.newEvent();
                 CudaEvent end = device.newEvent()) {
                final CudaStream s = device.defaultStream();
                final double[] ms = new double[COPY_SAMPLES];
                for (int i = 0; i < COPY_WARMUPS + COPY_SAMPLES; i++) {
                    start.record(s);
                    dst.copyFromHostAsync(pinned.segment(), 0, 0, bytes, s);
                    end.record(s);
                    end.await();
                    if (i >= COPY_WARMUPS) {
                        ms[i - COPY_WARMUPS] = end.elapsedMillis(start);
                    }
                }
                final double median = median(ms);
                out.println("bandwidth.h2d_pinned.bytes: " + bytes);
                out.println("bandwidth.h2d_pinned.ms.median: " + fmt(median) + " (" + COPY_SAMPLES + " after "
                    + COPY_WARMUPS + " warm-ups, timed with events)");
                out.println("bandwidth.h2d_pinned.gbps: " + fmt(bytes / (median * 1e6)) + " (GB/s, bytes / time)");
            }
        }
    }

    private static long median(final long[] v) {
        final long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double median(final double[] v) {
        final double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String us(final long ns) {
        return fmt(ns / 1e3);
    }

    private static String fmt(final double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }
}
