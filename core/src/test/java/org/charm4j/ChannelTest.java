package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Channels in one process and over in-JVM nodes ({@link ChannelChecks}). */
@Timeout(180)
class ChannelTest {
    @ParameterizedTest
    @ValueSource(strings = {"1 1", "2 2", "4 2"})
    void channelsDeliverInOrderPairByCreationAndFollowMigration(final String layout) {
        final String[] l = layout.split(" ");
        final String text = Jobs.checks(Integer.parseInt(l[0]), Integer.parseInt(l[1]), new String[0],
            ChannelChecks::all);
        for (final String what : new String[] {"ok 1000 values arrive in send order", "ok several channels",
            "ok a channel to oneself", "ok a channel to the main chare", "ok an off-heap array travels",
            "ok a channel's receiving end migrates", "ok a channel's sending end migrates", "ok iwait() gives 2",
            "ok iwait() over items all ready", "ok quiescence is not detected", "ok recv() outside",
            "ok a channel to a whole collection",
            "ok a channel sent in a message is refused"}) {
            assertTrue(text.contains(what), "missing: " + what + "\n" + text);
        }
    }
}
