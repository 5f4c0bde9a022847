package org.charm4j;

import org.charm4j.runtime.ChareSupport;
import org.charm4j.runtime.Element;

/**
 * The base class of chares: objects that live on one PE and are called only through their generated proxy
 * ({@code <Class>Proxy}) by asynchronous {@link Entry} methods. A chare belongs to a collection (a Group, an Array,
 * or a single chare); it does not declare which: the proxy's {@code newGroup()}, {@code newArray(...)},
 * {@code newSparseArray()} and {@code newChare(...)} decide.
 *
 * <pre>{@code
 * public class Hello extends Chare {
 *     @Entry public void sayHi(int a, double b, String c) {
 *         System.out.println("Hello from PE " + Charm.myPe() + " vals=[" + a + ", " + b + ", " + c + "]");
 *         contribute(Reducer.NOP, HelloProxy.of(this).at(0)::done);
 *     }
 *     @Entry public void done() { Charm.exit(); }
 * }
 * }</pre>
 *
 * <p>Threading: a chare's methods run on its PE, one at a time; it needs no locks.
 */
public abstract class Chare {
    static {
        ChareSupport.installHooks(new ChareSupport.Hooks() {
            @Override
            public void bind(final Chare c, final Element e) {
                c.element = e;
            }

            @Override
            public void migrated(final Chare c) {
                c.migrated();
            }

            @Override
            public void aboutToMigrate(final Chare c) {
                c.aboutToMigrate();
            }

            @Override
            public void resumeFromSync(final Chare c) {
                c.resumeFromSync();
            }
        });
    }

    /** The runtime's record of this chare: not part of its state (it is rebound when the chare migrates). */
    private transient Element element;

    /**
     * Binds the new chare to the element the runtime is creating.
     *
     * @throws IllegalStateException if called outside the runtime's creation of a chare (with {@code new}).
     */
    protected Chare() {
        this.element = ChareSupport.attach();
    }

    /** @return the runtime's record of this chare now (for {@link Channel}). */
    final Element element() {
        return element;
    }

    // ------------------------------------------------------------------ migration and load balancing

    /**
     * Asks the runtime to move this array element to another PE once the current entry method returns. Its state
     * travels: within a process the object itself moves (nothing is copied); to another process it is packed with
     * Kryo, every field but {@code transient} ones (off-heap arrays travel as attachments, without a copy), or in
     * the chare's own form if it implements {@link com.esotericsoftware.kryo.KryoSerializable}. The constructor
     * does not run again; {@link #migrated()} runs on arrival. Messages sent to it meanwhile are forwarded and
     * arrive exactly once, in order per sender. A {@link Threaded} entry method of this element that is blocked
     * (waiting on a future) holds it in place: the move happens once every such method has finished.
     *
     * @param pe the destination PE; its own PE does nothing.
     * @throws IllegalStateException if the chare is not a migratable array element ({@link NotMigratable}, a group
     *     member, a single chare) or the call is not made on its PE.
     * @throws IllegalArgumentException if {@code pe} is not a PE of the job.
     */
    protected final void migrateMe(final int pe) {
        ChareSupport.migrateMe(element, pe);
    }

    /**
     * Runs on the old PE just before this element leaves it (Charm++'s {@code ckAboutToMigrate()}), before its state is
     * packed: release what {@code transient} fields hold there (device buffers, files, native memory) and put into
     * the serialized fields what must travel. Does nothing by default.
     */
    protected void aboutToMigrate() {
    }

    /**
     * Runs on the new PE after this element migrated, before any message is delivered to it there: rebuild what
     * {@code transient} fields held. Does nothing by default.
     */
    protected void migrated() {
    }

    /**
     * Tells the load balancer that this element is ready for a balancing step (Charm++'s {@code AtSync()}). Once
     * every element of the collection has called it, the runtime gathers their measured loads, runs the
     * {@code +balancer} strategies, migrates elements, then calls {@link #resumeFromSync()} on every element. With
     * {@code +LBOff} it calls {@link #resumeFromSync()} at once. Call it from an entry method, once per step; send
     * nothing to other elements that needs an answer before {@link #resumeFromSync()}.
     */
    protected final void atSync() {
        ChareSupport.atSync(element);
    }

