package org.charm4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.DoubleArray;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.Threaded;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.lib.Jacobi7;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kernel launched from a chare: the PE polls the launch between its messages ({@code Charm.whenDone}) and calls
 * the chare back, or completes a future that a threaded entry method waits on; the chare's own messages run while
 * the kernel runs (overlap: the launch of a sweep over arrays on the device returns long before the sweep is done,
 * 0.1-0.2 ms against 1.5-3 ms at 128^3 on PoCL here), and the device's results equal the CPU's. On OpenCL and on
 * CUDA; each skips, saying why, where its API has no device.
 */
class GpuOverlapTest {
    static final int N = 128;
    static final AtomicReference<String> RESULT = new AtomicReference<>();

    /** One chare that sweeps a block on the device. */
    public static class Sweeper extends Chare {
        private GpuDevice device;
        private GpuKernel kernel;
        private DoubleArray in;
        private DeviceArray onDeviceIn;
        private DeviceArray onDeviceOut;
        private GpuLaunch launch;
        private int launches;
        private int pings;
        private int pingsWhileRunning;
        private Future<String> report;

        /** Creates it. */
        public Sweeper() {
        }

        /**
         * Launches one sweep and returns at once; {@link #swept} is called when the device is done.
         *
         * @param report completed by {@link #swept} with what happened.
         */
        @Entry
        public void start(final Future<String> report, final String api) {
            this.report = report;
            device = openIn(api);
            final Specialization s = Kernels.of(Jacobi7.class, "jacobi").specialize(N, N, N);
            kernel = GpuKernel.compile(s, device);
            final int len = Jacobi7.blockLength(N, N, N);
            in = DoubleArray.of(new SplittableRandom(5).doubles(len).toArray());
            onDeviceIn = DeviceArray.mirror(device, in);
            onDeviceOut = DeviceArray.mirror(device, DoubleArray.allocate(len));
            sweep();
        }

        private void sweep() {
            launches++;
            launch = kernel.launch(onDeviceIn, onDeviceOut);
            Charm.whenDone(launch, GpuOverlapTest_SweeperProxy.elementOf(this)::swept);
            GpuOverlapTest_SweeperProxy.elementOf(this).ping();
        }

        /** A message to itself: runs while the kernel may still run, and sends the next while it does. */
        @Entry
        public void ping() {
            pings++;
            if (!launch.isDone()) {
                pingsWhileRunning++;
                GpuOverlapTest_SweeperProxy.elementOf(this).ping();
            }
        }

        /** The device is done: checks the block against the CPU. */
        @Entry
        public void swept() {
            if (pingsWhileRunning == 0 && launches < 5) {   // the device finished before the PE's next message
                sweep();
                return;
            }
            onDeviceOut.toHost();
            final DoubleArray out = onDeviceOut.host();
            final DoubleArray cpu = DoubleArray.allocate(in.length());
            Kernels.of(Jacobi7.class, "jacobi").specialize(N, N, N).invoke(in, cpu);
            long differ = 0;
            for (long i = 0; i < cpu.length(); i++) {
                if (Double.doubleToRawLongBits(cpu.get(i)) != Double.doubleToRawLongBits(out.get(i))) {
                    differ++;
                }
            }
            onDeviceIn.close();
            onDeviceOut.close();
            kernel.close();
            device.close();
            report.complete("differ " + differ + ", while running " + pingsWhileRunning + " (of " + pings
                + " messages, " + launches + " launches)");
        }

        /**
         * The same in a threaded entry method that waits on the launch's future.
         *
         * @return the number of points that differ from the CPU's.
         */
        @Threaded
        @Entry
        public long sweepAndWait(final String api) {
            try (GpuDevice d = openIn(api);
                 GpuKernel k = GpuKernel.compile(Kernels.of(Jacobi7.class, "jacobi").specialize(16, 16, 16), d)) {
                final int len = Jacobi7.blockLength(16, 16, 16);
                final DoubleArray a = DoubleArray.of(new SplittableRandom(9).doubles(len).toArray());
                final DoubleArray b = DoubleArray.allocate(len);
                final DoubleArray c = DoubleArray.allocate(len);
                Charm.whenDone(k.launch(a, b)).get();
                Kernels.of(Jacobi7.class, "jacobi").specialize(16, 16, 16).invoke(a, c);
                long differ = 0;
                for (long i = 0; i < len; i++) {
                    differ += Double.doubleToRawLongBits(b.get(i)) != Double.doubleToRawLongBits(c.get(i)) ? 1 : 0;
                }
                return differ;
            }
        }
    }

    /** Device 0 of {@code api}, opened in a chare (the test checked it is there). */
    static GpuDevice openIn(final String api) {
        return "cuda".equals(api) ? GpuDevice.of(org.charm4j.gpu.cuda.CudaDevice.first().orElseThrow())
            : GpuDevice.of(OpenClDevice.first().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencl", "cuda"})
    @Timeout(120)
    void aChareRunsItsMessagesWhileItsKernelRunsAndIsCalledBackWhenItIsDone(final String api) {
        TestDevices.open(api).close();   // skips, saying why, where the API has no device
        RESULT.set(null);
        final int code = Charm.run(new String[] {"+p1"}, args -> {
            final GpuOverlapTest_SweeperProxy one = GpuOverlapTest_SweeperProxy.newArray(1);
            final Future<String> report = new Future<>();
            one.at(0).start(report, api);
            final String r = report.get();
            final long differ = one.at(0).sweepAndWait(api).get();
            RESULT.set(r + "; threaded: differ " + differ);
            Charm.exit();
        });
        assertEquals(0, code);
        final String r = RESULT.get();
        System.out.println("GpuOverlapTest: " + r);
        assertTrue(r != null && r.startsWith("differ 0, while running ") && r.endsWith("threaded: differ 0"),
            String.valueOf(r));
        assertTrue(!r.startsWith("differ 0, while running 0 "), "no message ran while the kernel ran: " + r);
    }
}
