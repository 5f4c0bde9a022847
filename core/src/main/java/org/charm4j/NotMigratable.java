package org.charm4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a chare class whose array elements never migrate: a load balancer leaves them where they are (their load
 * still counts on their PE), and {@link Chare#migrateMe(int)} refuses. Array elements are migratable by default;
 * groups and single chares never migrate. Inherited by subclasses.
 *
 * <p>Threading: an annotation; read once per collection.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NotMigratable {
}
