package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code +timeout} in one process: a job that waits forever ends at the limit with its own exit code. */
@Timeout(30)
class TimeoutTest {
    /** Runs a job with {@code args}, capturing standard error. */
    private static Jobs.Result run(final String[] args, final Main main) {
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Jobs.Result(Charm.run(args, main), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.err.print(err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aJobThatWaitsForeverEndsAtTheTimeoutWithExitCode124() {
        final long t0 = System.nanoTime();
        final Jobs.Result r = run(new String[] {"+p2", "+timeout", "2"}, a -> new Future<Void>().get());
        final double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(Options.TIMEOUT_EXIT_CODE, r.exitCode(), r.stderr());
        assertEquals(124, Options.TIMEOUT_EXIT_CODE, "as timeout(1)");
        assertTrue(r.stderr().contains("charm4j: the job ran longer than +timeout 2 s; ending it (exit code 124)"),
            r.stderr());
        assertTrue(seconds >= 1.9 && seconds < 6, "ended after " + seconds + " s");
    }

    @Test
    void aJobThatEndsInTimeIsNotTouched() {
        final Jobs.Result r = run(new String[] {"+p2", "+timeout", "30"}, a -> Charm.exit(7));
        assertEquals(7, r.exitCode(), r.stderr());
        assertTrue(!r.stderr().contains("+timeout"), r.stderr());
    }
}
