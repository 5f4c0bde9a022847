package org.charm4j.kernels;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code static} method as a kernel: {@link Kernels#of(Class, String)} accepts it, and each new tuple of its
 * {@link Const} parameters gets a specialized copy in which those parameters are constants.
 *
 * <p>Threading: an annotation; immutable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Kernel {
    /**
     * Strict floating point: loops whose vector form would change the order of a sum ({@code s += e}) stay scalar,
     * so every result is bit for bit the scalar code's. By default such sums become vector reductions, in the order
     * that {@link Specialization#backend()} documents.
     *
     * @return whether sums keep the scalar order.
     */
    boolean strict() default false;
}
