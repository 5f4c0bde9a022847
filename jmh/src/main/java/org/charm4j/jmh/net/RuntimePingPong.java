package org.charm4j.jmh.net;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.DoubleArray;
import org.charm4j.Entry;
import org.charm4j.Future;

/**
 * Ping-pong through the whole runtime between two processes: a {@link Pinger} on PE 0 (process 0) and a
 * {@link Ponger} on the last PE (process 1) of a {@code +p2 ++ppn 1} or {@code +p4 ++ppn 2} job bounce one off-heap {@link DoubleArray} of 8 B,
 * 1 KiB, 64 KiB, 1 MiB and 16 MiB through entry methods (passing the array moves it; the receiver sends it back).
 * Prints the one-way latency (half the mean round trip), the median round trip, the bandwidth (size / one-way time)
 * and the bytes that all threads of process 0 allocate per round trip (PE 0, the transport's event loop, main).
 *
 * <p>Run: {@code CLASSPATH=jmh/target/benchmarks.jar bin/charmrun +p2 ++ppn 1 org.charm4j.jmh.net.RuntimePingPong},
 * or {@code bin/bench-pingpong}, which runs it after the transport-level {@link PingPongBench} and iperf3.
 *
 * <p>Threading: main runs on PE 0 as a threaded entry method; each chare on its own PE.
 */
public final class RuntimePingPong {
    private static final long[] SIZES = {8, 1 << 10, 64 << 10, 1 << 20, 16 << 20};
    /**
     * The least warm-up per size before any is measured, in ns ({@code -Dcharm4j.pingpong.warmSeconds}, default 3);
     * a third of it again right before each size is measured.
     */
    private static final long WARM_NANOS = (long) (Double.parseDouble(System.getProperty(
        "charm4j.pingpong.warmSeconds", "3")) * 1e9);

    private RuntimePingPong() {
    }

    /** The driving side, on PE 0: sends the array, times each round trip, and reports when the rounds are done. */
    public static class Pinger extends Chare {
        private RuntimePingPong_PongerProxy.Element peer;
        private Future<long[]> whenDone;
        private long[] rtt;
        private int done;
        private long sentAt;
        private long startedAt;
        private long startAlloc;

        /** Creates the pinger. */
        public Pinger() {
        }

        /**
         * Runs {@code rounds} round trips of an array of {@code doubles} elements with {@code ponger}.
         *
         * @param ponger   the other side.
         * @param doubles  the array's length.
         * @param rounds   how many round trips.
         * @param whenDone completed with {total ns, median round trip ns, bytes allocated by this process, 99th
     *                 percentile and longest round trip ns}.
         */
        @Entry
        public void run(final RuntimePingPong_PongerProxy.Element ponger, final int doubles, final int rounds,
                        final Future<long[]> whenDone) {
            this.peer = ponger;
            this.whenDone = whenDone;
            rtt = new long[rounds];
            done = 0;
            final DoubleArray a = DoubleArray.allocate(doubles);
            startAlloc = allocated();
            startedAt = System.nanoTime();
            sentAt = startedAt;
            peer.ping(a);
        }

        /**
         * The array is back: start the next round trip, or report.
         *
         * @param a the array (taken).
         */
        @Entry
        public void pong(final DoubleArray a) {
            final long now = System.nanoTime();
            rtt[done++] = now - sentAt;
            if (done < rtt.length) {
                sentAt = now;
                peer.ping(a);
                return;
            }
            final long total = now - startedAt;
            final long bytes = allocated() - startAlloc;
            Arrays.sort(rtt);
            whenDone.complete(new long[] {total, rtt[rtt.length / 2], bytes, rtt[(int) (rtt.length * 0.99)],
                rtt[rtt.length - 1]});
        }

        private static long allocated() {
            return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getTotalThreadAllocatedBytes();
        }
    }

    /** The answering side, on PE 1: sends each array straight back. */
    public static class Ponger extends Chare {
        private final RuntimePingPong_PingerProxy.Element pinger;

        /** @param pinger where to send the arrays back. */
        public Ponger(final RuntimePingPong_PingerProxy.Element pinger) {
            this.pinger = pinger;
        }

        /**
         * Sends the array back.
         *
         * @param a the array (taken, and moved on).
         */
        @Entry
        public void ping(final DoubleArray a) {
            pinger.pong(a);
        }
    }

    private static int iterations(final long size) {
        return size <= 1024 ? 20_000 : size <= 65536 ? 2_000 : size <= (1 << 20) ? 300 : 40;
    }

    /** Round trips of {@code size} bytes for at least {@code nanos}. */
    private static void warm(final RuntimePingPong_PingerProxy.Element pinger,
                             final RuntimePingPong_PongerProxy.Element ponger, final long size, final long nanos) {
        final long until = System.nanoTime() + nanos;
        do {
            final Future<long[]> warm = new Future<>();
            pinger.run(ponger, (int) (size / 8), iterations(size), warm);
            warm.get();
        } while (System.nanoTime() < until);
    }

    /**
     * @param args runtime options: {@code +p2 ++ppn 1} or {@code +p4 ++ppn 2}, and the network mode; then, optionally,
     *             the sizes in bytes to run (default 8 B to 16 MiB).
     */
    public static void main(final String[] args) {
        Charm.start(args, a -> {
            if (Charm.numPes() != 2 && Charm.numPes() != 4) {
                Charm.abort("RuntimePingPong needs 2 or 4 PEs in two processes (+p2 ++ppn 1, +p4 ++ppn 2), got "
                    + Charm.numPes());
            }
            // PE 0 and the last PE: the first PE of process 0 and, with 2 PEs a process, the second of process 1
            final var pinger = RuntimePingPong_PingerProxy.newChareOn(0);
            final var ponger = RuntimePingPong_PongerProxy.newChareOn(Charm.numPes() - 1, pinger);
            System.out.printf("%10s %8s %12s %12s %12s %12s %12s %14s %12s%n", "size", "iters", "rtt-mean-us",
                "rtt-p50-us", "rtt-p99-us", "rtt-max-us", "oneway-us", "bandwidth-MB/s", "alloc-B/rt");
            final long[] sizes = a.length == 0 ? SIZES : Arrays.stream(a).mapToLong(Long::parseLong).toArray();
            // warm up every size first, then each again before it is measured: on 2 cores the JIT's compiler
            // threads take the CPU from the PEs for milliseconds while the paths compile, which a few hundred round
            // trips do not outlast (64 KiB: mean 330 us in the first 3 s, then 48-57 us; 8 B measured first: 18.8 us,
            // then 8.5-9.4 us once the whole runtime had compiled)
            for (final long size : sizes) {
                warm(pinger, ponger, size, WARM_NANOS);
            }
            for (final long size : sizes) {
                final int iters = iterations(size);
                final int doubles = (int) (size / 8);
                warm(pinger, ponger, size, WARM_NANOS / 3);
                final Future<long[]> f = new Future<>();
                pinger.run(ponger, doubles, iters, f);
                final long[] r = f.get();
                final double mean = r[0] / (double) iters / 1000.0;
                final double oneWay = mean / 2;
                System.out.printf("%10d %8d %12.2f %12.2f %12.2f %12.1f %12.2f %14.1f %12.1f%n", size, iters, mean,
                    r[1] / 1000.0, r[3] / 1000.0, r[4] / 1000.0, oneWay, size / oneWay, r[2] / (double) iters);
            }
            Charm.exit();
        });
    }
}
