package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real JVM processes started by {@link LocalSpawner} on 127.0.0.1 exchange messages; a killed one is noticed. */
@Timeout(90)
class MultiProcessTest {
    private static final List<String> JVM = List.of("--enable-native-access=ALL-UNNAMED", "-Xmx128m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    /** Output of the children, kept and echoed. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(final int b) {
            buf.write(b);
            System.out.write(b);
        }

        @Override
        public synchronized void write(final byte[] b, final int off, final int len) {
            buf.write(b, off, len);
            System.out.write(b, off, len);
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }

        void await(final String s) throws InterruptedException {
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!text().contains(s)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("no '" + s + "' in the output:\n" + text());
                }
                Thread.sleep(20);
            }
        }
    }

    private static LocalSpawner.Spec spec(final int n, final Capture out, final String mode) {
        return new LocalSpawner.Spec(n, EchoNode.class.getName(), List.of(mode), JVM,
            System.getProperty("java.class.path"), Duration.ofSeconds(3), new PrintStream(out, true,
            StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void threeProcessesExchangeAttachmentsAndExitZero() throws Exception {
        final Capture out = new Capture();
        try (LocalSpawner.Job job = LocalSpawner.start(spec(3, out, "exchange"))) {
            final int status = job.waitFor(Duration.ofSeconds(60));
            assertEquals(0, status, out.text());
        }
        final String text = out.text();
        assertTrue(text.contains("node 0 verified 2 replies"), text);
        assertTrue(text.contains("node 0 ready (epoll)"), text);
        for (int i = 0; i < 3; i++) {
            assertTrue(text.contains("node " + i + " done"), text);
        }
    }

    @Test
    void aKilledProcessIsReportedByTheOthersAndTheJobFailsWithNoneLeft() throws Exception {
        final Capture out = new Capture();
        final Process[] ps = new Process[3];
        try (LocalSpawner.Job job = LocalSpawner.start(spec(3, out, "wait"))) {
            for (int i = 0; i < 3; i++) {
                out.await("node " + i + " ready");
                ps[i] = job.process(i);
            }
            final long t0 = System.nanoTime();
            job.process(2).destroyForcibly();           // SIGKILL, as kill -9
            final int status = job.waitFor(Duration.ofSeconds(30));
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(137, status, "the first non-zero status is the killed process's 128+9:\n" + out.text());
            assertTrue(ms < 5000, "the job ended " + ms + " ms after the kill");
        }
        final String text = out.text();
        assertTrue(text.contains("node 0 lost node 2"), text);
        assertTrue(text.contains("node 1 lost node 2"), text);
        for (final Process p : ps) {
            assertFalse(p.isAlive(), "no process left behind");
        }
    }
}
