package org.charm4j.apps.leanmd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** drand48 as glibc gives it (values printed by a C program with {@code %.17g}). */
class Rand48Test {
    @Test
    void matchesGlibc() {
        final Rand48 r = new Rand48(0);
        assertEquals(0.17082803610628972, r.next());
        assertEquals(0.74990198048496381, r.next());
        assertEquals(0.49125804875894019, new Rand48(13).next());
    }
}
