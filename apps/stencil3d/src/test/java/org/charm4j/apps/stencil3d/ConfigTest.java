package org.charm4j.apps.stencil3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.charm4j.kernels.simd.Stencil7;
import org.junit.jupiter.api.Test;

/** The command line, the uneven work and the constants, against Charm++'s stencil3d. */
class ConfigTest {
    @Test
    void noArgumentsIs128By32For100Iterations() {
        final Config c = Config.parse();
        assertEquals(new Config(128, 128, 128, 32, 32, 32, 100, true, false, "plain", false), c);
        assertEquals(4, c.charesX());
        assertEquals(64, c.chares());
        assertEquals(128L * 128 * 128, c.points());
    }

    @Test
    void twoOrSixSizesAndOptions() {
        final Config two = Config.parse("64", "16", "--uniform", "-i", "7", "--kernel", "VECTOR", "-q");
        assertEquals(new Config(64, 64, 64, 16, 16, 16, 7, false, false, "vector", true), two);
        final Config six = Config.parse("24", "16", "8", "8", "4", "2", "--check");
        assertEquals(3, six.charesX());
        assertEquals(4, six.charesY());
        assertEquals(4, six.charesZ());
        assertEquals(Config.CHECK_ITER, six.iterations(), "check mode runs 12 iterations unless told");
        assertTrue(six.check());
        assertNull(Config.parse("--help"));
        assertNull(Config.parse("32", "8", "-h"));
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("100", "32")).getMessage()
            .contains("array_size_X % block_size_X != 0: 100 is not a multiple of 32"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("16", "32")).getMessage()
            .contains("16 is not a multiple of 32"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("1", "2", "3")).getMessage()
            .contains("not 3 sizes"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("32", "8", "--fast")).getMessage()
            .contains("unknown option '--fast'"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("32", "x")).getMessage()
            .contains("size must be an integer, not 'x'"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("-i")).getMessage()
            .contains("-i needs a value"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("-i", "0")).getMessage()
            .contains("at least 1"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("--kernel", "gpu")).getMessage()
            .contains("plain or vector"));
        assertTrue(assertThrows(Config.BadArguments.class, () -> Config.parse("0", "0")).getMessage()
            .contains("positive"));
    }

    @Test
    void balancingEveryFiveIterationsButNotAfterTheLast() {
        final Config c = Config.parse("8", "4", "-i", "10");
        assertFalse(c.balancesAfter(4));
        assertTrue(c.balancesAfter(5));
        assertFalse(c.balancesAfter(10), "the last iteration reports and ends, as Charm++'s MAX_ITER");
    }

    @Test
    void unevenWorkIsCharmsFormula() {
        // 4 x 4 x 4 chares: indices 13 to 51 (20% to 80% of 64) work 100 * index / 64 + itno, the others 10
        assertEquals(10, Work.repeats(0, 0, 0, 4, 4, 4, 1));
        assertEquals(10, Work.repeats(0, 3, 0, 4, 4, 4, 1), "index 12 < 12.8");
        assertEquals(26, Work.repeats(1, 3, 0, 4, 4, 4, 1), "index 13: 20.3125 + 5 rounds up");
        assertEquals(85, Work.repeats(3, 0, 3, 4, 4, 4, 1), "index 51: 79.6875 + 5");
        assertEquals(10, Work.repeats(0, 1, 3, 4, 4, 4, 1), "index 52 > 51.2");
        assertEquals(31, Work.repeats(1, 3, 0, 4, 4, 4, 31), "itno is 10 from iteration 31");
        assertEquals(30, Work.repeats(0, 0, 1, 4, 4, 4, 30), "index 16: 25 + 5, exactly 30 repeats");
        assertEquals(64, Work.totalRepeats(Config.parse("16", "4", "--uniform"), 1));
        long sum = 0;
        for (int i = 0; i < 64; i++) {
            sum += Work.repeats(i % 4, i / 4 % 4, i / 16, 4, 4, 4, 1);
        }
        assertEquals(sum, Work.totalRepeats(Config.parse("16", "4"), 1));
    }

    @Test
    void divideBy7IsTheDoubleNearestOneSeventhAsInTheKernelsLibrary() {
        assertEquals(Double.doubleToRawLongBits(1.0 / 7.0), Double.doubleToRawLongBits(Update.DIVIDEBY7));
        assertEquals(Double.doubleToRawLongBits(Stencil7.ONE_SEVENTH), Double.doubleToRawLongBits(Update.DIVIDEBY7));
    }
}
