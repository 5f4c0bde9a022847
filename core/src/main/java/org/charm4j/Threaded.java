package org.charm4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link Entry} method that may block: wait on a {@link Future} ({@code get()}, {@link Charm#awaitAll},
 * {@link Charm#awaitAny}, {@code Channel.recv()}). It runs on a virtual thread that holds its PE like a baton: while it
 * waits, the PE runs other chares' entry methods, and still only one entry method runs at a time on a PE. The virtual
 * thread runs on the PE's own thread, so a wait and its resumption cost a continuation switch (a fraction of a
 * microsecond), not a hand-off between threads. The program's {@code main} is threaded. A blocking call from an
 * entry method without this annotation fails at once, naming the method.
 *
 * <p>On a constructor, the constructor may block too (waiting on another collection's future, say): calls to the
 * element that arrive meanwhile wait until it has returned.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface Threaded {
}
