package org.charm4j.apps.stencil3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
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
 * stencil3d as bin/charmrun runs it: real JVM processes on 127.0.0.1 (two of two PEs), found by its short name,
 * with balancing steps that move blocks between processes; the grid must still equal the serial reference.
 */
@Timeout(180)
class Stencil3dProcessTest {
    record Run(int exitCode, String stdout, String stderr) {
    }

    static Run launch(final String... args) throws IOException, InterruptedException {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-cp", System.getProperty("java.class.path"), "org.charm4j.launch.Launcher", "+timeout", "90"));
        cmd.addAll(List.of(args));
        final File out = File.createTempFile("stencil3d-out", ".txt");
        final File err = File.createTempFile("stencil3d-err", ".txt");
        final Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out: " + cmd + "\n" + read(out) + read(err));
            }
            return new Run(p.exitValue(), read(out), read(err));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            out.delete();
            err.delete();
        }
    }

    private static String read(final File f) throws IOException {
        return Files.readString(f.toPath(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "+p4 ++ppn 2 +balancer GreedyLB stencil3d 16 4",
        "+p4 ++ppn 2 +balancer RefineLB stencil3d 12 8 4 4 4 2 --kernel vector",
        "+p2 ++ppn 1 +balancer GreedyLB stencil3d 16 8 --uniform"})
    void twoProcessesGiveTheReferenceGrid(final String line) throws Exception {
        final List<String> args = new ArrayList<>(List.of(line.split(" ")));
        args.addAll(List.of("--check", "-i", "11"));
        final Run r = launch(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("charm4j: 2 processes, 11 iterations"), r.stdout());
        assertEquals(11, r.stdout().lines().filter(l -> l.contains("] Time per iteration: ")).count(), r.stdout());
        assertTrue(r.stdout().contains("equals the serial reference to the last bit"), r.stdout() + r.stderr());
        if (line.contains("GreedyLB")) {
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(GreedyLB\\), (\\d+) element moves")
                .matcher(r.stdout());
            assertTrue(m.find() && Integer.parseInt(m.group(1)) > 0, "GreedyLB moved blocks (between the processes"
                + " too, with one PE each): " + r.stdout());
        }
    }

    @Test
    void badSizesExitTwoWithTheReason() throws Exception {
        final Run r = launch("+p2", "++ppn", "1", "stencil3d", "64", "24");
        assertEquals(Stencil3d.BAD_ARGUMENTS, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("64 is not a multiple of 24"), r.stderr());
    }
}
