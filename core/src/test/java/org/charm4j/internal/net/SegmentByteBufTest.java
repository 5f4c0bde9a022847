package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The reusable views over attachment memory that frames are written from and read into. */
class SegmentByteBufTest {
    private static MemorySegment filled(final Arena arena, final int n) {
        final MemorySegment s = arena.allocate(n, 64);
        for (int i = 0; i < n; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 3));
        }
        return s;
    }

    @Test
    void aReadableViewShowsTheSegmentsBytesAtItsAddressAndRunsItsCompletionOnceOnRelease() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment s = filled(arena, 1000);
            final SegmentByteBuf.Pool pool = new SegmentByteBuf.Pool();
            final AtomicInteger ran = new AtomicInteger();
            final int[] node = new int[1];
            final ByteBuf v = pool.readable(s, 0, 1000, n -> {
                ran.incrementAndGet();
                node[0] = n;
            }, 5);
            assertEquals(1000, v.readableBytes());
            assertEquals(s.address(), v.memoryAddress());
            final byte[] copy = new byte[1000];
            v.getBytes(0, copy);
            assertTrue(MemorySegment.ofArray(copy).mismatch(s) < 0, "the view's bytes are the segment's");
            assertEquals(s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 8), v.getInt(8));
            assertEquals(s.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 16),
                v.getLongLE(16));
            final ByteBuffer nio = v.nioBuffer(10, 20);
            assertEquals(20, nio.remaining());
            assertEquals(s.get(ValueLayout.JAVA_BYTE, 10), nio.get(0));
            assertThrows(UnsupportedOperationException.class, () -> v.capacity(2000));
            assertThrows(IndexOutOfBoundsException.class, () -> v.getByte(1000));
            v.retain();
            v.release();
            assertEquals(0, ran.get(), "not released yet");
            assertTrue(v.release());
            assertEquals(1, ran.get());
            assertEquals(5, node[0]);
        }
    }

    @Test
    void aWritableViewTakesBytesFromDirectAndHeapBuffersAndIsReusedAfterItsRelease() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment src = filled(arena, 4096);
            final MemorySegment dst = arena.allocate(4096, 64);
            final SegmentByteBuf.Pool pool = new SegmentByteBuf.Pool();
            final ByteBuf v = pool.writable(dst, 0, 4096);
            assertEquals(0, v.readableBytes());
            assertEquals(4096, v.writableBytes());
            final ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(3000);
            direct.writeBytes(src.asSlice(0, 3000).asByteBuffer());
            v.writeBytes(direct, 3000);
            direct.release();
            final byte[] rest = src.asSlice(3000).toArray(ValueLayout.JAVA_BYTE);
            v.writeBytes(Unpooled.wrappedBuffer(rest));
            assertEquals(0, v.writableBytes());
            assertTrue(src.mismatch(dst) < 0, "every byte arrived in the segment");
            v.release();
            final MemorySegment other = arena.allocate(256, 64);
            final ByteBuf again = pool.writable(other, 100, 64);
            assertSame(v, again, "a released view is used again");
            assertEquals(64, again.capacity());
            assertEquals(0, again.writerIndex());
            assertEquals(1, again.refCnt());
            assertEquals(other.address() + 100, again.memoryAddress());
            again.writeLong(0x0102030405060708L);
            assertEquals(0x01, other.get(ValueLayout.JAVA_BYTE, 100), "big-endian, as Netty's default order");
            assertEquals(0x08, other.get(ValueLayout.JAVA_BYTE, 107));
            assertEquals(0, other.get(ValueLayout.JAVA_BYTE, 99), "nothing before the region");
            assertThrows(IndexOutOfBoundsException.class, () -> again.setByte(64, 1), "nothing after it");
            again.release();
        }
    }

    @Test
    void aViewNeedsANativeSegmentAndARegionInsideIt() {
        final SegmentByteBuf.Pool pool = new SegmentByteBuf.Pool();
        assertThrows(IllegalArgumentException.class,
            () -> pool.readable(MemorySegment.ofArray(new byte[8]), 0, 8, null, 0));
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment s = arena.allocate(16);
            assertThrows(IllegalArgumentException.class, () -> pool.writable(s, 8, 9), "past the segment's end");
        }
    }
}
