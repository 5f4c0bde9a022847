package org.charm4j.jmh.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.charm4j.internal.net.AttachmentAllocator;
import org.charm4j.internal.net.InboundHandler;
import org.charm4j.internal.net.LocalSpawner;
import org.charm4j.internal.net.ProcessEnv;
import org.charm4j.internal.net.SendCompletion;
import org.charm4j.internal.net.Transport;

/**
 * Ping-pong between two processes over the charm4j transport on loopback, with one off-heap attachment of 8 B, 1 KiB,
 * 64 KiB, 1 MiB and 16 MiB: one-way latency (half the round trip) and bandwidth (size / one-way time), plus the bytes
 * the event-loop thread of node 0 allocates per round trip (attachment memory comes from a pool and the benchmark
 * allocates nothing per message, so this is the transport's own garbage, sending and receiving). The ping-pong runs on the transports' event loops (the handler answers at once).
 *
 * <p>Run: {@code bin/bench-pingpong} (which also measures iperf3), or
 * {@code java -cp jmh/target/benchmarks.jar org.charm4j.jmh.net.PingPongBench [spinNanos]}.
 *
 * <p>Threading: main thread drives; the handlers run on each transport's event loop.
 */
public final class PingPongBench {
    private static final long[] SIZES = {8, 1 << 10, 64 << 10, 1 << 20, 16 << 20};

    private PingPongBench() {
    }

    public static void main(final String[] args) throws Exception {
        final long spin = args.length > 0 ? Long.parseLong(args[0]) : -1;
        if (!ProcessEnv.isPresent(System.getenv())) {
            final List<String> flags = List.of("--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-Xms1g");
            final LocalSpawner.Spec spec = new LocalSpawner.Spec(2, PingPongBench.class.getName(),
                List.of(Long.toString(spin)), flags, System.getProperty("java.class.path"), Duration.ofSeconds(3),
                System.out, Map.of());
            try (LocalSpawner.Job job = LocalSpawner.start(spec)) {
                System.exit(job.waitFor(Duration.ofMinutes(10)));
            }
        }
        ProcessEnv.exitWithParent(System.getenv());
        final ProcessEnv env = ProcessEnv.fromSystem();
        final Node node = new Node(env.rank());
        final var b = env.configBuilder().allocator(node).maxFrameSize(16 << 20);
        if (spin >= 0) {
            b.spinNanos(spin);
        }
        final Transport t = Transport.start(b.build(), node);
        node.transport = t;
        if (env.rank() == 0) {
            System.out.printf("transport %s, spin %s ns%n", t.ioMode(), spin >= 0 ? spin : "default");
            System.out.printf("%10s %8s %12s %12s %12s %14s %12s%n", "size", "iters", "rtt-mean-us", "rtt-p50-us",
                "oneway-us", "bandwidth-MB/s", "alloc-B/rt");
            for (final long size : SIZES) {
                final int iters = size <= 1024 ? 50_000 : size <= 65536 ? 5_000 : size <= (1 << 20) ? 1_000 : 100;
                node.run(size, iters / 5);             // warm-up
                node.run(size, iters);
                final long[] rtt = Arrays.copyOf(node.rtt, iters);
                Arrays.sort(rtt);
                final double mean = node.totalNanos / (double) iters / 1000.0;
                final double oneWay = mean / 2;
                System.out.printf("%10d %8d %12.2f %12.2f %12.2f %14.1f %12.1f%n", size, iters, mean,
                    rtt[iters / 2] / 1000.0, oneWay, size / oneWay, node.allocated / (double) iters);
            }
            t.trySend(1, header(-1));
            Thread.sleep(200);
            t.close();
        } else {
            node.finished.await();
            t.close();
        }
    }

    private static ByteBuf header(final int v) {
        return ByteBufAllocator.DEFAULT.directBuffer(4).writeIntLE(v);
    }

    /** One side: answers pings (node 1) or drives them (node 0); pools attachment memory by size. */
    private static final class Node implements InboundHandler, AttachmentAllocator, SendCompletion {
        private final int me;
        private final Arena arena = Arena.ofShared();
        private final ArrayDeque<MemorySegment>[] pool = newPools();   // by log2 of the size (all are powers of 2)
        private final MemorySegment[] one = new MemorySegment[1];       // trySend copies it: reused, no garbage
        private final ArrayDeque<MemorySegment> inFlight = new ArrayDeque<>();
        private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final CountDownLatch finished = new CountDownLatch(1);
        volatile Transport transport;
        long[] rtt = new long[50_000];
        private MemorySegment payload;
        private int left;
        private int done;
        private long sentAt;
        private long startedAt;
        private long startAlloc;
        volatile long totalNanos;
        volatile long allocated;
        private CountDownLatch round;

        Node(final int me) {
            this.me = me;
        }

        @SuppressWarnings("unchecked")
        private static ArrayDeque<MemorySegment>[] newPools() {
            final ArrayDeque<MemorySegment>[] p = new ArrayDeque[64];
            for (int i = 0; i < p.length; i++) {
                p[i] = new ArrayDeque<>();
            }
            return p;
        }

        void run(final long size, final int iters) throws InterruptedException {
            payload = allocate(1, size);
            left = iters;
            done = -1;                      // the first round trip starts the clock on the event loop
            round = new CountDownLatch(1);
            transport.trySend(1, header(1), payload);
            round.await();
        }

        @Override
        public MemorySegment allocate(final int fromNode, final long byteSize) {
            final MemorySegment s = pool[Long.numberOfTrailingZeros(byteSize)].poll();
            return s != null ? s : arena.allocate(byteSize, ALIGNMENT);
        }

        private void free(final MemorySegment s) {
            pool[Long.numberOfTrailingZeros(s.byteSize())].add(s);
        }

        @Override
        public void attachmentsReleased(final int toNode) {
            if (me == 1) {
                free(inFlight.poll());
            }
        }

        @Override
        public void onMessage(final int fromNode, final ByteBuf header, final MemorySegment[] attachments) {
            final int kind = header.getIntLE(header.readerIndex());
            if (me == 1) {
                if (kind < 0) {
                    finished.countDown();
                    return;
                }
                inFlight.add(attachments[0]);
                one[0] = attachments[0];
                transport.trySend(0, header(2), this, one);
                return;
            }
            final long now = System.nanoTime();
            free(attachments[0]);
            if (done < 0) {
                startedAt = now;
                startAlloc = threads.getCurrentThreadAllocatedBytes();
            } else {
                rtt[done] = now - sentAt;
            }
            if (++done == left) {
                totalNanos = now - startedAt;
                allocated = threads.getCurrentThreadAllocatedBytes() - startAlloc;
                round.countDown();
                return;
            }
            sentAt = System.nanoTime();
            one[0] = payload;
            transport.trySend(1, header(1), one);
        }

        @Override
        public void onPeerLost(final int node, final String reason) {
            System.out.println("node " + me + " lost node " + node + ": " + reason);
            Runtime.getRuntime().halt(3);
        }

        @Override
        public void onPeerClosed(final int node, final String reason) {
            finished.countDown();
        }
    }
}
