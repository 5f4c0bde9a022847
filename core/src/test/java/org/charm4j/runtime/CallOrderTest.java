package org.charm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.charm4j.Chare;
import org.junit.jupiter.api.Test;

/** Per-sender order of numbered calls to one element, on its own. */
class CallOrderTest {
    /** A numbered call with no arguments. */
    private static final class Call extends EntryMessage {
        Call(final int srcPe, final int seq) {
            this.srcPe = srcPe;
            this.seq = seq;
        }

        @Override
        protected Object invoke(final Chare target) {
            return null;
        }

        @Override
        protected EntryMessage copyArguments() {
            return new Call(srcPe, seq);
        }

        @Override
        public int entryId() {
            return 0;
        }

        @Override
        protected void writeArguments(final WireOut out) {
        }

        @Override
        public String entryName() {
            return "Call.call()";
        }
    }

    @Test
    void callsInOrderPassAndEarlyOnesWaitForTheirPredecessors() {
        final CallOrder o = new CallOrder();
        assertEquals(CallOrder.IN_ORDER, o.accept(new Call(3, 1)));
        final Call third = new Call(3, 3);
        assertEquals(CallOrder.EARLY, o.accept(third));
        assertNull(o.takeNext(3), "call 2 has not come");
        assertEquals(CallOrder.IN_ORDER, o.accept(new Call(7, 1)), "another sender is independent");
        assertEquals(CallOrder.IN_ORDER, o.accept(new Call(3, 2)));
        assertSame(third, o.takeNext(3));
        assertNull(o.takeNext(3));
        assertEquals(4, o.expected(3));
        assertEquals(2, o.expected(7));
    }

    @Test
    void aNumberRunTwiceIsReported() {
        final CallOrder o = new CallOrder();
        assertEquals(CallOrder.IN_ORDER, o.accept(new Call(0, 1)));
        assertEquals(CallOrder.REPEATED, o.accept(new Call(0, 1)));
        assertEquals(CallOrder.EARLY, o.accept(new Call(0, 5)));
        assertEquals(CallOrder.REPEATED, o.accept(new Call(0, 5)));
    }

    @Test
    void stateTravelsAndEarlyCallsLeaveInSenderThenNumberOrder() {
        final CallOrder o = new CallOrder();
        for (int pe = 0; pe < 100; pe++) {   // more senders than the first table holds
            for (int k = 1; k <= pe % 4; k++) {
                assertEquals(CallOrder.IN_ORDER, o.accept(new Call(pe, k)));
            }
        }
        o.accept(new Call(9, 7));
        o.accept(new Call(2, 9));
        o.accept(new Call(2, 4));
        final List<EntryMessage> early = o.takeEarly();
        assertEquals(3, early.size());
        assertArrayEquals(new int[] {2, 4, 2, 9, 9, 7}, new int[] {early.get(0).srcPe, early.get(0).seq,
            early.get(1).srcPe, early.get(1).seq, early.get(2).srcPe, early.get(2).seq});
        assertEquals(List.of(), o.takeEarly());
        final CallOrder moved = CallOrder.of(o.state());
        for (int pe = 0; pe < 100; pe++) {
            assertEquals(pe % 4 + 1, moved.expected(pe), "sender " + pe);
        }
    }
}
