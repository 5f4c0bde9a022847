package org.charm4j.runtime;

/**
 * A PE's count of a sparse array's elements in its subtree, sent up the {@link Topology} after doneInserting(), so that
 * each PE learns which children its reductions wait for.
 *
 * <p>Threading: owned by one PE at a time.
 */
final class Census extends Message {
    final CollectionInfo info;
    final int count;

    Census(final CollectionInfo info, final int count) {
        this.info = info;
        this.count = count;
    }

    @Override
    WireKind wireKind() {
        return WireKinds.CENSUS;
    }

    @Override
    protected void deliver(final Pe pe) {
        pe.reductions.censusFromChild(info, count);
    }
}
