package org.charm4j.runtime;

/**
 * The platform thread of a PE, named {@code charm4j-pe-<n>}; it knows its PE so that {@code Charm.myPe()} costs a
 * type check.
 *
 * <p>Threading: the thread itself.
 */
final class PeThread extends Thread {
    final Pe pe;

    PeThread(final Pe pe) {
        super(null, null, "charm4j-pe-" + pe.id(), 0, false);
        this.pe = pe;
        setDaemon(true);
    }

    @Override
    public void run() {
        pe.runLoop();
    }
}
