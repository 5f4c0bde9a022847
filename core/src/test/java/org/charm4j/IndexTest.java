package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Index equality, which every delivery to an array element and every route lookup relies on. */
class IndexTest {
    @Test
    void equalValuesAreEqualWhicheverObjectHoldsThem() {
        assertSame(Index.of(7), Index.of(7), "small 1-D indices are shared");
        assertEquals(Index.of(5000), Index.of(5000));
        assertEquals(Index.of(-3, 4), Index.of(-3, 4));
        assertEquals(Index.of(1, 2, 3), Index.of(1, 2, 3));
        assertEquals(Index.of(1, 2, 3).hashCode(), Index.of(1, 2, 3).hashCode());
        final int[] six = {1, -2, 3, -4, 5, -6};
        assertEquals(Index.of(six), Index.of(six.clone()));
    }

    @Test
    void differentValuesOrDimensionsDifferEvenWithTheSameHash() {
        // Arrays.hashCode: [0, 31] and [1, 0] both hash to 992, as does the 1-D [961]
        assertEquals(Index.of(0, 31).hashCode(), Index.of(1, 0).hashCode());
        assertEquals(Index.of(961).hashCode(), Index.of(1, 0).hashCode());
        assertNotEquals(Index.of(0, 31), Index.of(1, 0));
        assertNotEquals(Index.of(961), Index.of(1, 0));
        assertNotEquals(Index.of(1, 0), Index.of(961));
        assertNotEquals(Index.of(1, 2, 3), Index.of(1, 2, 4));
        assertNotEquals(Index.of(1, 2), Index.of(1, 2, 0));
        assertNotEquals(Index.of(1), (Object) "[1]");
        assertNotEquals(Index.of(1), null);
    }
}
