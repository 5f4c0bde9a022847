/**
 * Test utilities shared with the examples' and apps' tests through core's test jar: running a program as real
 * processes through the launcher ({@link org.charm4j.testing.ProgramRuns}).
 */
package org.charm4j.testing;
