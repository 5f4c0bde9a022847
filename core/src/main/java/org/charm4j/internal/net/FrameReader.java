package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts the byte stream of one connection into frames, checks each header against the wire format before it
 * buffers anything, and assembles messages: the DATA frame's header bytes and then each attachment, read into memory
 * from the {@link AttachmentAllocator} that becomes the handler's. Small messages allocate no objects here: the
 * array of attachments handed to the handler is reused (per attachment count, up to 8), and attachment bytes of
 * small frames are copied through a reused array.
 *
 * <p>Attachment bytes are read by the kernel straight into the attachment: while an ATTACHMENT frame of at least
 * {@link #VIEW_MIN} bytes is being received, {@link #zeroCopyTarget()} gives {@link AttachmentRecvAllocator} a
 * {@link ByteBuf} over the frame's remaining region of the attachment, and Netty's next socket read fills it. Only the
 * bytes that arrive in the same read as the frame's header (at most one receive buffer, 64 KiB) are copied, once.
 * Smaller frames are copied from Netty's receive buffer.
 *
 * <p>Bounded allocation: the payload buffer grows with the bytes that actually arrive, never to a claimed length;
 * before {@link #authenticated()} only handshake frames of at most {@value FrameHeader#MAX_HANDSHAKE_PAYLOAD} bytes
 * are accepted; attachment memory is taken only when the attachment's first frame arrives and after the message's
 * sizes were checked against {@code maxMessageBytes}.
 *
 * <p>Ownership: releases every {@link ByteBuf} it is handed in {@link #channelRead} (once), and its own buffers when the
 * channel goes inactive or the handler is removed.
 *
 * <p>Threading: the connection's event loop only.
 */
final class FrameReader extends ChannelInboundHandlerAdapter {
    /** ATTACHMENT frames of at least this many bytes are read through a view of the attachment. */
    static final int VIEW_MIN = 32 << 10;
    /** A view is handed to a socket read only when at least this many bytes of its frame are still missing. */
    static final int DIRECT_READ_MIN = 8 << 10;
    private static final MemorySegment[] NO_ATTACHMENTS = new MemorySegment[0];
    private static final int KEEP_PAYLOAD_CAPACITY = 1 << 20;
    /** Attachment bytes of a frame smaller than this are copied through a reused array, with no segment wrapper. */
    private static final int SCRATCH_COPY_MAX = 4096;
    /** Messages with fewer attachments than this get a reused array (one per count). */
    private static final int REUSED_ARRAYS = 9;

    private static final int S_HEADER = 0;
    private static final int S_PAYLOAD = 1;
    private static final int S_ATTACHMENT = 2;
    private static final int S_DEAD = 3;

    private final Link link;
    private final int maxFrameSize;
    private final long maxMessageBytes;
    private final AttachmentAllocator allocator;
    private final ByteBuf head = Unpooled.buffer(FrameHeader.HEADER_LENGTH, FrameHeader.HEADER_LENGTH);
    private ByteBuf payload;
    private boolean open;
    private int state = S_HEADER;

    private int type;
    private int length;
    private int arg0;
    private int arg1;

    private int attCount;
    private int attIndex;
    private long[] attLen;
    private MemorySegment[] atts;
    /** Reused arrays of attachments and the copy array: made at {@link #authenticated()}, so a stranger costs less. */
    private MemorySegment[][] arrays;
    private byte[] scratch;
    private long attPos;
    private int frameRemaining;
    private ByteBuf view;
    /** Where views come from (one in use at a time; the same one again for the next large frame). */
    private final SegmentByteBuf.Pool views = new SegmentByteBuf.Pool();
    private int viewSeen;

    FrameReader(final Link link, final int maxFrameSize, final long maxMessageBytes,
                final AttachmentAllocator allocator) {
        this.link = link;
        this.maxFrameSize = maxFrameSize;
        this.maxMessageBytes = maxMessageBytes;
        this.allocator = allocator;
    }

    /** The handshake is done: DATA, ATTACHMENT and HEARTBEAT are accepted from now on. */
    void authenticated() {
        open = true;
        attLen = new long[8];
        scratch = new byte[SCRATCH_COPY_MAX];
        arrays = new MemorySegment[REUSED_ARRAYS][];
        for (int i = 0; i < REUSED_ARRAYS; i++) {
            arrays[i] = new MemorySegment[i];
        }
    }

    /**
     * @return returns owned (one reference, released by whoever gets it from the socket read): a buffer whose
     *     writable bytes are the still-missing region of the attachment frame being received, or null to read into
     *     an ordinary receive buffer.
     */
    ByteBuf zeroCopyTarget() {
        final ByteBuf v = view;
        if (state == S_ATTACHMENT && v != null && v.writableBytes() >= DIRECT_READ_MIN) {
            return v.retain();
        }
        return null;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
        link.readSomething();
        final ByteBuf in = (ByteBuf) msg;
        try {
            if (in == view) {
                final int n = in.writerIndex() - viewSeen;
                viewSeen += n;
                attachmentProgress(n);
                return;
            }
            while (state != S_DEAD && in.isReadable()) {
                step(ctx, in);
            }
        } catch (final FrameException e) {
            state = S_DEAD;
            link.fail(e.getMessage());
        } finally {
            in.release();
        }
    }

    private void step(final ChannelHandlerContext ctx, final ByteBuf in) throws FrameException {
        switch (state) {
            case S_HEADER -> {
                final int n = Math.min(FrameHeader.HEADER_LENGTH - head.writerIndex(), in.readableBytes());
                head.writeBytes(in, n);
                if (head.writerIndex() == FrameHeader.HEADER_LENGTH) {
                    onHeader(ctx);
                }
            }
            case S_PAYLOAD -> {
                final int n = Math.min(length - payload.writerIndex(), in.readableBytes());
                payload.writeBytes(in, n);
                if (payload.writerIndex() == length) {
                    onPayload();
                }
            }
            case S_ATTACHMENT -> {
                final int n = Math.min(frameRemaining, in.readableBytes());
                if (view != null) {
                    view.writeBytes(in, n);
                    viewSeen += n;
                } else if (n <= scratch.length) {
                    in.readBytes(scratch, 0, n);
                    MemorySegment.copy(scratch, 0, atts[attIndex], ValueLayout.JAVA_BYTE, attPos, n);
                } else {
                    // through a pooled view: Netty's pooled buffers make a ByteBuffer per internalNioBuffer call
                    final ByteBuf to = views.writable(atts[attIndex], attPos, n);
                    try {
                        to.writeBytes(in, n);
                    } finally {
                        to.release();
                    }
                }
                attachmentProgress(n);
            }
            default -> throw new IllegalStateException("read in state " + state);
        }
    }

    private void onHeader(final ChannelHandlerContext ctx) throws FrameException {
        final ByteBuf h = head;
        h.clear();
        final int version = FrameHeader.version(h, 0);
        if (version != FrameHeader.CURRENT_VERSION) {
            throw new FrameException("unsupported frame version " + version + " (this build speaks version "
                + FrameHeader.CURRENT_VERSION + ")");
        }
        type = FrameHeader.type(h, 0);
        if (!FrameHeader.isKnownType(type)) {
            throw new FrameException("unknown frame type " + type + " (known types are " + FrameHeader.TYPE_HELLO
                + " to " + FrameHeader.TYPE_TABLE + " in version " + version + ")");
        }
        final int flags = FrameHeader.flags(h, 0);
        if (flags != 0) {
            throw new FrameException("frame " + FrameHeader.typeName(type) + " has flags " + flags
                + ", but version " + version + " defines none (must be 0)");
        }
        final long len = FrameHeader.length(h, 0);
        arg0 = FrameHeader.arg0(h, 0);
        arg1 = FrameHeader.arg1(h, 0);
        final long limit = limitOf(type);
        if (len > limit) {
            throw new FrameException("frame " + FrameHeader.typeName(type) + " claims a payload of " + len
                + " bytes, over the maximum of " + limit + " bytes");
        }
        length = (int) len;
        if (type == FrameHeader.TYPE_ATTACHMENT) {
            beginAttachmentFrame();
            return;
        }
        if (type == FrameHeader.TYPE_DATA) {
            if (arg0 < 0 || arg0 > FrameHeader.MAX_ATTACHMENTS || arg1 < 0 || len != 8L * arg0 + arg1) {
                throw new FrameException("DATA frame with " + arg0 + " attachments and a header of " + arg1
                    + " bytes cannot have a payload of " + len + " bytes");
            }
        }
        if (length == 0) {
            onPayload();
            return;
        }
        if (payload == null) {
            payload = ctx.alloc().buffer(Math.min(length, 256));
        }
        payload.clear();
        state = S_PAYLOAD;
    }

    private long limitOf(final int t) throws FrameException {
        if (attIndex < attCount && t != FrameHeader.TYPE_ATTACHMENT) {
            throw new FrameException("frame " + FrameHeader.typeName(t) + " where the ATTACHMENT frame of attachment "
                + attIndex + " of " + attCount + " was expected");
        }
        if (!open) {
            return switch (t) {
                case FrameHeader.TYPE_HELLO, FrameHeader.TYPE_CHALLENGE, FrameHeader.TYPE_RESPONSE,
                     FrameHeader.TYPE_ACCEPT -> FrameHeader.NONCE_LENGTH;
                case FrameHeader.TYPE_GOODBYE -> FrameHeader.MAX_GOODBYE_LENGTH;
                default -> throw new FrameException("frame " + FrameHeader.typeName(t)
                    + " before the handshake completed");
            };
        }
        return switch (t) {
            case FrameHeader.TYPE_DATA, FrameHeader.TYPE_ATTACHMENT -> maxFrameSize;
            case FrameHeader.TYPE_HEARTBEAT -> 0;
            case FrameHeader.TYPE_GOODBYE -> FrameHeader.MAX_GOODBYE_LENGTH;
            default -> throw new FrameException("frame " + FrameHeader.typeName(t)
                + " on an open connection (only DATA, ATTACHMENT, HEARTBEAT and GOODBYE may follow ACCEPT)");
        };
    }

    private void onPayload() throws FrameException {
        state = S_HEADER;
        final ByteBuf p = length == 0 ? Unpooled.EMPTY_BUFFER : payload;
        if (type != FrameHeader.TYPE_DATA) {
            link.onControl(type, arg0, arg1, p);
            return;
        }
        final int count = arg0;
        if (attLen.length < count) {
            attLen = new long[Math.max(count, attLen.length * 2)];
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            final long size = p.getLongLE(8 * i);
            if (size < 0 || size > maxMessageBytes - total) {
                throw new FrameException("DATA frame announces attachment " + i + " of " + Long.toUnsignedString(size)
                    + " bytes: the message would exceed the maximum message size of " + maxMessageBytes + " bytes");
            }
            total += size;
            attLen[i] = size;
        }
        p.readerIndex(8 * count);
        if (count == 0) {
            deliver(p, NO_ATTACHMENTS);
            return;
        }
        attCount = count;
        attIndex = 0;
        attPos = 0;
        atts = count < arrays.length ? arrays[count] : new MemorySegment[count];
        skipEmptyAttachments();
    }

    private void beginAttachmentFrame() throws FrameException {
        if (arg0 != attIndex || attIndex >= attCount) {
            throw new FrameException("ATTACHMENT frame for attachment " + arg0 + " where "
                + (attIndex < attCount ? "attachment " + attIndex + " of " + attCount : "a new DATA frame")
                + " was expected");
        }
        final long left = attLen[attIndex] - attPos;
        if (length == 0 || length > left || arg1 != 0) {
            throw new FrameException("ATTACHMENT frame of " + length + " bytes for attachment " + attIndex
                + " which has " + left + " bytes left (and ARG1 " + arg1 + " must be 0)");
        }
        if (attPos == 0) {
            final MemorySegment seg = allocator.allocate(link.peer(), attLen[attIndex]);
            if (seg.byteSize() != attLen[attIndex] || !seg.isNative()) {
                throw new IllegalStateException("the attachment allocator returned " + seg + " for a native segment of "
                    + attLen[attIndex] + " bytes");
            }
            atts[attIndex] = seg;
        }
        frameRemaining = length;
        if (length >= VIEW_MIN) {
            final MemorySegment a = atts[attIndex];
            view = views.writable(a, attPos, length);
            viewSeen = 0;
        }
        state = S_ATTACHMENT;
    }

    private void attachmentProgress(final int n) {
        attPos += n;
        frameRemaining -= n;
        if (frameRemaining != 0) {
            return;
        }
        if (view != null) {
            view.release();
            view = null;
        }
        state = S_HEADER;
        if (attPos == attLen[attIndex]) {
            attIndex++;
            attPos = 0;
            skipEmptyAttachments();
        }
    }

    private void skipEmptyAttachments() {
        while (attIndex < attCount && attLen[attIndex] == 0) {
            atts[attIndex] = allocator.allocate(link.peer(), 0);
            attIndex++;
        }
        if (attIndex == attCount) {
            final MemorySegment[] a = atts;
            atts = null;
            attCount = 0;
            attIndex = 0;
            try {
                deliver(payload, a);
            } finally {
                Arrays.fill(a, null);
            }
        }
    }

    private void deliver(final ByteBuf p, final MemorySegment[] attachments) {
        link.deliver(p, attachments);
        if (state != S_DEAD && p.capacity() > KEEP_PAYLOAD_CAPACITY && payload == p) {
            payload = null;
            p.release();
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx) {
        releaseAll();
    }

    private void releaseAll() {
        state = S_DEAD;
        atts = null;
        if (view != null) {
            view.release();
            view = null;
        }
        if (payload != null) {
            payload.release();
            payload = null;
        }
    }

    /** @return a GOODBYE payload as text, at most {@value FrameHeader#MAX_GOODBYE_LENGTH} bytes. */
    static String text(final ByteBuf payload) {
        return payload.toString(payload.readerIndex(), payload.readableBytes(), StandardCharsets.UTF_8);
    }
}
