package org.charm4j.kernels.ir;

/**
 * Comparisons of the IR; on doubles each is false if an operand is NaN (so {@code NE} is {@code !EQ} only on integers:
 * the builder writes Java's {@code a != b} on doubles as {@code !(a == b)}).
 *
 * <p>Threading: immutable; any thread.
 */
public enum CmpOp {
    /** Equal. */
    EQ("=="),
    /** Not equal (integers only). */
    NE("!="),
    /** Less than. */
    LT("<"),
    /** Less than or equal. */
    LE("<="),
    /** Greater than. */
    GT(">"),
    /** Greater than or equal. */
    GE(">=");

    private final String symbol;

    CmpOp(final String symbol) {
        this.symbol = symbol;
    }

    /** @return the operator as written in the IR's text. */
    public String symbol() {
        return symbol;
    }

    /** @return the comparison with its operands swapped ({@code a < b} is {@code b > a}). */
    public CmpOp swapped() {
        return switch (this) {
            case EQ, NE -> this;
            case LT -> GT;
            case LE -> GE;
            case GT -> LT;
            case GE -> LE;
        };
    }
}
