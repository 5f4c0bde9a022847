package org.charm4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an {@link Entry} method only once a condition on the chare's state and the call's arguments holds
 * (charm4py's {@code @when}). A call that arrives while the condition is false is held on the element and checked
 * again after each entry method of that element; held calls whose conditions hold run in the order they arrived.
 *
 * <p>The condition is a Java boolean expression over the method's parameters (by name) and the chare
 * ({@code this.field}, {@code this.method()}); the annotation processor writes it into the generated proxy, so javac
 * checks it. The fields and methods it reads must not be private (the generated class reads them).
 *
 * <pre>{@code
 * int iter;
 *
 * @Entry @When("iter == this.iter")
 * public void ghost(int iter, double[] face) { ... }   // runs for the current iteration only
 * }</pre>
 *
 * <p>The common tag match, {@code param == this.field} (or {@code this.field == param}) with integral types, is
 * found without scanning the held calls: they are kept by tag, so the cost per call stays flat however many are held.
 * Other conditions are checked on the held calls in arrival order.
 *
 * <p>Held calls move with a migrating element; a held broadcast whose caller waits for it (through
 * {@code whenDone()} or {@code gather()}) keeps the element in place until it has run.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface When {
    /** @return the condition, a Java boolean expression: {@code "iter == this.iter"}. */
    String value();
}
