package org.charm4j.kernels;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a primitive parameter of a {@link Kernel} method whose value is folded into the specialized copy as a
 * constant. The kernel may read it but never assign or increment it; a {@code @Const} parameter of a reference
 * type (an array, an object) is refused.
 *
 * <p>Threading: an annotation; immutable.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Const {
}
