package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Per-sender order of the calls to one element of a migratable array. Each sending PE numbers its calls to an element
 * 1, 2, 3, … ({@link Location.Route#sent}); the element runs them in that order, whatever route each took: a call
 * forwarded along an element's old places can arrive after a later one sent directly to its new place (an element
 * that moves away and back, or moves on while a forwarded call is in flight), and then the later one waits here
 * until the earlier one comes. This state travels with the element when it migrates; calls that wait here are sent
 * after it.
 *
 * <p>The senders are kept in a small open-addressed table (an element typically hears from a few PEs).
 *
 * <p>Threading: the element's PE only.
 */
final class CallOrder {
    /** Sender PE + 1 per slot, 0 for an empty slot. */
    private int[] senders = new int[8];
    /** The number of the next call expected from the sender in the same slot. */
    private int[] next = new int[8];
    private int size;
    /** Calls that came before an earlier call of their sender, by {@link #key}. */
    private HashMap<Long, EntryMessage> early;

    /** {@link #accept} results. */
    static final int IN_ORDER = 1;
    static final int EARLY = 0;
    static final int REPEATED = -1;

    /**
     * @param m a numbered call that reached the element.
     * @return {@link #IN_ORDER} if it is its sender's next call (the expected number advances), {@link #EARLY} if an
     *     earlier call of its sender has not come yet (it waits here), {@link #REPEATED} if its number was run
     *     before (a runtime fault).
     */
    int accept(final EntryMessage m) {
        final int slot = slot(m.srcPe);
        final int expected = next[slot];
        if (m.seq == expected) {
            next[slot] = expected + 1;
            return IN_ORDER;
        }
        if (m.seq < expected) {
            return REPEATED;
        }
        if (early == null) {
            early = new HashMap<>();
        }
        return early.putIfAbsent(key(m.srcPe, m.seq), m) == null ? EARLY : REPEATED;
    }

    /** @return the number of the next call expected from that sender. */
    int expected(final int srcPe) {
        return next[slot(srcPe)];
    }

    /** @return whether calls wait here for earlier ones. */
    boolean hasEarly() {
        return early != null && !early.isEmpty();
    }

    /**
     * @param srcPe a sender.
     * @return its next call if it waits here (the expected number advances), else null.
     */
    EntryMessage takeNext(final int srcPe) {
        if (early == null || early.isEmpty()) {
            return null;
        }
        final int slot = slot(srcPe);
        final EntryMessage m = early.remove(key(srcPe, next[slot]));
        if (m != null) {
            next[slot]++;
        }
        return m;
    }

    /** @return the calls waiting here, in sender then number order; none wait here afterwards. */
    List<EntryMessage> takeEarly() {
        if (early == null || early.isEmpty()) {
            return List.of();
        }
        final ArrayList<Long> keys = new ArrayList<>(early.keySet());
        keys.sort(null);
        final ArrayList<EntryMessage> out = new ArrayList<>(keys.size());
        for (final Long k : keys) {
            out.add(early.get(k));
        }
        early.clear();
        return out;
    }

    /** @return the senders and their next expected numbers, in pairs (to travel with a migrating element). */
    int[] state() {
        final int[] s = new int[2 * size];
        int j = 0;
        for (int i = 0; i < senders.length; i++) {
            if (senders[i] != 0) {
                s[j++] = senders[i] - 1;
                s[j++] = next[i];
            }
        }
        return s;
    }

    /**
     * @param state pairs from {@link #state()}.
     * @return the order of an element that arrives with that state.
     */
    static CallOrder of(final int[] state) {
        final CallOrder o = new CallOrder();
        for (int i = 0; i < state.length; i += 2) {
            final int slot = o.slot(state[i]);   // may grow the table: index it after
            o.next[slot] = state[i + 1];
        }
        return o;
    }

    private static long key(final int srcPe, final int seq) {
        return (long) srcPe << 32 | (seq & 0xffffffffL);
    }

    /** @return the slot of that sender, adding it (expecting call 1) if new. */
    private int slot(final int srcPe) {
        final int k = srcPe + 1;
        int mask = senders.length - 1;
        int i = mix(k) & mask;
        while (true) {
            final int s = senders[i];
            if (s == k) {
                return i;
            }
            if (s == 0) {
                if (2 * (size + 1) > senders.length) {
                    grow();
                    mask = senders.length - 1;
                    i = mix(k) & mask;
                    continue;
                }
                senders[i] = k;
                next[i] = 1;
                size++;
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        final int[] oldSenders = senders;
        final int[] oldNext = next;
        senders = new int[oldSenders.length * 2];
        next = new int[oldNext.length * 2];
        final int mask = senders.length - 1;
        for (int j = 0; j < oldSenders.length; j++) {
            final int k = oldSenders[j];
            if (k != 0) {
                int i = mix(k) & mask;
                while (senders[i] != 0) {
                    i = (i + 1) & mask;
                }
                senders[i] = k;
                next[i] = oldNext[j];
            }
        }
    }

    private static int mix(final int k) {
        return k * 0x9E3779B9 >>> 7;
    }
}
