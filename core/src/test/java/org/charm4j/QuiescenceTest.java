package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quiescence detection in one process and over in-JVM nodes. */
@Timeout(120)
class QuiescenceTest {
    @ParameterizedTest
    @ValueSource(strings = {"1 1", "2 2", "4 2", "3 1"})
    void quiescenceIsDetectedOnlyWhenNothingRunsOrTravels(final String layout) {
        final String[] l = layout.split(" ");
        final String text = Jobs.checks(Integer.parseInt(l[0]), Integer.parseInt(l[1]), new String[0],
            QuiescenceChecks::all);
        assertTrue(text.contains("ok quiescence fires only after") && text.contains("ok a callback target")
            && text.contains("ok a threaded entry method that waits"), text);
    }
}