    /** Runs on every element once a balancing step that {@link #atSync()} started is over. Does nothing by default. */
    protected void resumeFromSync() {
    }

    /**
     * Waits, in a {@link Threaded} entry method of this chare, until a condition on its state holds (charm4py's
     * {@code wait(condition)}): the PE runs other entry methods meanwhile, and checks the condition again after each
     * entry method of this chare. Returns at once if it holds already.
     *
     * <pre>{@code
     * @Threaded @Entry public void run() {
     *     for (int i = 0; i < steps; i++) {
     *         sendGhosts();
     *         waitFor(() -> this.received == neighbours);
     *         received = 0;
     *         compute();
     *     }
     * }
     * }</pre>
     *
     * @param condition the condition, read on this chare's PE.
     * @throws IllegalStateException if not called in a threaded entry method of this chare.
     */
    protected final void waitFor(final java.util.function.BooleanSupplier condition) {
        org.charm4j.runtime.ConditionWait.await(this, element, condition);
    }

    /** @return this chare's index in its collection (its PE, for a Group member). */
    public final Index thisIndex() {
        return ChareSupport.index(element);
    }

    /**
     * This chare's collection, as its generated proxy type: {@code HelloProxy p = thisProxy();}. The typed
     * {@code HelloProxy.of(this)} does the same where no assignment gives the type.
     *
     * @param <P> the generated proxy type of this chare's class.
     * @return the proxy of the collection holding this chare.
     */
    @SuppressWarnings("unchecked")
    public final <P extends Proxy> P thisProxy() {
        return (P) ChareSupport.collectionProxy(element);
    }

    /**
     * Contributes to a barrier: once every element of the collection has contributed, {@code target} runs.
     *
     * @param reducer must be {@link Reducer#NOP} (alias {@link Reducer#BARRIER}).
     * @param target  usually an entry method reference, such as {@code HelloProxy.of(this).at(0)::done}.
     */
    protected final void contribute(final Reducer reducer, final Callback target) {
        ChareSupport.contribute(element, reducer, target);
    }

    /**
     * Contributes to a barrier whose completion goes to a future.
     *
     * @param reducer must be {@link Reducer#NOP}.
     * @param target  completes (with {@code null}) once every element has contributed.
     */
    protected final void contribute(final Reducer reducer, final Future<Void> target) {
        ChareSupport.contribute(element, reducer, target);
    }

    /**
     * Contributes an {@code int} (unboxed) to a reduction.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the root PE.
     */
    protected final void contribute(final int value, final Reducer reducer, final IntTarget target) {
        ChareSupport.contribute(element, value, reducer, target);
    }

    /**
     * Contributes a {@code long} (unboxed) to a reduction.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the root PE.
     */
    protected final void contribute(final long value, final Reducer reducer, final LongTarget target) {
        ChareSupport.contribute(element, value, reducer, target);
    }

    /**
     * Contributes a {@code float} (unboxed) to a reduction.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the root PE.
     */
    protected final void contribute(final float value, final Reducer reducer, final FloatTarget target) {
        ChareSupport.contribute(element, value, reducer, target);
    }

    /**
     * Contributes a {@code double} (unboxed) to a reduction.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the root PE.
     */
    protected final void contribute(final double value, final Reducer reducer, final DoubleTarget target) {
        ChareSupport.contribute(element, value, reducer, target);
    }

    /**
     * Contributes a {@code boolean} to a logical reduction ({@link Reducer#AND}, {@link Reducer#OR}).
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the root PE.
     */
    protected final void contribute(final boolean value, final Reducer reducer, final BooleanTarget target) {
        ChareSupport.contribute(element, value, reducer, target);
    }

    /**
     * Contributes any value: a primitive array or off-heap array (combined element by element), a boxed number, a
     * value for {@link Reducer#GATHER} (the target gets a {@code List} ordered by index), or a value of a custom
     * reducer. The reduction takes the value: arrays are copied, off-heap arrays moved.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the root PE; its type must fit the result (checked when it arrives).
     * @param <R>     the result type.
     */
    protected final <R> void contribute(final Object value, final Reducer reducer, final Target<R> target) {
        ChareSupport.contributeObject(element, value, reducer, target);
    }

