package org.charm4j.runtime;

/**
 * A runtime message for every PE (creating a collection, ending insertions): sent to the tree root, each PE passes a
 * copy to its children, then handles it.
 *
 * <p>Threading: owned by one PE at a time.
 */
abstract class TreeBroadcast extends Message {
    @Override
    protected final void deliver(final Pe pe) {
        for (final int c : pe.node().topology().children(pe.id())) {
            pe.node().send(c, copyForChild());
        }
        deliverHere(pe);
    }

    abstract TreeBroadcast copyForChild();

    abstract void deliverHere(Pe pe);
}
