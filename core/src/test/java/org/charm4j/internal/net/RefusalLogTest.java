package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The first refusals in full, then one summary per interval, full lines again after a quiet interval. */
@Timeout(10)
class RefusalLogTest {
    private final List<String> lines = new ArrayList<>();
    private final List<Runnable> due = new ArrayList<>();
    private final RefusalLog log = new RefusalLog(lines::add, 0, TimeUnit.SECONDS.toNanos(10),
        (task, delay) -> due.add(task));

    /** Runs the summary task that is due (the end of an interval). */
    private void endOfInterval() {
        assertEquals(1, due.size(), "one summary task at a time");
        due.remove(0).run();
    }

    @Test
    void aFloodIsLoggedAsAFewLinesAndCountedSummaries() {
        for (int i = 0; i < 5128; i++) {
            log.refused("charm4j net: node 0 rejected the connection from /10.0.0.1:" + i + ": garbage");
        }
        assertEquals(RefusalLog.FULL_LINES, lines.size(), "the first ones in full: " + lines);
        assertTrue(lines.get(4).contains("counted and summarised every 10 s"), lines.get(4));
        endOfInterval();
        assertEquals(RefusalLog.FULL_LINES + 1, lines.size());
        assertEquals("charm4j net: node 0 refused 5123 more connections in the last 10 s (5128 since it started; the "
            + "last: node 0 rejected the connection from /10.0.0.1:5127: garbage)", lines.get(5));
        log.refused("charm4j net: node 0 rejected the connection from /10.0.0.1:1: garbage");
        assertEquals(RefusalLog.FULL_LINES + 1, lines.size(), "still counted while the attack goes on");
        endOfInterval();
        assertTrue(lines.get(6).contains("refused 1 more connection in the last 10 s"), lines.get(6));
        endOfInterval();   // a quiet interval: the next refusal is news again
        assertEquals(7, lines.size());
        assertTrue(due.isEmpty(), "no task while quiet");
        log.refused("charm4j net: node 0 rejected the connection from /10.0.0.2:7: wrong secret");
        assertEquals(8, lines.size());
        assertEquals(5130, log.total());
    }

    @Test
    void whatIsCountedIsReportedWhenTheTransportCloses() {
        for (int i = 0; i < 7; i++) {
            log.refused("charm4j net: node 0 rejected the connection from /10.0.0.1:" + i + ": garbage");
        }
        log.flush();
        assertEquals(RefusalLog.FULL_LINES + 1, lines.size());
        assertTrue(lines.get(5).contains("refused 2 more connections before it closed"), lines.get(5));
    }
}
