package org.charm4j.runtime;

/**
 * Thrown inside a threaded entry method that was waiting when the job ended, to unwind it. Not an error of the
 * program; the runtime ignores it.
 */
public final class JobEnded extends Error {
    private static final long serialVersionUID = 1L;

    JobEnded() {
        super("the charm4j job ended while this threaded entry method waited", null, false, false);
    }
}
