package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code proxy.at(i).whenDone().work(x)}: a future that completes once one element has run the method. */
@Timeout(60)
class ElementWhenDoneTest {
    /** What the workers ran: element index, PE and argument. */
    static final Queue<String> RAN = new ConcurrentLinkedQueue<>();

    /** Records each call. */
    public static class Worker extends Chare {
        @Entry
        public void work(final int x) {
            try {
                Thread.sleep(50); // the caller must wait for this, not just for the message to leave
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RAN.add("work " + x + " by " + thisIndex() + " on PE " + Charm.myPe());
        }

        @Entry
        public int square(final int x) {
            RAN.add("square " + x + " by " + thisIndex());
            return x * x;
        }

        @Entry
        public void boom(final String why) {
            throw new IllegalStateException(why);
        }
    }

    @Test
    void getReturnsOnceTheElementRanItsVoidMethod() {
        RAN.clear();
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final ElementWhenDoneTest_WorkerProxy proxy = ElementWhenDoneTest_WorkerProxy.newArray(4);
            final Future<Void> f = proxy.at(3).whenDone().work(42);
            out.add(f.get());
            out.add(List.copyOf(RAN));
            // a non-void method too: the future says only that it ran
            out.add(proxy.at(2).whenDone().square(5).get());
            out.add(List.copyOf(RAN));
            Charm.exit();
        });
        assertNull(out.get(0));
        assertEquals(List.of("work 42 by [3] on PE 1"), out.get(1));
        assertNull(out.get(2));
        assertEquals(List.of("work 42 by [3] on PE 1", "square 5 by [2]"), out.get(3));
    }

    @Test
    void anExceptionOfTheElementsMethodFailsTheFutureWithItAsTheCause() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final ElementWhenDoneTest_WorkerProxy proxy = ElementWhenDoneTest_WorkerProxy.newArray(2);
            try {
                proxy.at(1).whenDone().boom("bad input").get();
                out.add("no exception");
            } catch (final IllegalStateException e) {
                out.add(e.getClass().getName());
                out.add(e.getMessage());
            }
            Charm.exit();
        });
        assertEquals(List.of(IllegalStateException.class.getName(), "bad input"), out);
    }
}
