package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ModelChecks} on one PE, on one process of two PEs, and on two in-JVM nodes of two PEs whose messages all
 * take the wire codec (as between processes); {@link MultiProcessJobTest} runs it on real processes.
 */
@Timeout(120)
class ModelChecksTest {
    @ParameterizedTest(name = "+p{0} ++ppn {1}")
    @CsvSource({"1,1", "2,2", "4,2"})
    void charm4pyBehavioursHold(final int pes, final int ppn) {
        final Jobs.Result r = Jobs.run(pes, ppn, args -> Charm.exit(ModelChecks.runAll() == 0 ? 0 : 1));
        assertTrue(ModelChecks.FAILED.isEmpty(), String.join("\n", ModelChecks.FAILED));
        assertEquals(0, r.exitCode(), r.stderr());
    }

    @ParameterizedTest(name = "+p{0} ++ppn {1}")
    @CsvSource({"1,1", "2,2", "4,2"})
    void aMainChareWaitsInItsConstructorAndReceivesReductions(final int pes, final int ppn) {
        final Jobs.Result r = Jobs.run(pes, ppn,
            args -> org.charm4j.runtime.MainChare.create(MainChareApp.App.class, args));
        assertEquals(0, r.exitCode(), r.stderr());
    }

    @org.junit.jupiter.api.Test
    void aMainChareWithoutAUsableConstructorIsRefusedClearly() {
        final Jobs.Result r = Jobs.run(1, 1,
            args -> org.charm4j.runtime.MainChare.create(MainChareApp.Worker.class, args));
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("needs a public constructor taking String[]"), r.stderr());
    }
}
