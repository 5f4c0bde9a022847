package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * A process of a multi-process test, started by {@link LocalSpawner}. Mode {@code exchange}: node 0 sends every other
 * node a 1 MiB attachment, each answers with its CRC, node 0 checks them and says BYE, all exit 0. Mode {@code wait}:
 * every node says it is ready and waits; a lost peer makes it print the loss and exit 3.
 *
 * <p>Threading: main thread, plus the transport's event loop for the handler.
 */
public final class EchoNode {
    private static final int PING = 1;
    private static final int PONG = 2;
    private static final int BYE = 3;

    private EchoNode() {
    }

    public static void main(final String[] args) throws Exception {
        ProcessEnv.exitWithParent(System.getenv());
        final ProcessEnv env = ProcessEnv.fromSystem();
        final int me = env.rank();
        final boolean exchange = args[0].equals("exchange");
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicInteger verified = new AtomicInteger();
        final Transport[] holder = new Transport[1];
        final CountDownLatch started = new CountDownLatch(1);
        final InboundHandler handler = new InboundHandler() {
            @Override
            public void onMessage(final int from, final ByteBuf header, final MemorySegment[] attachments) {
                awaitStarted(started);
                final int kind = header.getIntLE(header.readerIndex());
                if (kind == PING) {
                    holder[0].trySend(from, NetTests.header(PONG, (int) crc(attachments[0])));
                } else if (kind == PONG) {
                    final int want = (int) crc(pattern(from));
                    if (header.getIntLE(header.readerIndex() + 4) == want
                        && verified.incrementAndGet() == env.size() - 1) {
                        System.out.println("node 0 verified " + verified.get() + " replies");
                        done.countDown();
                    }
                } else if (kind == BYE) {
                    done.countDown();
                }
            }

            @Override
            public void onPeerLost(final int node, final String reason) {
                System.out.println("node " + me + " lost node " + node + ": " + reason);
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }

            @Override
            public void onPeerClosed(final int node, final String reason) {
                // the others finish too
            }
        };
        final Transport t = Transport.start(env.configBuilder().build(), handler);
        holder[0] = t;
        started.countDown();
        System.out.println("node " + me + " ready (" + t.ioMode() + ")");
        if (exchange && me == 0) {
            for (int n = 1; n < env.size(); n++) {
                t.trySend(n, NetTests.header(PING), pattern(n));
            }
        }
        done.await();
        if (exchange && me == 0) {
            for (int n = 1; n < env.size(); n++) {
                t.trySend(n, NetTests.header(BYE));
            }
        }
        t.close();
        System.out.println("node " + me + " done");
    }

    private static void awaitStarted(final CountDownLatch started) {
        try {
            started.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static MemorySegment pattern(final int node) {
        final MemorySegment s = Arena.ofAuto().allocate(1 << 20, 64);
        for (int i = 0; i < (1 << 18); i++) {
            s.setAtIndex(ValueLayout.JAVA_INT, i, i * 31 + node);
        }
        return s;
    }

    static long crc(final MemorySegment s) {
        final CRC32C c = new CRC32C();
        c.update(s.asByteBuffer());
        return c.getValue();
    }
}
