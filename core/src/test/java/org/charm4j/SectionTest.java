package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sections, section reductions and allreduce in one process and over in-JVM nodes. */
@Timeout(180)
class SectionTest {
    @ParameterizedTest
    @ValueSource(strings = {"1 1", "2 2", "4 2"})
    void sectionsReductionsAndAllreduceWork(final String layout) {
        final String[] l = layout.split(" ");
        final String text = Jobs.checks(Integer.parseInt(l[0]), Integer.parseInt(l[1]), new String[0],
            SectionChecks::all);
        assertTrue(text.contains("ok a range section's gather") && text.contains("ok 1000 back-to-back allreduces")
            && text.contains("ok a section's reductions and calls reach every member while members migrate")
            && text.contains("ok clear errors"), text);
    }
}
