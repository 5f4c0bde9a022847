package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void parsesCharmStyleFlagsAnywhereAndLeavesTheRestToTheProgram() {
        final Options o = Options.parse(new String[] {"in.dat", "+p4", "-v", "+idle", "spin", "+batch", "8", "--",
            "+literal"});
        assertEquals(4, o.numPes());
        assertEquals("spin", o.idle());
        assertEquals(8, o.batch());
        assertEquals(List.of("in.dat", "-v", "+literal"), o.programArgs());
        assertEquals(3, Options.parse(new String[] {"+p", "3"}).numPes());
        assertEquals(Runtime.getRuntime().availableProcessors(), Options.defaults().numPes());
    }

    @Test
    void badFlagsNameTheFlagAndWhatItTakes() {
        final String unknown = assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[] {"+q"})).getMessage();
        assertTrue(unknown.contains("unknown runtime option '+q'") && unknown.contains("+idle"), unknown);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"+pfour"}))
            .getMessage().contains("+p takes an integer, not 'four'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"+p0"}))
            .getMessage().contains("+p must be between 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"+idle", "nap"}))
            .getMessage().contains("backoff, spin or yield"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"+idle"}))
            .getMessage().contains("+idle needs a value"));
    }

    @Test
    void helpListsEveryFlag() {
        for (final Options.Flag f : Options.FLAGS) {
            assertTrue(Options.help().contains(f.name()), f.name());
        }
    }
}
