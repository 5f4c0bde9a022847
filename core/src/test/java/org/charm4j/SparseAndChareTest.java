package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SparseAndChareTest {
    /** An element of a sparse array or a single chare. */
    public static class Item extends Chare {
        private final String label;
        private final List<String> seen = new ArrayList<>();

        public Item(final String label) {
            this.label = label;
        }

        @Entry
        public void note(final String what) {
            seen.add(what);
        }

        @Entry
        public String describe() {
            return label + thisIndex() + "@" + Charm.myPe() + seen;
        }

        @Entry
        public void count(final Future<Integer> f) {
            contribute(1, Reducer.SUM, f);
        }
    }

    @Test
    void sparseArrayBuffersEarlyMessagesAndReducesAfterDoneInserting() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(4, args -> {
            final SparseAndChareTest_ItemProxy items = SparseAndChareTest_ItemProxy.newSparseArray();
            // a message to an element that is not inserted yet waits for it
            items.at(Index.of(7, 7)).note("early");
            items.count(new Future<>()); // a broadcast before doneInserting waits for it
            final Future<Integer> n = new Future<>();
            for (int i = 0; i < 10; i++) {
                items.insert(Index.of(i, i * i), "item");
            }
            items.insert(Index.of(7, 7), "late");
            items.doneInserting();
            items.count(n);
            out.add(n.get());
            out.add(items.at(Index.of(7, 7)).describe().get());
            out.add(items.gather().describe().get().size());
            Charm.exit();
        });
        assertEquals(11, out.get(0));
        assertTrue(((String) out.get(1)).startsWith("late[7,7]@"), out.get(1).toString());
        assertTrue(((String) out.get(1)).endsWith("[early]"), out.get(1).toString());
        assertEquals(11, out.get(2));
    }

    @Test
    void sparseArrayInsertedOnAFewPesStillReduces() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(7, args -> {
            final SparseAndChareTest_ItemProxy items = SparseAndChareTest_ItemProxy.newSparseArray(
                (index, shape, numPes) -> 5);
            items.insert(Index.of(1), "a");
            items.insert(Index.of(2), "b");
            items.doneInserting();
            final Future<Integer> n = new Future<>();
            items.count(n);
            out.add(n.get());
            out.add(items.gather().describe().get());
            Charm.exit();
        });
        assertEquals(2, out.get(0));
        assertEquals(List.of("a[1]@5[]", "b[2]@5[]"), out.get(1));
    }

    @Test
    void singleChareLivesOnItsChosenPe() {
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(3, args -> {
            final SparseAndChareTest_ItemProxy.Element c = SparseAndChareTest_ItemProxy.newChareOn(2, "solo");
            c.note("x");
            out.add(c.describe().get());
            out.add(SparseAndChareTest_ItemProxy.newChare("rr").describe().get());
            Charm.exit();
        });
        assertEquals("solo[0]@2[x]", out.get(0));
        assertTrue(((String) out.get(1)).startsWith("rr[0]@"));
    }

    @Test
    void creatingAChareWithNewFailsClearly() {
        final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> new Item("x"));
        assertTrue(e.getMessage().contains("FooProxy.newGroup()"), e.getMessage());
    }
}
