package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code @When}, {@code waitFor}, threaded constructors and {@code created()}, in one process and over nodes. */
@Timeout(120)
class WhenTest {
    @ParameterizedTest
    @ValueSource(strings = {"1 1", "2 2", "4 2"})
    void conditionsHoldCallsUntilTheStateAllows(final String layout) {
        final String[] l = layout.split(" ");
        final String text = Jobs.checks(Integer.parseInt(l[0]), Integer.parseInt(l[1]), new String[0],
            WhenChecks::all);
        assertTrue(text.contains("ok @When tag match") && text.contains("ok held calls travel")
            && text.contains("ok a threaded constructor blocks"), text);
    }
}
