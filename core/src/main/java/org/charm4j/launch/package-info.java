/**
 * The launcher behind {@code bin/charmrun}: finds the program (by short name, main class or jar) and runs it.
 */
package org.charm4j.launch;
