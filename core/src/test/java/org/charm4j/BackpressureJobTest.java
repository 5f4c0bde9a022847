package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Back-pressure between real processes ({@link FloodApp} through the launcher, each JVM with 256 MiB of heap and of
 * direct memory): 1.25 GiB of 64 KiB arrays to a slow chare in another process arrive, all in order, without running
 * out of memory, from a plain or a threaded entry method; two processes that flood each other from entry methods that
 * do not return finish, or, past {@code +maxQueued}, end with a message naming the processes, the PE and the bytes.
 * Each run prints the processes' peak memory.
 */
@Timeout(150)
class BackpressureJobTest {
    private static final String MEMORY = "-Xmx256m -XX:MaxDirectMemorySize=256m";

    private static List<String> launcher(final String layout, final String... args) {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-opens=java.base/java.lang=ALL-UNNAMED"));
        cmd.addAll(List.of(MEMORY.split(" ")));   // the launcher passes its JVM flags on to the processes
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.charm4j.launch.Launcher"));
        cmd.addAll(List.of(layout.split(" ")));
        cmd.add(FloodApp.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a job to its end; @return its exit status and output. */
    private static Result run(final List<String> cmd, final long seconds) throws Exception {
        final File out = File.createTempFile("charm4j-flood", ".txt");
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
        try {
            final boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            final String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertTrue(done, "the job did not end within " + seconds + " s (a deadlock?):\n" + text);
            System.out.println(String.join(" ", cmd.subList(cmd.indexOf("org.charm4j.launch.Launcher") + 1,
                cmd.size())) + " (" + MEMORY + "):");
            text.lines().filter(l -> l.startsWith("flood done") || l.startsWith("process ") && l.contains("peak"))
                .forEach(l -> System.out.println("  " + l));
            assertTrue(!text.contains("OutOfMemoryError") && !text.contains("out of memory"), text);
            return new Result(p.exitValue(), text);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            out.delete();
        }
    }

    private record Result(int status, String text) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p2 ++ppn 1", "+p2 ++ppn 1 +commthread"})
    void aFloodFromAPlainEntryMethodToASlowChareArrivesInOrderInBoundedMemory(final String layout) throws Exception {
        final Result r = run(launcher(layout, "oneway", "20000", "64", "150", "plain"), 120);
        assertEquals(0, r.status(), r.text());
        assertTrue(r.text().contains("flood done: PE 1 got 20000 arrays, 0 out of order or damaged"), r.text());
    }

    @Test
    void aFloodFromAThreadedEntryMethodArrivesInOrderInBoundedMemory() throws Exception {
        final Result r = run(launcher("+p4 ++ppn 2", "oneway", "20000", "64", "150", "threaded"), 120);
        assertEquals(0, r.status(), r.text());
        assertTrue(r.text().contains("flood done: PE 3 got 20000 arrays, 0 out of order or damaged"), r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p2 ++ppn 1", "+p2 ++ppn 1 +commthread"})
    void twoProcessesThatFloodEachOtherBothFinish(final String layout) throws Exception {
        // 62.5 MiB each way: far more than the buffers between them, less than +maxQueued (128 MiB by default here)
        final Result r = run(launcher(layout, "both", "1000", "64"), 60);
        assertEquals(0, r.status(), r.text());
        assertTrue(r.text().contains("flood done: PE 1 got 1000 arrays, 0 out of order or damaged; PE 0 got 1000 "
            + "arrays, 0 out of order or damaged"), r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p2 ++ppn 1", "+p4 ++ppn 2"})
    void pastMaxQueuedTheJobEndsNamingSenderReceiverAndBytes(final String layout) throws Exception {
        final Result r = run(launcher(layout + " +maxQueued 16", "both", "20000", "64"), 60);
        assertEquals(1, r.status(), r.text());
        final int last = layout.startsWith("+p4") ? 3 : 1;
        // whichever process passes the limit first names itself, its PE and the process it heard from
        assertTrue(r.text().matches("(?s).*charm4j: job aborted: process ([01]) holds \\d+\\.\\d MiB of messages "
            + "between processes, over the limit of \\+maxQueued 16 MiB: \\d+\\.\\d MiB received and not yet taken by "
            + "its PEs \\(\\d+\\.\\d MiB for PE (0|" + last + "), which is itself waiting to send to process [01], so "
            + "this process cannot stop reading for it\\) and \\d+\\.\\d MiB sent and not yet written; the latest came "
            + "from PE (0|" + last + ") of process [01] for PE (0|" + last + ")\\. .*raise \\+maxQueued \\(MiB\\).*"),
            r.text());
        final boolean zero = r.text().contains("process 0 holds");
        assertTrue(zero ? r.text().contains("from PE " + last + " of process 1 for PE 0")
            : r.text().contains("from PE 0 of process 0 for PE " + last), r.text());
        assertTrue(!r.text().contains("flood done"), r.text());
    }
}
