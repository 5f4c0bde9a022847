package org.charm4j.gpu.translate;

import org.charm4j.kernels.ir.Type;

/**
 * One argument of the translated kernel, in the order the launcher passes them.
 *
 * @param position    the argument's position in the GPU kernel (0, 1, ...).
 * @param kind        an array, a scalar, or the length of an array.
 * @param name        the name of the Java parameter it comes from (for {@link Kind#LENGTH}: the array's), the key a
 *                    launcher uses in the argument map of {@link GridDim#extent(java.util.Map)}.
 * @param sourceIndex the position of that parameter in the Java kernel's signature.
 * @param type        {@link Type#DOUBLE} for an array (its elements), else the scalar's type ({@link Type#INT} for the
 *                    length of a {@code double[]}, {@link Type#LONG} for a {@code DoubleArray}'s).
 * @param written     for an array: whether the kernel stores into it (else it is copied to the device only).
 * @param declaration the parameter as declared in the C source, e.g. {@code __global const double* in}.
 *
 * <p>Threading: immutable; any thread.
 */
public record KernelArg(int position, Kind kind, String name, int sourceIndex, Type type, boolean written,
                        String declaration) {
    /** What a kernel argument carries. */
    public enum Kind {
        /** A {@code double[]} or {@code DoubleArray}: pass a device buffer of its doubles. */
        ARRAY,
        /** A non-{@code @Const} scalar parameter: pass its value. */
        SCALAR,
        /** The length of an array parameter (the kernel reads it): pass the length in elements. */
        LENGTH,
        /**
         * For a kernel that returns a sum: a buffer of one double per work item of the launched grid, where each
         * writes its part ({@code sourceIndex} -1).
         */
        PARTIALS
    }

    @Override
    public String toString() {
        return declaration;
    }
}
