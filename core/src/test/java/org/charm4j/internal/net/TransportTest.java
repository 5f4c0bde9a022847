package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two transports in one JVM over 127.0.0.1: messages, ordering, large attachments, completions, loss and close. */
@Timeout(60)
class TransportTest {
    static {
        NetTests.init();
    }

    private final JobSecret secret = JobSecret.random();
    private final NetTests.Log log = new NetTests.Log();
    private final NetTests.Recorder r0 = new NetTests.Recorder();
    private final NetTests.Recorder r1 = new NetTests.Recorder();
    private Rendezvous.Server server;
    private Transport[] ts;

    @BeforeEach
    void start() {
        server = NetTests.rendezvous(secret, 2, log);
        ts = NetTests.startAll(List.of(
                NetTests.config(0, 2, secret, server.address(), log).maxFrameSize(1 << 20).build(),
                NetTests.config(1, 2, secret, server.address(), log).maxFrameSize(1 << 20).build()),
            new InboundHandler[] {r0, r1});
    }

    @AfterEach
    void stop() {
        NetTests.closeAll(ts);
        server.close();
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        NetTests.assertNoLeaks();
    }

    @Test
    void headerAndAttachmentsArriveWithTheirValuesOnTheEventLoop() throws Exception {
        assertTrue(log.lines.stream().anyMatch(l -> l.contains("I/O EPOLL")), "epoll on Linux: " + log.lines);
        assertEquals("epoll", ts[0].ioMode());
        try (Arena arena = Arena.ofShared()) {
            final MemorySegment a = arena.allocate(8 * 1000, 64);
            for (int i = 0; i < 1000; i++) {
                a.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i * 0.5);
            }
            final MemorySegment empty = arena.allocate(0);
            final MemorySegment b = arena.allocate(3);
            b.set(ValueLayout.JAVA_BYTE, 0, (byte) 7);
            b.set(ValueLayout.JAVA_BYTE, 2, (byte) 9);
            final CountDownLatch released = new CountDownLatch(1);
            assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(42, -5), to -> released.countDown(), a,
                empty, b));
            final NetTests.Received m = r1.next();
            assertTrue(released.await(10, TimeUnit.SECONDS), "completion ran");
            assertEquals(0, m.from());
            assertEquals(42, NetTests.intAt(m.header(), 0));
            assertEquals(-5, NetTests.intAt(m.header(), 1));
            assertEquals(3, m.attachments().length);
            assertEquals(8000, m.attachments()[0].byteSize());
            assertEquals(0, m.attachments()[0].address() % 64, "64-byte aligned");
            for (int i = 0; i < 1000; i++) {
                assertEquals(i * 0.5, m.attachments()[0].getAtIndex(ValueLayout.JAVA_DOUBLE, i));
            }
            assertEquals(0, m.attachments()[1].byteSize());
            assertArrayEquals(new byte[] {7, 0, 9}, m.attachments()[2].toArray(ValueLayout.JAVA_BYTE));
            assertTrue(r1.threads.get(0).startsWith("charm4j-net-1"), r1.threads.toString());
        }
        // the other direction, header only
        assertEquals(Transport.OK, ts[1].trySend(0, NetTests.header(7)));
        final NetTests.Received back = r0.next();
        assertEquals(1, back.from());
        assertEquals(7, NetTests.intAt(back.header(), 0));
        assertEquals(0, back.attachments().length);
    }

    @Test
    void messagesFromOneThreadArriveInOrderAndTwoSendersDoNotInterleave() throws Exception {
        final int n = 5000;
        final Thread other = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                final MemorySegment s = Arena.ofAuto().allocate(16);
                s.set(ValueLayout.JAVA_INT, 0, i);
                assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(2, i), s));
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(1, i)));
        }
        other.join();
        final int[] next = new int[3];
        for (int k = 0; k < 2 * n; k++) {
            final NetTests.Received m = r1.next();
            final int sender = NetTests.intAt(m.header(), 0);
            final int seq = NetTests.intAt(m.header(), 1);
            assertEquals(next[sender]++, seq, "sender " + sender + " in order");
            if (sender == 2) {
                assertEquals(seq, m.attachments()[0].get(ValueLayout.JAVA_INT, 0));
            }
        }
        assertEquals(n, next[1]);
        assertEquals(n, next[2]);
    }

    @Test
    void largeAttachmentsAreSplitIntoFramesAndReassembled() throws Exception {
        final long size = (96L << 20) + 12345;   // 97 frames of at most 1 MiB
        try (Arena arena = Arena.ofShared()) {
            final MemorySegment big = arena.allocate(size, 64);
            for (long i = 0; i < size / 8; i++) {
                big.setAtIndex(ValueLayout.JAVA_LONG, i, i * 0x9E3779B97F4A7C15L);
            }
            final MemorySegment small = arena.allocate(100);
            small.fill((byte) 3);
            final CountDownLatch released = new CountDownLatch(1);
            assertEquals(Transport.OK, ts[1].trySend(0, NetTests.header(1), to -> released.countDown(), small, big,
                small));
            final NetTests.Received m = r0.next();
            assertTrue(released.await(10, TimeUnit.SECONDS));
            assertEquals(size, m.attachments()[1].byteSize());
            assertEquals(crc(big), crc(m.attachments()[1]));
            assertEquals(crc(small), crc(m.attachments()[0]));
            assertEquals(crc(small), crc(m.attachments()[2]));
        }
    }

    @Test
    void largeAttachmentsArriveWholeOverNioToo() throws Exception {
        // the views that frames are written from and read into work through ByteBuffers there, not addresses
        final NetTests.Recorder n0 = new NetTests.Recorder();
        final NetTests.Recorder n1 = new NetTests.Recorder();
        final Rendezvous.Server s2 = NetTests.rendezvous(secret, 2, log);
        final Transport[] nio = NetTests.startAll(List.of(
                NetTests.config(0, 2, secret, s2.address(), log).maxFrameSize(1 << 20).useEpoll(false).build(),
                NetTests.config(1, 2, secret, s2.address(), log).maxFrameSize(1 << 20).useEpoll(false).build()),
            new InboundHandler[] {n0, n1});
        try (Arena arena = Arena.ofShared()) {
            assertEquals("nio", nio[0].ioMode());
            for (final long size : new long[] {40_000, (3L << 20) + 7}) {
                final MemorySegment big = arena.allocate(size, 64);
                for (long i = 0; i < size; i++) {
                    big.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + size));
                }
                final CountDownLatch released = new CountDownLatch(1);
                for (int k = 0; k < 3; k++) {
                    assertEquals(Transport.OK, k < 2 ? nio[0].trySend(1, NetTests.header(k), big)
                        : nio[0].trySend(1, NetTests.header(k), to -> released.countDown(), big));
                }
                for (int k = 0; k < 3; k++) {
                    final NetTests.Received m = n1.next();
                    assertEquals(k, NetTests.intAt(m.header(), 0));
                    assertEquals(crc(big), crc(m.attachments()[0]), size + " bytes, message " + k);
                }
                assertTrue(released.await(10, TimeUnit.SECONDS));
            }
        } finally {
            NetTests.closeAll(nio);
            s2.close();
        }
    }

    private static long crc(final MemorySegment s) {
        final CRC32C c = new CRC32C();
        c.update(s.asByteBuffer());
        return c.getValue();
    }

    @Test
    void misuseThrowsAndReleasesTheHeader() {
        final var h = NetTests.header(1);
        assertThrows(IllegalArgumentException.class, () -> ts[0].trySend(0, h));
        assertEquals(0, h.refCnt(), "header released even when the call throws");
        final var h2 = NetTests.header(1);
        assertThrows(IllegalArgumentException.class, () -> ts[0].trySend(1, h2, (MemorySegment) null));
        assertEquals(0, h2.refCnt());
    }

    @Test
    void anAbruptCloseIsReportedAsALostPeerAndSendsAfterItReturnPeerGone() throws Exception {
        ts[1].abort();
        final String lost = r0.lost.poll(5, TimeUnit.SECONDS);
        assertTrue(lost != null && lost.startsWith("1: "), "lost reported: " + lost);
        assertTrue(lost.contains("node 1"), lost);
        assertEquals(Transport.PEER_GONE, ts[0].trySend(1, NetTests.header(1)));
        assertEquals(Transport.CLOSED, ts[1].trySend(0, NetTests.header(1)));
        assertEquals(List.of(), List.copyOf(r1.lost), "the aborting side reports nothing");
    }

    @Test
    void anOrderlyCloseSaysGoodbyeAndCompletionsOfQueuedMessagesRun() throws Exception {
        final AtomicInteger done = new AtomicInteger();
        final MemorySegment s = Arena.ofAuto().allocate(1 << 20);
        for (int i = 0; i < 20; i++) {
            assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(i), to -> done.incrementAndGet(), s));
        }
        ts[0].close();
        assertEquals(20, done.get(), "every completion ran by the time close returned");
        final String closed = r1.closed.poll(5, TimeUnit.SECONDS);
        assertTrue(closed != null && closed.contains("closed its transport"), "goodbye seen: " + closed);
        assertEquals(20, r1.messages.size(), "queued messages were written before the goodbye");
        assertEquals(List.of(), List.copyOf(r1.lost));
        assertEquals(Transport.CLOSED, ts[0].trySend(1, NetTests.header(1)));
    }

    @Test
    void configurationErrorsNameTheOption() {
        final var e = assertThrows(IllegalArgumentException.class,
            () -> TransportConfig.builder(0, 2, secret).rendezvous(server.address(), false).maxFrameSize(10).build());
        assertTrue(e.getMessage().contains("maxFrameSize"), e.getMessage());
        final var e2 = assertThrows(IllegalArgumentException.class,
            () -> TransportConfig.builder(2, 2, secret).rendezvous(server.address(), false).build());
        assertTrue(e2.getMessage().contains("node must be in [0, 1]"), e2.getMessage());
        final var e3 = assertThrows(IllegalArgumentException.class,
            () -> TransportConfig.builder(0, 2, secret).rendezvous(server.address(), false)
                .heartbeat(Duration.ofSeconds(1), Duration.ofMillis(1500)).build());
        assertTrue(e3.getMessage().contains("peerTimeout"), e3.getMessage());
        assertTrue(!TransportConfig.builder(0, 2, secret).rendezvous(server.address(), false).build().toString()
            .contains(secret.toHex()), "toString hides the secret");
    }
}
