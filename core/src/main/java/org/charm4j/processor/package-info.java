/**
 * The annotation processor that turns each chare class into its proxy ({@code FooProxy}): typed entry-method calls,
 * creation methods, and one message class per entry method, checked by javac, readable, and the same every build.
 */
package org.charm4j.processor;
