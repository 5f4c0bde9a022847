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
        for (int k = 0; k < Tree.BRANCHES; k++) {
            final int c = Tree.child(pe.id(), k, pe.node().numPes());
            if (c >= 0) {
                pe.node().send(c, copyForChild());
            }
        }
        deliverHere(pe);
    }

    abstract TreeBroadcast copyForChild();

    abstract void deliverHere(Pe pe);
}
