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
    void peerTimeoutAndTimeoutTakePositiveSeconds() {
        final Options o = Options.parse(new String[] {"+peerTimeout", "7", "+timeout", "60", "prog"});
        assertEquals(7, o.peerTimeoutSeconds());
        assertEquals(60, o.timeoutSeconds());
        assertEquals(List.of("prog"), o.programArgs());
        assertEquals(org.charm4j.internal.net.TransportConfig.DEFAULT_PEER_TIMEOUT.toSeconds(),
            Options.defaults().peerTimeoutSeconds(), "one default, the transport's");
        assertEquals(30, Options.defaults().peerTimeoutSeconds());
        assertEquals(0, Options.defaults().timeoutSeconds(), "no time limit by default");
        assertTrue(o.toString().contains("+peerTimeout 7, +timeout 60"), o.toString());
        for (final String bad : new String[] {"0", "-3"}) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"+peerTimeout", bad})).getMessage()
                .contains("+peerTimeout takes a positive number of seconds, not " + bad));
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"+timeout", bad})).getMessage()
                .contains("+timeout takes a positive number of seconds, not " + bad));
        }
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[] {"+timeout", "5m"})).getMessage()
            .contains("+timeout takes a whole number of seconds, not '5m'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[] {"+peerTimeout"})).getMessage()
            .contains("+peerTimeout needs a value: SECONDS"));
        assertTrue(Options.help().contains("+peerTimeout SECONDS") && Options.help().contains("(default: 30)"),
            Options.help());
        assertTrue(Options.help().contains("+timeout SECONDS") && Options.help().contains("exit code 124"),
            Options.help());
    }

    @Test
    void maxQueuedTakesPositiveMibAndDefaultsToAtMostHalfTheMemory() {
        final Options o = Options.parse(new String[] {"+maxQueued", "64", "prog"});
        assertEquals(64, o.maxQueuedMiB());
        assertEquals(64L << 20, o.maxQueuedBytes());
        assertTrue(o.toString().contains("+maxQueued 64,"), o.toString());
        final Options d = Options.defaults();
        assertEquals(0, d.maxQueuedMiB());
        assertEquals(Math.min((long) Options.DEFAULT_MAX_QUEUED_MIB << 20, Runtime.getRuntime().maxMemory() / 2),
            d.maxQueuedBytes(), "1024 MiB, or half the heap if less (no -XX:MaxDirectMemorySize in tests)");
        assertTrue(d.toString().contains("+maxQueued " + (d.maxQueuedBytes() >> 20) + " (default)"), d.toString());
        for (final String bad : new String[] {"0", "-3"}) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"+maxQueued", bad})).getMessage()
                .contains("+maxQueued takes a positive number of MiB, not " + bad));
        }
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[] {"+maxQueued", "1g"})).getMessage()
            .contains("+maxQueued takes a whole number of MiB, not '1g'"));
        assertTrue(Options.help().contains("+maxQueued MiB") && Options.help().contains("(default: 1024, or half of "
            + "-Xmx or -XX:MaxDirectMemorySize if less)"), Options.help());
        assertTrue(Options.takesValue("+maxQueued"));
    }

    @Test
    void helpListsEveryFlag() {
        for (final Options.Flag f : Options.FLAGS) {
            assertTrue(Options.help().contains(f.name()), f.name());
        }
    }
}
