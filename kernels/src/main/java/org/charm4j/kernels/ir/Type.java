package org.charm4j.kernels.ir;

/**
 * The value types of the kernel IR: 32- and 64-bit integers, doubles and booleans (conditions).
 *
 * <p>Threading: immutable; any thread.
 */
public enum Type {
    /** 32-bit two's-complement integer, Java {@code int} (also C {@code int}). */
    INT("int"),
    /** 64-bit two's-complement integer, Java {@code long} (C {@code long long}). */
    LONG("long"),
    /** IEEE 754 binary64, Java {@code double}. */
    DOUBLE("double"),
    /** The result of a comparison. */
    BOOLEAN("bool");

    private final String cName;

    Type(final String cName) {
        this.cName = cName;
    }

    /** @return the name used in the IR's text (C-like). */
    public String cName() {
        return cName;
    }
}
