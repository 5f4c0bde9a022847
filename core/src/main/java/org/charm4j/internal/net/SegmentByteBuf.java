package org.charm4j.internal.net;

import io.netty.buffer.AbstractReferenceCountedByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.util.ArrayDeque;

/**
 * A {@link ByteBuf} over a region of a native {@link MemorySegment} (an attachment's own memory) that can be pointed at
 * another region and used again: the attachment frames of large messages are written from, and read into, such views
 * without the two {@link ByteBuffer}s and the wrapper that {@code Unpooled.wrappedBuffer(segment.asByteBuffer())}
 * costs per frame. Netty's epoll transport reads and writes it through {@link #memoryAddress()}; the NIO transport
 * through {@link #internalNioBuffer}, which makes a buffer per call.
 *
 * <p>A view taken from a {@link Pool} may carry a {@link SendCompletion}, which runs when Netty releases the view
 * (the bytes are written, or the connection dropped them); the view then goes back to its pool (when released on the
 * pool's thread, else it is left to the garbage collector). Its release never frees the memory it wraps. The bytes
 * are those of the segment at the moment they are read or written: the region is borrowed while the view is in use.
 *
 * <p>Threading: not thread-safe; a pool and its views belong to one event loop.
 */
final class SegmentByteBuf extends AbstractReferenceCountedByteBuf {
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Pool home;
    /** The segment, and the view's bytes in it: {@code size} bytes from {@code base}. */
    private MemorySegment region = MemorySegment.NULL;
    private long base;
    private int size;
    private SendCompletion completion;
    private int toNode;

    private SegmentByteBuf(final Pool home) {
        super(0);
        this.home = home;
    }

    /**
     * Points this view at {@code length} bytes of {@code bytes} from {@code offset}, readable or writable from index 0.
     *
     * @param bytes      borrowed until the view is released: a native segment.
     * @param offset     where the view's bytes start in it.
     * @param length     how many (at most 2 GiB - 1).
     * @param readable   true: its bytes are readable (a view to write to a socket); false: writable (to read into).
     * @param completion run once when the view is released, or null.
     * @param toNode     passed to the completion.
     */
    private SegmentByteBuf point(final MemorySegment bytes, final long offset, final long length,
                                 final boolean readable, final SendCompletion completion, final int toNode) {
        if (!bytes.isNative() || length > Integer.MAX_VALUE || offset < 0 || length < 0
            || offset > bytes.byteSize() - length) {
            throw new IllegalArgumentException("a segment view needs a native segment and a region of at most 2 GiB "
                + "in it, got " + length + " bytes from " + offset + " of " + bytes);
        }
        region = bytes;
        base = offset;
        size = (int) length;
        this.completion = completion;
        this.toNode = toNode;
        maxCapacity(size);
        resetRefCnt();
        setIndex(0, readable ? size : 0);
        markReaderIndex();
        markWriterIndex();
        return this;
    }

    @Override
    protected void deallocate() {
        final SendCompletion c = completion;
        final int node = toNode;
        completion = null;
        region = MemorySegment.NULL;
        base = 0;
        size = 0;
        try {
            if (c != null) {
                c.attachmentsReleased(node);
            }
        } finally {
            home.giveBack(this);
        }
    }

    /**
     * Views that one event loop reuses. A view released on another thread (a connection closed from outside) is not
     * taken back.
     */
    static final class Pool {
        /** The most views kept for reuse (the frames of large messages queued on one connection at once). */
        static final int MAX_KEPT = 64;
        private final ArrayDeque<SegmentByteBuf> free = new ArrayDeque<>();
        /** The thread that took the first view (the connection's event loop): the only one that reuses views. */
        private Thread owner;

        /**
         * @param bytes      borrowed until the view is released: the native memory that holds the bytes to write.
         * @param offset     where they start in it.
         * @param length     how many.
         * @param completion run once when Netty releases the view, or null.
         * @param toNode     passed to the completion.
         * @return returns owned (one reference): a view whose readable bytes are those.
         */
        SegmentByteBuf readable(final MemorySegment bytes, final long offset, final long length,
                                final SendCompletion completion, final int toNode) {
            return take().point(bytes, offset, length, true, completion, toNode);
        }

