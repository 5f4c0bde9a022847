package org.charm4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entry method (or an entry constructor) of a {@link Chare}: a public method that other chares call
 * asynchronously through the chare's generated proxy ({@code <ChareClass>Proxy}). The annotation processor
 * {@code org.charm4j.processor.ChareProcessor} generates that proxy at compile time and checks the method: it must be
 * public, not static, and take only arguments that can travel between PEs.
 *
 * <p>A {@code void} entry method returns nothing to the caller; any other returns a {@link Future} of its result on
 * an element proxy. Constructors marked {@code @Entry} (or, when none is marked, the public constructors) become the
 * {@code newGroup}, {@code newArray}, {@code newChare} and {@code insert} methods of the proxy.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Entry {
}
