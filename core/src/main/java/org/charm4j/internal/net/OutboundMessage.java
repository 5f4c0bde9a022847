package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import io.netty.util.internal.ObjectPool;
import java.lang.foreign.MemorySegment;

/**
 * One message on its way from {@link Transport#trySend} to {@link FrameWriter}: the header, the attachments and the
 * completion, pooled so that sending allocates no message object.
 *
 * <p>It is {@link ReferenceCounted} so that Netty's rule applies to it: whoever drops it releases it. When the
 * writer has turned it into frames it has moved the header and completion out, and the release only recycles it;
 * when Netty drops it unwritten (channel closed, event loop gone), the release frees the header and runs the
 * completion, so nothing leaks and no completion is lost.
 *
 * <p>Threading: filled by the sending thread, then handed to the event loop through the channel (a happens-before
 * edge); used by one thread at a time.
 */
final class OutboundMessage extends AbstractReferenceCounted {
    private static final MemorySegment[] NONE = new MemorySegment[0];
    private static final ObjectPool<OutboundMessage> POOL = ObjectPool.newPool(OutboundMessage::new);

    private final ObjectPool.Handle<OutboundMessage> handle;
    int toNode;
    ByteBuf header;
    /** Whether {@link #header} is the whole DATA frame already, with room after it for the small attachments. */
    boolean framed;
    MemorySegment[] attachments = NONE;
    int count;
    SendCompletion completion;
    /** Written by a thread other than the event loop, unflushed: {@link Link#written} decides when to flush. */
    boolean handedOver;

    private OutboundMessage(final ObjectPool.Handle<OutboundMessage> handle) {
        this.handle = handle;
    }

    /**
     * @param header      taken: released by the message (or by whoever takes it out).
     * @param attachments borrowed until {@code completion} runs; the array itself is copied.
     * @return returns owned: a message with reference count 1.
     */
    static OutboundMessage take(final int toNode, final ByteBuf header, final SendCompletion completion,
                                final MemorySegment[] attachments) {
        final OutboundMessage m = POOL.get();
        m.setRefCnt(1);
        m.toNode = toNode;
        m.header = header;
        m.framed = false;
        m.handedOver = false;
        m.completion = completion;
        final int n = attachments.length;
        if (m.attachments.length < n) {
            m.attachments = new MemorySegment[Math.max(n, 4)];
        }
        System.arraycopy(attachments, 0, m.attachments, 0, n);
        m.count = n;
        return m;
    }

    /**
     * Sizes outbound objects for Netty's count of pending bytes (which decides {@code isWritable}): a message counts
     * its header and its attachments, so that a write handed to the event loop from another thread holds its real size
     * against the connection's high water mark until the writer has turned it into frames (which are then counted
     * instead); everything else as Netty's default does.
     */
    static final MessageSizeEstimator ESTIMATOR = new MessageSizeEstimator() {
        private final Handle handle = new Handle() {
            private final Handle other = DefaultMessageSizeEstimator.DEFAULT.newHandle();

            @Override
            public int size(final Object msg) {
                return msg instanceof OutboundMessage m ? m.byteSize() : other.size(msg);
            }
        };

        @Override
        public Handle newHandle() {
            return handle;
        }
    };

    /** @return the header's and the attachments' bytes, at most {@link Integer#MAX_VALUE}. */
    int byteSize() {
        final ByteBuf h = header;
        long n = h == null ? 0 : h.readableBytes();
        for (int i = 0; i < count; i++) {
            n += attachments[i].byteSize();
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    @Override
    protected void deallocate() {
        final ByteBuf h = header;
        final SendCompletion c = completion;
        header = null;
        completion = null;
        java.util.Arrays.fill(attachments, 0, count, null);
        count = 0;
        try {
            if (h != null) {
                h.release();
            }
        } finally {
            if (c != null) {
                c.attachmentsReleased(toNode);
            }
            handle.recycle(this);
        }
    }

    @Override
    public ReferenceCounted touch(final Object hint) {
        return this;
    }
}
