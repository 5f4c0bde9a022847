package org.charm4j.runtime;

/**
 * One kind of runtime message between processes: its type byte (the first byte of every message's header region,
 * {@code docs/messages.md}), how its body is written, and how a received one is read and handed on. A new kind of
 * message (migration, channels, quiescence) is one small subclass, listed in {@link WireKinds}.
 *
 * <p>Threading: stateless; the encoder's or decoder's thread.
 */
abstract class WireKind {
    final byte type;

    WireKind(final int type) {
        this.type = (byte) type;
    }

    /**
     * Writes the body of {@code m}, after the type and destination PE.
     *
     * @param m   a message of this kind.
     * @param out the encoder.
     */
    abstract void write(Message m, WireEncoder out);

    /**
     * Reads a body and hands the message on (to its PE's queue, a future, the node).
     *
     * @param in     the decoder, positioned after the destination PE.
     * @param destPe the destination PE (-1 for messages to the process).
     */
    abstract void readAndDeliver(WireDecoder in, int destPe);

    /** @return whether an arrival of this kind counts as a processed message for quiescence detection. */
    boolean countsForQuiescence() {
        return true;
    }
}
