package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bound entry methods as values: equal (and hashed alike) when they name the same method of equal proxies. */
@Timeout(60)
class BoundMethodTest {
    /** A chare with two targets and an echo that sends a bound method back through a message. */
    public static class Holder extends Chare {
        @Entry
        public void got(final int x) {
        }

        @Entry
        public void other(final int x) {
        }

        @Entry
        public Target<Integer> echo(final Target<Integer> t) {
            return t;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 2", "4 2"})
    void boundMethodsAreEqualWhenTheyNameTheSameThingAlsoAfterTravelling(final String layout) {
        final String[] l = layout.split(" ");
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(Integer.parseInt(l[0]), Integer.parseInt(l[1]), args -> {
            final var h = BoundMethodTest_HolderProxy.newArray(Charm.numPes());
            final int last = Charm.numPes() - 1;
            final Target<Integer> a = h.at(1)::got;
            final Target<Integer> b = h.at(Index.of(1))::got;   // another proxy object, another evaluation
            out.add(BoundMethod.of(a).equals(BoundMethod.of(b)));
            out.add(BoundMethod.of(a).hashCode() == BoundMethod.of(b).hashCode());
            final Target<Integer> otherIndex = h.at(0)::got;
            final Target<Integer> otherMethod = h.at(1)::other;
            out.add(BoundMethod.same(a, otherIndex));
            out.add(BoundMethod.same(a, otherMethod));
            final Target<Integer> back = h.at(last).echo(a).get();   // through the element on the last PE
            out.add(BoundMethod.same(a, back));
            final Set<BoundMethod> keys = new HashSet<>(List.of(BoundMethod.of(a), BoundMethod.of(back),
                BoundMethod.of(otherIndex)));
            out.add(keys.size());
            Charm.exit();
        });
        assertEquals(List.of(true, true, false, false, true, 2), out);
    }

    @Test
    void somethingThatIsNotALambdaIsRefused() {
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> BoundMethod.of("text"));
        assertTrue(e.getMessage().contains("method reference"), e.getMessage());
    }
}