        /**
         * @param bytes  borrowed until the view is released: the native memory to fill.
         * @param offset where the region to fill starts in it.
         * @param length how many bytes.
         * @return returns owned (one reference): an empty view whose writable bytes are that region.
         */
        SegmentByteBuf writable(final MemorySegment bytes, final long offset, final long length) {
            return take().point(bytes, offset, length, false, null, 0);
        }

        private SegmentByteBuf take() {
            if (owner == null) {
                owner = Thread.currentThread();
            }
            final SegmentByteBuf b = Thread.currentThread() == owner ? free.pollLast() : null;
            return b != null ? b : new SegmentByteBuf(this);
        }

        private void giveBack(final SegmentByteBuf b) {
            if (Thread.currentThread() == owner && free.size() < MAX_KEPT) {
                free.addLast(b);
            }
        }
    }

    private MemorySegment regionOf(final int index, final int length) {
        checkIndex(index, length);
        return region.asSlice(base + index, length);
    }

    @Override
    public int capacity() {
        return size;
    }

    @Override
    public ByteBuf capacity(final int newCapacity) {
        throw new UnsupportedOperationException("a segment view has the segment's fixed capacity, "
            + size + " bytes");
    }

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    @SuppressWarnings("deprecation")
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    @Override
    public ByteBuf unwrap() {
        return null;
    }

