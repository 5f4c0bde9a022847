package org.charm4j.runtime;

import java.util.ArrayList;
import org.charm4j.Index;
import org.charm4j.Reducer;

/**
 * A reduction's partial result on one PE: the contributions of its local elements and of its tree children so far.
 * Once complete it travels to the parent PE as a message; at the root it goes to the target.
 *
 * <p>Primitive values are kept in {@code l} (int, long, boolean) or {@code d} (float, double), unboxed.
 *
 * <p>Threading: owned by one PE at a time.
 */
final class Partial extends Message {
    static final byte NONE = 0;
    static final byte INT = 1;
    static final byte LONG = 2;
    static final byte FLOAT = 3;
    static final byte DOUBLE = 4;
    static final byte BOOLEAN = 5;
    static final byte OBJECT = 6;
    static final byte GATHER = 7;
    static final String[] TYPE_NAMES = {"no value", "int", "long", "float", "double", "boolean", "object", "gather"};

    final CollectionInfo info;
    /** For a section's reduction: the section (then {@link #info} is its first part); null for a collection's. */
    Section section;
    /** For a section's reduction: the part of {@link #firstIndex}. */
    int firstPart;
    long key;
    Reducer reducer;
    byte type = -1;
    long l;
    double d;
    Object o;
    ArrayList<Gathered> gathered;
    /** For the future of a broadcast: the elements whose entry method threw, or null. */
    ArrayList<Failure> failures;
    Object target;
    /** Values merged here: local contributions and children's partials. */
    int count;
    /** The elements whose contributions this partial holds (what the root counts for a migratable collection). */
    int contributors;
    /** Local elements that still owe this reduction here (for a migratable collection, or a broadcast's future). */
    int owing;
    /** For a broadcast's future: whether this PE delivered the broadcast (so {@link #owing} is known). */
    boolean owingKnown;
    /** For a broadcast's future: children's partials merged so far. */
    int children;
    /**
     * A broadcast's future: this partial holds only elements that arrived late here (having missed the broadcast
     * where they were) after this PE's own partial had gone; it goes straight to the root, which counts elements.
     */
    boolean late;
    /** The first contributor, named in errors. */
    Index firstIndex;
    /** For the type name of objects in errors. */
    String objectType;

    Partial(final CollectionInfo info, final long key) {
        this.info = info;
        this.key = key;
    }

    /** Makes this (delivered) partial ready to serve reduction {@code newKey} of the same collection. */
    Partial reuse(final long newKey) {
        key = newKey;
        reducer = null;
        type = -1;
        l = 0;
        d = 0;
        o = null;
        gathered = null;
        failures = null;
        target = null;
        count = 0;
        contributors = 0;
        owing = 0;
        owingKnown = false;
        children = 0;
        late = false;
        firstIndex = null;
        firstPart = 0;
        objectType = null;
        return this;
    }

    String typeName() {
        return type == OBJECT ? objectType : type < 0 ? "nothing" : TYPE_NAMES[type];
    }

    @Override
    WireKind wireKind() {
        return section == null ? WireKinds.PARTIAL : WireKinds.SECTION_PARTIAL;
    }

    @Override
    protected void deliver(final Pe pe) {
        pe.reductions.mergeChild(this);
    }

    /** An element whose entry method threw, in a broadcast with a future: the exception names the PE and element. */
    record Failure(Index index, String entry, Throwable error) {
    }

    /**
     * One gathered contribution and its element's index (and, in a section of several collections, its part).
     *
     * @param index the element's index.
     * @param value its value.
     * @param part  its collection's part number in the section; 0 otherwise.
     */
    record Gathered(Index index, Object value, int part) {
        /** Section order: by part, then by index. */
        static final java.util.Comparator<Gathered> ORDER =
            java.util.Comparator.comparingInt(Gathered::part).thenComparing(Gathered::index);

        Gathered(final Index index, final Object value) {
            this(index, value, 0);
        }
    }
}
