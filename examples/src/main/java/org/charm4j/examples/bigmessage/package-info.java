/**
 * Sends one very large off-heap array to the last PE and checks it: messages of several GiB between processes.
 */
package org.charm4j.examples.bigmessage;
