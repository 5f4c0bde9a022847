package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * An attack of stranger connections on a running transport (garbage bytes, truncated headers, bad handshakes,
 * connections closed at once, connections that stay silent past the handshake timeout) leaves nothing behind: no
 * channel, no handshake timer, no heap; and it is logged in a few lines, not one per connection.
 */
class StrangerConnectionsTest {
    static {
        NetTests.init();
    }

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(4);
    private static final Pattern SUMMARY = Pattern.compile("node 0 refused (\\d+) more connections? ");
    private final JobSecret secret = JobSecret.random();
    /** The log lines of both nodes (not echoed: there may be many before the fix). */
    private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final NetTests.Recorder r1 = new NetTests.Recorder();
    private Rendezvous.Server server;
    private Transport[] ts;

    @BeforeEach
    void start() {
        server = Rendezvous.serve(new InetSocketAddress("127.0.0.1", 0), secret, 2, Duration.ofSeconds(20),
            lines::add);
        ts = NetTests.startAll(List.of(config(0).refusalLogInterval(Duration.ofSeconds(1)).build(), config(1).build()),
            new InboundHandler[] {new NetTests.Recorder(), r1});
    }

    private TransportConfig.Builder config(final int node) {
        // the handshake timeout is the connect timeout
        return TransportConfig.builder(node, 2, secret).rendezvous(server.address(), false)
            .connectTimeout(HANDSHAKE_TIMEOUT).log(lines::add);
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
    @Timeout(60)
    void thousandsOfRefusedConnectionsLeaveNothingBehindAndFewLogLines() throws Exception {
        final Mesh mesh = ts[0].mesh();
        final InetSocketAddress to = ts[0].listenAddress();
        attack(to, 200, 0);   // warm up the code paths before the heap is measured
        awaitSettled(mesh, 1);
        final int channelsBefore = mesh.trackedChannels();
        assertEquals(1, channelsBefore, "node 0 keeps its one connection, to node 1");
        final long heapBefore = heapAfterGc();
        final long t0 = System.nanoTime();

        final List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            final Socket s = new Socket(to.getAddress(), to.getPort());
            s.getOutputStream().write(new byte[10]);   // a truncated header, then silence
            silent.add(s);
        }
        attack(to, 3000, 0);
        final double attackSeconds = (System.nanoTime() - t0) / 1e9;
        for (final Socket s : silent) {
            s.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis() + 10_000);
            assertEquals(-1, s.getInputStream().read(), "closed by the handshake timeout");
            s.close();
        }
        awaitSettled(mesh, channelsBefore);
        assertEquals(channelsBefore, mesh.trackedChannels(), "channels kept after the attack");
        assertEquals(0, mesh.pendingHandshakes(), "handshake timers left after the attack");
        final long heapAfter = heapAfterGc();
        System.out.printf("3300 refused connections in %.1f s: heap after a full GC %.1f MB before, %.1f MB after%n",
            attackSeconds, heapBefore / 1e6, heapAfter / 1e6);
        assertTrue(heapAfter - heapBefore < 8_000_000, "the heap grew by " + (heapAfter - heapBefore) / 1000
            + " KB with 3300 refused connections");

        // every refusal is in the log, once: in full (the first few of each burst) or counted in a summary
        Thread.sleep(1500);   // the last summary
        final long total = mesh.refusedConnections();
        assertEquals(3300, total, "refusals counted");
        long full = 0;
        long summarised = 0;
        int summaries = 0;
        for (final String l : lines) {
            final Matcher m = SUMMARY.matcher(l);
            if (m.find()) {
                summarised += Long.parseLong(m.group(1));
                summaries++;
            } else if (l.contains("node 0 rejected the connection from")) {
                full++;
            }
        }
        assertEquals(total, full + summarised, "full lines " + full + " + summarised " + summarised + ": " + lines);
        final double seconds = (System.nanoTime() - t0) / 1e9 + 1;
        assertTrue(full <= 3 * RefusalLog.FULL_LINES, full + " full lines");
        assertTrue(summaries <= seconds + 3, summaries + " summaries in " + seconds + " s");
        assertTrue(lines.stream().anyMatch(l -> l.contains("in the last 1 s")), "a summary line: " + lines);

