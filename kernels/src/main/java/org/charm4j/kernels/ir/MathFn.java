package org.charm4j.kernels.ir;

/**
 * The {@code java.lang.Math} functions the IR knows, with their C names. {@link #exact()} tells whether Java
 * defines the result to the last bit (so a vector or GPU version gives the same bits).
 *
 * <p>Threading: immutable; any thread.
 */
public enum MathFn {
    /** Square root, correctly rounded. */
    SQRT("sqrt", 1, true),
    /** Absolute value. */
    ABS("fabs", 1, true),
    /** Minimum, with Java's rules for NaN and signed zeros. */
    MIN("fmin", 2, true),
    /** Maximum, with Java's rules for NaN and signed zeros. */
    MAX("fmax", 2, true),
    /** Fused multiply-add {@code a * b + c}, rounded once. */
    FMA("fma", 3, true),
    /** Exponential (within 1 ulp). */
    EXP("exp", 1, false),
    /** Natural logarithm (within 1 ulp). */
    LOG("log", 1, false),
    /** Sine (within 1 ulp). */
    SIN("sin", 1, false),
    /** Cosine (within 1 ulp). */
    COS("cos", 1, false),
    /** Power (within 1 ulp). */
    POW("pow", 2, false);

    private final String cName;
    private final int arity;
    private final boolean exact;

    MathFn(final String cName, final int arity, final boolean exact) {
        this.cName = cName;
        this.arity = arity;
        this.exact = exact;
    }

    /** @return the C function's name. */
    public String cName() {
        return cName;
    }

    /** @return how many arguments it takes. */
    public int arity() {
        return arity;
    }

    /** @return whether Java defines its result exactly (else: within 1 ulp, implementations may differ). */
    public boolean exact() {
        return exact;
    }

    /**
     * @param javaName a method name of {@code java.lang.Math}.
     * @return its function, or {@code null}.
     */
    public static MathFn ofJava(final String javaName) {
        return switch (javaName) {
            case "sqrt" -> SQRT;
            case "abs" -> ABS;
            case "min" -> MIN;
            case "max" -> MAX;
            case "fma" -> FMA;
            case "exp" -> EXP;
            case "log" -> LOG;
            case "sin" -> SIN;
            case "cos" -> COS;
            case "pow" -> POW;
            default -> null;
        };
    }
}
