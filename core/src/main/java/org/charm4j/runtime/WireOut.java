package org.charm4j.runtime;

/**
 * Where generated code writes a message's arguments when the message leaves the process: primitives unboxed,
 * strings as such, other objects through the serializer (off-heap arrays become zero-copy attachments).
 *
 * <p>Threading: one message at a time, on the sending thread.
 */
public interface WireOut {
    /** @param v a value. */
    void writeInt(int v);

    /** @param v a value. */
    void writeLong(long v);

    /** @param v a value. */
    void writeDouble(double v);

    /** @param v a value. */
    void writeFloat(float v);

    /** @param v a value. */
    void writeBoolean(boolean v);

    /** @param v a value. */
    void writeByte(byte v);

    /** @param v a value. */
    void writeShort(short v);

    /** @param v a value. */
    void writeChar(char v);

    /** @param v a string, or null. */
    void writeString(String v);

    /** @param v any object the serializer can write, or null. */
    void writeObject(Object v);
}
