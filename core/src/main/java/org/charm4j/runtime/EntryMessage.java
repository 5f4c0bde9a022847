package org.charm4j.runtime;

import org.charm4j.Chare;
import org.charm4j.Future;
import org.charm4j.Index;

/**
 * A call of one entry method: the header (collection, element index, flags, reply future) and, in the generated
 * subclass, the arguments as typed fields, so primitives travel unboxed. The generated {@link #invoke} calls the
 * chare's method directly: no reflection.
 *
 * <p>Threading: built by the caller, then owned by the destination PE.
 */
public abstract class EntryMessage extends Message {
    /** Deliver to every element (sent to the tree root, then down the tree). */
    public static final int BROADCAST = 1;
    /** A broadcast that was already passed on to this PE's tree children. */
    static final int FORWARDED = 2;
    /** A broadcast whose future completes once every element ran it. */
    public static final int WHEN_DONE = 4;
    /** A broadcast whose future gathers every element's result in index order. */
    public static final int GATHER = 8;
    /** Forwarded by a PE that did not hold the element (for the counters of tests and debugging). */
    static final int FORWARDED_TO_ELEMENT = 16;
    /**
     * A call its element held for its {@code @When} condition, sent on where the element migrated: it goes straight
     * to the element (its call order and broadcast number were counted where it was first delivered).
     */
    static final int HELD = 32;
    /**
     * A call on a section on its way down the section's tree ({@link Section.Plan}): each PE passes it to its
     * children and delivers it to the members whose home it is. Member calls carry the section without this flag.
     */
    static final int MULTICAST = 64;
    /** It carries a {@link #traceId} (a {@code +trace} run). */
    static final int TRACED = 128;
    /**
     * Its arguments are the receivers' already (taken at the send, read from the wire, or copied from such a call:
     * a section member's call, a broadcast's copy), so that {@link Node#sendCall} does not copy them again.
     */
    static final int TAKEN = 256;

    CollectionInfo info;
    Index index;
    int flags;
    Future<Object> reply;
    /** The PE that sent it (whose location cache learns where the element is), or -1 from outside the PEs. */
    int srcPe = -1;
    /**
     * Its number among the calls from {@link #srcPe} to its element (1, 2, …) when the element may migrate, so that
     * it runs in sender order whatever route it took ({@link CallOrder}); 0 when unnumbered.
     */
    int seq;
    /**
     * What few calls carry ({@link #replyKey()}, {@link #traceId()}), or null: kept out of the message, which every
     * call allocates, so that it is 16 bytes smaller (72 instead of 88 with one argument).
     */
    private Rare rare;
    /** The section of a section call (the multicast and each member's call), else null. */
    Section section;
    /**
     * For a member's call of a section call with a future: the PE whose partial of that future counted it when the
     * multicast delivered it there; -1 when it was forwarded (it then reports straight to the section's root).
     */
    int sectionPe = -1;
    /** The next call of the same tag while its element holds it for a {@code @When} condition ({@link HeldCalls}). */
    EntryMessage heldNext;
    /** In the first held call of a tag: the last one. */
    EntryMessage heldLast;

    /** For generated subclasses. */
    protected EntryMessage() {
    }

    /**
     * Calls the entry method on {@code target} with this message's arguments.
     *
     * @param target the chare, of the generated class's chare type.
     * @return the method's result, or {@code null} for a void method.
     * @throws Exception whatever the method throws.
     */
    protected abstract Object invoke(Chare target) throws Exception;

    /**
     * @return a new message with the same entry method and copies of the arguments that a receiver could modify
     *     (arrays, objects), for another element of a broadcast. The header is copied by the runtime.
     */
    protected abstract EntryMessage copyArguments();

    /** @return the entry method's id: its rank among its chare's entry methods in signature order. */
    public abstract int entryId();

    /**
     * Writes the arguments, for a message that leaves the process.
     *
     * @param out where to write.
     */
    protected abstract void writeArguments(WireOut out);

    /** @return the entry method, as {@code Chare.method(type, ...)}. */
    public abstract String entryName();

    /**
     * Takes the arguments for a receiver in this process, at the send: replaces each that the sender could still
     * change by {@code Args.copy} of it (arrays cloned, off-heap arrays moved, objects deep-copied). A call to
     * another process skips this: it is serialized at once, which is a copy. Generated for calls with such
     * arguments; called once, by the runtime ({@link #TAKEN}).
     */
    protected void takeArguments() {
    }

    /** @return whether the method is {@code @Threaded}. */
    protected boolean threaded() {
        return false;
    }

    /** @return whether the method has a {@code @When} condition (generated). */
    protected boolean conditional() {
        return false;
    }

    /**
     * @param target the chare, of the generated class's chare type.
     * @return whether the {@code @When} condition holds for this call now (generated).
     */
    protected boolean ready(final Chare target) {
        return true;
    }

    /** @return whether the condition is the tag match {@code param == this.field} (generated). */
    protected boolean keyed() {
        return false;
    }

    /** @return for a tag match, the argument's tag. */
    protected long heldKey() {
        return 0;
    }

    /**
     * @param target the chare.
     * @return for a tag match, the chare field's value that calls must match.
     */
    protected long chareKey(final Chare target) {
        return 0;
    }

    /** @return the unique id of a WHEN_DONE or GATHER broadcast, naming its reduction; else 0. */
    final long replyKey() {
        final Rare r = rare;
        return r == null ? 0 : r.replyKey;
    }

    /** @param key {@link #replyKey()}. */
    final void replyKey(final long key) {
        if (key != 0 || rare != null) {
            rare().replyKey = key;
        }
    }

    /** @return its flow in a {@code +trace} timeline (sent with flag {@link #TRACED}), or 0. Not copied. */
    final long traceId() {
        final Rare r = rare;
        return r == null ? 0 : r.traceId;
    }

    /** @param id {@link #traceId()}. */
    final void traceId(final long id) {
        if (id != 0 || rare != null) {
            rare().traceId = id;
        }
    }

    private Rare rare() {
        Rare r = rare;
        if (r == null) {
            r = new Rare();
            rare = r;
        }
        return r;
    }

    /** The fields of {@link #rare}. */
    private static final class Rare {
        long replyKey;
        long traceId;
    }

    final EntryMessage copy() {
        final EntryMessage m = copyArguments();
        m.info = info;
        m.index = index;
        m.flags = flags;
        m.reply = reply;
        m.replyKey(replyKey());
        m.srcPe = srcPe;
        m.seq = seq;
        m.section = section;
        m.sectionPe = sectionPe;
        return m;
    }

    @Override
    final WireKind wireKind() {
        return section == null ? WireKinds.ENTRY : WireKinds.SECTION_ENTRY;
    }

    @Override
    protected final void deliver(final Pe pe) {
        if ((flags & HELD) != 0) {
            pe.deliverHeld(this);
        } else if ((flags & MULTICAST) != 0) {
            pe.deliverMulticast(this);
        } else if ((flags & BROADCAST) != 0) {
            pe.deliverBroadcast(this);
        } else {
            pe.deliverToElement(this);
        }
    }
}
