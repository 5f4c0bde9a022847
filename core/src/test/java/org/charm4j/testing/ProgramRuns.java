package org.charm4j.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program through the launcher as real processes on this machine, as bin/charmrun does, for the tests of the
 * examples and apps (core's test jar): the child JVMs get this JVM's class path, and are killed with their children
 * when the run ends or times out.
 */
public final class ProgramRuns {
    private ProgramRuns() {
    }

    /** What a run printed and how it ended. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    /**
     * @param args the launcher's arguments (runtime options, program, its arguments).
     * @return the run, once it ended (within 120 s, else an AssertionError with its output).
     */
    public static Run launch(final String... args) throws IOException, InterruptedException {
        return launch(0, 120, args);
    }

    /**
     * @param jobTimeout the job's own {@code +timeout} in seconds (0 for none).
     * @param waitAtMost how long to wait for the processes, in seconds (then an AssertionError with their output).
     * @param args       the launcher's arguments (runtime options, program, its arguments).
     * @return the run, once it ended.
     */
    public static Run launch(final int jobTimeout, final int waitAtMost, final String... args)
        throws IOException, InterruptedException {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), "org.charm4j.launch.Launcher"));
        if (jobTimeout > 0) {
            cmd.addAll(List.of("+timeout", String.valueOf(jobTimeout)));
        }
        cmd.addAll(List.of(args));
        final File out = File.createTempFile("charm4j-out", ".txt");
        final File err = File.createTempFile("charm4j-err", ".txt");
        final Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        try {
            if (!p.waitFor(waitAtMost, TimeUnit.SECONDS)) {
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
        return java.nio.file.Files.readString(f.toPath(), StandardCharsets.UTF_8);
    }
}
