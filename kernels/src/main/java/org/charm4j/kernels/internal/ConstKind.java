package org.charm4j.kernels.internal;

import java.lang.constant.ConstantDesc;

/**
 * The primitive types a {@code @Const} parameter may have, with how a boxed value becomes the 64 bits that key the
 * cache, and the constant the specialized code loads.
 *
 * <p>Threading: immutable; any thread.
 */
public enum ConstKind {
    /** {@code boolean}. */
    BOOLEAN(boolean.class, Boolean.class),
    /** {@code byte}. */
    BYTE(byte.class, Byte.class),
    /** {@code short}. */
    SHORT(short.class, Short.class),
    /** {@code char}. */
    CHAR(char.class, Character.class),
    /** {@code int}. */
    INT(int.class, Integer.class),
    /** {@code long}. */
    LONG(long.class, Long.class),
    /** {@code float}. */
    FLOAT(float.class, Float.class),
    /** {@code double}. */
    DOUBLE(double.class, Double.class);

    private final Class<?> type;
    private final Class<?> box;

    ConstKind(final Class<?> type, final Class<?> box) {
        this.type = type;
        this.box = box;
    }

    /**
     * @param type a parameter type.
     * @return its kind, or {@code null} if it is not primitive.
     */
    public static ConstKind of(final Class<?> type) {
        for (final ConstKind k : values()) {
            if (k.type == type) {
                return k;
            }
        }
        return null;
    }

    /** @return the primitive type. */
    public Class<?> type() {
        return type;
    }

    /**
     * @param value a boxed value of this kind.
     * @return whether it is one (exactly the wrapper type: an {@code Integer} for an {@code int}).
     */
    public boolean accepts(final Object value) {
        return box.isInstance(value);
    }

    /**
     * Bits of a value already checked with {@link #accepts(Object)}; floating values by their raw bits, so that
     * {@code -0.0} and {@code 0.0} are different constants and a NaN is equal to itself.
     *
     * @param value a boxed value of this kind.
     * @return its bits.
     */
    public long bits(final Object value) {
        return switch (this) {
            case BOOLEAN -> (Boolean) value ? 1 : 0;
            case BYTE -> (Byte) value;
            case SHORT -> (Short) value;
            case CHAR -> (Character) value;
            case INT -> (Integer) value;
            case LONG -> (Long) value;
            case FLOAT -> Float.floatToRawIntBits((Float) value);
            case DOUBLE -> Double.doubleToRawLongBits((Double) value);
        };
    }

    /**
     * @param value a boxed value of this kind.
     * @return the constant the specialized bytecode loads in place of the parameter.
     */
    public ConstantDesc constant(final Object value) {
        return switch (this) {
            case BOOLEAN -> (Boolean) value ? 1 : 0;
            case BYTE -> (int) (Byte) value;
            case SHORT -> (int) (Short) value;
            case CHAR -> (int) (Character) value;
            case INT -> (Integer) value;
            case LONG -> (Long) value;
            case FLOAT -> (Float) value;
            case DOUBLE -> (Double) value;
        };
    }

    /** @return the Java name of the primitive type. */
    public String typeName() {
        return type.getName();
    }
}
