package org.charm4j.runtime;

import org.charm4j.ArrayMap;
import org.charm4j.Chare;
import org.charm4j.Index;

/**
 * What every PE knows of a chare collection: its id, kind, chare class, shape and map, and for dense collections how
 * many elements live under each PE's subtree of the {@link Topology} (what reductions wait for). Immutable but for the
 * per-PE {@link LocalCollection}s, which each PE fills in when it creates its part.
 *
 * <p>Threading: any thread; {@link #local(int)} slots are written by their PE only.
 */
public final class CollectionInfo {
    /** The kinds of collection. */
    public enum Kind {
        /** One element per PE, indexed by PE. */
        GROUP,
        /** A dense array created with its shape. */
        ARRAY,
        /** A sparse array whose elements are inserted, then {@code doneInserting()}. */
        SPARSE_ARRAY,
        /** A single chare on a chosen PE (an array of one element at index [0]). */
        CHARE
    }

    private final long id;
    private final int numPes;
    private final LocalCollection[] locals;
    /**
     * By PE, that PE's location cache as a sender to this collection's elements (null until its first call to a
     * migratable element): where it sends, and how many calls it numbered. Each entry is touched by its PE only.
     */
    private final java.util.HashMap<Index, Location.Route>[] routes;
    final Node node;
    // Set once by resolve(); published to other threads through the PE queues or the registry's lock.
    private Kind kind;
    private Class<? extends Chare> chareClass;
    private Index shape;
    private ArrayMap map;
    private int[] subtreeCount;
    private volatile boolean resolved;
    /** Whether its elements may migrate: arrays of a class that is not {@code @NotMigratable}. */
    private boolean migratable;
    /** The other processes that know this collection's description from this one. */
    private final KnownBy knownBy;

    /** A collection known by id only, until its description arrives from another process. */
    CollectionInfo(final Node node, final long id) {
        this.node = node;
        this.id = id;
        this.numPes = node.numPes();
        this.locals = new LocalCollection[numPes];
        @SuppressWarnings("unchecked")
        final java.util.HashMap<Index, Location.Route>[] r = new java.util.HashMap[numPes];
        this.routes = r;
        this.knownBy = new KnownBy(node.topology().numNodes());
    }

    /** @return the other processes that know this collection's description from this one. */
    KnownBy knownBy() {
        return knownBy;
    }

    CollectionInfo(final Node node, final long id, final Kind kind, final Class<? extends Chare> chareClass,
                   final Index shape, final ArrayMap map) {
        this(node, id);
        resolve(kind, chareClass, shape, map);
    }

    /** Fills in the description (once; later calls with the same description do nothing). */
    synchronized void resolve(final Kind k, final Class<? extends Chare> c, final Index s, final ArrayMap m) {
        if (resolved) {
            return;
        }
        this.kind = k;
        this.chareClass = c;
        this.shape = s;
        this.map = m;
        this.subtreeCount = k == Kind.SPARSE_ARRAY ? null : countSubtrees();
        this.migratable = (k == Kind.ARRAY || k == Kind.SPARSE_ARRAY)
            && !c.isAnnotationPresent(org.charm4j.NotMigratable.class);
        final boolean atSync = USES_AT_SYNC.get(c);
        this.periodic = migratable && !node.options().lbOff() && !atSync && !node.options().balancers().isEmpty();
        this.measured = migratable && !node.options().lbOff() && (atSync || periodic);
        if (measured) {
            node.measuresLoad();
        }
        if (periodic) {
            node.balancesPeriodically(this);
        }
        resolved = true;
    }

    /**
     * Whether the time of its elements' entry methods is measured for load balancing: for migratable arrays whose
     * chare class overrides {@code resumeFromSync()} (it balances with {@code atSync()}, as a Charm++ chare that sets
     * {@code usesAtSync}), unless {@code +LBOff}. Other chares cost no clock reading per entry method.
     */
    volatile boolean measured;

    /**
     * Whether it is balanced periodically, without AtSync (Charm++'s periodic mode): a migratable array whose chare
     * class does not override {@code resumeFromSync()}, in a job given {@code +balancer} (and not {@code +LBOff}).
     */
    private boolean periodic;

    /** @return whether it is balanced every {@code +LBPeriod} seconds without AtSync. */
    boolean periodic() {
        return periodic;
    }

    /** Whether a chare class, below {@link Chare}, declares {@code resumeFromSync()}. */
    private static final ClassValue<Boolean> USES_AT_SYNC = new ClassValue<>() {
        @Override
        protected Boolean computeValue(final Class<?> type) {
            for (Class<?> c = type; c != null && c != Chare.class; c = c.getSuperclass()) {
                try {
                    c.getDeclaredMethod("resumeFromSync");
                    return true;
                } catch (final NoSuchMethodException e) {
                    // not here: look in the superclass
                }
            }
            return false;
        }
    };

