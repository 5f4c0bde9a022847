package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.SelectStrategy;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event loop's idle strategy returns as soon as there is work, polls for its window, then blocks. */
@Timeout(10)
class SpinThenBlockSelectStrategyTest {
    private int polls;

    private int poll(final SpinThenBlockSelectStrategy s, final int ready, final boolean hasTasks) throws Exception {
        return s.calculateStrategy(() -> {
            polls++;
            return ready;
        }, hasTasks);
    }

    @Test
    void returnsReadyEventsAndTasksAtOnceAndBlocksAfterTheWindow() throws Exception {
        final SpinThenBlockSelectStrategy s = new SpinThenBlockSelectStrategy(TimeUnit.MILLISECONDS.toNanos(20));
        assertEquals(3, poll(s, 3, false), "ready sockets are handled at once");
        assertEquals(0, poll(s, 0, true), "queued tasks run at once");
        assertEquals(SelectStrategy.CONTINUE, poll(s, 0, false), "idle: keep polling");
        assertEquals(SelectStrategy.CONTINUE, poll(s, 0, false), "still inside the window");
        assertEquals(2, poll(s, 2, false), "an event inside the window is handled at once");
        assertEquals(SelectStrategy.CONTINUE, poll(s, 0, false), "work restarts the window");
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(25);
        int last;
        do {
            last = poll(s, 0, false);
        } while (last == SelectStrategy.CONTINUE && System.nanoTime() - end < 0);
        assertEquals(SelectStrategy.SELECT, last, "blocks once the window has passed");
        assertEquals(SelectStrategy.CONTINUE, poll(s, 0, false), "a new idle period polls again");
    }

    @Test
    void zeroWindowBlocksAtOnceAndPollsOnlyForTasks() throws Exception {
        final SpinThenBlockSelectStrategy s = new SpinThenBlockSelectStrategy(0);
        assertEquals(SelectStrategy.SELECT, poll(s, 5, false));
        assertEquals(0, polls, "no poll before blocking, as Netty's default strategy");
        assertEquals(5, poll(s, 5, true));
        assertEquals(1, polls);
    }
}
