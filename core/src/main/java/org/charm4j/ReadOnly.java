package org.charm4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a parameter of an {@link Entry} method that the method only reads (Charm++'s {@code [nokeep]}): within a
 * process, all the receivers of one call (the elements of a broadcast or of a section multicast on this process)
 * then share one copy of the argument instead of getting one each. The sender is unaffected: the argument is still
 * copied once when the call is sent (or serialized once for another process), so the sender may go on writing its
 * own array. What the runtime cannot check is the receivers' side: an entry method that writes a {@code @ReadOnly}
 * argument changes what the other receivers of the same call see.
 *
 * <pre>{@code
 * @Entry public void calculateForces(int step, Index from, @ReadOnly double[] positions) { ... }
 * neighbours.calculateForces(step, thisIndex(), positions);   // a section: one copy for all its members here
 * }</pre>
 *
 * <p>On a parameter of a primitive or immutable type (which is never copied) it changes nothing.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface ReadOnly {
}
