package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nodes 0 and 1 are real transports; node 2 is played by raw sockets in the test, which can prove the secret or
 * not, and then send what no transport would: garbage, oversize frames, silence. Strangers connect too.
 */
@Timeout(60)
class HostilePeerTest {
    static {
        NetTests.init();
    }

    private static final int MAX_FRAME = 64 << 10;
    private final JobSecret secret = JobSecret.random();
    private final NetTests.Log log = new NetTests.Log();
    private final NetTests.Recorder r0 = new NetTests.Recorder();
    private final NetTests.Recorder r1 = new NetTests.Recorder();
    private Rendezvous.Server server;
    private Transport[] ts;
    private Socket[] fake;

    @BeforeEach
    void start() throws Exception {
        server = NetTests.rendezvous(secret, 3, log);
        final List<TransportConfig> cs = List.of(
            NetTests.config(0, 3, secret, server.address(), log).maxFrameSize(MAX_FRAME)
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(600)).build(),
            NetTests.config(1, 3, secret, server.address(), log).maxFrameSize(MAX_FRAME)
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(600)).build());
        final CompletableFuture<Transport[]> real = CompletableFuture.supplyAsync(
            () -> NetTests.startAll(cs, new InboundHandler[] {r0, r1}));
        final List<InetSocketAddress> table = Rendezvous.join(server.address(), secret, 2, 3,
            new InetSocketAddress("127.0.0.1", 9), 20_000);
        fake = new Socket[] {handshake(table.get(0), 0, secret), handshake(table.get(1), 1, secret)};
        ts = real.get(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws IOException {
        NetTests.closeAll(ts);
        server.close();
        for (final Socket s : fake) {
            s.close();
        }
    }

    @AfterAll
    static void noLeaks() throws InterruptedException {
        NetTests.assertNoLeaks();
    }

    /** Connects as node 2 to {@code to} and runs the client handshake with {@code key}; returns the socket. */
    private static Socket handshake(final InetSocketAddress to, final int toNode, final JobSecret key)
        throws Exception {
        final Socket s = new Socket(to.getAddress(), to.getPort());
        s.setSoTimeout(10_000);
        final byte[] nonce = JobSecret.newNonce();
        BlockingFrames.write(s.getOutputStream(), FrameHeader.TYPE_HELLO, 2, toNode, nonce);
        final BlockingFrames.Frame ch = BlockingFrames.read(s.getInputStream(), 64);
        assertEquals(FrameHeader.TYPE_CHALLENGE, ch.type());
        assertEquals(toNode, ch.arg0());
        BlockingFrames.write(s.getOutputStream(), FrameHeader.TYPE_RESPONSE, 0, 0,
            key.clientProof(nonce, ch.payload(), 2, toNode));
        return s;
    }

    /** Reads until the peer closes; returns the frame types seen (GOODBYE allowed), fails if it stays open. */
    private static int readUntilClosed(final Socket s) throws IOException {
        final InputStream in = s.getInputStream();
        int bytes = 0;
        try {
            while (in.read() >= 0) {
                bytes++;
            }
        } catch (final java.net.SocketException e) {
            assertTrue(e.getMessage().contains("reset"), e.toString());
        }
        return bytes;
    }

    @Test
    void aStrangerWithoutTheSecretIsClosedAndLoggedAndGetsNothing() throws Exception {
        final InetSocketAddress node0 = ts[0].listenAddress();
        try (Socket s = new Socket(node0.getAddress(), node0.getPort())) {
            s.setSoTimeout(10_000);
            final byte[] nonce = JobSecret.newNonce();
            BlockingFrames.write(s.getOutputStream(), FrameHeader.TYPE_HELLO, 2, 0, nonce);
            final BlockingFrames.Frame ch = BlockingFrames.read(s.getInputStream(), 64);
            assertEquals(FrameHeader.TYPE_CHALLENGE, ch.type(), "a stranger gets the challenge nonce only");
            BlockingFrames.write(s.getOutputStream(), FrameHeader.TYPE_RESPONSE, 0, 0,
                JobSecret.random().clientProof(nonce, ch.payload(), 2, 0));
            assertEquals(0, readUntilClosed(s), "no ACCEPT, no data: closed");
            final String line = log.await(l -> l.contains("rejected the connection from /127.0.0.1:"
                + s.getLocalPort()));
            assertTrue(line.contains("wrong secret"), line);
        }
        stillWorks();
    }

    @Test
    void garbageFromAStrangerClosesOnlyThatConnection() throws Exception {
        final InetSocketAddress node1 = ts[1].listenAddress();
        try (Socket s = new Socket(node1.getAddress(), node1.getPort())) {
            s.setSoTimeout(10_000);
            final byte[] junk = new byte[4096];
            new java.util.Random(1).nextBytes(junk);
            junk[0] = 77;
            s.getOutputStream().write(junk);
            assertEquals(0, readUntilClosed(s));
            final String line = log.await(l -> l.contains("rejected the connection from /127.0.0.1:"
                + s.getLocalPort()));
            assertTrue(line.contains("unsupported frame version 77") && line.contains("version 1"), line);
        }
        stillWorks();
        assertEquals(List.of(), List.copyOf(r1.lost));
    }

    @Test
    void anOversizeFrameFromAnAuthenticatedPeerClosesThatConnectionWithBothValues() throws Exception {
        expectAccept(fake[0]);
        final ByteBuf b = Unpooled.buffer();
        FrameHeader.write(b, FrameHeader.TYPE_DATA, Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        fake[0].getOutputStream().write(b.array(), 0, b.writerIndex());
        final String lost = r0.lost.poll(5, TimeUnit.SECONDS);
        assertTrue(lost != null && lost.startsWith("2: ") && lost.contains("2147483647")
            && lost.contains(Integer.toString(MAX_FRAME)), "lost with both values: " + lost);
        readUntilClosed(fake[0]);
        stillWorks();
    }

    @Test
    void anUnknownFrameTypeClosesThatConnectionNamingTheType() throws Exception {
        expectAccept(fake[1]);
        final ByteBuf b = Unpooled.buffer();
        FrameHeader.write(b, 99, 0, 0, 0);
        fake[1].getOutputStream().write(b.array(), 0, b.writerIndex());
        final String lost = r1.lost.poll(5, TimeUnit.SECONDS);
        assertTrue(lost != null && lost.contains("unknown frame type 99") && lost.contains("version 1"),
            "lost: " + lost);
        stillWorks();
    }

    @Test
    void aHugeAttachmentClaimBeyondTheMessageLimitIsRefusedBeforeAllocating() throws Exception {
        expectAccept(fake[0]);
        final ByteBuf b = Unpooled.buffer();
        FrameHeader.write(b, FrameHeader.TYPE_DATA, 8, 1, 0);
        b.writeLongLE(Long.MAX_VALUE);
        fake[0].getOutputStream().write(b.array(), 0, b.writerIndex());
        final String lost = r0.lost.poll(5, TimeUnit.SECONDS);
        assertTrue(lost != null && lost.contains("maximum message size"), "lost: " + lost);
        stillWorks();
    }

    @Test
    void aSilentPeerIsReportedLostAfterThePeerTimeout() throws Exception {
        expectAccept(fake[0]);
        expectAccept(fake[1]);
        final long t0 = System.nanoTime();
        final String lost = r0.lost.poll(5, TimeUnit.SECONDS);
        final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(lost != null && lost.contains("no message for 0.6 s (peer timeout, +peerTimeout): node 2 hangs"),
            "lost: " + lost);
        assertTrue(ms >= 400 && ms < 3000, "reported after " + ms + " ms for a 600 ms timeout");
        // meanwhile the fake peer received heartbeats from node 0
        final DataInputStream in = new DataInputStream(fake[0].getInputStream());
        final BlockingFrames.Frame f = BlockingFrames.read(in, 2048);
        assertEquals(FrameHeader.TYPE_HEARTBEAT, f.type());
        stillWorks();
    }

    private static void expectAccept(final Socket s) throws Exception {
        final BlockingFrames.Frame f = BlockingFrames.read(s.getInputStream(), 64);
        assertEquals(FrameHeader.TYPE_ACCEPT, f.type(), "the fake node 2 proved the secret");
    }

    /** Nodes 0 and 1 still exchange messages. */
    private void stillWorks() throws Exception {
        assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(11)));
        assertEquals(11, NetTests.intAt(r1.next().header(), 0));
        assertEquals(Transport.OK, ts[1].trySend(0, NetTests.header(12)));
        assertEquals(12, NetTests.intAt(r0.next().header(), 0));
    }
}
