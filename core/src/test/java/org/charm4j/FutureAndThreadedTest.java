package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FutureAndThreadedTest {
    /** Chares that call each other and wait. */
    public static class Worker extends Chare {
        private int calls;

        @Entry
        public int square(final int x) {
            calls++;
            return x * x;
        }

        @Entry
        public int calls() {
            return calls;
        }

        /** Waits on a chare of the same PE: only works if the PE runs it while this waits. */
        @Entry
        @Threaded
        public int sumOfSquaresVia(final FutureAndThreadedTest_WorkerProxy.Element other, final int n) {
            int s = 0;
            for (int i = 1; i <= n; i++) {
                s += other.square(i).get();
            }
            return s;
        }

        @Entry
        @Threaded
        public String anyOf(final FutureAndThreadedTest_WorkerProxy.Element a) {
            final Future<Integer> never = new Future<>();
            final Future<Integer> soon = a.square(3);
            return Charm.awaitAny(never, soon) == soon ? "soon=" + soon.get() : "wrong";
        }

        /** Blocks without @Threaded: must fail at once, naming this method. */
        @Entry
        public void blockWrongly(final FutureAndThreadedTest_WorkerProxy.Element other) {
            other.square(2).get();
        }

        @Entry
        public void boom(final String why) {
            throw new IllegalStateException(why);
        }

        @Entry
        public int failing() {
            throw new ArithmeticException("no value here");
        }
    }

    @Test
    void threadedEntryMethodWaitsWhileItsPeRunsOtherChares() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final var w = FutureAndThreadedTest_WorkerProxy.newArray(new int[] {4}, (i, s, n) -> 1);
            out.add(w.at(0).sumOfSquaresVia(w.at(1), 10).get());
            out.add(w.at(1).calls().get());
            out.add(w.at(2).anyOf(w.at(3)).get());
            Charm.exit();
        });
        assertEquals(385, out.get(0));
        assertEquals(10, out.get(1));
        assertEquals("soon=9", out.get(2));
    }

    @Test
    void awaitAllAndBroadcastFutures() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(3, args -> {
            final var g = FutureAndThreadedTest_WorkerProxy.newGroup();
            final List<Future<Integer>> fs = new ArrayList<>();
            for (int pe = 0; pe < 3; pe++) {
                fs.add(g.at(pe).square(pe + 2));
            }
            out.add(Charm.awaitAll(fs));
            final Future<Void> done = g.whenDone().square(5);
            done.get();
            out.add(g.gather().calls().get());
            out.add(g.gather().square(7).get());
            Charm.exit();
        });
        assertEquals(List.of(4, 9, 16), out.get(0));
        assertEquals(List.of(2, 2, 2), out.get(1));
        assertEquals(List.of(49, 49, 49), out.get(2));
    }

    @Test
    void anEntryMethodsExceptionReachesTheWaitingFuture() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final var w = FutureAndThreadedTest_WorkerProxy.newChareOn(1);
            try {
                w.failing().get();
                out.add("no exception");
            } catch (final ArithmeticException e) {
                out.add(CharmException.noteOf(e).getMessage());
                out.add(e.getClass().getSimpleName());
            }
            Charm.exit();
        });
        assertTrue(((String) out.get(0)).contains("PE 1"), out.get(0).toString());
        assertTrue(((String) out.get(0)).contains("Worker.failing()"), out.get(0).toString());
        assertEquals("ArithmeticException", out.get(1));
    }

    @Test
    void blockingInANonThreadedEntryMethodFailsTheJobNamingTheMethod() {
        final Jobs.Result r = Jobs.run(2, args -> {
            final var w = FutureAndThreadedTest_WorkerProxy.newArray(2);
            w.at(1).blockWrongly(w.at(0));
        });
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("Future.get() was called in entry method Worker.blockWrongly("), r.stderr());
        assertTrue(r.stderr().contains("on PE 1"), r.stderr());
        assertTrue(r.stderr().contains("@Threaded"), r.stderr());
    }

    @Test
    void anUncaughtExceptionEndsTheJobNamingPeChareIndexAndMethod() {
        final Jobs.Result r = Jobs.run(3, args -> FutureAndThreadedTest_WorkerProxy.newArray(new int[] {2, 2})
            .at(1, 1).boom("bad input"));
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("entry method Worker.boom(String) of Worker[1,1]"), r.stderr());
        assertTrue(r.stderr().contains("PE 2"), r.stderr());
        assertTrue(r.stderr().contains("java.lang.IllegalStateException: bad input"), r.stderr());
        assertTrue(r.stderr().contains("\tat org.charm4j.FutureAndThreadedTest$Worker.boom"), r.stderr());
    }

    @Test
    void mainThatThrowsAndExitCodesAndAbort() {
        assertEquals(1, Jobs.run(2, args -> {
            throw new java.io.IOException("main failed");
        }).exitCode());
        assertEquals(3, Jobs.run(2, args -> Charm.exit(3)).exitCode());
        final Jobs.Result aborted = Jobs.run(2, args -> Charm.abort("giving up"));
        assertEquals(1, aborted.exitCode());
        assertTrue(aborted.stderr().contains("PE 0: giving up"), aborted.stderr());
    }

    @Test
    void futureOutsideTheRuntimeWaitsWithATimeout() throws Exception {
        final Future<String> f = new Future<>();
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.TimeoutException.class,
            () -> f.get(10, java.util.concurrent.TimeUnit.MILLISECONDS));
        new Thread(() -> f.complete("v")).start();
        assertEquals("v", f.get(5, java.util.concurrent.TimeUnit.SECONDS));
    }
}
