package org.charm4j.runtime;

import org.charm4j.ArrayMap;
import org.charm4j.Chare;
import org.charm4j.Index;

/**
 * Creation of collections and insertion of elements, for generated proxies. Creation returns at once: the elements
 * are built on their PEs as the creation message reaches them, and calls that arrive earlier wait for them.
 *
 * <p>Threading: any thread.
 */
public final class Proxies {
    private Proxies() {
    }

    /**
     * @param chare the chare class.
     * @param ctor  the constructor call each element runs.
     * @return the new group.
     */
    public static CollectionInfo newGroup(final Class<? extends Chare> chare, final ConstructorCall ctor) {
        return create(CollectionInfo.Kind.GROUP, chare, null, null, ctor);
    }

    /**
     * @param chare the chare class.
     * @param pes   the PEs that get an element (element [pe] on PE pe), in any order.
     * @param ctor  the constructor call each element runs.
     * @return the new group.
     * @throws IllegalArgumentException if {@code pes} is empty, has a PE twice or one outside the job.
     */
    public static CollectionInfo newGroupOn(final Class<? extends Chare> chare, final int[] pes,
                                            final ConstructorCall ctor) {
        return create(CollectionInfo.Kind.GROUP, chare, null, new GroupPes(pes, Node.current().numPes()), ctor);
    }

    /**
     * @param chare the chare class.
     * @param shape 1 to 6 dimensions, each at least 1.
     * @param map   the placement, or {@code null} for {@link ArrayMap#block()}.
     * @param ctor  the constructor call each element runs.
     * @return the new dense array.
     */
    public static CollectionInfo newArray(final Class<? extends Chare> chare, final int[] shape, final ArrayMap map,
                                          final ConstructorCall ctor) {
        if (shape.length < 1 || shape.length > Index.MAX_DIMS) {
            throw new IllegalArgumentException("an array has 1 to " + Index.MAX_DIMS + " dimensions, not "
                + shape.length);
        }
        for (final int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("array dimensions must be at least 1: "
                    + java.util.Arrays.toString(shape));
            }
        }
        return create(CollectionInfo.Kind.ARRAY, chare, Index.of(shape), map == null ? ArrayMap.block() : map, ctor);
    }

    /**
     * @param chare the chare class.
     * @param map   the placement of inserted elements, or {@code null} for the default.
     * @return the new sparse array, empty until {@link #insert}s, closed by {@link #doneInserting}.
     */
    public static CollectionInfo newSparseArray(final Class<? extends Chare> chare, final ArrayMap map) {
        return create(CollectionInfo.Kind.SPARSE_ARRAY, chare, null, map == null ? ArrayMap.block() : map, null);
    }

    /**
     * @param chare the chare class.
     * @param pe    the PE to create it on, or -1 for the next PE round-robin.
     * @param ctor  the constructor call.
     * @return the collection of the single chare (its element is [0]).
     */
    public static CollectionInfo newChare(final Class<? extends Chare> chare, final int pe,
                                          final ConstructorCall ctor) {
        final Node node = Node.current();
        if (pe < -1 || pe >= node.numPes()) {
            throw new IllegalArgumentException("cannot create a " + chare.getSimpleName() + " on PE " + pe
                + ": the job has PEs 0 to " + (node.numPes() - 1));
        }
        final int where = pe >= 0 ? pe : node.nextChareRoundRobin();
        return create(CollectionInfo.Kind.CHARE, chare, Index.of(1), (i, s, n) -> where, ctor);
    }

    private static CollectionInfo create(final CollectionInfo.Kind kind, final Class<? extends Chare> chare,
                                         final Index shape, final ArrayMap map, final ConstructorCall ctor) {
        final Node node = Node.current();
        final CollectionInfo info = new CollectionInfo(node, node.newId(), kind, chare, shape, map);
        node.register(info);
        node.send(Topology.ROOT, new Create(info, ctor));
        return info;
    }

    /**
     * Inserts an element into a sparse array, on its home PE.
     *
     * @param info  a sparse array.
     * @param index the new element's index.
     * @param ctor  its constructor call.
     */
    public static void insert(final CollectionInfo info, final Index index, final ConstructorCall ctor) {
        if (info.kind() != CollectionInfo.Kind.SPARSE_ARRAY) {
            throw new IllegalStateException("insert() is for sparse arrays (newSparseArray()); " + info
                + " was created whole");
        }
        info.node.send(info.homePe(index), new Insert(info, index, ctor));
    }

    /**
     * Ends insertions into a sparse array: from then on its reductions can complete, and broadcasts sent before
     * reach every inserted element.
     *
     * @param info a sparse array.
     */
    public static void doneInserting(final CollectionInfo info) {
        if (info.kind() != CollectionInfo.Kind.SPARSE_ARRAY) {
            throw new IllegalStateException("doneInserting() is for sparse arrays; " + info + " was created whole");
        }
        info.node.send(Topology.ROOT, new DoneInserting(info));
    }

    /** Creates a collection's part on every PE. */
    static final class Create extends TreeBroadcast {
        final CollectionInfo info;
        final ConstructorCall ctor;

        Create(final CollectionInfo info, final ConstructorCall ctor) {
            this.info = info;
            this.ctor = ctor;
        }

        @Override
        TreeBroadcast copyForChild() {
            return new Create(info, ctor == null ? null : ctor.copy());
        }

        @Override
        WireKind wireKind() {
            return WireKinds.CREATE;
        }

        @Override
        void deliverHere(final Pe pe) {
            if (info.local(pe.id()) == null) {
                pe.createLocal(info, ctor);
            }
        }
    }

    /** Inserts one element of a sparse array on its PE. */
    static final class Insert extends Message {
        final CollectionInfo info;
        final Index index;
        final ConstructorCall ctor;

        Insert(final CollectionInfo info, final Index index, final ConstructorCall ctor) {
            this.info = info;
            this.index = index;
            this.ctor = ctor;
        }

        @Override
        protected void deliver(final Pe pe) {
            pe.insertLocal(info, index, ctor);
        }

        @Override
        WireKind wireKind() {
            return WireKinds.INSERT;
        }
    }

    /** Tells every PE that a sparse array's insertions are over. */
    static final class DoneInserting extends TreeBroadcast {
        final CollectionInfo info;

        DoneInserting(final CollectionInfo info) {
            this.info = info;
        }

        @Override
        TreeBroadcast copyForChild() {
            return new DoneInserting(info);
        }

        @Override
        WireKind wireKind() {
            return WireKinds.DONE_INSERTING;
        }

        @Override
        void deliverHere(final Pe pe) {
            pe.doneInsertingLocal(info);
        }
    }
}
