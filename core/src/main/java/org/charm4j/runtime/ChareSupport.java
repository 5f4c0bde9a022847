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
    /** What the runtime may do to a chare that only {@link org.charm4j.Chare} can: installed by its initializer. */
    public interface Hooks {
        /**
         * @param c a chare that arrived by migration.
         * @param e its new record.
         */
        void bind(org.charm4j.Chare c, Element e);

        /** @param c a chare that arrived: runs its {@code migrated()}. */
        void migrated(org.charm4j.Chare c);

        /** Calls the chare's {@code aboutToMigrate()}. */
        void aboutToMigrate(org.charm4j.Chare c);

        /** @param c a chare: runs its {@code resumeFromSync()}. */
        void resumeFromSync(org.charm4j.Chare c);
    }

    private static volatile Hooks hooks;

    private ChareSupport() {
    }

    /**
     * Called once, by {@link org.charm4j.Chare}'s static initializer.
     *
     * @param h the hooks.
     * @throws IllegalStateException on a second call.
     */
    public static void installHooks(final Hooks h) {
        synchronized (ChareSupport.class) {
            if (hooks != null) {
                throw new IllegalStateException("the chare hooks are installed by org.charm4j.Chare only");
            }
            hooks = h;
        }
    }

    static void bind(final org.charm4j.Chare c, final Element e) {
        hooks.bind(c, e);
    }

    static void migrated(final org.charm4j.Chare c) {
        hooks.migrated(c);
    }

    static void aboutToMigrate(final org.charm4j.Chare c) {
        hooks.aboutToMigrate(c);
    }

    static void resumeFromSync(final org.charm4j.Chare c) {
        hooks.resumeFromSync(c);
    }

    private static Pe ownPe(final Element e, final String what) {
        final Pe pe = Node.currentPe();
        if (e.local == null || pe != e.local.pe) {
            throw new IllegalStateException(what + " was called for " + e.info.chareClass().getSimpleName() + e.index
                + " outside its entry methods (from " + Thread.currentThread().getName() + "); call it from the"
                + " chare's own entry methods");
        }
        return pe;
    }

    /**
     * Moves the element to {@code dest} once the calling entry method returns (and every threaded entry method of it
     * has finished).
     *
     * @param e    the element.
     * @param dest the destination PE.
     */
    public static void migrateMe(final Element e, final int dest) {
        final Pe pe = ownPe(e, "migrateMe()");
        if (!e.migratable()) {
            throw new IllegalStateException("migrateMe(): " + e.info.chareClass().getSimpleName() + e.index + " of "
                + e.info + " cannot migrate (" + (e.info.kind() == CollectionInfo.Kind.ARRAY
                || e.info.kind() == CollectionInfo.Kind.SPARSE_ARRAY ? "its class is @NotMigratable"
                : "only array elements migrate") + ")");
        }
        if (dest < 0 || dest >= pe.node().numPes()) {
            throw new IllegalArgumentException("migrateMe(" + dest + "): the job has PEs 0 to "
                + (pe.node().numPes() - 1));
        }
        if (dest == pe.id()) {
            return;
        }
        final boolean pending = e.migrateTo >= 0;
        e.migrateTo = dest;
        if (!pending && !(pe.currentElement == e && pe.currentMessage != null && pe.currentTask == null)) {
            // not from its own plain entry method (which moves it on return): from a hook or a threaded method
            pe.enqueue(new Pe.MigrateRequest(e));
        }
    }

    /**
     * The element is ready for a balancing step.
     *
     * @param e the element.
     */
    public static void atSync(final Element e) {
        LoadBalancing.atSync(ownPe(e, "atSync()"), e);
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
        reductions(e, r).contributeNone(e, r, target, null);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final int v, final Reducer r, final Object target) {
        reductions(e, r).contributeLong(e, v, Partial.INT, r, target, null);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final long v, final Reducer r, final Object target) {
        reductions(e, r).contributeLong(e, v, Partial.LONG, r, target, null);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final boolean v, final Reducer r, final Object target) {
        reductions(e, r).contributeLong(e, v ? 1 : 0, Partial.BOOLEAN, r, target, null);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final float v, final Reducer r, final Object target) {
        reductions(e, r).contributeDouble(e, v, Partial.FLOAT, r, target, null);
    }

    /**
     * @param e      the contributor.
     * @param v      the value.
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contribute(final Element e, final double v, final Reducer r, final Object target) {
        reductions(e, r).contributeDouble(e, v, Partial.DOUBLE, r, target, null);
    }

    /**
     * @param e      the contributor.
     * @param v      the value (taken: arrays are copied or moved).
     * @param r      the reducer.
     * @param target where the result goes.
     */
    public static void contributeObject(final Element e, final Object v, final Reducer r, final Object target) {
        reductions(e, r).contributeObject(e, v, r, target, null);
    }

    // ------------------------------------------------------------------ sections and allreduce

    /**
     * @param e       the contributor.
     * @param section a section proxy the element is a member of, or its whole collection's proxy.
     * @return the section, or null for the whole collection.
     * @throws IllegalArgumentException if the element is not a member (naming it, the section and the PE).
     */
    private static Section sectionOf(final Element e, final org.charm4j.Proxy section) {
        if (section == null) {
            throw new NullPointerException("section");
        }
        final String who = "PE " + e.local.pe.id() + ": " + e.info.chareClass().getSimpleName() + e.index + " of "
            + e.info;
        if (!(section instanceof CollectionProxy c)) {
            throw new IllegalArgumentException(who + " contributed to " + section + ", an element proxy; name a"
                + " section (or the collection) the element belongs to");
        }
        final Section s = c.section();
        if (s == null) {
            if (c.collection().id() != e.info.id()) {
                throw new IllegalArgumentException(who + " contributed to " + section + ", a collection it does not"
                    + " belong to");
            }
            return null;
        }
        if (!s.contains(e.info, e.index)) {
            throw new IllegalArgumentException(who + " contributed to " + s + ", which it is not a member of");
        }
        return s;
    }

    /**
     * @param e       the contributor.
     * @param r       must be {@link Reducer#NOP}.
     * @param target  where the result goes.
     * @param section the section proxy.
     */
    public static void contribute(final Element e, final Reducer r, final Object target,
                                  final org.charm4j.Proxy section) {
        final Reductions red = reductions(e, r);
        red.contributeNone(e, r, target, sectionOf(e, section));
    }

    /**
     * @param e       the contributor.
     * @param v       the value.
     * @param r       the reducer.
     * @param target  where the result goes.
     * @param section the section proxy.
     */
    public static void contribute(final Element e, final int v, final Reducer r, final Object target,
                                  final org.charm4j.Proxy section) {
        final Reductions red = reductions(e, r);
        red.contributeLong(e, v, Partial.INT, r, target, sectionOf(e, section));
    }

    /**
     * @param e       the contributor.
     * @param v       the value.
     * @param r       the reducer.
     * @param target  where the result goes.
     * @param section the section proxy.
     */
    public static void contribute(final Element e, final long v, final Reducer r, final Object target,
                                  final org.charm4j.Proxy section) {
        final Reductions red = reductions(e, r);
        red.contributeLong(e, v, Partial.LONG, r, target, sectionOf(e, section));
    }

    /**
     * @param e       the contributor.
     * @param v       the value.
     * @param r       the reducer.
     * @param target  where the result goes.
     * @param section the section proxy.
     */
    public static void contribute(final Element e, final boolean v, final Reducer r, final Object target,
                                  final org.charm4j.Proxy section) {
        final Reductions red = reductions(e, r);
        red.contributeLong(e, v ? 1 : 0, Partial.BOOLEAN, r, target, sectionOf(e, section));
    }

    /**
     * @param e       the contributor.
     * @param v       the value.
     * @param r       the reducer.
     * @param target  where the result goes.
     * @param section the section proxy.
     */
    public static void contribute(final Element e, final float v, final Reducer r, final Object target,
                                  final org.charm4j.Proxy section) {
        final Reductions red = reductions(e, r);
        red.contributeDouble(e, v, Partial.FLOAT, r, target, sectionOf(e, section));
    }

    /**
     * @param e       the contributor.
     * @param v       the value.
     * @param r       the reducer.
     * @param target  where the result goes.
     * @param section the section proxy.
     */
    public static void contribute(final Element e, final double v, final Reducer r, final Object target,
                                  final org.charm4j.Proxy section) {
        final Reductions red = reductions(e, r);
        red.contributeDouble(e, v, Partial.DOUBLE, r, target, sectionOf(e, section));
    }

    /**
     * @param e       the contributor.
     * @param v       the value (taken: arrays are copied or moved).
     * @param r       the reducer.
     * @param target  where the result goes.
     * @param section the section proxy.
     */
    public static void contributeObject(final Element e, final Object v, final Reducer r, final Object target,
                                        final org.charm4j.Proxy section) {
        final Reductions red = reductions(e, r);
        red.contributeObject(e, v, r, target, sectionOf(e, section));
    }

    /**
     * Contributes to an allreduce: every contributor's future gets the result (the root sends it to every element of
     * the collection or section, as the runtime's own call).
     *
     * @param e       the contributor.
     * @param v       the value: null for a barrier ({@link Reducer#NOP}), else a boxed primitive or any value.
     * @param r       the reducer.
     * @param section a section proxy the element is a member of, its collection's proxy, or null for its
     *                collection.
     * @param <T>     the result type.
     * @return completes with the result once it arrives here.
     */
    @SuppressWarnings("unchecked")
    public static <T> org.charm4j.Future<T> allreduce(final Element e, final Object v, final Reducer r,
                                                      final org.charm4j.Proxy section) {
        final Reductions red = reductions(e, r);
        final Section s = section == null ? null : sectionOf(e, section);
        final CollectionProxy scope = s == null ? (CollectionProxy) collectionProxy(e)
            : (CollectionProxy) section;
        final long key = s == null ? e.reductionSeq : e.sectionSeq(s.fingerprint);
        final AllreduceTarget.Key name = new AllreduceTarget.Key(s == null ? 0 : s.fingerprint, key);
        final org.charm4j.Future<Object> f = new org.charm4j.Future<>();
        if (e.allreduces == null) {
            e.allreduces = new java.util.HashMap<>();
        }
        e.allreduces.put(name, f);
        final AllreduceTarget target = new AllreduceTarget(scope);
        if (v == null) {
            red.contributeNone(e, r, target, s);
        } else {
            red.contributeObject(e, v, r, target, s);
        }
        return (org.charm4j.Future<T>) (org.charm4j.Future<?>) f;
    }

    /**
     * For {@code Charm.startQuiescence}: asks PE 0 for a quiescence detection.
     *
     * @param target a {@code Future<Void>} or a {@code Callback}.
     */
    public static void startQuiescence(final Object target) {
        Quiescence.start(Node.current(), target);
    }

    /** @return whether a job runs in this JVM ({@code Charm.inJob()}). */
    public static boolean inJob() {
        return Node.currentPe() != null || Node.running() != null;
    }

    /** @return the running job's options ({@code Charm.options()}). */
    public static org.charm4j.Options options() {
        return Node.current().options();
    }

    /**
     * {@code Charm.whenDone}: the calling PE polls {@code work} until it is done, then completes {@code future} or
     * calls {@code then}.
     *
     * @throws IllegalStateException if not called on a PE.
     */
    public static void pollUntilDone(final org.charm4j.Pollable work, final org.charm4j.Future<Void> future,
                                     final org.charm4j.Callback then) {
        final Pe pe = Node.currentPe();
        if (pe == null) {
            throw new IllegalStateException("Charm.whenDone() was called on thread " + Thread.currentThread().getName()
                + ", outside the runtime: call it on a PE (in an entry method, threaded or not), which then polls the"
                + " work between its messages");
        }
        pe.pollUntilDone(work, future, then);
    }
}
