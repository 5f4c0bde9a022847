package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Chooses the buffer of each socket read of one connection: while an attachment frame is being received, a view of
 * the attachment's own memory (so the kernel copies the bytes straight into it); otherwise an ordinary pooled buffer
 * sized by Netty's adaptive guess. Everything else (how many reads per wake-up, the size guesses) is delegated to
 * {@link AdaptiveRecvByteBufAllocator}.
 *
 * <p>Ownership: a buffer from {@link RecvByteBufAllocator.Handle#allocate} carries one reference that Netty hands to
 * {@link FrameReader#channelRead} (or releases itself when the read returned nothing).
 *
 * <p>Threading: one instance per channel, used on its event loop only.
 */
final class AttachmentRecvAllocator implements RecvByteBufAllocator {
    private final FrameReader reader;
    private final AdaptiveRecvByteBufAllocator sizes = new AdaptiveRecvByteBufAllocator();

    AttachmentRecvAllocator(final FrameReader reader) {
        this.reader = reader;
    }

    @Override
    public Handle newHandle() {
        return new ViewHandle((ExtendedHandle) sizes.newHandle());
    }

    private final class ViewHandle implements ExtendedHandle {
        private final ExtendedHandle d;

        ViewHandle(final ExtendedHandle d) {
            this.d = d;
        }

        @Override
        public ByteBuf allocate(final ByteBufAllocator alloc) {
            final ByteBuf target = reader.zeroCopyTarget();
            return target != null ? target : d.allocate(alloc);
        }

        @Override
        public int guess() {
            return d.guess();
        }

        @Override
        public void reset(final ChannelConfig config) {
            d.reset(config);
        }

        @Override
        public void incMessagesRead(final int numMessages) {
            d.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(final int bytes) {
            d.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return d.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(final int bytes) {
            d.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return d.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return d.continueReading();
        }

        @Override
        public boolean continueReading(final UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return d.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            d.readComplete();
        }
    }
}
