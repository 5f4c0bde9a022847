package org.charm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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

        final MemorySegment small = pool.allocate(1, 1024);
        assertNull(pool.recyclerOf(new MemorySegment[] {small}), "small attachments are not pooled");
        pool.recycle(small);
        assertNotSame(small, pool.allocate(1, 1024));
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
}
