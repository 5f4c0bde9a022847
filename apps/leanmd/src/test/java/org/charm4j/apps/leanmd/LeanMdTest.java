package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LeanMD in this JVM: the energies at the first and last step equal the serial reference's to the last bit (printed
 * with 17 digits), on 1 to 3 PEs, with balancing on and off, across migration steps; and the output has Charm++'s
 * lines.
 */
@Timeout(120)
class LeanMdTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "+p1 3 3 3 21 --atoms 60",                                        // Charm++'s physics, one migration step
        "+p2 3 3 3 45 10 10 --atoms 40:80 +balancer GreedyLB",            // uneven cells, 3 balancing steps
        "+p2 3 3 3 45 10 10 --atoms 40:80 +LBOff --map owner",            // the same numbers without balancing
        "+p3 4 3 3 61 20 20 --physics lj --lattice --atoms 27 +balancer RefineLB",
        "+p2 3 3 3 21"})                                                  // Charm++'s 300 atoms per cell
    void energiesEqualTheSerialReferenceToTheBit(final String line) {
        final List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
        args.addAll(List.of("--print-every", "0"));
        final Runs.Run r = Runs.inJvm(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.out());
        assertTrue(r.out().contains("Simulation completed"), r.out());
        final List<String> program = args.stream().filter(a -> !a.startsWith("+") && !a.matches("GreedyLB|RefineLB"))
            .toList();
        assertEquals(Runs.referenceLines(program.toArray(new String[0])), Runs.energyLines(r.out()), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+p1 3 3 3 21 --atoms 60", "+p2 3 3 3 45 10 10 --atoms 40:80 +balancer GreedyLB",
        "+p2 3 3 3 21 --physics lj --lattice --atoms 27"})
    void onAnOpenClDeviceTheEnergiesAreTheReferencesWithinRounding(final String line) {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.charm4j.gpu.opencl.OpenCl.available(),
            () -> "no OpenCL device: " + org.charm4j.gpu.opencl.OpenCl.unavailableReason().orElse("?"));
        final List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
        args.addAll(List.of("--print-every", "0", "+device", "opencl"));
        final Runs.Run r = Runs.inJvm(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.out());
        assertTrue(r.out().contains("pair forces on OpenCL") && r.out().contains("(+device opencl:0)"), r.out());
        final List<String> program = args.stream().filter(a -> !a.startsWith("+") && !a.matches("GreedyLB|opencl"))
            .toList();
        final List<String> want = Runs.referenceLines(program.toArray(new String[0]));
        final List<String> got = Runs.energyLines(r.out());
        assertEquals(2, got.size(), r.out());
        for (int k = 0; k < 2; k++) {
            final double[] w = Runs.parse(want.get(k));
            final double[] g = Runs.parse(got.get(k));
            // the forces are Java's to the bit; the energies are summed in another order (per atom on the device)
            assertEquals(w[0], g[0], Math.abs(w[0]) * 1e-9 + 1e-300, "kinetic: " + got.get(k) + " vs " + want.get(k));
            assertEquals(w[1], g[1], Math.abs(w[1]) * 1e-12, "potential: " + got.get(k) + " vs " + want.get(k));
        }
    }

    @Test
    void printsCharmsLinesAndTheTimePerStep() {
        final Runs.Run r = Runs.inJvm("+p2", "3", "3", "3", "25", "--atoms", "20", "--print-every", "5");
        assertEquals(0, r.exitCode(), r.out());
        final List<String> lines = r.out().lines().toList();
        assertEquals("", lines.get(0));
        assertEquals("LENNARD JONES MOLECULAR DYNAMICS START UP ...", lines.get(1));
        assertEquals("", lines.get(2));
        assertEquals("Input Parameters...", lines.get(3));
        assertEquals("Cell Array Dimension X:3 Y:3 Z:3 of size 16 16 16", lines.get(4));
        assertEquals("Final Step Count:25", lines.get(5));
        assertTrue(lines.contains("Cells: 3 X 3 X 3 .... created"), r.out());
        assertTrue(lines.contains("Computes: 378 .... created"), r.out());
        assertTrue(lines.contains("Starting simulation .... "), r.out());
        assertEquals(5, lines.stream().filter(l -> l.matches("Step \\d+ Time \\d+\\.\\d{3} ms/step .*")).count(),
            r.out());
        assertEquals(2, Runs.energyLines(r.out()).size(), r.out());
        assertTrue(r.out().contains("1 AtSync steps"), r.out());
        assertEquals("Simulation completed", lines.get(lines.size() - 1));
    }

    @Test
    void badArgumentsExitTwoWithTheReason() {
        assertEquals(LeanMd.BAD_ARGUMENTS, Runs.inJvm("+p1", "2", "2", "2").exitCode());
        final Runs.Run help = Runs.inJvm("+p1", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("Usage: charmrun [runtime options] leanmd"), help.out());
    }
}