    // ------------------------------------------------------------------ section reductions

    /**
     * Contributes to a barrier over a section: once every member of {@code section} has contributed, {@code target}
     * runs. Section reductions are numbered per section (each member's n-th contribution to that section belongs to
     * its reduction n), so a chare in two sections can reduce in both at once.
     *
     * @param reducer must be {@link Reducer#NOP}.
     * @param target  usually an entry method reference; {@code section::method} broadcasts the result to the section.
     * @param section a section proxy this chare is a member of (its whole collection's proxy reduces over the
     *                collection).
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final void contribute(final Reducer reducer, final Callback target, final Proxy section) {
        ChareSupport.contribute(element, reducer, target, section);
    }

    /**
     * Contributes to a barrier over a section whose completion goes to a future.
     *
     * @param reducer must be {@link Reducer#NOP}.
     * @param target  completes once every member has contributed.
     * @param section a section proxy this chare is a member of.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final void contribute(final Reducer reducer, final Future<Void> target, final Proxy section) {
        ChareSupport.contribute(element, reducer, target, section);
    }

    /**
     * Contributes an {@code int} (unboxed) to a reduction over a section.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the section's root PE.
     * @param section a section proxy this chare is a member of.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final void contribute(final int value, final Reducer reducer, final IntTarget target,
                                    final Proxy section) {
        ChareSupport.contribute(element, value, reducer, target, section);
    }

    /**
     * Contributes a {@code long} (unboxed) to a reduction over a section.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the section's root PE.
     * @param section a section proxy this chare is a member of.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final void contribute(final long value, final Reducer reducer, final LongTarget target,
                                    final Proxy section) {
        ChareSupport.contribute(element, value, reducer, target, section);
    }

    /**
     * Contributes a {@code float} (unboxed) to a reduction over a section.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the section's root PE.
     * @param section a section proxy this chare is a member of.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final void contribute(final float value, final Reducer reducer, final FloatTarget target,
                                    final Proxy section) {
        ChareSupport.contribute(element, value, reducer, target, section);
    }

    /**
     * Contributes a {@code double} (unboxed) to a reduction over a section.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the section's root PE.
     * @param section a section proxy this chare is a member of.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final void contribute(final double value, final Reducer reducer, final DoubleTarget target,
                                    final Proxy section) {
        ChareSupport.contribute(element, value, reducer, target, section);
    }

    /**
     * Contributes a {@code boolean} to a logical reduction over a section.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the section's root PE.
     * @param section a section proxy this chare is a member of.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final void contribute(final boolean value, final Reducer reducer, final BooleanTarget target,
                                    final Proxy section) {
        ChareSupport.contribute(element, value, reducer, target, section);
    }

    /**
     * Contributes any value to a reduction over a section (as {@link #contribute(Object, Reducer, Target)}).
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param target  receives the result on the section's root PE.
     * @param section a section proxy this chare is a member of.
     * @param <R>     the result type.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final <R> void contribute(final Object value, final Reducer reducer, final Target<R> target,
                                        final Proxy section) {
        ChareSupport.contributeObject(element, value, reducer, target, section);
    }

    // ------------------------------------------------------------------ allreduce

    /**
     * A barrier that every element of this chare's collection learns the end of (charm4py's
     * {@code allreduce()}): the future completes, here, once every element has called it. In a {@link Threaded}
     * entry method, {@code allreduce(Reducer.NOP).get()} waits for it. Allreduces are reductions of the collection:
     * they are numbered with its other contributions, so many can be in flight at once.
     *
     * @param reducer must be {@link Reducer#NOP}.
     * @return completes with {@code null} once every element has contributed.
     */
    protected final Future<Void> allreduce(final Reducer reducer) {
        return ChareSupport.allreduce(element, null, reducer, null);
    }

    /**
     * Reduces an {@code int} over this chare's collection; every element gets the result:
     * {@code int total = allreduce(count, Reducer.SUM).get();} in a {@link Threaded} entry method.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @return completes with the result, on this element's PE.
     */
    protected final Future<Integer> allreduce(final int value, final Reducer reducer) {
        return ChareSupport.allreduce(element, value, reducer, null);
    }

