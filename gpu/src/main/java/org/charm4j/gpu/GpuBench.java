package org.charm4j.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.charm4j.DoubleArray;
import org.charm4j.gpu.cuda.CudaBuffer;
import org.charm4j.gpu.cuda.CudaDevice;
import org.charm4j.gpu.cuda.CudaStream;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Parallel;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.lib.Jacobi7;

/**
 * The GPU figures of the project in one run, for a machine that has a device (and, for CUDA, no Java compiler: it
 * runs from a {@code jlink} runtime and the built jars): the 7-point Jacobi {@code @Kernel} on {@code n^3} doubles
 * kept on the device ({@link DeviceArray}), its kernel time and effective bandwidth (one read and one write of each
 * grid) against the device's own copy bandwidth measured beside it ({@code cuMemcpyDtoDAsync} on CUDA, a translated
 * copy kernel on OpenCL), the result checked against the CPU's to the bit at the first size, and the
 * launch-to-completion latency of a kernel that writes one double. Plain {@code key: value} lines; medians.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp JARS org.charm4j.gpu.GpuBench \
 *     --device cuda:0 --sizes 256,512
 * </pre>
 *
 * <p>Threading: one thread (its main).
 */
public final class GpuBench {
    private static final String USAGE = """
        Usage: GpuBench [--device cuda:N|opencl:N] [--sizes N,N,...] [--reps R] [--check N]
        The 7-point Jacobi @Kernel on N^3 doubles on a device: kernel time (a batch of R launches, and each launch
        awaited alone), effective bandwidth (2 x (N+2)^3 x 8 bytes a sweep) against the device's copy bandwidth
        (a device-to-device copy of one grid), the empty launch's latency (launch to completion seen by a poll), and
        a bit-for-bit check against the CPU at size --check (default 64). Defaults: --device cuda:0, --sizes 256,512,
        --reps 20.""";

    private GpuBench() {
    }

    /**
     * Copies {@code in} to {@code out}: the device's copy bandwidth where the API has no copy command bound here.
     *
     * @param n   doubles.
     * @param in  the source.
     * @param out the target.
     */
    @Kernel
    public static void copy(@Const final int n, final DoubleArray in, final DoubleArray out) {
        for (@Parallel int i = 0; i < n; i++) {
            out.set(i, in.get(i));
        }
    }

    /**
     * Writes one double: the launch whose latency is measured.
     *
     * @param m   1.
     * @param out the target.
     */
    @Kernel
    public static void touch(@Const final int m, final DoubleArray out) {
        for (@Parallel int i = 0; i < m; i++) {
            out.set(i, 1.0);
        }
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args) {
        String device = "cuda:0";
        int[] sizes = {256, 512};
        int reps = 20;
        int check = 64;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--device" -> device = args[++i];
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--check" -> check = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("GpuBench: unknown argument " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        final Devices.Choice where;
        try {
            where = Devices.choose(device);
        } catch (final IllegalStateException e) {
            System.out.println("device: unavailable (" + e.getMessage() + ")");
            System.exit(2);
            return;
        }
        if (where.isCpu()) {
            System.err.println("GpuBench: --device " + device + " is the CPU; name a device");
            System.exit(2);
        }
        try (GpuDevice d = where.device().orElseThrow()) {
            System.out.println("device: " + d.name() + " (" + where.name() + ")");
            final boolean same = checkAgainstCpu(d, check);
            System.out.println("check " + check + "^3: " + (same ? "equal to the CPU to the bit" : "DIFFERENT"));
            for (final int n : sizes) {
                sweep(d, n, reps);
            }
            latency(d);
            if (!same) {
                System.exit(1);
            }
        }
    }

