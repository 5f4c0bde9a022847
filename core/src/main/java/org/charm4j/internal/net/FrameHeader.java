package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;

/**
 * The 16-byte header in front of every frame, read and written in place over a {@link ByteBuf}, little-endian.
 *
 * <pre>
 *   0               1               2                               4
 *  +---------------+---------------+-------------------------------+
 *  |   VERSION u8  |    TYPE u8    |           FLAGS u16           |
 *  +---------------+---------------+-------------------------------+
 *  |                          LENGTH u32                           |   payload bytes after the header
 *  +---------------------------------------------------------------+
 *  |                           ARG0 i32                            |   per type
 *  +---------------------------------------------------------------+
 *  |                           ARG1 i32                            |   per type
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The frame types, their arguments and payload limits are specified in {@code docs/wire-format.md}; a test parses
 * that page and checks these constants. Accessors take the buffer and the index of the frame's first byte and never
 * move reader or writer indices, except {@link #write}, which appends a header.
 *
 * <p>Threading: stateless; any thread.
 */
public final class FrameHeader {
    /** Version of the wire format spoken by this build. */
    public static final int CURRENT_VERSION = 1;
    /** Bytes in a frame header. */
    public static final int HEADER_LENGTH = 16;

    /** Offset of the u8 wire format version. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the u8 frame type. */
    public static final int TYPE_OFFSET = 1;
    /** Offset of the u16 flags (reserved, 0). */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of the u32 payload length. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the first type-specific i32 argument. */
    public static final int ARG0_OFFSET = 8;
    /** Offset of the second type-specific i32 argument. */
    public static final int ARG1_OFFSET = 12;

    /** Connecting side's hello: ARG0 its node id, ARG1 the node id it wants, payload its nonce. */
    public static final int TYPE_HELLO = 1;
    /** Accepting side's challenge: ARG0 its node id, payload its nonce. */
    public static final int TYPE_CHALLENGE = 2;
    /** Connecting side's proof of the secret. */
    public static final int TYPE_RESPONSE = 3;
    /** Accepting side's proof of the secret; the connection is open after it. */
    public static final int TYPE_ACCEPT = 4;
    /** First frame of a message: ARG0 attachment count, ARG1 header length. */
    public static final int TYPE_DATA = 5;
    /** A piece of an attachment: ARG0 its index in the message. */
    public static final int TYPE_ATTACHMENT = 6;
    /** Liveness signal, no payload. */
    public static final int TYPE_HEARTBEAT = 7;
    /** Orderly close, payload a UTF-8 reason. */
    public static final int TYPE_GOODBYE = 8;
    /** Rendezvous: a node's listening address (ARG0 node id, ARG1 port, payload host). */
    public static final int TYPE_ADDRESS = 9;
    /** Rendezvous: the address table (ARG0 number of nodes). */
    public static final int TYPE_TABLE = 10;

    /** Bytes of a handshake nonce and of an HMAC-SHA256 proof. */
    public static final int NONCE_LENGTH = 32;
    /** Largest payload of a GOODBYE frame. */
    public static final int MAX_GOODBYE_LENGTH = 1024;
    /** Largest payload of a host name in ADDRESS. */
    public static final int MAX_HOST_LENGTH = 255;
    /** Largest number of attachments in one message. */
    public static final int MAX_ATTACHMENTS = 4096;
    /** Largest payload accepted before the handshake completes. */
    public static final int MAX_HANDSHAKE_PAYLOAD = 1024;

    private static final String[] TYPE_NAMES = {
        "?", "HELLO", "CHALLENGE", "RESPONSE", "ACCEPT", "DATA", "ATTACHMENT", "HEARTBEAT", "GOODBYE", "ADDRESS", "TABLE",
    };

    private FrameHeader() {
    }

    /** @return the version byte of the frame at {@code at}. */
    public static int version(final ByteBuf buf, final int at) {
        return buf.getUnsignedByte(at + VERSION_OFFSET);
    }

    /** @return the type byte of the frame at {@code at}. */
    public static int type(final ByteBuf buf, final int at) {
        return buf.getUnsignedByte(at + TYPE_OFFSET);
    }

    /** @return the flags of the frame at {@code at}. */
    public static int flags(final ByteBuf buf, final int at) {
        return buf.getUnsignedShortLE(at + FLAGS_OFFSET);
    }

    /** @return the payload length of the frame at {@code at}, as an unsigned value. */
    public static long length(final ByteBuf buf, final int at) {
        return buf.getUnsignedIntLE(at + LENGTH_OFFSET);
    }

    /** @return the first argument of the frame at {@code at}. */
    public static int arg0(final ByteBuf buf, final int at) {
        return buf.getIntLE(at + ARG0_OFFSET);
    }

    /** @return the second argument of the frame at {@code at}. */
    public static int arg1(final ByteBuf buf, final int at) {
        return buf.getIntLE(at + ARG1_OFFSET);
    }

    /**
     * Appends a header at the writer index of {@code buf} (which must have 16 writable bytes or be able to grow).
     *
     * <p>Ownership: borrows {@code buf}; releases nothing.
     */
    public static void write(final ByteBuf buf, final int type, final int length, final int arg0, final int arg1) {
        buf.writeByte(CURRENT_VERSION);
        buf.writeByte(type);
        buf.writeShortLE(0);
        buf.writeIntLE(length);
        buf.writeIntLE(arg0);
        buf.writeIntLE(arg1);
    }

    /** @return true if {@code type} is a frame type of this version. */
    public static boolean isKnownType(final int type) {
        return type >= TYPE_HELLO && type <= TYPE_TABLE;
    }

    /** @return the name of a frame type for messages, or {@code "?"} if unknown. */
    public static String typeName(final int type) {
        return isKnownType(type) ? TYPE_NAMES[type] : "?";
    }
}