        // the job's own connection still works
        assertEquals(Transport.OK, ts[0].trySend(1, NetTests.header(5)));
        assertEquals(5, NetTests.intAt(r1.next().header(), 0));
    }

    /**
     * By hand, for the heap figure: {@code bin/test -pl core -Dtest=StrangerConnectionsTest#heapFigure
     * -Dcharm4j.strangers=100000}.
     */
    @Test
    @Timeout(900)
    @EnabledIfSystemProperty(named = "charm4j.strangers", matches = "[0-9]+")
    void heapFigure() throws Exception {
        final int n = Integer.getInteger("charm4j.strangers");
        final Mesh mesh = ts[0].mesh();
        final InetSocketAddress to = ts[0].listenAddress();
        attack(to, 2000, 0);
        awaitSettled(mesh, 1);
        final long before = heapAfterGc();
        final long t0 = System.nanoTime();
        for (int done = 0; done < n; done += 10_000) {
            attack(to, Math.min(10_000, n - done), done);
        }
        final double s = (System.nanoTime() - t0) / 1e9;
        awaitSettled(mesh, 1);
        final long after = heapAfterGc();
        System.out.printf("FIGURE %d stranger connections in %.1f s: heap after a full GC %.2f MB before, %.2f MB "
            + "after (%+.1f bytes per connection); channels kept %d, handshake timers %d, log lines %d%n", n, s,
            before / 1e6, after / 1e6, (after - before) / (double) n, mesh.trackedChannels(),
            mesh.pendingHandshakes(), lines.size());
    }

    /** Waits until node 0 keeps {@code channels} channels and no handshake timer (past the handshake timeout). */
    private static void awaitSettled(final Mesh mesh, final int channels) throws InterruptedException {
        final long end = System.nanoTime() + HANDSHAKE_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(10);
        while ((mesh.trackedChannels() != channels || mesh.pendingHandshakes() != 0) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = 0;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        return used;
    }

    /**
     * Opens {@code n} stranger connections to {@code to}, one after the other, of four kinds in turn: garbage, a
     * truncated header then close, a HELLO with a wrong RESPONSE, connect and close. Each ends with a reset (no
     * TIME_WAIT left on either side).
     */
    private static void attack(final InetSocketAddress to, final int n, final int first) throws IOException {
        final byte[] junk = new byte[64];
        new java.util.Random(first).nextBytes(junk);
        junk[0] = 77;
        for (int i = first; i < first + n; i++) {
            try (Socket s = new Socket(to.getAddress(), to.getPort())) {
                s.setSoLinger(true, 0);
                s.setSoTimeout(10_000);
                switch (i % 4) {
                    case 0 -> {
                        s.getOutputStream().write(junk);
                        readUntilClosed(s.getInputStream());
                    }
                    case 1 -> s.getOutputStream().write(junk, 1, 10);
                    case 2 -> {
                        final byte[] nonce = JobSecret.newNonce();
                        BlockingFrames.write(s.getOutputStream(), FrameHeader.TYPE_HELLO, 1, 0, nonce);
                        final BlockingFrames.Frame ch = BlockingFrames.read(s.getInputStream(), 64);
                        assertEquals(FrameHeader.TYPE_CHALLENGE, ch.type());
                        BlockingFrames.write(s.getOutputStream(), FrameHeader.TYPE_RESPONSE, 0, 0,
                            JobSecret.random().clientProof(nonce, ch.payload(), 1, 0));
                        readUntilClosed(s.getInputStream());
                    }
                    default -> {
                        // connect and close at once
                    }
                }
            } catch (final FrameException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void readUntilClosed(final InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // the peer sends nothing a stranger may keep
            }
        } catch (final SocketException e) {
            assertTrue(e.getMessage().contains("reset"), e.toString());
        }
    }
}
