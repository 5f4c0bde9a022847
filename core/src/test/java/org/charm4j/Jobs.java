package org.charm4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a charm4j job inside the test JVM and captures what it printed to standard error. */
final class Jobs {
    private Jobs() {
    }

    /** The outcome of a job. */
    record Result(int exitCode, String stderr) {
    }

    static Result run(final int pes, final Main main) {
        return run(pes, pes, main);
    }

    /** Runs a job of {@code pes / ppn} nodes: in-JVM nodes that talk through the wire codec when ppn < pes. */
    static Result run(final int pes, final int ppn, final Main main) {
        return run(pes, ppn, new String[0], main);
    }

    /** Runs a job of {@code pes / ppn} in-JVM nodes with more runtime flags ({@code +balancer RotateLB}). */
    static Result run(final int pes, final int ppn, final String[] flags, final Main main) {
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(final int b) {
                err.write(b);
                oldErr.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) {
                err.write(b, off, len);
                oldErr.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            final String[] all = java.util.Arrays.copyOf(new String[] {"+p" + pes, "++ppn", String.valueOf(ppn)},
                3 + flags.length);
            System.arraycopy(flags, 0, all, 3, flags.length);
            final Options options = Options.parse(all);
            final int code = ppn == pes ? Charm.run(options, main)
                : org.charm4j.runtime.LoopbackCluster.run(options, () -> {
                    try {
                        main.main(new String[0]);
                    } catch (final RuntimeException | Error e) {
                        throw e;
                    } catch (final Exception e) {
                        throw new CharmException("main threw " + e, e);
                    }
                });
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } catch (final InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            System.setErr(oldErr);
        }
    }

    /** Runs a job that must exit 0. */
    static void ok(final int pes, final Main main) {
        ok(pes, pes, main);
    }

    /** Runs a job of {@code pes / ppn} in-JVM nodes that must exit 0. */
    static void ok(final int pes, final int ppn, final Main main) {
        ok(pes, ppn, new String[0], main);
    }

    /** Runs a job of {@code pes / ppn} in-JVM nodes with more runtime flags; it must exit 0. */
    static void ok(final int pes, final int ppn, final String[] flags, final Main main) {
        final Result r = run(pes, ppn, flags, main);
        if (r.exitCode() != 0) {
            throw new AssertionError("job exited " + r.exitCode() + ":\n" + r.stderr());
        }
    }

    /**
     * Runs checks that print ok/FAILED lines (a {@link CheckLog} program's body) as a job of {@code pes / ppn} in-JVM
     * nodes, echoes what they printed, and fails with it unless some passed and none failed.
     *
     * @return what they printed.
     */
    static String checks(final int pes, final int ppn, final String[] flags, final Runnable body) {
        final java.io.PrintStream oldOut = System.out;
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            ok(pes, ppn, flags, a -> {
                body.run();
                Charm.exit();
            });
        } finally {
            System.setOut(oldOut);
        }
        final String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        System.out.print(text);
        org.junit.jupiter.api.Assertions.assertTrue(text.contains("ok ") && !text.contains("FAILED"), text);
        return text;
    }
}
