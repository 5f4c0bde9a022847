package org.charm4j.apps.stencil3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.charm4j.Charm;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * stencil3d in this JVM: the grid after a few iterations, crossing balancing steps, equals the serial reference to
 * the last bit, for several decompositions, PE counts, kernels and balancers; and the output has Charm++'s shape.
 */
@Timeout(120)
class Stencil3dTest {
    record Run(int exitCode, String out) {
    }

    static Run run(final String... args) {
        final PrintStream old = System.out;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        final int code;
        try {
            code = Charm.run(args, Stencil3d.class);
        } finally {
            System.setOut(old);
        }
        final String out = buf.toString(StandardCharsets.UTF_8);
        old.print(out);
        return new Run(code, out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "+p1 16 4",                                         // 4 x 4 x 4 blocks of 4^3
        "+p2 12 12 12 4 6 12 +balancer RefineLB",           // 3 x 2 x 1: a block is its own z neighbour
        "+p2 16 8 --kernel vector +balancer GreedyLB",      // 2 x 2 x 2: the same neighbour on both sides
        "+p2 8 8 8 8 8 8 -i 6",                             // one block, its own neighbour everywhere
        "+p3 24 16 8 8 4 2 +LBOff",                          // 3 x 4 x 4, uneven block shape
        "+p3 12 4 --kernel vector +balancer GreedyLB",      // 3 x 3 x 3 on 3 PEs
        "+p4 16 4 --uniform +balancer RefineLB",
        "+p4 16 4"})                                        // the default balancer, OrbLB: its first step moves
    void gridEqualsTheSerialReferenceBitForBit(final String line) {
        final List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
        args.addAll(List.of("--check", "-q"));
        final Run r = run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.out());
        assertTrue(r.out().contains("equals the serial reference to the last bit"), r.out());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"+p1 16 8 +kernelSource, 8", "+p2 16 4 +balancer GreedyLB, 4",
        "+p2 24 12 12 8 4 6, 0"})
    void onAnOpenClDeviceTheGridEqualsTheSerialReferenceBitForBitAndOnlyFacesMove(final String line, final int b) {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.charm4j.gpu.opencl.OpenCl.available(),
            () -> "no OpenCL device: " + org.charm4j.gpu.opencl.OpenCl.unavailableReason().orElse("?"));
        final List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
        args.addAll(List.of("+device", "opencl", "--check", "-q"));
        final Run r = run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.out());
        assertTrue(r.out().contains("plain kernel (+device opencl)"), r.out());
        assertTrue(r.out().contains("equals the serial reference to the last bit"), r.out());
        assertEquals(line.contains("+kernelSource"), r.out().contains("+kernelSource: Update.sweep [8, 8, 8]")
            && r.out().contains("__kernel void Update_sweep("), r.out());
        // per block and iteration: six faces out, six ghost faces and three heated faces in, nothing else
        final long bx = b > 0 ? b : 8;
        final long by = b > 0 ? b : 4;
        final long bz = b > 0 ? b : 6;
        final long faceBytes = 5 * 8 * (bx * by + by * bz + bx * bz);
        assertTrue(r.out().contains("host-device traffic (+device): " + faceBytes + " bytes of faces per block per"
            + " iteration"), r.out());
    }

    @org.junit.jupiter.api.Test
    void printsCharmsBannerOneLinePerIterationAndASummary() {
        final Run r = run("+p2", "16", "8", "4", "4", "4", "4", "-i", "11", "+balancer", "GreedyLB");
        assertEquals(0, r.exitCode(), r.out());
        final List<String> lines = r.out().lines().toList();
        assertEquals("", lines.get(0));
        assertEquals("STENCIL COMPUTATION WITH BARRIERS", lines.get(1));
        assertEquals("Running Stencil on 2 processors with (4, 2, 1) chares", lines.get(2));
        assertEquals("Array Dimensions: 16 8 4", lines.get(3));
        assertEquals("Block Dimensions: 4 4 4", lines.get(4));
        final List<String> iterations = lines.stream().filter(l -> l.matches("\\[\\d+] Time per iteration: "
            + "\\d+\\.\\d{6} \\d+\\.\\d{6}")).toList();
        assertEquals(11, iterations.size(), r.out());
        assertTrue(iterations.get(10).startsWith("[11] "), r.out());
        assertTrue(r.out().contains("Summary: 11 iterations in "), r.out());
        assertTrue(r.out().contains("mean time per iteration after a warm-up of 5: "), r.out());
        assertTrue(r.out().contains("load balancing: 2 AtSync steps (GreedyLB), "), r.out());
        assertTrue(r.out().contains("points updated per second: "), r.out());
        assertTrue(r.out().matches("(?s).*of the PEs' time \\(2 PEs\\): the update [0-9.]+%, packing and unpacking faces"
            + " [0-9.]+%, the runtime and the rest -?[0-9.]+%.*"), r.out());
    }

    @org.junit.jupiter.api.Test
    void helpAndBadArguments() {
        final Run help = run("+p1", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("Usage: charmrun [runtime options] stencil3d"), help.out());
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        final Run bad;
        try {
            bad = run("+p1", "30", "8");
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(Stencil3d.BAD_ARGUMENTS, bad.exitCode());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("stencil3d: array_size_X % block_size_X != 0: 30 is"
            + " not a multiple of 8"), err.toString(StandardCharsets.UTF_8));
    }
}
