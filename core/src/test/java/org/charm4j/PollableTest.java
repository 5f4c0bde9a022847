package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Charm.whenDone(work)}: a PE polls work outside the runtime between its messages (what a GPU launch needs),
 * completes a future or calls back on that PE, keeps running other messages meanwhile, and the job is not quiescent
 * while work is pending.
 */
@Timeout(60)
class PollableTest {
    /** Events, in the order the PE saw them. */
    static final ConcurrentLinkedQueue<String> LOG = new ConcurrentLinkedQueue<>();

    /** Work done after a given time: polled, never waited on. */
    record Timed(long readyAtNanos, AtomicInteger polls, List<String> pollThreads) implements Pollable {
        static Timed inMillis(final long ms) {
            return new Timed(System.nanoTime() + ms * 1_000_000, new AtomicInteger(),
                Collections.synchronizedList(new java.util.ArrayList<>()));
        }

        @Override
        public boolean poll() {
            polls.incrementAndGet();
            final String t = Thread.currentThread().getName();
            if (!pollThreads.contains(t)) {
                pollThreads.add(t);
            }
            return System.nanoTime() >= readyAtNanos;
        }
    }

    /** A chare that starts work and is called back. */
    public static class Starter extends Chare {
        private Timed work;

        @Entry
        public void start(final int millis) {
            work = Timed.inMillis(millis);
            LOG.add("started on PE " + Charm.myPe());
            Charm.whenDone(work, PollableTest_StarterProxy.elementOf(this)::finished);
        }

        @Entry
        public void ping(final int i) {
            LOG.add("ping " + i + (work.poll() ? " after" : " during"));
        }

        @Entry
        public void finished() {
            LOG.add("finished on PE " + Charm.myPe() + " after " + work.polls().get() + " polls on "
                + work.pollThreads());
        }

        @Threaded
        @Entry
        public String waitInThreaded(final int millis) {
            final Timed w = Timed.inMillis(millis);
            Charm.whenDone(w).get();
            return "done after " + w.polls().get() + " polls";
        }

        @Threaded
        @Entry
        public String failing() {
            try {
                Charm.whenDone(() -> {
                    throw new IllegalStateException("the device lost its kernel");
                }).get();
                return "no failure";
            } catch (final IllegalStateException e) {
                return "failed: " + e.getMessage();
            }
        }
    }

    @Test
    void theWaitingPeRunsOtherMessagesAndIsCalledBackOnItsOwnThread() {
        LOG.clear();
        final String[] got = new String[3];
        Jobs.ok(2, args -> {
            final PollableTest_StarterProxy p = PollableTest_StarterProxy.newArray(2);
            p.at(1).start(300);
            for (int i = 0; i < 5; i++) {
                p.at(1).ping(i);
            }
            final Future<Void> quiet = new Future<>();
            Charm.startQuiescence(quiet);
            quiet.get();   // not before the work is done and its callback ran
            got[0] = String.join("|", LOG);
            got[1] = p.at(0).waitInThreaded(100).get();
            got[2] = p.at(1).failing().get();
            Charm.exit();
        });
        final List<String> log = List.of(got[0].split("\\|"));
        assertEquals("started on PE 1", log.get(0), got[0]);
        assertEquals(List.of("ping 0 during", "ping 1 during", "ping 2 during", "ping 3 during", "ping 4 during"),
            log.subList(1, 6), got[0]);
        assertTrue(log.size() == 7 && log.get(6).startsWith("finished on PE 1 after ")
            && log.get(6).endsWith("polls on [charm4j-pe-1]"), got[0]);
        assertTrue(got[1].startsWith("done after "), got[1]);
        assertEquals("failed: the device lost its kernel", got[2]);
    }
}
