package org.charm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class SegmentPoolTest {
    @Test
    void reusesOnlyLargeMemoryItHandedOut() {
        final SegmentPool pool = new SegmentPool();
        final long big = SegmentPool.MIN_POOLED * 2;
        final MemorySegment a = pool.allocate(1, big);
        assertEquals(big, a.byteSize());
        assertEquals(0, a.address() % SegmentPool.ALIGNMENT);
        pool.recyclerOf(new MemorySegment[] {a}).attachmentsReleased(1);
        assertSame(a, pool.allocate(1, big), "memory the pool handed out and got back is reused");
        assertNotSame(a, pool.allocate(1, big), "but only once");

        final MemorySegment users = Arena.ofAuto().allocate(big, 64);
        pool.recycle(users);
        assertNotSame(users, pool.allocate(1, big), "memory the program allocated itself is never taken");

        final MemorySegment tiny = pool.allocate(1, SegmentPool.SLICE_POOLED_MIN - 1);
        assertNull(pool.recyclerOf(new MemorySegment[] {tiny}), "attachments of a few bytes are not pooled");
        pool.recycle(tiny);
        assertNotSame(tiny, pool.allocate(1, SegmentPool.SLICE_POOLED_MIN - 1));
    }

    @Test
    void slicesOfAKilobyteComeBackOnceAndOnlyAsHandedOut() {
        final SegmentPool pool = new SegmentPool();
        final MemorySegment a = pool.allocate(1, 1024);
        final MemorySegment b = pool.allocate(1, 1024);
        assertEquals(0, a.address() % SegmentPool.ALIGNMENT);
        assertEquals(a.scope(), b.scope(), "slices of one chunk");
        pool.recyclerOf(new MemorySegment[] {a}).attachmentsReleased(1);
        pool.recycle(a);   // twice: taken once
        assertSame(a, pool.allocate(1, 1024), "a slice that came back is reused");
        assertNotSame(a, pool.allocate(1, 1024), "but only once");

        pool.recycle(b.asSlice(0, 512));   // a view of a slice that the pool did not hand out as such
        pool.recycle(b.asSlice(64, 512));
        final MemorySegment c = pool.allocate(1, 512);
        assertTrue(c.address() != b.address() && c.address() != b.address() + 64,
            "parts of a handed-out slice are never taken");

        final MemorySegment users = java.lang.foreign.Arena.ofAuto().allocate(1024, 64);
        pool.recycle(users);
        assertNotSame(users, pool.allocate(1, 1024), "memory the program allocated itself is never taken");
    }

    @Test
    void chunksAreFreedOnceNoSliceOfThemIsReachable() throws InterruptedException {
        final SegmentPool pool = new SegmentPool();
        for (int i = 0; i < 4 * (SegmentPool.CHUNK / 1024); i++) {
            pool.allocate(0, 1024);   // dropped at once
        }
        assertTrue(pool.chunksTracked() >= 4, pool.chunksTracked() + " chunks");
        for (int i = 0; i < 100 && pool.chunksTracked() > 1; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, pool.chunksTracked(), "only the chunk being sliced stays");
    }

    @Test
    void keepsAtMostItsCap() {
        final long size = SegmentPool.MIN_POOLED;
        final SegmentPool pool = new SegmentPool(2 * size);
        final MemorySegment a = pool.allocate(0, size);
        final MemorySegment b = pool.allocate(0, size);
        final MemorySegment c = pool.allocate(0, size);
        pool.recycle(a);
        pool.recycle(b);
        pool.recycle(c);
        final MemorySegment x = pool.allocate(0, size);
        final MemorySegment y = pool.allocate(0, size);
        final MemorySegment z = pool.allocate(0, size);
        assertSame(b, x);
        assertSame(a, y);
        assertNotSame(c, z, "the third did not fit under the cap");
    }

    @Test
    void manySizesEachGetTheirOwnMemoryBackAndCompletionsAreReused() {
        final SegmentPool pool = new SegmentPool();
        final int sizes = 50;   // more than the size table's first capacity: it grows
        final MemorySegment[] first = new MemorySegment[sizes];
        for (int k = 0; k < sizes; k++) {
            first[k] = pool.allocate(0, SegmentPool.MIN_POOLED + 64L * k);
        }
        final java.util.Set<Object> completions = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
        for (int k = 0; k < sizes; k++) {
            final org.charm4j.internal.net.SendCompletion c = pool.recyclerOf(new MemorySegment[] {first[k]});
            completions.add(c);
            c.attachmentsReleased(0);   // released before the next send: the same completion serves it
        }
        assertEquals(1, completions.size(), "one completion object, reused from send to send");
        for (int k = sizes - 1; k >= 0; k--) {
            assertSame(first[k], pool.allocate(0, SegmentPool.MIN_POOLED + 64L * k), "size " + k);
        }
        final MemorySegment x = pool.allocate(0, SegmentPool.MIN_POOLED * 3);
        final MemorySegment y = pool.allocate(0, SegmentPool.MIN_POOLED * 3);
        final org.charm4j.internal.net.SendCompletion both = pool.recyclerOf(new MemorySegment[] {x, y});
        both.attachmentsReleased(1);
        final MemorySegment p = pool.allocate(0, SegmentPool.MIN_POOLED * 3);
        final MemorySegment q = pool.allocate(0, SegmentPool.MIN_POOLED * 3);
        assertEquals(java.util.Set.of(x.address(), y.address()), java.util.Set.of(p.address(), q.address()),
            "both attachments of one message come back");
    }
}