    private static boolean checkAgainstCpu(final GpuDevice d, final int n) {
        final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n);
        final int len = Jacobi7.blockLength(n, n, n);
        final DoubleArray in = DoubleArray.allocate(len);
        final java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < len; i++) {
            in.set(i, r.nextDouble(-1, 1));
        }
        final DoubleArray cpu = DoubleArray.allocate(len);
        s.invoke(in, cpu);
        try (GpuKernel k = GpuKernel.compile(s, d); DeviceArray a = DeviceArray.mirror(d, in);
             DeviceArray b = DeviceArray.mirror(d, DoubleArray.allocate(len))) {
            k.launch(a, b).await();
            b.toHost();
            for (int i = 0; i < len; i++) {
                if (Double.doubleToRawLongBits(cpu.get(i)) != Double.doubleToRawLongBits(b.host().get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void sweep(final GpuDevice d, final int n, final int reps) {
        final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n);
        final long len = (long) (n + 2) * (n + 2) * (n + 2);
        final double bytes = 2.0 * len * Double.BYTES;
        try (GpuKernel k = GpuKernel.compile(s, d); DeviceArray a = DeviceArray.mirror(d, DoubleArray.allocate(len));
             DeviceArray b = DeviceArray.mirror(d, DoubleArray.allocate(len))) {
            for (int w = 0; w < 3; w++) {
                k.launch(a, b).await();
            }
            final List<Double> batch = new ArrayList<>();
            final List<Double> single = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                final long t0 = System.nanoTime();
                final List<GpuLaunch> launches = new ArrayList<>();
                for (int i = 0; i < reps; i++) {   // queued back to back: the device runs them one after the other
                    launches.add(k.launch(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a));
                }
                for (final GpuLaunch l : launches) {
                    l.await();
                }
                batch.add((System.nanoTime() - t0) / 1e9 / reps);
                final long t1 = System.nanoTime();
                k.launch(a, b).await();
                single.add((System.nanoTime() - t1) / 1e9);
            }
            final double tb = median(batch);
            final double ts = median(single);
            final double copy = copySeconds(d, len, reps);
            System.out.printf(Locale.ROOT, "jacobi %d^3: %.4f ms a sweep in a batch of %d, %.4f ms awaited alone;"
                    + " effective bandwidth %.1f GB/s; device copy %.1f GB/s (%s); ratio %.2f%n", n, tb * 1e3, reps,
                ts * 1e3, bytes / tb / 1e9, bytes / copy / 1e9, d.cuda().isPresent() ? "cuMemcpyDtoDAsync"
                    : "a translated copy kernel", copy / tb);
        }
    }

    /** @return the median seconds of one device-to-device copy of {@code len} doubles. */
    private static double copySeconds(final GpuDevice d, final long len, final int reps) {
        final List<Double> t = new ArrayList<>();
        if (d.cuda().isPresent()) {
            final CudaDevice c = d.cuda().get();
            final CudaStream st = c.defaultStream();
            try (CudaBuffer x = CudaBuffer.allocate(c, len * Double.BYTES);
                 CudaBuffer y = CudaBuffer.allocate(c, len * Double.BYTES)) {
                for (int round = 0; round < 6; round++) {
                    final long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        y.copyFromDeviceAsync(x, 0, 0, len * Double.BYTES, st);
                    }
                    st.synchronize();
                    if (round > 0) {
                        t.add((System.nanoTime() - t0) / 1e9 / reps);
                    }
                }
            }
            return median(t);
        }
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a copy kernel of " + len + " doubles");
        }
        final Specialization s = Kernels.of(GpuBench.class, "copy").specialize((int) len);
        try (GpuKernel k = GpuKernel.compile(s, d); DeviceArray x = DeviceArray.mirror(d, DoubleArray.allocate(len));
             DeviceArray y = DeviceArray.mirror(d, DoubleArray.allocate(len))) {
            for (int round = 0; round < 6; round++) {
                final long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    k.launch(x, y).await();
                }
                if (round > 0) {
                    t.add((System.nanoTime() - t0) / 1e9 / reps);
                }
            }
        }
        return median(t);
    }

    private static void latency(final GpuDevice d) {
        final Specialization s = Kernels.of(GpuBench.class, "touch").specialize(1);
        try (GpuKernel k = GpuKernel.compile(s, d); DeviceArray out = DeviceArray.mirror(d, DoubleArray.allocate(1))) {
            final List<Double> t = new ArrayList<>();
            for (int i = 0; i < 220; i++) {
                final long t0 = System.nanoTime();
                final GpuLaunch l = k.launch(out);
                while (!l.isDone()) {
                    Thread.onSpinWait();
                }
                final long t1 = System.nanoTime();
                l.await();
                if (i >= 20) {
                    t.add((t1 - t0) / 1e3);
                }
            }
            System.out.printf(Locale.ROOT, "empty launch: %.1f us from launch to completion seen by a poll (median of"
                + " %d; min %.1f)%n", median(t), t.size(), t.stream().mapToDouble(Double::doubleValue).min()
                .orElse(0));
        }
    }

    private static double median(final List<Double> v) {
        final double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
