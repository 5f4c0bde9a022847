package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Topology, time and timers in one process and over in-JVM nodes. */
@Timeout(120)
class ControlTest {
    @ParameterizedTest
    @ValueSource(strings = {"1 1", "3 3", "4 2", "3 1"})
    void topologyTimeAndTimers(final String layout) {
        final String[] l = layout.split(" ");
        final String text = Jobs.checks(Integer.parseInt(l[0]), Integer.parseInt(l[1]), new String[0],
            ControlChecks::all);
        assertTrue(text.contains("ok processes, their PEs") && text.contains("ok Charm.sleep()")
            && text.contains("ok a timer calls"), text);
    }
}