    /** @return whether its elements may migrate. */
    boolean migratable() {
        return migratable;
    }

    boolean isResolved() {
        return resolved;
    }

    /** @return the map that places elements (null for groups). */
    ArrayMap map() {
        return map;
    }

    private int[] countSubtrees() {
        final int[] count = new int[numPes];
        if (kind == Kind.GROUP) {
            for (int pe = 0; pe < numPes; pe++) {
                count[pe] = hasGroupMember(pe) ? 1 : 0;
            }
        } else {
            final long n = Maps.size(shape);
            final int[] idx = new int[shape.dims()];
            for (long l = 0; l < n; l++) {
                count[homePe(Index.of(idx))]++;
                for (int d = idx.length - 1; d >= 0 && ++idx[d] == shape.get(d); d--) {
                    idx[d] = 0;
                }
            }
        }
        final Topology topology = node.topology();
        for (int pe = numPes - 1; pe > 0; pe--) {
            count[topology.parent(pe)] += count[pe];
        }
        return count;
    }

    /** @return for a group, whether it has an element on {@code pe} (every PE, unless made on a subset). */
    boolean hasGroupMember(final int pe) {
        return !(map instanceof GroupPes g) || g.has(pe);
    }

    /** @return the collection id, unique in the job. */
    public long id() {
        return id;
    }

    /** @return the kind. */
    public Kind kind() {
        return kind;
    }

    /** @return the chare class. */
    public Class<? extends Chare> chareClass() {
        return chareClass;
    }

    /** @return the shape of a dense array (or [1] for a single chare); {@code null} for groups and sparse arrays. */
    public Index shape() {
        return shape;
    }

    /**
     * @param pe a PE.
     * @return the elements under {@code pe}'s subtree, or -1 when not known in advance (sparse arrays).
     */
    int subtreeCount(final int pe) {
        return subtreeCount == null ? -1 : subtreeCount[pe];
    }

    /**
     * @param pe a PE.
     * @return that PE's part of the collection, or {@code null} before it created it.
     */
    LocalCollection local(final int pe) {
        return locals[pe];
    }

    /**
     * @param pe the sending PE, on its own thread.
     * @param index an element.
     * @return that PE's route to the element, made (to its home) if it had none.
     */
    Location.Route route(final int pe, final Index index) {
        java.util.HashMap<Index, Location.Route> r = routes[pe];
        if (r == null) {
            r = new java.util.HashMap<>();
            routes[pe] = r;
        }
        Location.Route route = r.get(index);
        if (route == null) {
            route = new Location.Route(homePe(index));
            r.put(index, route);
        }
        return route;
    }

    void setLocal(final int pe, final LocalCollection lc) {
        locals[pe] = lc;
    }

    /**
     * @param index an element index (checked).
     * @return the element's home PE.
     */
    public int homePe(final Index index) {
        if (kind == Kind.GROUP) {
            return index.x();
        }
        final int pe = map.pe(index, shape, numPes);
        if (pe < 0 || pe >= numPes) {
            throw new IllegalStateException("the map of " + this + " placed element " + index + " on PE " + pe
                + ", outside [0, " + numPes + ")");
        }
        return pe;
    }

    /**
     * Checks an index against the collection at the caller, before anything is sent.
     *
     * @param index the index.
     * @return {@code index}.
     * @throws IndexOutOfBoundsException naming the collection and its shape.
     */
    public Index checkIndex(final Index index) {
        switch (kind) {
            case GROUP -> {
                if (index.dims() != 1 || index.x() < 0 || index.x() >= numPes) {
                    throw new IndexOutOfBoundsException("group " + this + " has elements [0] to [" + (numPes - 1)
                        + "] (one per PE), not " + index);
                }
                if (!hasGroupMember(index.x())) {
                    throw new IndexOutOfBoundsException("group " + this + " was made on PEs " + map
                        + ", so it has no element " + index);
                }
            }
            case ARRAY, CHARE -> {
                boolean ok = index.dims() == shape.dims();
                for (int d = 0; ok && d < shape.dims(); d++) {
                    ok = index.get(d) >= 0 && index.get(d) < shape.get(d);
                }
                if (!ok) {
                    throw new IndexOutOfBoundsException("index " + index + " is outside " + this + " of shape "
                        + shape);
                }
            }
            case SPARSE_ARRAY -> {
            }
        }
        return index;
    }

    @Override
    public String toString() {
        if (!resolved) {
            return "collection #" + id;
        }
        return chareClass.getSimpleName() + " " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " #" + id;
    }
}
