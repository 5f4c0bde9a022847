/**
 * Hello world, the first example of the CharmPy talk.
 */
package org.charm4j.examples.hello;
