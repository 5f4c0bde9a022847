package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three nodes meet at a rendezvous and talk all to all; a missing node and a wrong secret give clear errors. */
@Timeout(60)
class RendezvousTest {
    static {
        NetTests.init();
    }

    private final JobSecret secret = JobSecret.random();
    private final NetTests.Log log = new NetTests.Log();

    @AfterAll
    static void noLeaks() throws InterruptedException {
        NetTests.assertNoLeaks();
    }

    @Test
    void threeNodesHostedByNode0ConnectAllToAll() throws Exception {
        // node 0 runs the rendezvous on a port chosen by the test's probe of a free one
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        final InetSocketAddress rv = new InetSocketAddress("127.0.0.1", port);
        final NetTests.Recorder[] rs = {new NetTests.Recorder(), new NetTests.Recorder(), new NetTests.Recorder()};
        final List<TransportConfig> cs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cs.add(NetTests.config(i, 3, secret, rv, log).rendezvous(rv, true).build());
        }
        final Transport[] ts = NetTests.startAll(cs, rs);
        try {
            for (int from = 0; from < 3; from++) {
                for (int to = 0; to < 3; to++) {
                    if (from != to) {
                        final MemorySegment s = Arena.ofAuto().allocate(8);
                        s.set(ValueLayout.JAVA_LONG, 0, 100L * from + to);
                        assertEquals(Transport.OK, ts[from].trySend(to, NetTests.header(from), s));
                    }
                }
            }
            for (int to = 0; to < 3; to++) {
                long sum = 0;
                for (int k = 0; k < 2; k++) {
                    final NetTests.Received m = rs[to].next();
                    assertEquals(m.from(), NetTests.intAt(m.header(), 0));
                    assertEquals(100L * m.from() + to, m.attachments()[0].get(ValueLayout.JAVA_LONG, 0));
                    sum += m.from();
                }
                assertEquals(3 - to, sum, "node " + to + " heard from both others");
            }
        } finally {
            NetTests.closeAll(ts);
        }
    }

    @Test
    void aMissingNodeIsNamedWhenTheRendezvousTimesOut() throws Exception {
        try (Rendezvous.Server server = Rendezvous.serve(new InetSocketAddress("127.0.0.1", 0), secret, 3,
            Duration.ofMillis(800), log)) {
            final java.util.concurrent.CompletableFuture<String> node0 = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> assertThrows(IllegalStateException.class, () -> Rendezvous.join(server.address(),
                    secret, 0, 3, new InetSocketAddress("127.0.0.1", 1), 10_000)).getMessage());
            final var e = assertThrows(IllegalStateException.class, () -> Rendezvous.join(server.address(), secret,
                2, 3, new InetSocketAddress("127.0.0.1", 1), 10_000));
            assertTrue(e.getMessage().contains("nodes [1] never arrived"), e.getMessage());
            final String m0 = node0.get();
            assertTrue(m0.contains("nodes [1] never arrived"), m0);
            assertTrue(server.await(Duration.ofSeconds(5)).contains("never arrived"));
        }
    }

    @Test
    void aNodeWithAnotherSecretIsRejectedByTheRendezvous() throws Exception {
        try (Rendezvous.Server server = NetTests.rendezvous(secret, 2, log)) {
            final var e = assertThrows(IllegalStateException.class, () -> Rendezvous.join(server.address(),
                JobSecret.random(), 1, 2, new InetSocketAddress("127.0.0.1", 1), 5_000));
            assertTrue(e.getMessage().contains("node 1 at the rendezvous"), e.getMessage());
            log.await(l -> l.contains("rendezvous rejected the connection from /127.0.0.1") && l.contains(
                "wrong secret"));
        }
    }

    @Test
    void startFailsWithTheMissingNodesWhenAPeerNeverComes() {
        final var cfg = TransportConfig.builder(1, 2, secret)
            .addresses(List.of(new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 0)))
            .connectTimeout(Duration.ofMillis(700)).log(log).build();
        final var e = assertThrows(IllegalStateException.class, () -> Transport.start(cfg, new NetTests.Recorder()));
        assertTrue(e.getMessage().contains("node 1 timed out") && e.getMessage().contains("nodes [0]"),
            e.getMessage());
    }
}