    @Override
    public boolean isDirect() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return region.isReadOnly();
    }

    @Override
    public boolean hasArray() {
        return false;
    }

    @Override
    public byte[] array() {
        throw new UnsupportedOperationException("a segment view has no backing array");
    }

    @Override
    public int arrayOffset() {
        throw new UnsupportedOperationException("a segment view has no backing array");
    }

    @Override
    public boolean hasMemoryAddress() {
        return true;
    }

    @Override
    public long memoryAddress() {
        ensureAccessible();
        return region.address() + base;
    }

    @Override
    public int nioBufferCount() {
        return 1;
    }

    @Override
    public ByteBuffer nioBuffer(final int index, final int length) {
        return regionOf(index, length).asByteBuffer();
    }

    @Override
    public ByteBuffer internalNioBuffer(final int index, final int length) {
        return nioBuffer(index, length);
    }

    @Override
    public ByteBuffer[] nioBuffers(final int index, final int length) {
        return new ByteBuffer[] {nioBuffer(index, length)};
    }

    @Override
    public ByteBuf copy(final int index, final int length) {
        checkIndex(index, length);
        return alloc().directBuffer(length).writeBytes(this, index, length);
    }

    @Override
    protected byte _getByte(final int index) {
        return region.get(ValueLayout.JAVA_BYTE, base + index);
    }

    @Override
    protected short _getShort(final int index) {
        return region.get(SHORT_BE, base + index);
    }

    @Override
    protected short _getShortLE(final int index) {
        return region.get(SHORT_LE, base + index);
    }

    @Override
    protected int _getUnsignedMedium(final int index) {
        return (_getByte(index) & 0xff) << 16 | (_getByte(index + 1) & 0xff) << 8 | _getByte(index + 2) & 0xff;
    }

    @Override
    protected int _getUnsignedMediumLE(final int index) {
        return _getByte(index) & 0xff | (_getByte(index + 1) & 0xff) << 8 | (_getByte(index + 2) & 0xff) << 16;
    }

    @Override
    protected int _getInt(final int index) {
        return region.get(INT_BE, base + index);
    }

    @Override
    protected int _getIntLE(final int index) {
        return region.get(INT_LE, base + index);
    }

    @Override
    protected long _getLong(final int index) {
        return region.get(LONG_BE, base + index);
    }

    @Override
    protected long _getLongLE(final int index) {
        return region.get(LONG_LE, base + index);
    }

    @Override
    protected void _setByte(final int index, final int value) {
        region.set(ValueLayout.JAVA_BYTE, base + index, (byte) value);
    }

    @Override
    protected void _setShort(final int index, final int value) {
        region.set(SHORT_BE, base + index, (short) value);
    }

    @Override
    protected void _setShortLE(final int index, final int value) {
        region.set(SHORT_LE, base + index, (short) value);
    }

    @Override
    protected void _setMedium(final int index, final int value) {
        _setByte(index, value >>> 16);
        _setByte(index + 1, value >>> 8);
        _setByte(index + 2, value);
    }

    @Override
    protected void _setMediumLE(final int index, final int value) {
        _setByte(index, value);
        _setByte(index + 1, value >>> 8);
        _setByte(index + 2, value >>> 16);
    }

    @Override
    protected void _setInt(final int index, final int value) {
        region.set(INT_BE, base + index, value);
    }

    @Override
    protected void _setIntLE(final int index, final int value) {
        region.set(INT_LE, base + index, value);
    }

    @Override
    protected void _setLong(final int index, final long value) {
        region.set(LONG_BE, base + index, value);
    }

    @Override
    protected void _setLongLE(final int index, final long value) {
        region.set(LONG_LE, base + index, value);
    }

    @Override
    public ByteBuf getBytes(final int index, final ByteBuf dst, final int dstIndex, final int length) {
        checkIndex(index, length);
        if (dst.hasArray()) {
            MemorySegment.copy(region, ValueLayout.JAVA_BYTE, base + index, dst.array(), dst.arrayOffset() + dstIndex,
                length);
        } else {
            dst.setBytes(dstIndex, nioBuffer(index, length));
        }
        return this;
    }

    @Override
    public ByteBuf getBytes(final int index, final byte[] dst, final int dstIndex, final int length) {
        checkIndex(index, length);
        MemorySegment.copy(region, ValueLayout.JAVA_BYTE, base + index, dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(final int index, final ByteBuffer dst) {
        final int length = dst.remaining();
        checkIndex(index, length);
        MemorySegment.copy(region, base + index, MemorySegment.ofBuffer(dst), 0, length);
        dst.position(dst.position() + length);
        return this;
    }

    @Override
    public ByteBuf getBytes(final int index, final OutputStream out, final int length) throws IOException {
        final byte[] tmp = new byte[length];
        getBytes(index, tmp, 0, length);
        out.write(tmp);
        return this;
    }

    @Override
    public int getBytes(final int index, final GatheringByteChannel out, final int length) throws IOException {
        return out.write(nioBuffer(index, length));
    }

    @Override
    public int getBytes(final int index, final FileChannel out, final long position, final int length)
        throws IOException {
        return out.write(nioBuffer(index, length), position);
    }

    @Override
    public ByteBuf setBytes(final int index, final ByteBuf src, final int srcIndex, final int length) {
        checkIndex(index, length);
        if (src.hasArray()) {
            MemorySegment.copy(src.array(), src.arrayOffset() + srcIndex, region, ValueLayout.JAVA_BYTE, base + index,
                length);
        } else {
            // a direct source copies into this view's memory address (Netty's pooled buffers make a ByteBuffer per
            // internalNioBuffer call); one without Unsafe asks this view for a ByteBuffer (getBytes never calls back
            // into setBytes, so the two cannot recurse)
            src.getBytes(srcIndex, this, index, length);
        }
        return this;
    }

    @Override
    public ByteBuf setBytes(final int index, final byte[] src, final int srcIndex, final int length) {
        checkIndex(index, length);
        MemorySegment.copy(src, srcIndex, region, ValueLayout.JAVA_BYTE, base + index, length);
        return this;
    }

    @Override
    public ByteBuf setBytes(final int index, final ByteBuffer src) {
        final int length = src.remaining();
        checkIndex(index, length);
        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, region, base + index, length);
        src.position(src.position() + length);
        return this;
    }

    @Override
    public int setBytes(final int index, final InputStream in, final int length) throws IOException {
        checkIndex(index, length);
        final byte[] tmp = in.readNBytes(length);
        setBytes(index, tmp, 0, tmp.length);
        return tmp.length == 0 && length > 0 ? -1 : tmp.length;
    }

    @Override
    public int setBytes(final int index, final ScatteringByteChannel in, final int length) throws IOException {
        return in.read(nioBuffer(index, length));
    }

    @Override
    public int setBytes(final int index, final FileChannel in, final long position, final int length)
        throws IOException {
        return in.read(nioBuffer(index, length), position);
    }
}
