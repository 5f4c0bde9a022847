package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.charm4j.runtime.ThreadedTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threaded entry methods run on their PE's own thread (the PE is their virtual thread's scheduler): a hand-off is a
 * continuation switch there. Parking on anything else than the runtime (a sleep, a lock another thread holds) still
 * works, and blocking where the virtual thread is pinned ends the job naming the method instead of hanging.
 */
@Timeout(60)
class ThreadedOnPeTest {
    /** A chare whose threaded methods say where they run and park on things outside the runtime. */
    public static class Probe extends Chare {
        @Entry
        @Threaded
        public String whereAmI(final ThreadedOnPeTest_ProbeProxy.Element other) {
            final String before = Thread.currentThread().toString();
            final int v = other.plain(3).get();   // gives the PE back and resumes
            return before + " | " + Thread.currentThread() + " | " + v;
        }

        @Entry
        public int plain(final int x) {
            return x + 1;
        }

        /** Answers after {@code millis}: longer than a threaded wait spins on its PE's thread before it blocks. */
        @Entry
        public int slowly(final int millis) throws InterruptedException {
            Thread.sleep(millis);
            return millis;
        }

        /** Sleeps, then waits for a lock a platform thread holds for a while: both park off the runtime. */
        @Entry
        @Threaded
        public int sleepAndLock() throws InterruptedException {
            Thread.sleep(20);
            final ReentrantLock lock = new ReentrantLock();
            final CountDownLatch held = new CountDownLatch(1);
            final Thread holder = Thread.ofPlatform().start(() -> {
                lock.lock();
                held.countDown();
                try {
                    Thread.sleep(50);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            });
            held.await();
            lock.lock();
            try {
                return 7;
            } finally {
                lock.unlock();
                holder.join();
            }
        }

        /** Blocks on a future inside a class initializer, where a virtual thread cannot unmount. */
        @Entry
        @Threaded
        public int blockWhilePinned(final ThreadedOnPeTest_ProbeProxy.Element other) {
            pinnedTarget = other;
            return PinnedHolder.VALUE;
        }
    }

    /** Whom {@link PinnedHolder}'s initializer calls (set before the class is first used). */
    static volatile ThreadedOnPeTest_ProbeProxy.Element pinnedTarget;

    /** Its initializer waits on a future: run from a threaded entry method, that thread is pinned. */
    static final class PinnedHolder {
        static final int VALUE = pinnedTarget.slowly(200).get();   // so the wait blocks, pinned

        private PinnedHolder() {
        }
    }

    @Test
    void threadedCodeRunsOnItsPesOwnThreadBeforeAndAfterBlocking() {
        assertTrue(ThreadedTask.onPeThread(), "the tests run with --add-opens=java.base/java.lang=ALL-UNNAMED");
        final List<String> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final var p = ThreadedOnPeTest_ProbeProxy.newArray(2);
            out.add(p.at(1).whereAmI(p.at(0)).get());
            out.add(p.at(0).whereAmI(p.at(1)).get());
            Charm.exit();
        });
        final String[] one = out.get(0).split(" \\| ");
        final String[] zero = out.get(1).split(" \\| ");
        assertTrue(one[0].endsWith("@charm4j-pe-1") && one[1].endsWith("@charm4j-pe-1"), out.get(0));
        assertTrue(zero[0].endsWith("@charm4j-pe-0") && zero[1].endsWith("@charm4j-pe-0"), out.get(1));
        assertEquals("4", one[2]);
    }

    @Test
    void sleepsAndLocksHeldByOtherThreadsStillWork() {
        final List<Integer> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final var p = ThreadedOnPeTest_ProbeProxy.newArray(2);
            final Future<Integer> a = p.at(0).sleepAndLock();
            final Future<Integer> b = p.at(1).sleepAndLock();
            out.add(a.get() + b.get());
            Thread.sleep(10);   // main itself parks off the runtime too
            out.add(p.at(1).plain(1).get());
            Charm.exit();
        });
        assertEquals(List.of(14, 2), out);
    }

    @Test
    void blockingWhilePinnedEndsTheJobNamingTheMethod() {
        final Jobs.Result r = Jobs.run(2, args -> {
            final var p = ThreadedOnPeTest_ProbeProxy.newArray(2);
            p.at(1).blockWhilePinned(p.at(0)).get();
            Charm.exit();
        });
        assertNotEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("PE 1: threaded entry method") && r.stderr().contains("blockWhilePinned")
            && r.stderr().contains("cannot leave the PE's thread"), r.stderr());
    }
}
