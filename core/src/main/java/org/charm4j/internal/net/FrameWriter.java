package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Turns an {@link OutboundMessage} into frames: one DATA frame (header bytes copied, they are small) and, for each
 * attachment, ATTACHMENT frames of at most {@code maxFrameSize} bytes whose payload is a view of the attachment's own
 * memory, so the socket write gathers straight from it (no copy for native segments; Netty copies heap segments).
 * The frame headers of attachments ride in small pooled buffers in front of each view.
 *
 * <p>All frames of a message are queued in one call on the event loop, so messages never interleave on a
 * connection. Other outbound objects ({@link ByteBuf} control frames) pass through.
 *
 * <p>Ownership: takes the message and releases it; the header is released here; the attachments are borrowed until
 * the completion runs (when Netty releases the last frame).
 *
 * <p>Threading: the connection's event loop only.
 */
final class FrameWriter extends ChannelOutboundHandlerAdapter {
    private static final ByteBuffer EMPTY_DIRECT = ByteBuffer.allocateDirect(0);

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
        try {
            writeMessage(ctx, m);
        } catch (final RuntimeException e) {
            // e.g. an attachment whose arena was closed: frames may be half queued, so the connection is unusable
            link.fail("could not write a message to node " + m.toNode + ": " + e);
        } finally {
            m.release();
        }
    }

    private void writeMessage(final ChannelHandlerContext ctx, final OutboundMessage m) {
        final int count = m.count;
        final ByteBuf header = m.header;
        final int headerLength = header.readableBytes();
        final int payload = 8 * count + headerLength;
        ByteBuf pending = ctx.alloc().directBuffer(FrameHeader.HEADER_LENGTH * 2 + payload);
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
        ByteBuf pending = first;
        final int count = m.count;
        int last = count - 1;
        while (last >= 0 && m.attachments[last].byteSize() == 0) {
            last--;
        }
        final ChannelPromise v = ctx.voidPromise();
        boolean carried = false;
        try {
            carried = writeFrames(ctx, m, pending, completion, last, v);
        } finally {
            if (completion != null && !carried) {
                // nothing borrowed (no bytes), a heap or read-only segment, or a failure: an empty buffer carries
                // the completion, so it runs after every frame queued before it
                ctx.write(new ReleasingSegmentBuf(EMPTY_DIRECT.duplicate(), completion, m.toNode), v);
            }
        }
    }

    private boolean writeFrames(final ChannelHandlerContext ctx, final OutboundMessage m, final ByteBuf first,
                                final SendCompletion completion, final int last, final ChannelPromise v) {
        ByteBuf pending = first;
        boolean carried = false;
        for (int i = 0; i <= last; i++) {
            final MemorySegment seg = m.attachments[i];
            final long size = seg.byteSize();
            for (long off = 0; off < size; ) {
                final int chunk = (int) Math.min(maxFrameSize, size - off);
                if (pending == null) {
                    pending = ctx.alloc().directBuffer(FrameHeader.HEADER_LENGTH);
                }
                FrameHeader.write(pending, FrameHeader.TYPE_ATTACHMENT, chunk, i, 0);
                ctx.write(pending, v);
                pending = null;
                final ByteBuffer region = seg.asSlice(off, chunk).asByteBuffer();
                off += chunk;
                final boolean lastFrame = i == last && off == size;
                if (lastFrame && completion != null && region.isDirect() && !region.isReadOnly()) {
                    ctx.write(new ReleasingSegmentBuf(region, completion, m.toNode), v);
                    carried = true;
                } else {
                    ctx.write(Unpooled.wrappedBuffer(region), v);
                }
            }
        }
        if (pending != null) {
            ctx.write(pending, v);
        }
        return carried;
    }
}
