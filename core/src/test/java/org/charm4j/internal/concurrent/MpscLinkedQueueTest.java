package org.charm4j.internal.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MpscLinkedQueueTest {
    static final class Item extends MpscLinkedQueue.Node {
        final int producer;
        final int seq;

        Item(final int producer, final int seq) {
            this.producer = producer;
            this.seq = seq;
        }
    }

    /** Starts threads that each offer {@code perProducer} items, numbered, tagged with the producer. */
    private static List<Thread> startProducers(final MpscLinkedQueue<Item> q, final int producers,
                                               final int perProducer) {
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int id = p;
            final Thread t = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    q.offer(new Item(id, i));
                }
            });
            threads.add(t);
            t.start();
        }
        return threads;
    }

    @Test
    void singleThreadFifoAndEmptiness() {
        final MpscLinkedQueue<Item> q = new MpscLinkedQueue<>();
        assertTrue(q.isEmpty());
        assertNull(q.poll());
        for (int i = 0; i < 5; i++) {
            q.offer(new Item(0, i));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(i, q.poll().seq);
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        final Item again = new Item(0, 9);
        q.offer(again);
        assertEquals(again, q.poll());
        q.offer(again);
        assertEquals(1, q.drain(x -> { }, 10));
    }

    @Test
    @Timeout(60)
    void manyProducersLoseNothingAndKeepEachProducersOrder() throws Exception {
        final MpscLinkedQueue<Item> q = new MpscLinkedQueue<>();
        final int producers = 4;
        final int perProducer = 200_000;
        final List<Thread> threads = startProducers(q, producers, perProducer);
        final int[] next = new int[producers];
        int received = 0;
        while (received < producers * perProducer) {
            final Item it = q.poll();
            if (it == null) {
                Thread.onSpinWait();
                continue;
            }
            assertEquals(next[it.producer], it.seq, "order of producer " + it.producer);
            next[it.producer]++;
            received++;
        }
        for (final Thread t : threads) {
            t.join();
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void peekShowsWhatPollTakesNextAndLeavesIt() {
        final MpscLinkedQueue<Item> q = new MpscLinkedQueue<>();
        assertNull(q.peek());
        final Item a = new Item(0, 0);
        final Item b = new Item(0, 1);
        q.offer(a);
        assertSame(a, q.peek());
        assertSame(a, q.peek(), "peek takes nothing");
        q.offer(b);
        assertSame(a, q.peek());
        assertSame(a, q.poll());
        assertSame(b, q.peek());
        assertSame(b, q.poll());
        assertNull(q.peek());
        assertNull(q.poll());
        q.offer(a);   // the last node went out through the stub trick: peek sees the next one again
        assertSame(a, q.peek());
        assertSame(a, q.poll());
        assertNull(q.peek());
        assertTrue(q.isEmpty());
    }

    @Test
    @Timeout(60)
    void aPollAfterAPeekTakesThatNodeOrNothingWhileProducersRace() throws Exception {
        final MpscLinkedQueue<Item> q = new MpscLinkedQueue<>();
        final int producers = 3;
        final int perProducer = 200_000;
        final List<Thread> threads = startProducers(q, producers, perProducer);
        final int[] next = new int[producers];
        int received = 0;
        int peekedThenNothing = 0;
        while (received < producers * perProducer) {
            final Item seen = q.peek();
            if (seen == null) {
                Thread.onSpinWait();
                continue;
            }
            final Item it = q.poll();
            if (it == null) {
                peekedThenNothing++;   // its producer still links the node behind it
                continue;
            }
            assertSame(seen, it, "poll took another node than the one peek showed");
            assertEquals(next[it.producer], it.seq, "order of producer " + it.producer);
            next[it.producer]++;
            received++;
        }
        for (final Thread t : threads) {
            t.join();
        }
        assertNull(q.peek());
    }

    @Test
    @Timeout(30)
    void backoffStrategyParksAndIsWokenByAProducer() throws Exception {
        final MpscLinkedQueue<Item> q = new MpscLinkedQueue<>();
        final BackoffIdleStrategy[] holder = new BackoffIdleStrategy[1];
        final Thread consumer = new Thread(() -> {
            int got = 0;
            while (got < 3) {
                final Item it = q.poll();
                got += it == null ? 0 : 1;
                holder[0].idle(it == null ? 0 : 1);
            }
        });
        holder[0] = new BackoffIdleStrategy("backoff", consumer, () -> !q.isEmpty(), 10, 5, 60_000_000_000L);
        consumer.start();
        for (int i = 0; i < 3; i++) {
            while (!holder[0].isSleeping()) {
                Thread.sleep(1);
            }
            q.offer(new Item(0, i));
            holder[0].wake();
        }
        consumer.join(10_000);
        assertTrue(!consumer.isAlive(), "a parked consumer must be woken by wake(), not by its 60 s timeout");
    }
}
