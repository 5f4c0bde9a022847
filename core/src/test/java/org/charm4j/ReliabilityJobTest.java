package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes through the launcher, when something goes wrong: a frozen process ({@code +peerTimeout}), a job
 * that runs too long ({@code +timeout}), {@code System.exit} in an entry method, a program that does not exist.
 * Each test kills what it started.
 */
@Timeout(120)
class ReliabilityJobTest {
    private static List<String> launcher(final String layout, final String program, final String... args) {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), "org.charm4j.launch.Launcher"));
        cmd.addAll(List.of(layout.split(" ")));
        cmd.add(program);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A running launcher with its output in a file. */
    private record Job(Process process, File out) implements AutoCloseable {
        static Job start(final List<String> cmd) throws Exception {
            final File out = File.createTempFile("charm4j-reliability", ".txt");
            return new Job(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start(), out);
        }

        String text() throws Exception {
            return Files.readString(out.toPath(), StandardCharsets.UTF_8);
        }

        void awaitLine(final String s) throws Exception {
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!text().contains(s)) {
                assertTrue(System.nanoTime() < end && process.isAlive(), "no '" + s + "':\n" + text());
                Thread.sleep(50);
            }
        }

        /** Waits for the launcher's end; @return its exit status. */
        int await(final long seconds) throws Exception {
            assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "the job did not end within " + seconds + " s:\n"
                + text());
            return process.exitValue();
        }

        @Override
        public void close() {
            process.descendants().forEach(h -> {
                kill("-CONT", h.pid());
                h.destroyForcibly();
            });
            process.destroyForcibly();
            out.delete();
        }
    }

    private static void kill(final String signal, final long pid) {
        try {
            new ProcessBuilder("kill", signal, String.valueOf(pid)).start().waitFor();
        } catch (final Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int count(final String text, final String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
            n++;
        }
        return n;
    }

    /** @param layout the job's layout; one process runs the program's JVM itself, several go through the launcher. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"+p2", "+p4 ++ppn 2"})
    void anOutOfMemoryErrorEndsTheJobPromptlyNamingThePeTheChareAndTheEntryMethod(final String layout)
        throws Exception {
        final List<String> cmd = launcher(layout, OomApp.class.getName());
        cmd.add(1, "-Xmx96m");
        if (!layout.contains("++ppn")) {
            // one process: the program's own JVM, no launcher
            cmd.subList(cmd.indexOf("org.charm4j.launch.Launcher"), cmd.indexOf("org.charm4j.launch.Launcher") + 1)
                .clear();
            cmd.remove(OomApp.class.getName());
            cmd.add(cmd.indexOf(layout.split(" ")[0]), OomApp.class.getName());
        }
        try (Job job = Job.start(cmd)) {
            final long start = System.nanoTime();
            final int code = job.await(60);
            final String text = job.text();
            assertTrue(code != 0, text);
            assertTrue(text.contains("OutOfMemoryError") && text.contains("ran out of memory"), text);
            final String lastPe = layout.contains("+p4") ? "PE 3" : "PE 1";
            assertTrue(text.contains(lastPe + ": entry method Hog.eat()"), text);
            assertTrue((System.nanoTime() - start) / 1e9 < 45, "took too long: " + text);
        }
    }

    @Test
    void aFrozenProcessEndsTheJobAfterThePeerTimeoutNamingIt() throws Exception {
        try (Job job = Job.start(launcher("+p3 ++ppn 1 +peerTimeout 3", Scenario.Forever.class.getName()))) {
            job.awaitLine("ready on 3 PEs");
            final List<ProcessHandle> children = job.process().children().toList();
            assertEquals(3, children.size(), job.text());
            final long start = System.nanoTime();
            kill("-STOP", children.get(1).pid());   // any one of them: the others find it hung
            final int status = job.await(30);
            final double seconds = (System.nanoTime() - start) / 1e9;
            final String text = job.text();
            assertTrue(status != 0, text);
            assertTrue(text.matches("(?s).*process \\d was lost: no message for 3 s \\(peer timeout, \\+peerTimeout\\)"
                + ": node \\d hangs.*"), text);
            // found lost within the timeout plus a heartbeat, then the launcher's 3 s grace before it kills the rest
            assertTrue(seconds < 3 + 10, "the job ended " + seconds + " s after the process froze:\n" + text);
            for (final ProcessHandle c : children) {
                assertTrue(c.onExit().get(10, TimeUnit.SECONDS) != null && !c.isAlive(), "process left behind");
            }
        }
    }

    @Test
    void timeoutEndsEveryProcessWithItsOwnExitCode() throws Exception {
        final long t0 = System.nanoTime();
        try (Job job = Job.start(launcher("+p2 ++ppn 1 +timeout 5", Scenario.Forever.class.getName()))) {
            List<ProcessHandle> children = List.of();
            while (children.size() < 2 && job.process().isAlive()) {   // (the job may time out before it is ready)
                Thread.sleep(20);
                children = job.process().children().toList();
            }
            final int status = job.await(40);
            final double seconds = (System.nanoTime() - t0) / 1e9;
            final String text = job.text();
            assertEquals(Options.TIMEOUT_EXIT_CODE, status, text);
            assertEquals(1, count(text, "charm4j: the job ran longer than +timeout 5 s; ending it (exit code 124)"),
                text);
            assertTrue(seconds >= 5 && seconds < 5 + 10, "ended after " + seconds + " s:\n" + text);
            assertTrue(!text.contains("was lost") && !text.contains("killing every process"), text);
            for (final ProcessHandle c : children) {
                assertTrue(c.onExit().get(10, TimeUnit.SECONDS) != null && !c.isAlive(), "process left behind");
            }
        }
    }

    @Test
    void systemExitInAnEntryMethodIsReportedAsAnExitOnItsOwnWithItsCode() throws Exception {
        try (Job job = Job.start(launcher("+p2 ++ppn 1", ExitOnItsOwnApp.class.getName(), "1", "3"))) {
            final int status = job.await(60);
            final String text = job.text();
            assertEquals(3, status, text);
            assertTrue(text.contains("charm4j: process 1 exited with code 3 on its own (System.exit? end the job with "
                + "Charm.exit(code))"), text);
            assertTrue(text.contains("charm4j: process 1 exits on its own while its job runs: System.exit was called "
                + "at org.charm4j.ExitOnItsOwnApp$Quitter.quit(ExitOnItsOwnApp.java:"), text);
        }
    }

    @Test
    void aMissingProgramIsReportedOnceBeforeAnyProcessStarts(@TempDir final Path dir) throws Exception {
        final Path jar = dir.resolve("nomain.jar");
        final Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        final String[][] cases = {
            {"no.such.Main", "charmrun: cannot find program 'no.such.Main': no class no.such.Main on the class path"},
            {jar.toString(), "has no Main-Class in its manifest"},
            {dir.resolve("missing.jar").toString(), "no such jar: "},
            {Options.class.getName(), "org.charm4j.Options has no public static void main(String[])"},
        };
        for (final String[] c : cases) {
            try (Job job = Job.start(launcher("+p3 ++ppn 1", c[0]))) {
                final int status = job.await(30);
                final String text = job.text();
                assertEquals(2, status, text);
                assertEquals(1, count(text, c[1]), text);
                assertTrue(!text.contains("process 0") && !text.contains("process 1"), "no process started:\n" + text);
            }
        }
    }
}
