package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.charm4j.Chare;

/**
 * The calls one element holds until their {@code @When} conditions hold. Tag-matched calls ({@code param ==
 * this.field}) are kept by entry method and tag, so finding the one that may run costs a map lookup however many are
 * held; other calls are checked in arrival order.
 *
 * <p>Threading: the element's PE only.
 */
final class HeldCalls {
    /**
     * Tag-matched calls of one entry method, by tag: each tag's calls form a chain in arrival order through
     * {@link EntryMessage#heldNext}, its first call in the map (with the chain's last in its {@code heldLast}).
     */
    private static final class ByTag {
        final EntryMessage sample;
        // java.util.HashMap, not an open-addressing long map: tags are often consecutive, which makes linear probing
        // with an identity hash remove in time proportional to the cluster (measured: quadratic at 100 000 held)
        final HashMap<Long, EntryMessage> byTag = new HashMap<>();

        ByTag(final EntryMessage sample) {
            this.sample = sample;
        }

        void add(final EntryMessage m) {
            final long key = m.heldKey();
            final EntryMessage first = byTag.get(key);
            m.heldNext = null;
            if (first == null) {
                m.heldLast = m;
                byTag.put(key, m);
            } else {
                first.heldLast.heldNext = m;
                first.heldLast = m;
            }
        }

        /** @return the first call of that tag, removed, or null. */
        EntryMessage poll(final long key) {
            final EntryMessage first = byTag.get(key);
            if (first == null) {
                return null;
            }
            final EntryMessage next = first.heldNext;
            if (next == null) {
                byTag.remove(key);
            } else {
                next.heldLast = first.heldLast;
                byTag.put(key, next);
            }
            first.heldNext = null;
            first.heldLast = null;
            return first;
        }
    }

    private final HashMap<Integer, ByTag> tagged = new HashMap<>(4);
    /** The tagged groups in a list too, to check without iterating a map. */
    private final ArrayList<ByTag> taggedList = new ArrayList<>(4);
    private final ArrayList<EntryMessage> other = new ArrayList<>();
    private int size;
    /** Held broadcasts whose caller waits for them ({@code whenDone()}, {@code gather()}): they keep the element. */
    private int replies;
    /** The failure of the last condition {@link #takeReady} checked, or null. */
    Throwable failure;

    /** @return how many calls are held. */
    int size() {
        return size;
    }

    /** @return whether a held broadcast's caller waits for it. */
    boolean holdsBroadcastReplies() {
        return replies > 0;
    }

    void hold(final EntryMessage m) {
        size++;
        if (m.reply != null && ((m.flags & EntryMessage.BROADCAST) != 0 || m.sectionPe >= 0)) {
            replies++;
        }
        if (m.keyed()) {
            ByTag t = tagged.get(m.entryId());
            if (t == null) {
                t = new ByTag(m);
                tagged.put(m.entryId(), t);
                taggedList.add(t);
            }
            t.add(m);
        } else {
            other.add(m);
        }
    }

    /**
     * Takes a call whose condition holds now: a tag-matched one first, then the earliest other one. If a condition
     * throws, that call is taken and {@link #failure} says why.
     *
     * @param chare the element's chare.
     * @return the call, or null if none may run.
     */
    EntryMessage takeReady(final Chare chare) {
        failure = null;
        for (int i = 0; i < taggedList.size(); i++) {
            final ByTag t = taggedList.get(i);
            final long key;
            try {
                key = t.sample.chareKey(chare);
            } catch (final Throwable e) {
                failure = e;
                return taken(pollAny(t));
            }
            final EntryMessage m = t.poll(key);
            if (m != null) {
                return taken(m);
            }
        }
        for (int i = 0; i < other.size(); i++) {
            final EntryMessage m = other.get(i);
            boolean ready;
            try {
                ready = m.ready(chare);
            } catch (final Throwable e) {
                failure = e;
                ready = true;
            }
            if (ready) {
                other.remove(i);
                return taken(m);
            }
        }
        return null;
    }

    private static EntryMessage pollAny(final ByTag t) {
        return t.poll(t.byTag.keySet().iterator().next());
    }

    private EntryMessage taken(final EntryMessage m) {
        size--;
        if (m.reply != null && ((m.flags & EntryMessage.BROADCAST) != 0 || m.sectionPe >= 0)) {
            replies--;
        }
        return m;
    }

    /** @return every held call, removed, the tagged ones by tag then the others in arrival order. */
    List<EntryMessage> takeAll() {
        final List<EntryMessage> all = new ArrayList<>(size);
        for (final ByTag t : taggedList) {
            for (final long key : new java.util.ArrayList<>(t.byTag.keySet())) {
                for (EntryMessage m = t.poll(key); m != null; m = t.poll(key)) {
                    all.add(m);
                }
            }
        }
        all.addAll(other);
        tagged.clear();
        taggedList.clear();
        other.clear();
        size = 0;
        replies = 0;
        return all;
    }

    /** @return a few held calls, for a report of what a job was waiting on. */
    String describe(final int max) {
        final StringBuilder b = new StringBuilder();
        int n = 0;
        for (final ByTag t : taggedList) {
            for (final long key : t.byTag.keySet()) {
                if (n++ < max) {
                    b.append(n > 1 ? ", " : "").append(t.sample.entryName()).append(" tag ").append(key);
                }
            }
        }
        for (final EntryMessage m : other) {
            if (n++ < max) {
                b.append(n > 1 ? ", " : "").append(m.entryName());
            }
        }
        return b.append(n > max ? ", …" : "").toString();
    }
}
