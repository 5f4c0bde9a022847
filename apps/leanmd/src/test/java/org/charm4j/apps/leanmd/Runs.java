package org.charm4j.apps.leanmd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.charm4j.Charm;

/** Runs LeanMD in this JVM or as real processes, and reads the energies it printed. */
final class Runs {
    private static final Pattern ENERGY = Pattern.compile("Energy at step (\\d+): (\\S+) J \\(kinetic (\\S+),"
        + " potential (\\S+)\\)");

    private Runs() {
    }

    /** What a run printed and how it ended. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs LeanMD in this JVM (Charm.run), with its standard output captured. */
    static Run inJvm(final String... args) {
        final PrintStream old = System.out;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        final int code;
        try {
            code = Charm.run(args, LeanMd.class);
        } finally {
            System.setOut(old);
        }
        final String out = buf.toString(StandardCharsets.UTF_8);
        old.print(out);
        return new Run(code, out, "");
    }

    /** Runs LeanMD through the launcher as bin/charmrun does: its own JVMs (within 150 s). */
    static Run processes(final String... args) throws IOException, InterruptedException {
        final org.charm4j.testing.ProgramRuns.Run r = org.charm4j.testing.ProgramRuns.launch(120, 150, args);
        return new Run(r.exitCode(), r.stdout(), r.stderr());
    }

    /** @return the two energy lines of a run's output, as printed (17 significant digits). */
    static List<String> energyLines(final String out) {
        return out.lines().filter(l -> l.startsWith("Energy at step ")).toList();
    }

    /** @return the energy lines the serial reference gives for these program arguments, formatted as LeanMd does. */
    static List<String> referenceLines(final String... programArgs) {
        final Config cfg = Config.parse(programArgs);
        final double[] e = Energy.totals(new Reference(cfg).report());
        return List.of(
            String.format(Locale.ROOT, "Energy at step 1: %.17g J (kinetic %.17g, potential %.17g)", e[0] + e[1],
                e[0], e[1]),
            String.format(Locale.ROOT, "Energy at step %d: %.17g J (kinetic %.17g, potential %.17g)", cfg.steps(),
                e[2] + e[3], e[2], e[3]));
    }

    /** @return {kinetic, potential} of an energy line. */
    static double[] parse(final String line) {
        final Matcher m = ENERGY.matcher(line);
        if (!m.find()) {
            throw new AssertionError("not an energy line: " + line);
        }
        return new double[] {Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
    }
}
