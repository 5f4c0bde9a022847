package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the launcher words a process's end: signals by name, an exit on its own, a plain exit code. */
class LocalSpawnerStatusTest {
    @Test
    void statusesAbove128AreSignalsByName() {
        assertEquals("was killed by signal 9 (SIGKILL): kill -9, or the kernel's out-of-memory killer (see dmesg)",
            LocalSpawner.Job.describe(137, false));
        assertEquals("was killed by signal 15 (SIGTERM)", LocalSpawner.Job.describe(143, false));
        assertEquals("was killed by signal 11 (SIGSEGV): a crash in native code (see its hs_err_pid file)",
            LocalSpawner.Job.describe(139, false));
        assertEquals("was killed by signal 31", LocalSpawner.Job.describe(159, false));
    }

    @Test
    void exitCodesSayWhetherTheProcessEndedOnItsOwn() {
        assertEquals("exited with code 3 on its own (System.exit? end the job with Charm.exit(code))",
            LocalSpawner.Job.describe(3, true));
        assertEquals("exited with code 1", LocalSpawner.Job.describe(1, false));
        assertEquals("exited with code 255", LocalSpawner.Job.describe(255, false), "ssh's own failure");
    }
}
