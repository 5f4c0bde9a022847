package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transports driven by their owners' threads ({@link Transport#startDriven}): start without a loop thread, a
 * ping-pong handled and answered on the driving threads, a send from another thread that wakes a blocked owner, and a
 * close by the owner that the peer sees as GOODBYE.
 */
@Timeout(60)
class DrivenTransportTest {
    static {
        NetTests.init();
    }

    private static final int ROUNDS = 2_000;
    private static final int FROM_OTHER_THREAD = -1;

    @AfterAll
    static void noLeaks() throws InterruptedException {
        NetTests.assertNoLeaks();
    }

    /** One node: its thread starts, drives and closes the transport; node 0 pings, node 1 answers. */
    private static final class Driver implements InboundHandler {
        final int id;
        final TransportConfig config;
        final CompletableFuture<Transport> started = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile Thread owner;
        volatile String wrongThread;
        volatile boolean peerClosed;
        volatile boolean stop;
        volatile int pongs;
        boolean otherThreadsMessage;
        /** A ping that arrived while startDriven still ran (the handler may be called then), answered after. */
        int early = -2;
        Transport t;

        Driver(final int id, final TransportConfig config) {
            this.id = id;
            this.config = config;
        }

        void run() {
            owner = Thread.currentThread();
            try {
                t = Transport.startDriven(config, this, () -> false);
                assertTrue(t.isDrivenHere());
                started.complete(t);
                if (early != -2) {
                    assertEquals(Transport.OK, t.trySend(0, NetTests.header(early)));
                }
                if (id == 0) {
                    assertEquals(Transport.OK, t.trySend(1, NetTests.header(0)));
                }
                while (!stop && !peerClosed) {
                    if (t.poll() == 0) {
                        t.block(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                }
                t.close();
                done.complete(null);
            } catch (final Throwable e) {
                started.completeExceptionally(e);
                done.completeExceptionally(e);
            }
        }

        @Override
        public void onMessage(final int fromNode, final ByteBuf header, final MemorySegment[] attachments) {
            if (Thread.currentThread() != owner) {
                wrongThread = Thread.currentThread().getName();
            }
            final int v = header.getIntLE(header.readerIndex());
            if (id == 1) {
                if (t == null) {
                    early = v;
                } else if (v != FROM_OTHER_THREAD) {
                    t.trySend(0, NetTests.header(v));
                }
            } else if (v == FROM_OTHER_THREAD) {
                otherThreadsMessage = true;
                stop = true;
            } else {
                final int n = pongs + 1;
                pongs = n;
                if (n < ROUNDS) {
                    t.trySend(1, NetTests.header(n));
                }
            }
        }

        @Override
        public void onPeerLost(final int node, final String reason) {
            throw new AssertionError("node " + id + " lost node " + node + ": " + reason);
        }

        @Override
        public void onPeerClosed(final int node, final String reason) {
            peerClosed = true;
        }
    }

    @Test
    void ownersDriveThePingPongAnotherThreadWakesABlockedOwnerAndTheOwnerClosesWithGoodbye() throws Exception {
        final JobSecret secret = JobSecret.random();
        final NetTests.Log log = new NetTests.Log();
        final Rendezvous.Server server = NetTests.rendezvous(secret, 2, log);
        try {
            final Driver d0 = new Driver(0, NetTests.config(0, 2, secret, server.address(), log).build());
            final Driver d1 = new Driver(1, NetTests.config(1, 2, secret, server.address(), log).build());
            Thread.ofPlatform().name("driver-0").daemon().start(d0::run);
            Thread.ofPlatform().name("driver-1").daemon().start(d1::run);
            final Transport t0 = d0.started.get(30, TimeUnit.SECONDS);
            final Transport t1 = d1.started.get(30, TimeUnit.SECONDS);
            assertThrows(IllegalStateException.class, t0::poll, "only the owner polls");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (d0.pongs < ROUNDS && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(ROUNDS, d0.pongs, "every ping answered");
            Thread.sleep(20); // node 1's owner is now blocked in its loop: the send below must wake it
            assertEquals(Transport.OK, t1.trySend(0, NetTests.header(FROM_OTHER_THREAD)));
            d0.done.get(30, TimeUnit.SECONDS);
            d1.done.get(30, TimeUnit.SECONDS);
            assertTrue(d0.otherThreadsMessage);
            assertTrue(d1.peerClosed, "node 1 saw node 0's GOODBYE");
            assertNull(d0.wrongThread);
            assertNull(d1.wrongThread);
            assertEquals(Transport.CLOSED, t0.trySend(1, NetTests.header(1)));
            assertTrue(log.lines.stream().noneMatch(l -> l.contains("charm4j-net-")), log.lines.toString());
        } finally {
            server.close();
        }
    }
}
