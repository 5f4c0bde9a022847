package org.charm4j.runtime;

import org.charm4j.Index;

/**
 * Location management (Charm++'s {@code CkLocMgr}): every array element has a home PE (its map's choice), which keeps
 * a record of where the element is; a PE that no longer holds an element forwards messages for it, and tells the
 * sender's PE where it went; that PE's location cache then sends there directly. A message of this class carries
 * one of those facts:
 *
 * <ul>
 *   <li>{@link #UPDATE} to a sender's PE: the element is at {@code pe} (as far as the forwarder knows);</li>
 *   <li>{@link #HOME} to the element's home: it arrived at {@code pe} after its {@code moves}-th move;</li>
 *   <li>{@link #FENCE} routed to the element like a call, from {@code srcPe}: once it reaches the element it comes
 *       back as {@link #ACK}; the sender holds its calls to the element meanwhile, so calls sent before the fence
 *       (on the old route) and after it (direct) cannot overtake each other: per-sender order holds across moves;</li>
 *   <li>{@link #ACK} to {@code srcPe}: the element is at {@code pe}; send the held calls there.</li>
 * </ul>
 *
 * <p>Threading: owned by one PE at a time.
 */
final class Location extends Message {
    static final byte UPDATE = 1;
    static final byte HOME = 2;
    static final byte FENCE = 3;
    static final byte ACK = 4;

    final CollectionInfo info;
    final Index index;
    final byte what;
    final int pe;
    final int moves;
    final int srcPe;

    Location(final CollectionInfo info, final Index index, final byte what, final int pe, final int moves,
             final int srcPe) {
        this.info = info;
        this.index = index;
        this.what = what;
        this.pe = pe;
        this.moves = moves;
        this.srcPe = srcPe;
    }

    @Override
    WireKind wireKind() {
        return WireKinds.LOCATION;
    }

    @Override
    protected void deliver(final Pe p) {
        p.location(this);
    }

    /** A sender's cache entry: where it sends calls for one element, and the calls it holds during a fence. */
    static final class Route {
        int pe;
        int moves;
        /** Calls held until the fence's ACK, in order; null when none is under way. */
        java.util.ArrayList<EntryMessage> held;

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
