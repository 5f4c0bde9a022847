package org.charm4j.runtime;

import org.charm4j.Chare;
import org.charm4j.Index;

/**
 * An element on its way to another PE: its chare (the object itself within a process; packed with Kryo to another
 * process) and the runtime's state that travels with it: its reduction sequence number (so the PEs' reductions wait
 * for it where it is), how often it moved, its measured load, whether it waits in atSync(), the order of its callers' calls, its channel ends.
 *
 * <p>Threading: owned by one PE at a time.
 */
final class Migration extends Message {
    final CollectionInfo info;
    final Index index;
    final int fromPe;
    /** The element itself when it stays in the process, else null. */
    final Element element;
    final Chare chare;
    final int reductionSeq;
    final int moves;
    final long loadNanos;
    final boolean atSync;
    /** Sent by a load-balancing step: the destination counts it among the arrivals it waits for. */
    final boolean byBalancer;
    /** Between processes: the element's {@link CallOrder#state()}, or null (none, or the element travels itself). */
    final int[] callOrder;
    /** The broadcasts it ran ({@link Element#broadcastsSeen}). */
    final int broadcastsSeen;
    /** Between processes: its channel ends, received values and numbering included, or null. */
    ChannelTable channels;
    /** Between processes: its section reduction numbers ({@link Element#sectionSeqs}), or null. */
    java.util.HashMap<Long, int[]> sectionSeqs;
    /** Between processes: its allreduce futures waiting for results ({@link Element#allreduces}), or null. */
    java.util.HashMap<AllreduceTarget.Key, org.charm4j.Future<Object>> allreduces;

    Migration(final CollectionInfo info, final Index index, final int fromPe, final Element element,
              final Chare chare, final int reductionSeq, final int moves, final long loadNanos, final boolean atSync,
              final boolean byBalancer, final int[] callOrder, final int broadcastsSeen) {
        this.info = info;
        this.index = index;
        this.fromPe = fromPe;
        this.element = element;
        this.chare = chare;
        this.reductionSeq = reductionSeq;
        this.moves = moves;
        this.loadNanos = loadNanos;
        this.atSync = atSync;
        this.byBalancer = byBalancer;
        this.callOrder = callOrder;
        this.broadcastsSeen = broadcastsSeen;
    }

    @Override
    WireKind wireKind() {
        return WireKinds.MIGRATE;
    }

    @Override
    protected void deliver(final Pe pe) {
        pe.arrive(this);
    }
}
