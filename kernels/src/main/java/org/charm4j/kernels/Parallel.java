package org.charm4j.kernels;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the variable of a loop whose iterations may run in any order, as in
 * {@code for (@Parallel int k = 1; k <= nz; k++)}.
 *
 * <p>It is a type annotation ({@code TYPE_USE}) on purpose: javac drops declaration annotations on local variables,
 * but writes type annotations on them into the method's {@code Code} attribute ({@code RuntimeInvisibleTypeAnnotations},
 * target {@code LOCAL_VARIABLE}, with the slot and bytecode range), with or without {@code -g}.
 * {@link KernelHandle#parallelLoops()} reads them back. The CPU runs such loops as ordinary loops; the GPU translator
 * makes them the work grid.
 *
 * <p>Threading: an annotation; immutable.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE_USE)
public @interface Parallel {
}
