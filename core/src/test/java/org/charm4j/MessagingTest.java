package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MessagingTest {
    static volatile String callerThread;

    /** Receives numbered messages and checks their order; keeps what it was sent. */
    public static class Receiver extends Chare {
        private long expected;
        private boolean inOrder = true;
        private double[] kept;
        private DoubleArray keptOffHeap;
        private List<String> keptList;

        @Entry
        public void seq(final long n, final double x, final double y) {
            if (n != expected || x != n * 0.5 || y != -n) {
                inOrder = false;
            }
            expected = n + 1;
        }

        @Entry
        public String report() {
            return expected + " " + inOrder;
        }

        @Entry
        public void keep(final double[] a, final DoubleArray b, final List<String> list) {
            kept = a;
            keptOffHeap = b;
            keptList = list;
        }

        @Entry
        public String kept() {
            return java.util.Arrays.toString(kept) + " " + java.util.Arrays.toString(keptOffHeap.toArray()) + " "
                + keptList;
        }

        @Entry
        public String thread() {
            return Thread.currentThread().getName();
        }
    }

    @Test
    void messagesFromOneSenderArriveInOrder() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final MessagingTest_ReceiverProxy.Element r = MessagingTest_ReceiverProxy.newChareOn(1);
            for (long i = 0; i < 200_000; i++) {
                r.seq(i, i * 0.5, -i);
            }
            out.add(r.report().get());
            Charm.exit();
        });
        assertEquals("200000 true", out.get(0));
    }

    @Test
    void receiverNeverSeesTheSendersLaterWrites() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final MessagingTest_ReceiverProxy.Element r = MessagingTest_ReceiverProxy.newChareOn(1);
            final double[] a = {1, 2, 3};
            final DoubleArray b = DoubleArray.of(4, 5);
            final List<String> list = new ArrayList<>(List.of("x"));
            r.keep(a, b, list);
            a[0] = -1;
            list.add("later");
            out.add(b.isOwned());
            out.add(assertThrows(IllegalStateException.class, () -> b.set(0, 9)).getMessage());
            out.add(r.kept().get());
            Charm.exit();
        });
        assertFalse((Boolean) out.get(0), "an off-heap array sent is moved away from the sender");
        assertTrue(((String) out.get(1)).contains("was sent"), out.get(1).toString());
        assertEquals("[1.0, 2.0, 3.0] [4.0, 5.0] [x]", out.get(2));
    }

    @Test
    void aProxyCallNeverRunsChareCodeOnTheCallersThread() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(1, args -> {
            callerThread = Thread.currentThread().getName();
            out.add(MessagingTest_ReceiverProxy.newChareOn(0).thread().get());
            Charm.exit();
        });
        assertEquals("charm4j-pe-0", out.get(0));
        assertNotEquals(callerThread, out.get(0));
    }

    @Test
    void offHeapArraysHoldValuesAndCopiesAreIndependent() {
        final DoubleArray d = DoubleArray.allocate(5);
        assertEquals(5, d.length());
        assertEquals(0.0, d.get(4));
        d.fill(2.5);
        final DoubleArray c = d.copy();
        d.set(0, 1);
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5, 2.5}, c.toArray());
        assertEquals(0, d.segment().address() % OffHeapArray.ALIGNMENT);
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(5));
        final OffHeapArray moved = d.moveOut();
        assertTrue(moved.isOwned());
        assertThrows(IllegalStateException.class, d::segment);
        assertArrayEquals(new int[] {1, 2}, IntArray.of(1, 2).toArray());
        assertArrayEquals(new long[] {3}, LongArray.of(3).toArray());
        assertArrayEquals(new float[] {1.5f}, FloatArray.of(1.5f).toArray());
        assertArrayEquals(new byte[] {7}, ByteArray.of((byte) 7).toArray());
    }
}
