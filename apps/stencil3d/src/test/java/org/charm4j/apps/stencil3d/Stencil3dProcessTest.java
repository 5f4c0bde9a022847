package org.charm4j.apps.stencil3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
        final org.charm4j.testing.ProgramRuns.Run r = org.charm4j.testing.ProgramRuns.launch(90, 120, args);
        return new Run(r.exitCode(), r.stdout(), r.stderr());
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

    /** A trace of a 2-process run: one file, both processes' PEs with their blocks' entry methods and messages. */
    @Test
    void aTraceOfTwoProcessesShowsBoth(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws Exception {
        final java.nio.file.Path trace = dir.resolve("stencil3d.json");
        final Run r = launch("+p2", "++ppn", "1", "+trace", trace.toString(), "+balancer", "GreedyLB", "stencil3d",
            "16", "8", "-i", "11");
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("trace of 2 PEs in 2 processes written to"), r.stderr());
        final String json = java.nio.file.Files.readString(trace);
        for (int pe = 0; pe < 2; pe++) {
            assertTrue(json.contains("{\"pid\":" + pe + ",\"tid\":" + pe + ",\"ts\":")
                && json.contains("\"name\":\"process " + pe + "\""), "process " + pe + " is in the trace");
        }
        assertTrue(json.contains("\"name\":\"Block.receiveGhosts(int, int, int, int, DoubleArray)\"")
            && json.contains("\"ph\":\"s\"") && json.contains("\"ph\":\"f\"")
            && json.contains("\"name\":\"balancing step\"") && json.contains("\"name\":\"kernel plain update x"),
            "entry methods, messages, balancing steps and kernel launches");
    }

    @Test
    void badSizesExitTwoWithTheReason() throws Exception {
        final Run r = launch("+p2", "++ppn", "1", "stencil3d", "64", "24");
        assertEquals(Stencil3d.BAD_ARGUMENTS, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("64 is not a multiple of 24"), r.stderr());
    }
}
