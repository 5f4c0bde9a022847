package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LeanMD as bin/charmrun runs it, found by its short name: two JVM processes of two PEs on 127.0.0.1, with
 * balancing on (cells and computes move between the processes) and off; the energies equal the serial reference's
 * to the last bit.
 */
@Timeout(200)
class LeanMdProcessTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "+p4 ++ppn 2 +balancer GreedyLB +LBDebug 1 leanmd 3 3 3 41 10 10 --atoms 30:90",
        "+p4 ++ppn 2 +LBOff leanmd 3 3 3 41 10 10 --atoms 30:90 --map owner",
        "+p2 ++ppn 1 +balancer RefineLB leanmd 3 3 3 41 20 20 --physics lj --lattice --atoms 27"})
    void twoProcessesGiveTheReferenceEnergies(final String line) throws Exception {
        final List<String> args = new ArrayList<>(List.of(line.split(" ")));
        args.addAll(List.of("--print-every", "0"));
        final Runs.Run r = Runs.processes(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains(" in 2 processes"), r.out());
        final List<String> program = args.subList(args.indexOf("leanmd") + 1, args.size());
        assertEquals(Runs.referenceLines(program.toArray(new String[0])), Runs.energyLines(r.out()),
            r.out() + r.err());
        if (line.contains("+LBDebug")) {
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("LB step \\d+ of Compute sparse array"
                + " [^\\n]*, (\\d+) moved").matcher(r.out());
            int moved = 0;
            while (m.find()) {
                moved += Integer.parseInt(m.group(1));
            }
            assertTrue(moved > 0, "GreedyLB moved computes: " + r.out());
        }
    }

    @Test
    void badArgumentsExitTwoWithTheReason() throws Exception {
        final Runs.Run r = Runs.processes("+p2", "++ppn", "1", "leanmd", "3", "3");
        assertEquals(LeanMd.BAD_ARGUMENTS, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("not 2 numbers"), r.err());
    }
}
