package org.charm4j.kernels.ir;

/**
 * Binary operations of the IR.
 *
 * <p>Threading: immutable; any thread.
 */
public enum BinOp {
    /** Addition. */
    ADD("+"),
    /** Subtraction. */
    SUB("-"),
    /** Multiplication. */
    MUL("*"),
    /** Division (truncating for integers). */
    DIV("/"),
    /** Remainder, with the sign of the dividend (Java's {@code %}, C's {@code fmod} for doubles). */
    REM("%"),
    /** Shift left (integers). */
    SHL("<<"),
    /** Arithmetic shift right (integers). */
    SHR(">>"),
    /** Logical shift right (integers). */
    USHR(">>>"),
    /** Bitwise and (integers). */
    AND("&"),
    /** Bitwise or (integers). */
    OR("|"),
    /** Bitwise exclusive or (integers). */
    XOR("^");

    private final String symbol;

    BinOp(final String symbol) {
        this.symbol = symbol;
    }

    /** @return the operator as written in the IR's text. */
    public String symbol() {
        return symbol;
    }
}
