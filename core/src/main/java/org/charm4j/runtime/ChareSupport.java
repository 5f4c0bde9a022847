package org.charm4j.runtime;

import org.charm4j.Index;
import org.charm4j.Reducer;

/**
 * What {@link org.charm4j.Chare} asks of the runtime: its identity at construction, and its contributions to
 * reductions, each made on the chare's own PE.
 *
 * <p>Threading: the chare's PE only (checked).
 */
public final class ChareSupport {
    private ChareSupport() {
    }

    /**
     * @return the record of the chare being constructed on this thread.
     * @throws IllegalStateException if no chare is being constructed by the runtime here.
     */
    public static Element attach() {
        final Pe pe = Node.currentPe();
        final Element e = pe == null ? null : pe.takeConstructing();
        if (e == null) {
            throw new IllegalStateException("a chare is created through its generated proxy (for a class Foo: "
                + "FooProxy.newGroup(), FooProxy.newArray(n), FooProxy.newSparseArray() then insert(...), "
                + "FooProxy.newChare()), not with 'new'");
        }
        return e;
    }

    /**
     * @param e a chare's record.
     * @return its index.
     */
    public static Index index(final Element e) {
        return e.index;
    }

    /**
     * @param e a chare's record.
     * @return the generated proxy of its collection, made once per element.
     */
    public static org.charm4j.Proxy collectionProxy(final Element e) {
        org.charm4j.Proxy p = e.collectionProxy;
        if (p == null) {
            p = ChareTypes.collectionProxy(e.info);
            e.collectionProxy = p;
        }
        return p;
    }

    /**
     * @param e a chare's record.
     * @return its collection.
     */
    public static CollectionInfo collection(final Element e) {
        return e.info;
    }

    private static Reductions reductions(final Element e, final Reducer r) {
        final Pe pe = e.local.pe;
        if (Node.currentPe() != pe) {
            throw new IllegalStateException("contribute() was called for " + e + " outside its entry methods (from "
                + Thread.currentThread().getName() + "); contribute from the chare's own entry methods");
        }
        if (r == null) {
            throw new NullPointerException("reducer");
        }
        return pe.reductions;
    }

    /**
     * @param e      the contributor.
     * @param r      must be {@link Reducer#NOP}.
     * @param target a {@link org.charm4j.Callback} or a {@link org.charm4j.Target}.
     */
    public static void contribute(final Element e, final Reducer r, final Object target) {
        reductions(e, r).contributeNone(e, r, target);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final int v, final Reducer r, final Object target) {
        reductions(e, r).contributeLong(e, v, Partial.INT, r, target);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final long v, final Reducer r, final Object target) {
        reductions(e, r).contributeLong(e, v, Partial.LONG, r, target);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final boolean v, final Reducer r, final Object target) {
        reductions(e, r).contributeLong(e, v ? 1 : 0, Partial.BOOLEAN, r, target);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final float v, final Reducer r, final Object target) {
        reductions(e, r).contributeDouble(e, v, Partial.FLOAT, r, target);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final double v, final Reducer r, final Object target) {
        reductions(e, r).contributeDouble(e, v, Partial.DOUBLE, r, target);
    }

    /**
     * @param e      the contributor.
     * @param v      the value (taken: arrays are copied or moved).
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contributeObject(final Element e, final Object v, final Reducer r, final Object target) {
        reductions(e, r).contributeObject(e, v, r, target);
    }
}
