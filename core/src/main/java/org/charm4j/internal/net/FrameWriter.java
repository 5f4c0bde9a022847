package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns an {@link OutboundMessage} into frames: one DATA frame (header bytes copied, they are small) and, for each
 * attachment, ATTACHMENT frames of at most {@code maxFrameSize} bytes whose payload is a view of the attachment's own
 * memory, so the socket write gathers straight from it (no copy for native segments; Netty copies heap segments).
 * The frame headers of attachments ride in small pooled buffers in front of each view. An attachment of at most
 * {@value #COPY_MAX} bytes is copied instead, frame header and all, into the pooled buffer that holds the DATA frame:
 * a view would cost more (its objects, one more gathered buffer) than copying a few KiB, and a message of only small
 * attachments then allocates nothing.
 *
 * <p>All frames of a message are queued in one call on the event loop, so messages never interleave on a
 * connection. Other outbound objects ({@link ByteBuf} control frames) pass through. A flush waits while a message
 * that another thread handed over is still on its way, since that one's flush follows ({@link Link#deferFlush}): a
 * burst of such messages is written with one system call, not one each.
 *
 * <p>Ownership: takes the message and releases it; the header is released here; the attachments are borrowed until
 * the completion runs: when Netty releases the last frame, or at once (inside this call) when every attachment was
 * copied or empty.
 *
 * <p>Threading: the connection's event loop only.
 */
final class FrameWriter extends ChannelOutboundHandlerAdapter {
    /** Attachments of at most this many bytes are copied into the frame buffer instead of written from a view. */
    static final int COPY_MAX = 4096;
    private static final int FAILED = 0;
    private static final int COPIED = 1;
    private static final int CARRIED = 2;
    private static final int BORROWED = 3;

    private final byte[] scratch = new byte[COPY_MAX];
    /** Views of attachment memory for the socket writes, reused on the event loop. */
    private final SegmentByteBuf.Pool views = new SegmentByteBuf.Pool();

    private final int maxFrameSize;
    private final Link link;

    FrameWriter(final int maxFrameSize, final Link link) {
        this.maxFrameSize = maxFrameSize;
        this.link = link;
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise) {
        link.wroteSomething();
        if (!(msg instanceof OutboundMessage m)) {
            ctx.write(msg, promise);
            return;
        }
        final boolean handedOver = m.handedOver;
        final long bytes = handedOver ? m.byteSize() : 0;
        try {
            writeMessage(ctx, m);
        } catch (final RuntimeException e) {
            // e.g. an attachment whose arena was closed: frames may be half queued, so the connection is unusable
            link.fail("could not write a message to node " + m.toNode + ": " + e);
        } finally {
            m.release();
            if (handedOver) {
                link.written(bytes);
            }
        }
    }

    @Override
    public void flush(final ChannelHandlerContext ctx) {
        if (!link.deferFlush()) {
            ctx.flush();
        }
    }

    private void writeMessage(final ChannelHandlerContext ctx, final OutboundMessage m) {
        if (m.framed) {
            // the sender built the DATA frame, sized for the small attachments too: take it as the first buffer
            final ByteBuf frame = m.header;
            m.header = null;
            final SendCompletion completion = m.completion;
            m.completion = null;
            writeAttachments(ctx, m, frame, completion);
            return;
        }
        final int count = m.count;
        final ByteBuf header = m.header;
        final int headerLength = header.readableBytes();
        final int payload = 8 * count + headerLength;
        int copied = 0;
        for (int i = 0; i < count; i++) {
            final long size = m.attachments[i].byteSize();
            if (size > 0 && size <= COPY_MAX) {
                copied += FrameHeader.HEADER_LENGTH + (int) size;
            }
        }
        final ByteBuf pending = ctx.alloc().directBuffer(FrameHeader.HEADER_LENGTH * 2 + payload + copied);
        try {
            FrameHeader.write(pending, FrameHeader.TYPE_DATA, payload, count, headerLength);
            for (int i = 0; i < count; i++) {
                pending.writeLongLE(m.attachments[i].byteSize());
            }
            pending.writeBytes(header, header.readerIndex(), headerLength);
        } finally {
            m.header = null;
            header.release();
        }
        final SendCompletion completion = m.completion;
        m.completion = null;
        writeAttachments(ctx, m, pending, completion);
    }

    private void writeAttachments(final ChannelHandlerContext ctx, final OutboundMessage m, final ByteBuf first,
                                  final SendCompletion completion) {
        final int count = m.count;
        int last = count - 1;
        while (last >= 0 && m.attachments[last].byteSize() == 0) {
            last--;
        }
        final ChannelPromise v = ctx.voidPromise();
        int outcome = FAILED;
        try {
            outcome = writeFrames(ctx, m, first, completion, last, v);
        } finally {
            if (completion != null && outcome == COPIED) {
                // every attachment byte is in our own buffers already: the attachments are no longer read
                completion.attachmentsReleased(m.toNode);
            } else if (completion != null && outcome != CARRIED) {
                // a heap segment, or a failure: an empty view carries the completion, so it runs
                // after every frame queued before it
                ctx.write(views.readable(MemorySegment.NULL, 0, 0, completion, m.toNode), v);
            }
        }
    }

    /** @return {@link #COPIED} (nothing borrowed), {@link #CARRIED} (the last view runs the completion) or neither. */
    private int writeFrames(final ChannelHandlerContext ctx, final OutboundMessage m, final ByteBuf first,
                            final SendCompletion completion, final int last, final ChannelPromise v) {
        ByteBuf pending = first;
        int outcome = COPIED;
        for (int i = 0; i <= last; i++) {
            final MemorySegment seg = m.attachments[i];
            final long size = seg.byteSize();
            if (size > 0 && size <= COPY_MAX) {
                // small: header and bytes go into the buffer in front (the first is sized for them), no view objects
                if (pending == null) {
                    pending = ctx.alloc().directBuffer(FrameHeader.HEADER_LENGTH + (int) size);
                }
                FrameHeader.write(pending, FrameHeader.TYPE_ATTACHMENT, (int) size, i, 0);
                copy(seg, (int) size, pending);
                continue;
            }
            for (long off = 0; off < size; ) {
                final int chunk = (int) Math.min(maxFrameSize, size - off);
                if (pending == null) {
                    pending = ctx.alloc().directBuffer(FrameHeader.HEADER_LENGTH);
                }
                FrameHeader.write(pending, FrameHeader.TYPE_ATTACHMENT, chunk, i, 0);
                ctx.write(pending, v);
                pending = null;
                final long from = off;
                off += chunk;
                final boolean lastFrame = i == last && off == size;
                if (!seg.isNative()) {
                    ctx.write(Unpooled.wrappedBuffer(seg.asSlice(from, chunk).asByteBuffer()), v);
                    outcome = BORROWED;
                } else if (lastFrame && completion != null) {
                    ctx.write(views.readable(seg, from, chunk, completion, m.toNode), v);
                    outcome = CARRIED;
                } else {
                    ctx.write(views.readable(seg, from, chunk, null, 0), v);
                    outcome = BORROWED;
                }
            }
        }
        if (pending != null) {
            ctx.write(pending, v);
        }
        return outcome;
    }

    /**
     * Builds a message's DATA frame on the sending thread, straight from the runtime's header bytes, with room for
     * the attachments that {@link #writeMessage} copies after it: the only copy of the header bytes.
     *
     * @param alloc       where the buffer comes from.
     * @param bytes       the runtime's header bytes.
     * @param offset      where they start.
     * @param length      how many.
     * @param attachments the message's attachments (only their sizes are read).
     * @return returns owned: the frame.
     */
    static ByteBuf frame(final io.netty.buffer.ByteBufAllocator alloc, final byte[] bytes, final int offset,
                         final int length, final MemorySegment[] attachments) {
        final int count = attachments.length;
        final int payload = 8 * count + length;
        int copied = 0;
        for (int i = 0; i < count; i++) {
            final long size = attachments[i].byteSize();
            if (size > 0 && size <= COPY_MAX) {
                copied += FrameHeader.HEADER_LENGTH + (int) size;
            }
        }
        final ByteBuf frame = alloc.directBuffer(FrameHeader.HEADER_LENGTH * 2 + payload + copied);
        FrameHeader.write(frame, FrameHeader.TYPE_DATA, payload, count, length);
        for (int i = 0; i < count; i++) {
            frame.writeLongLE(attachments[i].byteSize());
        }
        frame.writeBytes(bytes, offset, length);
        return frame;
    }

    /** Appends the {@code size} bytes of {@code seg} to {@code to} through a reused array: no garbage. */
    private void copy(final MemorySegment seg, final int size, final ByteBuf to) {
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, scratch, 0, size);
        to.writeBytes(scratch, 0, size);
    }
}
