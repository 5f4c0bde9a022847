package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs {@link Scenario} as real processes on 127.0.0.1 through the launcher: 1, 2 and 2x2 processes/PEs. */
@Timeout(180)
class MultiProcessJobTest {
    @ParameterizedTest
    @ValueSource(strings = {"+p2", "+p2 ++ppn 1", "+p4 ++ppn 2"})
    void theScenarioPassesOnRealProcesses(final String layout) throws Exception {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-cp", System.getProperty("java.class.path"), "org.charm4j.launch.Launcher"));
        cmd.addAll(List.of(layout.split(" ")));
        cmd.add(Scenario.class.getName());
        final File out = File.createTempFile("charm4j-job", ".txt");
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
        try {
            final boolean done = p.waitFor(150, TimeUnit.SECONDS);
            final String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertTrue(done, "the job did not end in time:\n" + text);
            assertEquals(0, p.exitValue(), text);
            assertTrue(text.contains("ok reductions across processes"), text);
            assertTrue(text.contains("ok a 8 MiB off-heap array to the last PE"), text);
            assertTrue(!text.contains("FAILED"), text);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            out.delete();
        }
    }
}
