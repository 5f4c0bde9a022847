package org.charm4j.runtime;

import org.charm4j.Chare;
import org.charm4j.Index;

/**
 * The runtime's record of one chare: which collection and index it is, where it lives, and how many reductions it
 * has contributed to. Every {@link Chare} holds one, given at construction.
 *
 * <p>Threading: owning PE only.
 */
public final class Element {
    final CollectionInfo info;
    final Index index;
    LocalCollection local;
    /** The chare, once its constructor has returned. */
    Chare chare;
    /** Calls that arrived while its constructor ran (a threaded constructor that blocks), or null. */
    java.util.List<EntryMessage> waitingForConstructor;
    int reductionSeq;
    /** How many times it migrated: orders location records (a later move wins). */
    int moves;
    /** Threaded entry methods of this element that have not finished: they hold it in place. */
    int activeTasks;
    /** A PE it is to move to once nothing holds it, or -1. */
    int migrateTo = -1;
    /** The pending move was asked by a balancing step. */
    boolean migrateByBalancer;
    /** Wall time spent in its entry methods since the last balancing step, in nanoseconds. */
    long loadNanos;
    /** Numbered calls it received since the last balancing step (for the balancer's input). */
    long received;
    /** It called atSync() and waits for resumeFromSync(). */
    boolean atSync;
    /**
     * Broadcasts to its collection that it ran (their serial numbers are 1, 2, … in the order every PE gets them),
     * for a collection that may migrate: on arrival it runs the ones its new PE ran since, and it skips those it ran
     * before it came.
     */
    int broadcastsSeen;
    /** The order of its callers' numbered calls (elements that may migrate), made at the first; null before. */
    CallOrder order;
    /** Calls held for their {@code @When} conditions, or null before the first. */
    HeldCalls held;
    /** Threaded entry methods of this element waiting in {@code waitFor(condition)}, or null before the first. */
    java.util.ArrayList<ConditionWait> waiters;
    /** The PE is releasing its held calls and waiters now (after an entry method): do not start again. */
    boolean releasing;
    /** Its channel ends ({@code org.charm4j.Channel}), or null before the first. */
    ChannelTable channels;
    /** The proxy of this element's collection, made once for {@code thisProxy()}. */
    org.charm4j.Proxy collectionProxy;

    /** @return whether a balancer or migrateMe may move it (an array element of a class not {@code @NotMigratable}). */
    boolean migratable() {
        return info.migratable();
    }

    Element(final CollectionInfo info, final Index index, final LocalCollection local) {
        this.info = info;
        this.index = index;
        this.local = local;
        this.broadcastsSeen = local == null ? 0 : local.broadcasts;
    }

    /** @return the collection. */
    public CollectionInfo info() {
        return info;
    }

    /** @return the element's index. */
    public Index index() {
        return index;
    }

    /** @return the PE it lives on. */
    public int pe() {
        return local.pe.id();
    }

    /** By section fingerprint: the number of its next contribution to that section's reductions; null before any. */
    java.util.HashMap<Long, int[]> sectionSeqs;
    /**
     * Its allreduce futures that wait for their results, by (scope, reduction key): scope 0 for its collection, a
     * section's fingerprint for a section; null before the first.
     */
    java.util.HashMap<AllreduceTarget.Key, org.charm4j.Future<Object>> allreduces;

    /** @return the number of its next contribution to section {@code fingerprint}'s reductions. */
    int sectionSeq(final long fingerprint) {
        final int[] c = sectionSeqs == null ? null : sectionSeqs.get(fingerprint);
        return c == null ? 0 : c[0];
    }

    /** @return the number of its next contribution to section {@code fingerprint}'s reductions, advancing it. */
    long nextSectionReduction(final long fingerprint) {
        if (sectionSeqs == null) {
            sectionSeqs = new java.util.HashMap<>();
        }
        final int[] c = sectionSeqs.computeIfAbsent(fingerprint, k -> new int[1]);
        return c[0]++;
    }

    /** @return the next reduction sequence number, advancing it. */
    long nextReduction() {
        return reductionSeq++;
    }

    @Override
    public String toString() {
        return info.chareClass().getSimpleName() + index + " on PE " + pe();
    }
}
