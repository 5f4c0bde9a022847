package org.charm4j;

import java.util.concurrent.TimeUnit;

/**
 * The checks of a test program that runs as a job (in one process, over in-JVM nodes, as real processes): each prints
 * {@code ok <what>} or {@code FAILED <what>: <detail>}, and the program exits non-zero if any failed.
 */
final class CheckLog {
    private static int failures;

    private CheckLog() {
    }

    /** Starts a program's checks. */
    static void reset() {
        failures = 0;
    }

    /** @return the checks that failed since {@link #reset()}. */
    static int failures() {
        return failures;
    }

    static void check(final boolean ok, final String what, final Object detail) {
        System.out.println((ok ? "ok " : "FAILED ") + what + (ok ? "" : ": " + detail));
        if (!ok) {
            failures++;
        }
    }

    /** @return the future's value, waiting at most 60 s (an AssertionError after that). */
    static <T> T get(final Future<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (final java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out", e);
        }
    }

    /** Prints the summary line and ends the job: 0 if every check passed. */
    static void finish(final String what) {
        System.out.println(failures == 0 ? "all " + what + " checks passed" : failures + " " + what + " checks FAILED");
        Charm.exit(failures == 0 ? 0 : 1);
    }
}
