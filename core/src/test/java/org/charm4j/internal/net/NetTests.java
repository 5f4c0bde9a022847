package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Test support: paranoid leak detection with a listener that records leaks, transports started through an in-JVM
 * rendezvous, a recording handler and a log capture.
 *
 * <p>Leak detection: this class sets {@code io.netty.leakDetection.level=paranoid} before Netty's buffer classes load
 * (every test class touches it first) and also sets the level at run time; to run the whole module so, add
 * {@code -Dio.netty.leakDetection.level=paranoid} to surefire's argLine.
 */
final class NetTests {
    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        System.setProperty("io.netty.leakDetection.level", "paranoid");
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            final Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            f.setAccessible(true);
            ((ResourceLeakDetector<?>) f.get(null)).setLeakListener((type, records) -> LEAKS.add(type + records));
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException("cannot hook Netty's leak detector", e);
        }
    }

    private NetTests() {
    }

    /** Call from a test class's static initializer so that the leak level is set before Netty loads. */
    static void init() {
        // the static initializer above does the work
    }

    /** Forces Netty to report leaked buffers (they are found when later buffers are tracked) and asserts none. */
    static void assertNoLeaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            for (int j = 0; j < 200; j++) {
                ByteBufAllocator.DEFAULT.directBuffer(16).release();
                ByteBufAllocator.DEFAULT.heapBuffer(16).release();
            }
        }
        assertEquals(List.of(), LEAKS, "leaked Netty buffers");
    }

    /** A message as received: header bytes copied, attachments kept. */
    record Received(int from, byte[] header, MemorySegment[] attachments) {
    }

    /** Records what a transport delivers. */
    static final class Recorder implements InboundHandler {
        final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<String> lost = new LinkedBlockingQueue<>();
        final BlockingQueue<String> closed = new LinkedBlockingQueue<>();
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onMessage(final int fromNode, final ByteBuf header, final MemorySegment[] attachments) {
            final byte[] h = new byte[header.readableBytes()];
            header.getBytes(header.readerIndex(), h);
            if (threads.size() < 4) {
                threads.add(Thread.currentThread().getName());
            }
            messages.add(new Received(fromNode, h, attachments.clone()));   // the array is borrowed
        }

        @Override
        public void onPeerLost(final int node, final String reason) {
            lost.add(node + ": " + reason);
        }

        @Override
        public void onPeerClosed(final int node, final String reason) {
            closed.add(node + ": " + reason);
        }

        Received next() throws InterruptedException {
            final Received r = messages.poll(20, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no message within 20 s");
            }
            return r;
        }
    }

    /** Collects log lines. */
    static final class Log implements Consumer<String> {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void accept(final String s) {
            lines.add(s);
            System.err.println(s);
        }

        String await(final Predicate<String> p) throws InterruptedException {
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                for (final String s : lines) {
                    if (p.test(s)) {
                        return s;
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no such log line within 10 s; lines: " + lines);
        }
    }

    /** @return a builder for node {@code i} of {@code n} on 127.0.0.1 with short timeouts. */
    static TransportConfig.Builder config(final int i, final int n, final JobSecret secret,
                                          final InetSocketAddress rendezvous, final Log log) {
        return TransportConfig.builder(i, n, secret).rendezvous(rendezvous, false).connectTimeout(Duration.ofSeconds(
            20)).log(log).debug(true);
    }

    /** Starts {@code configs.size()} transports at once through a rendezvous at {@code server}. */
    static Transport[] startAll(final List<TransportConfig> configs, final InboundHandler[] handlers) {
        final List<CompletableFuture<Transport>> fs = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            final int k = i;
            fs.add(CompletableFuture.supplyAsync(() -> Transport.start(configs.get(k), handlers[k]),
                r -> Thread.ofPlatform().daemon().start(r)));
        }
        final Transport[] ts = new Transport[configs.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = fs.get(i).join();
        }
        return ts;
    }

    /** Starts a rendezvous on 127.0.0.1, any port. */
    static Rendezvous.Server rendezvous(final JobSecret secret, final int nodes, final Log log) {
        return Rendezvous.serve(new InetSocketAddress("127.0.0.1", 0), secret, nodes, Duration.ofSeconds(20), log);
    }

    static void closeAll(final Transport... ts) {
        for (final Transport t : ts) {
            if (t != null) {
                t.close();
            }
        }
    }

    /** @return a header buffer holding {@code ints}, little-endian. */
    static ByteBuf header(final int... ints) {
        final ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(4 * ints.length);
        for (final int v : ints) {
            b.writeIntLE(v);
        }
        return b;
    }

    static int intAt(final byte[] h, final int i) {
        return (h[4 * i] & 0xff) | (h[4 * i + 1] & 0xff) << 8 | (h[4 * i + 2] & 0xff) << 16 | (h[4 * i + 3] & 0xff) << 24;
    }
}
