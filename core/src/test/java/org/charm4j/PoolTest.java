package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The task pool in one process and over in-JVM nodes. */
@Timeout(120)
class PoolTest {
    @ParameterizedTest
    @ValueSource(strings = {"1 1", "2 2", "4 2"})
    void thePoolMapsSubmitsRecursesAndReportsFailures(final String layout) {
        final String[] l = layout.split(" ");
        final String text = Jobs.checks(Integer.parseInt(l[0]), Integer.parseInt(l[1]), new String[0],
            PoolChecks::all);
        assertTrue(text.contains("ok map gives") && text.contains("ok tasks that submit tasks")
            && text.contains("ok a task's exception") && text.contains("ok a later job"), text);
    }
}
