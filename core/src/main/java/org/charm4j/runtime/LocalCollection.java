package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.charm4j.Index;

/**
 * One PE's part of a collection: its elements, the reductions in flight, and messages that arrived for elements not
 * yet inserted.
 *
 * <p>Threading: owning PE only.
 */
final class LocalCollection extends PartialHolder {
    final CollectionInfo info;
    final Pe pe;
    /** Elements by index (a Group's single element is also here, at [pe]). */
    final HashMap<Index, Element> elements = new HashMap<>();
    /** The element of a Group on this PE; null for arrays. */
    Element single;
    /** The elements in index order, for broadcasts; null when an element came or went since. */
    private Element[] sorted;
    /** Whether the number of contributions this PE waits for is known (a sparse array learns it by census). */
    boolean countsKnown;
    /** Tree children whose subtree has elements. */
    int liveChildren;
    /** For sparse arrays: doneInserting() has arrived here. */
    boolean insertionDone;
    /** For sparse arrays: census counts received from children, and how many. */
    int censusCount;
    int censusReplies;
    /** Messages for elements of a sparse array that are not inserted yet, and broadcasts before doneInserting. */
    HashMap<Index, List<Message>> waitingForElement;
    /**
     * Elements that left this PE, and where they went (a forward); on their home PE, where they are now (the home
     * record). Null until the first departure.
     */
    HashMap<Index, Location.Away> away;
    /** Elements that arrive from a load-balancing step and have not come yet, and departures not done yet. */
    int lbArrivalsDue;
    /** Load balancing: children's records waiting for this PE's own elements to reach atSync(). */
    LoadBalancing.Stats lbStats;
    /** Load balancing: elements here at atSync() in this step; whether this PE sent its records; a plan arrived. */
    int lbSynced;
    boolean lbSent;
    boolean lbPlanned;
    /** At the root: every record of the step so far; steps run; when the last ran; its cost and moves. */
    LoadBalancing.Stats lbRoot;
    int lbSteps;
    long lbLastStep;
    long lbLastCostNanos;
    int lbLastMoved;
    List<EntryMessage> waitingForInsertionDone;
    /** At the root, periodic balancing: a step gathers. */
    boolean lbPeriodicOpen;
    /** Periodic balancing, every PE: its own records are in; children answered; the subtree's records so far. */
    boolean lbPeriodicOwn;
    int lbPeriodicAnswers;
    LoadBalancing.Stats lbPeriodicRecords;
    /** For collections that may migrate: broadcasts delivered here (the last one's serial number). */
    int broadcasts;
    /** The last {@link #KEPT_BROADCASTS} broadcasts, unrun copies by serial modulo the length, for latecomers. */
    private EntryMessage[] pastBroadcasts;

    /** How many past broadcasts a PE keeps for elements that arrive having missed them. */
    static final int KEPT_BROADCASTS = 64;

    /** Keeps an unrun copy of broadcast {@code serial} (the latest) for elements that arrive having missed it. */
    void keepBroadcast(final int serial, final EntryMessage copy) {
        if (pastBroadcasts == null) {
            pastBroadcasts = new EntryMessage[KEPT_BROADCASTS];
        }
        pastBroadcasts[serial % KEPT_BROADCASTS] = copy;
    }

    /** @return an unrun copy of broadcast {@code serial}, or null if this PE no longer keeps it. */
    EntryMessage pastBroadcast(final int serial) {
        if (pastBroadcasts == null || serial <= broadcasts - KEPT_BROADCASTS || serial > broadcasts) {
            return null;
        }
        final EntryMessage m = pastBroadcasts[serial % KEPT_BROADCASTS];
        return m == null ? null : m.copy();
    }

    LocalCollection(final CollectionInfo info, final Pe pe) {
        this.info = info;
        this.pe = pe;
        if (info.kind() != CollectionInfo.Kind.SPARSE_ARRAY) {
            for (final int c : pe.node().topology().children(pe.id())) {
                if (info.subtreeCount(c) > 0) {
                    liveChildren++;
                }
            }
            countsKnown = true;
        }
    }

    Element find(final Index index) {
        return single != null ? single : elements.get(index);
    }

    /**
     * Adds an element before its constructor runs: it counts toward reductions from then on.
     *
     * @return the element.
     */
    Element add(final Element e) {
        if (info.kind() == CollectionInfo.Kind.GROUP) {
            single = e;
        }
        elements.put(e.index, e);
        sorted = null;
        return e;
    }

    /** @return the elements in index order (the caller must not modify the array). */
    Element[] inIndexOrder() {
        Element[] s = sorted;
        if (s == null) {
            s = elements.values().toArray(new Element[0]);
            java.util.Arrays.sort(s, (a, b) -> a.index.compareTo(b.index));
            sorted = s;
        }
        return s;
    }

    /** @return the contributions (local elements and live children) each reduction of a collection that cannot
     *     migrate waits for here. */
    int expectedContributions() {
        return elements.size() + liveChildren;
    }

    /** Removes an element that migrates away. */
    void remove(final Element e) {
        elements.remove(e.index);
        sorted = null;
    }

    /** @return the elements of the whole collection (for the root's reductions), once known. */
    int totalElements() {
        final int n = info.subtreeCount(Topology.ROOT);
        return n >= 0 ? n : censusCount + censusLocal;
    }

    /** For sparse arrays at the root: elements it held when its census completed. */
    int censusLocal;
}
