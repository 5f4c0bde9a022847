package org.charm4j.kernels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;

import org.charm4j.kernels.internal.ConstKind;
import org.charm4j.kernels.internal.KernelModel;
import org.charm4j.kernels.internal.SpecializationTable;
import org.charm4j.kernels.internal.Specializer;

/**
 * A kernel accepted by {@link Kernels#of}: launches it, making a specialized copy for each new tuple of its
 * {@code @Const} values and caching it (bounded, oldest evicted first).
 *
 * <ul>
 *   <li>{@link #invoke(Object...)}: all arguments, boxed; finds the copy for the constants without allocating
 *       (a cache hit), then calls it. Convenient for occasional launches.</li>
 *   <li>{@link #specialize(Object...)}: the constants only; returns the {@link Specialization} to keep and call
 *       through {@link Specialization#as(Class)} on hot paths, at the cost of a direct call.</li>
 *   <li>{@link #generic()}: the kernel as written, nothing folded.</li>
 * </ul>
 *
 * <p>Threading: any thread; lookups are lock-free and each tuple is specialized once while it stays cached.
 */
public final class KernelHandle {
    private final KernelModel model;
    private final MethodHandle generic;
    private final int[] constParams;
    private final int[] identity;
    private final SpecializationTable<Specialization> cache;

    KernelHandle(final KernelModel model, final MethodHandle generic, final int capacity) {
        this.model = model;
        this.generic = generic;
        this.constParams = model.constParams().clone();
        this.identity = new int[constParams.length];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        this.cache = new SpecializationTable<>(model.constKinds(), capacity);
    }

    KernelModel model() {
        return model;
    }

    /** @return {@code Owner.method}. */
    public String name() {
        return model.displayName();
    }

    /** @return the kernel method. */
    public Method method() {
        return model.method();
    }

    /** @return the kernel's type, {@code @Const} parameters included. */
    public MethodType type() {
        return model.type();
    }

    /** @return the names of the {@code @Const} parameters, in order. */
    public List<String> constNames() {
        return List.of(model.constNames());
    }

    /** @return the loop variables marked {@link Parallel}, in bytecode order. */
    public List<ParallelLoop> parallelLoops() {
        return model.parallelLoops();
    }

    /** @return a handle on the kernel as written (no constants folded), of {@link #type()}. */
    public MethodHandle generic() {
        return generic;
    }

    /**
     * @param constants one value per {@code @Const} parameter, in order, boxed as its exact wrapper type
     *                  ({@code Integer} for {@code int}, {@code Double} for {@code double}).
     * @return the specialized copy for them, made now if it is not cached.
     */
    public Specialization specialize(final Object... constants) {
        if (constants.length != identity.length) {
            throw new IllegalArgumentException(name() + " has " + identity.length + " @Const parameters "
                + constNames() + "; got " + constants.length + " values");
        }
        final Specialization s = find(constants, identity);
        return s != null ? s : cache.findOrBuild(constants, identity, this::build);
    }

    /**
     * Launches the kernel: finds (or makes) the copy for the {@code @Const} values among {@code args}, and runs it.
     *
     * @param args every argument of the kernel, in order.
     * @return what the kernel returns ({@code null} for {@code void}).
     */
    public Object invoke(final Object... args) {
        if (args.length != model.type().parameterCount()) {
            throw new IllegalArgumentException(name() + model.type() + " takes " + model.type().parameterCount()
                + " arguments; got " + args.length);
        }
        Specialization s = find(args, constParams);
        if (s == null) {
            s = cache.findOrBuild(args, constParams, this::build);
        }
        return s.launch(args);
    }

    /** @return the cached copies, oldest first: what was specialized, with the constants and the time it took. */
    public List<Specialization> specializations() {
        return cache.values();
    }

    /** @return how many copies were made by this handle, evicted ones included. */
    public long specializationCount() {
        return cache.builtCount();
    }

    /** @return the most copies cached. */
    public int capacity() {
        return cache.capacity();
    }

    /** Drops every cached copy (those held by callers stay valid). */
    public void clear() {
        cache.clear();
    }

    private Specialization find(final Object[] args, final int[] positions) {
        try {
            return cache.find(args, positions);
        } catch (final ClassCastException | NullPointerException e) {
            throw badConstants(args, positions);
        }
    }

    private IllegalArgumentException badConstants(final Object[] args, final int[] positions) {
        final ConstKind[] kinds = model.constKinds();
        for (int i = 0; i < positions.length; i++) {
            final Object v = args[positions[i]];
            if (!kinds[i].accepts(v)) {
                return new IllegalArgumentException(name() + ": @Const parameter '" + model.constNames()[i]
                    + "' is a " + kinds[i].typeName() + "; got " + (v == null ? "null" : v.getClass().getSimpleName()
                    + " " + v));
            }
        }
        return new IllegalArgumentException(name() + ": bad constants");
    }

    private Specialization build(final Object[] constants) {
        final long t0 = System.nanoTime();
        final Specializer.Compiled c = Specializer.compile(model, constants,
            model.method().getAnnotation(Kernel.class).strict());
        final long t1 = System.nanoTime();
        if (org.charm4j.Trace.on()) {
            org.charm4j.Trace.span("specialize " + name() + " " + java.util.Arrays.toString(constants), t0, t1);
        }
        return new Specialization(this, constants, c, constParams, t1 - t0);
    }

    @Override
    public String toString() {
        return "KernelHandle[" + name() + model.type() + ", const " + constNames() + ", "
            + cache.values().size() + "/" + capacity() + " cached]";
    }
}
