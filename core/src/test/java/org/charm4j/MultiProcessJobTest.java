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
    private static List<String> launcher(final String layout, final String program) {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), "org.charm4j.launch.Launcher"));
        cmd.addAll(List.of(layout.split(" ")));
        cmd.add(program);
        return cmd;
    }

    @org.junit.jupiter.api.Test
    void aKilledProcessEndsTheJobNamingItAndLeavesNoProcessBehind() throws Exception {
        final File out = File.createTempFile("charm4j-kill", ".txt");
        final Process p = new ProcessBuilder(launcher("+p3 ++ppn 1", Scenario.Forever.class.getName()))
            .redirectErrorStream(true).redirectOutput(out).start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out.toPath()).contains("ready on 3 PEs") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            final List<ProcessHandle> children = p.children().toList();
            assertEquals(3, children.size(), Files.readString(out.toPath()));
            final ProcessHandle victim = children.get(1);
            final long start = System.nanoTime();
            new ProcessBuilder("kill", "-9", String.valueOf(victim.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the job did not end after a process was killed:\n"
                + Files.readString(out.toPath()));
            final double seconds = (System.nanoTime() - start) / 1e9;
            final String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertTrue(p.exitValue() != 0, text);
            assertTrue(text.contains("was lost"), text);
            assertTrue(text.matches("(?s).*charm4j: process \\d was killed by signal 9 \\(SIGKILL\\).*"), text);
            assertTrue(seconds < 15, "took " + seconds + " s to stop");
            for (final ProcessHandle c : children) {
                assertTrue(c.onExit().get(10, TimeUnit.SECONDS) != null && !c.isAlive(), "process left behind");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            out.delete();
        }
    }

    private static int freePortPair() throws java.io.IOException {
        for (int tries = 0; ; tries++) {
            final int p;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p < 65000 || tries > 20) {
                return p;
            }
        }
    }

    private static String run(final List<String> cmd, final java.util.Map<String, String> env) throws Exception {
        final File out = File.createTempFile("charm4j-job", ".txt");
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out);
        pb.environment().putAll(env);
        final Process p = pb.start();
        try {
            final boolean done = p.waitFor(150, TimeUnit.SECONDS);
            final String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertTrue(done, "the job did not end in time:\n" + text);
            assertEquals(0, p.exitValue(), text);
            return text;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            out.delete();
        }
    }

    @org.junit.jupiter.api.Test
    void nodelistStartsEveryProcessThroughTheRemoteShellOnItsHost(@org.junit.jupiter.api.io.TempDir final
                                                                  java.nio.file.Path dir) throws Exception {
        final java.nio.file.Path log = dir.resolve("ssh.log");
        final java.nio.file.Path ssh = dir.resolve("fake-ssh");
        Files.writeString(ssh, "#!/bin/sh\necho \"$1\" >> " + log + "\nshift\nexec sh -c \"$*\"\n");
        ssh.toFile().setExecutable(true);
        final java.nio.file.Path nodelist = dir.resolve("nodelist");
        Files.writeString(nodelist, "group main\n  host 127.0.0.1\n  host localhost ++cpus 2\n");
        final int port = freePortPair();
        final List<String> cmd = launcher("+p4 ++ppn 2 ++nodelist " + nodelist + " ++port " + port,
            Scenario.class.getName());
        final String text = run(cmd, java.util.Map.of("CHARM4J_SSH", ssh.toString()));
        assertTrue(text.contains("ok reductions across processes") && !text.contains("FAILED"), text);
        assertEquals(List.of("127.0.0.1", "localhost"), Files.readAllLines(log).stream().sorted().toList());
    }

    @org.junit.jupiter.api.Test
    void anUnknownHostOrAFailingRemoteShellFailsClearly(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws Exception {
        final java.nio.file.Path nodelist = dir.resolve("nodelist");
        Files.writeString(nodelist, "host no-such-host.invalid\n");
        final File out = File.createTempFile("charm4j-bad", ".txt");
        final Process p = new ProcessBuilder(launcher("+p2 ++ppn 1 ++nodelist " + nodelist, Scenario.class.getName()))
            .redirectErrorStream(true).redirectOutput(out).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        final String text = Files.readString(out.toPath());
        assertEquals(2, p.exitValue(), text);
        assertTrue(text.contains("host 'no-such-host.invalid' of the nodelist does not resolve"), text);
        final java.nio.file.Path ssh = dir.resolve("failing-ssh");
        Files.writeString(ssh, "#!/bin/sh\necho \"ssh: connect to host $1 port 22: Connection refused\" >&2\n"
            + "exit 255\n");
        ssh.toFile().setExecutable(true);
        Files.writeString(nodelist, "host localhost\n");
        final ProcessBuilder pb = new ProcessBuilder(launcher("+p2 ++ppn 1 ++nodelist " + nodelist,
            Scenario.class.getName()))
            .redirectErrorStream(true).redirectOutput(out);
        pb.environment().put("CHARM4J_SSH", ssh.toString());
        final Process q = pb.start();
        assertTrue(q.waitFor(60, TimeUnit.SECONDS), "a failing remote shell must end the job");
        final String text2 = Files.readString(out.toPath());
        assertEquals(255, q.exitValue(), text2);
        assertTrue(text2.contains("Connection refused") && text2.contains("exited with code 255"), text2);
        out.delete();
    }

    @org.junit.jupiter.api.Test
    void theSlurmBatchScriptRunsWithSrunAndScontrolStandIns(@org.junit.jupiter.api.io.TempDir final
                                                            java.nio.file.Path dir) throws Exception {
        final java.nio.file.Path srun = dir.resolve("srun");
        Files.writeString(srun, """
            #!/bin/bash
            # stand-in for Slurm's srun: runs SLURM_NTASKS copies of the command here, as srun would on nodes
            while [[ "$1" == --* ]]; do shift; done
            pids=()
            for ((r = 0; r < SLURM_NTASKS; r++)); do SLURM_PROCID=$r "$@" & pids+=($!); done
            status=0
            for p in "${pids[@]}"; do wait "$p" || status=$?; done
            exit $status
            """);
        final java.nio.file.Path scontrol = dir.resolve("scontrol");
        Files.writeString(scontrol, "#!/bin/sh\necho 127.0.0.1\n");
        final java.nio.file.Path charmrun = dir.resolve("charmrun");
        Files.writeString(charmrun, "#!/bin/sh\nexec " + String.join(" ", launcher("", "").subList(0,
            launcher("", "").size() - 1)).replace("-cp ", "-cp '").replace(" org.charm4j.launch.Launcher",
            "' org.charm4j.launch.Launcher") + " \"$@\"\n");
        for (final java.nio.file.Path f : List.of(srun, scontrol, charmrun)) {
            f.toFile().setExecutable(true);
        }
        final java.nio.file.Path script = java.nio.file.Path.of(System.getProperty("user.dir")).getParent()
            .resolve("bin/charm4j.sbatch");
        final String text = run(List.of("bash", script.toString(), Scenario.class.getName()), java.util.Map.of(
            "PATH", dir + ":" + System.getenv("PATH"), "SLURM_NTASKS", "2", "SLURM_JOB_NODELIST", "node[01-02]",
            "SLURM_JOB_ID", "4242", "PES_PER_NODE", "2", "CHARM4J_BIND", "127.0.0.1", "CHARMRUN",
            charmrun.toString()));
        assertTrue(text.contains("ok reductions across processes") && !text.contains("FAILED"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p2 ++ppn 1", "+p4 ++ppn 2"})
    void quiescenceIsDetectedAcrossRealProcesses(final String layout) throws Exception {
        final String text = run(launcher(layout, QuiescenceChecks.class.getName()), java.util.Map.of());
        System.out.print(text);
        assertTrue(text.contains("all quiescence checks passed") && !text.contains("FAILED"), text);
    }

    @org.junit.jupiter.api.Test
    void whenConditionsAndThreadedConstructorsWorkAcrossRealProcesses() throws Exception {
        final String text = run(launcher("+p4 ++ppn 2", WhenChecks.class.getName()), java.util.Map.of());
        System.out.print(text);
        assertTrue(text.contains("all when checks passed") && !text.contains("FAILED"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p2 ++ppn 1", "+p4 ++ppn 2"})
    void sectionsAndAllreduceWorkAcrossRealProcesses(final String layout) throws Exception {
        final String text = run(launcher(layout, SectionChecks.class.getName()), java.util.Map.of());
        System.out.print(text);
        assertTrue(text.contains("all section checks passed") && !text.contains("FAILED"), text);
    }

    @org.junit.jupiter.api.Test
    void channelsWorkAcrossRealProcesses() throws Exception {
        final String text = run(launcher("+p4 ++ppn 2", ChannelChecks.class.getName()), java.util.Map.of());
        System.out.print(text);
        assertTrue(text.contains("all channel checks passed") && !text.contains("FAILED"), text);
        assertTrue(text.contains("threaded code runs on its PE's thread"), text);
    }

    /** Without java.lang opened, threaded code runs on the JDK's carrier pool (ThreadedTask's fallback). */
    @org.junit.jupiter.api.Test
    void channelsAndThreadedCodeWorkWithoutOpeningJavaLang() throws Exception {
        final List<String> cmd = launcher("+p4 ++ppn 2", ChannelChecks.class.getName());
        assertTrue(cmd.remove("--add-opens=java.base/java.lang=ALL-UNNAMED"));
        final String text = run(cmd, java.util.Map.of());
        System.out.print(text);
        assertTrue(text.contains("all channel checks passed") && !text.contains("FAILED"), text);
        assertTrue(text.contains("threaded code runs on the JDK's carrier pool"), text);
    }

    @org.junit.jupiter.api.Test
    void thePoolWorksAcrossRealProcesses() throws Exception {
        final String text = run(launcher("+p4 ++ppn 2", PoolChecks.class.getName()), java.util.Map.of());
        System.out.print(text);
        assertTrue(text.contains("all pool checks passed") && !text.contains("FAILED"), text);
    }

    @org.junit.jupiter.api.Test
    void topologyTimersAndFuturesOfSeveralSendersAcrossRealProcesses() throws Exception {
        final String text = run(launcher("+p4 ++ppn 2", ControlChecks.class.getName()), java.util.Map.of());
        System.out.print(text);
        assertTrue(text.contains("all control checks passed") && !text.contains("FAILED"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p2 ++ppn 1", "+p4 ++ppn 2"})
    void migrationAndLoadBalancingWorkBetweenRealProcesses(final String layout) throws Exception {
        final String text = run(launcher(layout + " +balancer RotateLB +LBDebug 1", MigrationChecks.class.getName()),
            java.util.Map.of());
        System.out.print(text);
        assertTrue(text.contains("all migration checks passed") && !text.contains("FAILED"), text);
        assertTrue(text.contains("ok calls sent while their element moves") && text.contains("ok a chare with a 16 MiB")
            && text.contains("ok with RotateLB every element visits every PE") && text.contains("charm4j LB step"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p2 ++ppn 1", "+p4 ++ppn 2"})
    void theModelChecksPassOnRealProcesses(final String layout) throws Exception {
        final String text = run(launcher(layout, ModelChecks.class.getName()), java.util.Map.of());
        assertTrue(text.contains("ok a custom exception keeps its type and fields"), text);
        assertTrue(text.contains("ok a list reducer that takes its own results"), text);
        assertTrue(!text.contains("FAILED"), text);
    }

    private static long longestRoundTrip(final String text) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("computed for \\d+ ms: (\\d+) ms")
            .matcher(text);
        assertTrue(m.find(), text);
        return Long.parseLong(m.group(1));
    }

    @org.junit.jupiter.api.Test
    void withACommThreadALongEntryMethodStallsNoMessageOfItsProcess() throws Exception {
        // PE 2 (the first PE of process 1) computes for 10 s; the peer timeout is 5 s: a stalled network would
        // also have ended the job
        final List<String> cmd = launcher("+p4 ++ppn 2 +commthread +peerTimeout 5", CommThreadCheck.class.getName());
        cmd.add("10000");
        final String text = run(cmd, java.util.Map.of());
        assertTrue(longestRoundTrip(text) < 1000, text);
    }

    @org.junit.jupiter.api.Test
    void drivenByItsFirstPeAProcessNetworkWaitsForItsEntryMethods() throws Exception {
        final List<String> cmd = launcher("+p4 ++ppn 2 +nocommthread", CommThreadCheck.class.getName());
        cmd.add("3000");
        final String text = run(cmd, java.util.Map.of());
        assertTrue(longestRoundTrip(text) >= 2000, text);
    }

    @org.junit.jupiter.api.Test
    void aDrivingPePollsItsNetworkBetweenQueuedEntryMethods() throws Exception {
        // 40 entry methods of 25 ms wait in the queue of PE 2 (the driver of process 1) at once: it polls the network
        // between them (not only once per batch of 64), so a round trip to PE 3 waits for one of them, not for all
        final List<String> cmd = launcher("+p4 ++ppn 2 +nocommthread", CommThreadCheck.class.getName());
        cmd.add("1000");
        cmd.add("40");
        final String text = run(cmd, java.util.Map.of());
        assertTrue(longestRoundTrip(text) < 400, text);
    }

    @org.junit.jupiter.api.Test
    void aMainChareRunsOnRealProcesses() throws Exception {
        final String text = run(launcher("+p4 ++ppn 2", MainChareApp.class.getName()), java.util.Map.of());
        assertTrue(text.contains("ok main chare"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p2", "+p2 ++ppn 1", "+p4 ++ppn 2"})
    void theScenarioPassesOnRealProcesses(final String layout) throws Exception {
        final List<String> cmd = launcher(layout, Scenario.class.getName());
        final File out = File.createTempFile("charm4j-job", ".txt");
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
        try {
            final boolean done = p.waitFor(150, TimeUnit.SECONDS);
            final String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            assertTrue(done, "the job did not end in time:\n" + text);
            assertEquals(0, p.exitValue(), text);
            assertTrue(text.contains("ok reductions across processes"), text);
            assertTrue(text.contains("ok a 8 MiB off-heap array to the last PE"), text);
            assertTrue(text.contains("ok a sparse array spread over processes reduces"), text);
            assertTrue(text.contains("ok an exception on another process reaches the caller's future"), text);
            assertTrue(!text.contains("FAILED"), text);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            out.delete();
        }
    }
}
