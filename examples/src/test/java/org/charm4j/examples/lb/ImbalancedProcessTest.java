package org.charm4j.examples.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.charm4j.testing.ProgramRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The synthetic imbalanced program as real processes: the same checksum without balancing, with balancers that move
 * elements, in one process and in two, and on one PE; the balancer runs at every AtSync point.
 */
@Timeout(240)
class ImbalancedProcessTest {
    private static final Pattern CHECKSUM = Pattern.compile("checksum ([0-9a-f]{16})");
    private static final Pattern AFTER = Pattern.compile("max/avg PE load [0-9.]+ -> ([0-9.]+)");

    private static String checksum(final String... args) throws Exception {
        final var r = ProgramRuns.launch(args);
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("[12] Time per iteration: "), r.stdout());
        final Matcher m = CHECKSUM.matcher(r.stdout());
        assertTrue(m.find(), r.stdout());
        if (String.join(" ", args).contains("+LBDebug")) {
            // the balancer ran at each AtSync point (what its plan achieves depends on measured times: not asserted)
            assertEquals(3, AFTER.matcher(r.stdout()).results().count(), r.stdout());
        }
        return m.group(1);
    }

    @Test
    void resultsDoNotDependOnBalancingOrLayout() throws Exception {
        final String args = "24 12 20 3";
        final String off = checksum(("+p2 +LBOff imbalanced " + args).split(" "));
        assertEquals(off, checksum(("+p1 imbalanced " + args).split(" ")));
        assertEquals(off, checksum(("+p2 +balancer GreedyLB +LBDebug 1 imbalanced " + args).split(" ")));
        assertEquals(off, checksum(("+p2 ++ppn 1 +balancer RandomLB imbalanced " + args).split(" ")));
        assertEquals(off, checksum(("+p4 ++ppn 2 +balancer GreedyLB +LBDebug 1 imbalanced " + args).split(" ")));
    }

    @Test
    void helpAndBadArguments() throws Exception {
        final var help = ProgramRuns.launch("+p1", "imbalanced", "--help");
        assertEquals(0, help.exitCode(), help.stderr());
        assertTrue(help.stdout().contains("Usage: charmrun"), help.stdout());
        final var bad = ProgramRuns.launch("+p1", "imbalanced", "many");
        assertEquals(2, bad.exitCode(), bad.stdout() + bad.stderr());
        assertTrue(bad.stderr().contains("arguments are integers"), bad.stderr());
    }
}
