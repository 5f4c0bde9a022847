package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport's side of back-pressure, two transports in one JVM: a connection stops being writable past its high
 * water mark while the peer does not read ({@link Transport#setReading}), says when it is writable again
 * ({@link InboundHandler#onWritable}), and loses nothing; sends from other threads are flushed in bursts, yet a lone
 * one at once.
 */
@Timeout(60)
class BackpressureTransportTest {
    static {
        NetTests.init();
    }

    private static final int LOW = 64 << 10;
    private static final int HIGH = 256 << 10;

    private final JobSecret secret = JobSecret.random();
    private final NetTests.Log log = new NetTests.Log();
    private final BlockingQueue<Integer> writable0 = new LinkedBlockingQueue<>();
    private final Transport[] holder = new Transport[2];
    private final NetTests.Recorder r0 = new NetTests.Recorder();
    private final NetTests.Recorder r1 = new NetTests.Recorder();
    /** Node 0: records messages and writability. */
    private final InboundHandler h0 = new InboundHandler() {
        @Override
        public void onMessage(final int fromNode, final ByteBuf header, final MemorySegment[] attachments) {
            r0.onMessage(fromNode, header, attachments);
        }

        @Override
        public void onPeerLost(final int node, final String reason) {
            r0.onPeerLost(node, reason);
        }

        @Override
        public void onWritable(final int node) {
            writable0.add(node);
        }
    };
    /** Event loop of node 1 only. */
    private boolean stoppedOnce;
    /** Node 1: stops reading at the first message whose first int is 1; echoes those whose first int is 2. */
    private final InboundHandler h1 = new InboundHandler() {
        @Override
        public void onMessage(final int fromNode, final ByteBuf header, final MemorySegment[] attachments) {
            final int kind = header.getIntLE(header.readerIndex());
            if (kind == 2) {
                holder[1].trySend(fromNode, NetTests.header(3, header.getIntLE(header.readerIndex() + 4)));
                return;
            }
            if (kind == 1 && !stoppedOnce) {
                stoppedOnce = true;
                holder[1].setReading(false);
            }
            r1.onMessage(fromNode, header, attachments);
        }

        @Override
        public void onPeerLost(final int node, final String reason) {
            r1.onPeerLost(node, reason);
        }
    };
    private Rendezvous.Server server;
    private Transport[] ts;

    @BeforeEach
    void start() {
        server = NetTests.rendezvous(secret, 2, log);
        ts = NetTests.startAll(List.of(
                NetTests.config(0, 2, secret, server.address(), log).writeBufferWaterMark(LOW, HIGH).build(),
                NetTests.config(1, 2, secret, server.address(), log).writeBufferWaterMark(LOW, HIGH).build()),
            new InboundHandler[] {h0, h1});
        holder[0] = ts[0];
        holder[1] = ts[1];
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
    void aPeerThatStopsReadingMakesTheConnectionUnwritableUntilItReadsAgain() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            final MemorySegment chunk = arena.allocate(64 << 10, 64);
            int sent = 0;
            // from this thread (not the event loop), as a PE sends with a comm thread: while writable, send; once not
            // (the event loop may still move what waits for it into the sockets' buffers), wait for it a while
            long unwritableSince = 0;
            while (sent < 4000) {
                if (ts[0].isWritable(1)) {
                    assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(1, sent), chunk));
                    sent++;
                    unwritableSince = 0;
                } else if (unwritableSince == 0) {
                    unwritableSince = System.nanoTime();
                } else if (System.nanoTime() - unwritableSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                    break;
                } else {
                    Thread.sleep(1);
                }
            }
            assertFalse(ts[0].isWritable(1), "still writable after " + sent + " messages of 64 KiB to a peer that "
                + "does not read");
            writable0.clear();   // (it may have been writable again while the sockets' buffers filled)
            assertTrue(ts[0].pendingOutboundBytes() >= LOW, "pending " + ts[0].pendingOutboundBytes());
            assertTrue(ts[0].isConnected(1));
            assertFalse(ts[1].isReading());
            final int early = r1.messages.size();
            assertTrue(early < sent, early + " of " + sent + " read by a peer that stopped reading");
            Thread.sleep(300);
            assertFalse(ts[0].isWritable(1), "the peer did not read, yet the connection drained");
            assertTrue(writable0.isEmpty(), "told writable while not: " + writable0);
            ts[1].execute(() -> ts[1].setReading(true));
            assertEquals(1, writable0.poll(10, TimeUnit.SECONDS), "no onWritable(1) once the peer read again");
            assertTrue(ts[1].isReading());
            for (int i = 0; i < sent; i++) {
                final NetTests.Received m = r1.next();
                assertEquals(i, NetTests.intAt(m.header(), 1), "message order");
                assertEquals(64 << 10, m.attachments()[0].byteSize());
            }
        }
    }

    @Test
    void aBurstFromAnotherThreadArrivesWholeAndALoneMessageIsFlushedAtOnce() throws Exception {
        for (int i = 0; i < 20_000; i++) {
            assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(0, i)));
        }
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, NetTests.intAt(r1.next().header(), 1));
        }
        // round trips one at a time: a flush left waiting would wait for the next heartbeat (1 s) each
        final long t0 = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(2, i)));
            final NetTests.Received echo = r0.next();
            assertEquals(i, NetTests.intAt(echo.header(), 1));
        }
        final double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "300 round trips took " + seconds + " s");
    }
}
