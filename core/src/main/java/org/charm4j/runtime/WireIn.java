package org.charm4j.runtime;

/**
 * Where generated code reads a message's arguments when the message arrives from another process, in the order
 * {@link WireOut} wrote them.
 *
 * <p>Threading: one message at a time, on the receiving thread.
 */
public interface WireIn {
    /** @return the next value. */
    int readInt();

    /** @return the next value. */
    long readLong();

    /** @return the next value. */
    double readDouble();

    /** @return the next value. */
    float readFloat();

    /** @return the next value. */
    boolean readBoolean();

    /** @return the next value. */
    byte readByte();

    /** @return the next value. */
    short readShort();

    /** @return the next value. */
    char readChar();

    /** @return the next string, or null. */
    String readString();

    /** @return the next object, or null. */
    Object readObject();
}
