package org.charm4j;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.charm4j.runtime.Node;
import org.charm4j.runtime.Pe;

/**
 * A value of which each PE has its own, made on the PE at its first {@link #get()} there (Charm++'s per-PE variables,
 * {@code CkpvDeclare}/{@code CkpvAccess}): a device handle, a scratch buffer, a cache that the chares of one PE share
 * without locks. Unlike a {@link ThreadLocal}, it is the same value in the PE's threaded entry methods, which run on
 * threads of their own.
 *
 * <pre>{@code
 * static final PeLocal<double[]> SCRATCH = PeLocal.withInitial(() -> new double[1 << 16]);
 * ... SCRATCH.get() ...   // in an entry method: this PE's array
 * }</pre>
 *
 * @param <T> the value's type.
 *
 * <p>A value that is {@link AutoCloseable} is closed by its PE, on the PE's thread, when the job ends (a device, say);
 * a failure to close is reported on standard error, naming the PE.
 *
 * <p>Threading: {@link #get()} on a PE's own threads (its entry methods, threaded or not); the value is confined to
 * that PE.
 */
public final class PeLocal<T> {
    private static final AtomicInteger SLOTS = new AtomicInteger();

    private final int slot = SLOTS.getAndIncrement();
    private final Supplier<? extends T> initial;

    private PeLocal(final Supplier<? extends T> initial) {
        this.initial = initial;
    }

    /**
     * @param initial makes a PE's value at its first {@link #get()} there; must not return null.
     * @param <T>     the value's type.
     * @return the per-PE variable.
     */
    public static <T> PeLocal<T> withInitial(final Supplier<? extends T> initial) {
        return new PeLocal<>(java.util.Objects.requireNonNull(initial, "initial"));
    }

    /**
     * @return the calling PE's value, made now if this is its first use there.
     * @throws IllegalStateException outside a PE's threads (main before the job, another thread).
     */
    @SuppressWarnings("unchecked")
    public T get() {
        final Pe pe = Node.currentPe();
        if (pe == null) {
            throw new IllegalStateException("PeLocal.get() was called on " + Thread.currentThread().getName()
                + ", which is not a PE's thread; call it from an entry method (or main's body)");
        }
        Object v = pe.peLocal(slot);
        if (v == null) {
            v = java.util.Objects.requireNonNull(initial.get(), "the PeLocal's initial value");
            pe.setPeLocal(slot, v);
        }
        return (T) v;
    }
}
