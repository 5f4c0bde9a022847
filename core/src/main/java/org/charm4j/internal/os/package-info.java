/**
 * Operating-system services that Java does not offer, reached through {@code java.lang.foreign}: pinning a thread
 * to a core.
 */
package org.charm4j.internal.os;
