package org.charm4j.internal.net;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.nio.ByteBuffer;

/**
 * A {@link io.netty.buffer.ByteBuf} over a region of an attachment's memory (without copying it) that runs the
 * message's {@link SendCompletion} when Netty releases it, i.e. once its bytes are written or the connection has
 * dropped them. It is the last buffer of a message, and Netty releases written buffers in order, so its release means
 * the whole message is done with. Its release never frees the memory it wraps.
 *
 * <p>Threading: released on the event loop (or the closing thread); not thread-safe.
 */
final class ReleasingSegmentBuf extends UnpooledDirectByteBuf {
    private final SendCompletion completion;
    private final int toNode;

    /**
     * @param region     borrowed: the bytes to write, position 0 to limit.
     * @param completion run once, on release.
     */
    ReleasingSegmentBuf(final ByteBuffer region, final SendCompletion completion, final int toNode) {
        super(UnpooledByteBufAllocator.DEFAULT, region, region.remaining());
        this.completion = completion;
        this.toNode = toNode;
    }

    @Override
    protected void deallocate() {
        try {
            super.deallocate();
        } finally {
            completion.attachmentsReleased(toNode);
        }
    }
}
