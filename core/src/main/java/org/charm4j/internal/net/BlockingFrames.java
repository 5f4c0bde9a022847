package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Frames over blocking streams, for the rendezvous (a handful of frames per node, once per job). Same checks as
 * {@link FrameReader}: version, type, flags and a payload limit before anything is allocated.
 *
 * <p>Threading: stateless; any thread (one stream per thread).
 */
final class BlockingFrames {
    /** A frame read from a stream; the payload is a fresh array. */
    record Frame(int type, int arg0, int arg1, byte[] payload) {
    }

    private BlockingFrames() {
    }

    /**
     * @param maxPayload the largest payload accepted for any type.
     * @return the next frame.
     * @throws FrameException if it breaks the wire format; {@link IOException} if the stream ends or fails.
     */
    static Frame read(final InputStream in, final int maxPayload) throws IOException, FrameException {
        final byte[] h = in.readNBytes(FrameHeader.HEADER_LENGTH);
        if (h.length < FrameHeader.HEADER_LENGTH) {
            throw new EOFException("connection closed after " + h.length + " bytes of a frame header");
        }
        final ByteBuf b = Unpooled.wrappedBuffer(h);
        final int version = FrameHeader.version(b, 0);
        if (version != FrameHeader.CURRENT_VERSION) {
            throw new FrameException("unsupported frame version " + version + " (this build speaks version "
                + FrameHeader.CURRENT_VERSION + ")");
        }
        final int type = FrameHeader.type(b, 0);
        if (!FrameHeader.isKnownType(type)) {
            throw new FrameException("unknown frame type " + type + " in version " + version);
        }
        if (FrameHeader.flags(b, 0) != 0) {
            throw new FrameException("frame " + FrameHeader.typeName(type) + " has flags " + FrameHeader.flags(b, 0)
                + " (must be 0)");
        }
        final long len = FrameHeader.length(b, 0);
        if (len > maxPayload) {
            throw new FrameException("frame " + FrameHeader.typeName(type) + " claims a payload of " + len
                + " bytes, over the maximum of " + maxPayload + " bytes");
        }
        final byte[] p = in.readNBytes((int) len);
        if (p.length < len) {
            throw new EOFException("connection closed after " + p.length + " of " + len + " payload bytes");
        }
        return new Frame(type, FrameHeader.arg0(b, 0), FrameHeader.arg1(b, 0), p);
    }

    /** Writes one frame and flushes. */
    static void write(final OutputStream out, final int type, final int arg0, final int arg1, final byte[] payload)
        throws IOException {
        final ByteBuf b = Unpooled.buffer(FrameHeader.HEADER_LENGTH + payload.length);
        FrameHeader.write(b, type, payload.length, arg0, arg1);
        b.writeBytes(payload);
        out.write(b.array(), b.arrayOffset(), b.readableBytes());
        out.flush();
    }
}
