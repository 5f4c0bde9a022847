package org.charm4j.runtime;

import org.charm4j.Index;

/**
 * Location management (Charm++'s {@code CkLocMgr}): every array element has a home PE (its map's choice), which keeps
 * a record of where the element is; a PE that no longer holds an element forwards messages for it, and tells the
 * sender's PE where it went; that PE's location cache then sends there directly. Per-sender order does not depend on
 * the route a call takes: calls are numbered per sender and element and run in that order ({@link CallOrder}). A
 * message of this class carries one of those facts:
 *
 * <ul>
 *   <li>{@link #UPDATE} to a sender's PE: the element is at {@code pe} (as far as the forwarder knows);</li>
 *   <li>{@link #HOME} to the element's home: it arrived at {@code pe} after its {@code moves}-th move.</li>
 * </ul>
 *
 * <p>Threading: owned by one PE at a time.
 */
final class Location extends Message {
    static final byte UPDATE = 1;
    static final byte HOME = 2;

    final CollectionInfo info;
    final Index index;
    final byte what;
    final int pe;
    final int moves;

    Location(final CollectionInfo info, final Index index, final byte what, final int pe, final int moves) {
        this.info = info;
        this.index = index;
        this.what = what;
        this.pe = pe;
        this.moves = moves;
    }

    @Override
    WireKind wireKind() {
        return WireKinds.LOCATION;
    }

    @Override
    protected void deliver(final Pe p) {
        p.location(this);
    }

    /** A sender PE's cache entry for one element: where it sends calls, and how many it sent (their numbers). */
    static final class Route {
        int pe;
        int moves;
        /** Calls this PE sent to the element so far: the last one's {@link EntryMessage#seq}. */
        int sent;

        Route(final int pe) {
            this.pe = pe;
        }
    }

    /** Where an element went from here (or, at its home, where it is). */
    static final class Away {
        int pe;
        int moves;

        Away(final int pe, final int moves) {
            this.pe = pe;
            this.moves = moves;
        }
    }
}
