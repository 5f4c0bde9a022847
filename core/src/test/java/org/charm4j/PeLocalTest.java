package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PeLocal}: one value per PE, made at its first use there, the same in the PE's plain and threaded entry
 * methods (unlike a {@code ThreadLocal}), different between PEs; refused outside a PE.
 */
@Timeout(60)
class PeLocalTest {
    static final AtomicInteger MADE = new AtomicInteger();
    static final PeLocal<int[]> VALUE = PeLocal.withInitial(() -> new int[] {MADE.incrementAndGet()});
    /** PE -> identity of its value, as seen by each entry method. */
    static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

    /** A group member that reads its PE's value from a plain and a threaded entry method. */
    public static class Reader extends Chare {
        @Entry
        public void plain() {
            SEEN.put(Charm.myPe() + " plain", System.identityHashCode(VALUE.get()));
            VALUE.get()[0] += 1000;   // visible to the PE's threaded entry method
        }

        @Threaded
        @Entry
        public int threaded() {
            SEEN.put(Charm.myPe() + " threaded", System.identityHashCode(VALUE.get()));
            return VALUE.get()[0];
        }
    }

    @Test
    void eachPeHasItsOwnValueInPlainAndThreadedEntryMethods() {
        MADE.set(0);
        SEEN.clear();
        final List<Integer> values = new ArrayList<>();
        Jobs.ok(3, args -> {
            final PeLocalTest_ReaderProxy g = PeLocalTest_ReaderProxy.newGroup();
            for (int pe = 0; pe < 3; pe++) {
                g.at(pe).plain();
            }
            for (int pe = 0; pe < 3; pe++) {
                values.add(g.at(pe).threaded().get());
            }
            Charm.exit();
        });
        assertEquals(3, MADE.get(), "one value per PE, made once");
        for (int pe = 0; pe < 3; pe++) {
            assertEquals(SEEN.get(pe + " plain"), SEEN.get(pe + " threaded"), "PE " + pe + ": the same value");
            assertTrue(values.get(pe) > 1000, "the threaded method saw the plain one's change: " + values);
        }
        assertEquals(3, SEEN.entrySet().stream().filter(e -> e.getKey().endsWith("plain")).map(Map.Entry::getValue)
            .distinct().count(), "different values on different PEs");
        final IllegalStateException e = assertThrows(IllegalStateException.class, VALUE::get);
        assertTrue(e.getMessage().contains("not a PE's thread"), e.getMessage());
    }

    static final java.util.Set<String> CLOSED = ConcurrentHashMap.newKeySet();
    static final PeLocal<AutoCloseable> CLOSEABLE = PeLocal.withInitial(() -> {
        final String made = "PE " + Charm.myPe();
        return () -> CLOSED.add(made + " closed on " + Thread.currentThread().getName());
    });

    /** Touches the closeable value. */
    public static class Opener extends Chare {
        @Entry
        public void open() {
            CLOSEABLE.get();
            contribute(Reducer.BARRIER, PeLocalTest_OpenerProxy.of(this).at(0)::done);
        }

        @Entry
        public void done() {
            Charm.exit();
        }
    }

    @Test
    void closeableValuesAreClosedByTheirPeWhenTheJobEnds() {
        CLOSED.clear();
        Jobs.ok(2, args -> PeLocalTest_OpenerProxy.newGroup().open());
        assertEquals(java.util.Set.of("PE 0 closed on charm4j-pe-0", "PE 1 closed on charm4j-pe-1"), CLOSED,
            "each PE closes its own value, on its own thread");
    }
}
