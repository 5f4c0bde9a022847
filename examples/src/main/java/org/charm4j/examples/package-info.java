/**
 * Small runnable charm4j programs; {@code bin/charmrun} runs them by short name.
 */
package org.charm4j.examples;