    /**
     * Reduces a {@code long} over this chare's collection; every element gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @return completes with the result.
     */
    protected final Future<Long> allreduce(final long value, final Reducer reducer) {
        return ChareSupport.allreduce(element, value, reducer, null);
    }

    /**
     * Reduces a {@code float} over this chare's collection; every element gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @return completes with the result.
     */
    protected final Future<Float> allreduce(final float value, final Reducer reducer) {
        return ChareSupport.allreduce(element, value, reducer, null);
    }

    /**
     * Reduces a {@code double} over this chare's collection; every element gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @return completes with the result.
     */
    protected final Future<Double> allreduce(final double value, final Reducer reducer) {
        return ChareSupport.allreduce(element, value, reducer, null);
    }

    /**
     * Reduces a {@code boolean} ({@link Reducer#AND}, {@link Reducer#OR}) over this chare's collection; every element
     * gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @return completes with the result.
     */
    protected final Future<Boolean> allreduce(final boolean value, final Reducer reducer) {
        return ChareSupport.allreduce(element, value, reducer, null);
    }

    /**
     * Reduces any value (arrays element by element, {@link Reducer#GATHER} into a list in index order, custom
     * reducers) over this chare's collection; every element gets its own copy of the result.
     *
     * @param value   this element's value (taken: arrays are copied, off-heap arrays moved).
     * @param reducer how values combine.
     * @param <R>     the result type.
     * @return completes with the result.
     */
    protected final <R> Future<R> allreduce(final Object value, final Reducer reducer) {
        return ChareSupport.allreduce(element, value, reducer, null);
    }

    /**
     * A barrier over a section that every member learns the end of.
     *
     * @param reducer must be {@link Reducer#NOP}.
     * @param section a section proxy this chare is a member of.
     * @return completes once every member has contributed.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final Future<Void> allreduce(final Reducer reducer, final Proxy section) {
        return ChareSupport.allreduce(element, null, reducer, section);
    }

    /**
     * Reduces an {@code int} over a section; every member gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param section a section proxy this chare is a member of.
     * @return completes with the result.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final Future<Integer> allreduce(final int value, final Reducer reducer, final Proxy section) {
        return ChareSupport.allreduce(element, value, reducer, section);
    }

    /**
     * Reduces a {@code long} over a section; every member gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param section a section proxy this chare is a member of.
     * @return completes with the result.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final Future<Long> allreduce(final long value, final Reducer reducer, final Proxy section) {
        return ChareSupport.allreduce(element, value, reducer, section);
    }

    /**
     * Reduces a {@code float} over a section; every member gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param section a section proxy this chare is a member of.
     * @return completes with the result.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final Future<Float> allreduce(final float value, final Reducer reducer, final Proxy section) {
        return ChareSupport.allreduce(element, value, reducer, section);
    }

    /**
     * Reduces a {@code double} over a section; every member gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param section a section proxy this chare is a member of.
     * @return completes with the result.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final Future<Double> allreduce(final double value, final Reducer reducer, final Proxy section) {
        return ChareSupport.allreduce(element, value, reducer, section);
    }

    /**
     * Reduces a {@code boolean} over a section; every member gets the result.
     *
     * @param value   this element's value.
     * @param reducer how values combine.
     * @param section a section proxy this chare is a member of.
     * @return completes with the result.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final Future<Boolean> allreduce(final boolean value, final Reducer reducer, final Proxy section) {
        return ChareSupport.allreduce(element, value, reducer, section);
    }

    /**
     * Reduces any value over a section; every member gets its own copy of the result.
     *
     * @param value   this element's value (taken).
     * @param reducer how values combine.
     * @param section a section proxy this chare is a member of.
     * @param <R>     the result type.
     * @return completes with the result.
     * @throws IllegalArgumentException if this chare is not a member of {@code section}.
     */
    protected final <R> Future<R> allreduce(final Object value, final Reducer reducer, final Proxy section) {
        return ChareSupport.allreduce(element, value, reducer, section);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + thisIndex();
    }
}
