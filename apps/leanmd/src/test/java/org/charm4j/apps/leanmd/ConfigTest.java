package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line: Charm++'s defaults, the optional numbers, charm4j's options, and clear errors. */
class ConfigTest {
    @Test
    void defaultsAreCharmsDefs() {
        final Config c = Config.parse();
        assertEquals(new Config(3, 3, 3, 1001, 20, 20, 300, 300, Physics.CHARM, false, 10, true), c);
        assertEquals(16, Defs.CELL_SIZE);
        assertEquals(27, Defs.NUM_NEIGHBORS);
        assertEquals(300, c.atomsOf(26));
    }

    @Test
    void numbersAndOptions() {
        assertEquals(new Config(4, 5, 6, 1001, 20, 20, 300, 300, Physics.CHARM, false, 10, true),
            Config.parse("4", "5", "6"));
        assertEquals(51, Config.parse("4", "4", "4", "51").steps());
        final Config c = Config.parse("3", "3", "3", "100", "5", "7", "--physics", "LJ", "--lattice", "--atoms",
            "10:40", "--print-every", "0", "--map", "owner");
        assertEquals(new Config(3, 3, 3, 100, 5, 7, 10, 40, Physics.LJ, true, 0, false), c);
        assertEquals(10, c.atomsOf(0));
        assertEquals(10 + 26 * 30 / 27, c.atomsOf(26));
        assertNull(Config.parse("3", "3", "3", "--help"));
    }

    @Test
    void balancingSteps() {
        final Config c = Config.parse("3", "3", "3", "60", "20", "15");
        assertFalse(c.balancesAfter(19));
        assertTrue(c.balancesAfter(20));
        assertFalse(c.balancesAfter(21));
        assertTrue(c.balancesAfter(35));
        assertTrue(c.balancesAfter(50));
        assertFalse(c.balancesAfter(60));
        assertTrue(Config.migratesAfter(40));
        assertFalse(Config.migratesAfter(41));
    }

    @Test
    void errorsSayWhatIsWrong() {
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("2", "3", "3")).getMessage()
            .contains("at least 3 cells"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("3", "3")).getMessage()
            .contains("not 2 numbers"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("3", "3", "3", "x")).getMessage()
            .contains("'x'"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("--physics", "namd")).getMessage()
            .contains("charm or lj"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("--frobnicate")).getMessage()
            .contains("unknown option '--frobnicate'"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("3", "3", "3", "0")).getMessage()
            .contains("steps must be at least 1"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("--atoms")).getMessage()
            .contains("needs a value"));
    }
}
