package org.charm4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.charm4j.runtime.Blocking;
import org.charm4j.runtime.RemoteFuture;
import org.charm4j.runtime.ThreadedTask;

/**
 * A value that an entry method, a reduction or a broadcast delivers later. A non-void entry method called through an
 * element proxy returns one; a future may also be a reduction's {@link Target}, or be sent to a chare that
 * {@link #complete}s it.
 *
 * <p>Waiting ({@link #get()}) is allowed in {@link Threaded} entry methods and main, where the PE runs other entry
 * methods meanwhile, and on threads outside the runtime. In an entry method that is not threaded it fails at once
 * with an {@link IllegalStateException} naming the method: waiting there would stall the PE that must deliver the
 * value.
 *
 * <p>Threading: any thread.
 *
 * @param <T> the value type.
 */
public final class Future<T> implements Target<T>, Waitable {
    private static final long serialVersionUID = 1L;
    private static final Object PENDING = new Object();

    private volatile Object value = PENDING;
    /** For a copy received from another process: where completions go. */
    private final transient RemoteFuture forward;
    /** For a future of several senders ({@link #ofSenders}): how many; 0 for a future completed once. */
    private final int senders;
    /** The values sent so far (a future of several senders, at its owner). */
    private List<Object> parts;
    /** The id under which this future was exported to other processes, or 0. */
    private volatile long exportId;
    private Throwable failure;
    /** Whether {@link #rethrown} has added its note to the user's exception. Guarded by this. */
    private boolean noted;
    /** When it completed here, in this JVM's order of readiness (for {@code Charm.iwait}); 0 until then. */
    private volatile long doneOrder;
    /** Threaded tasks and plain threads waiting; guarded by {@code this}. */
    private List<Object> waiters;

    /** Creates a future that nothing has completed yet. */
    public Future() {
        this.forward = null;
        this.senders = 0;
    }

    private Future(final RemoteFuture forward, final int senders) {
        this.forward = forward;
        this.senders = senders;
    }

    /**
     * A future that {@code senders} sends complete (charm4py's {@code Future(senders=n)}): each sender calls
     * {@link #send}, here or in another process; its value is the list of the values sent, in the order they arrived.
     *
     * @param senders how many sends complete it (at least 1).
     * @param <T>     the type of each sent value.
     * @return the future.
     */
    public static <T> Future<List<T>> ofSenders(final int senders) {
        if (senders < 1) {
            throw new IllegalArgumentException("a future of several senders needs at least one, not " + senders);
        }
        return new Future<>(null, senders);
    }

    /**
     * Sends one value to a future of several senders ({@link #ofSenders}).
     *
     * @param part the value.
     * @throws IllegalStateException if it is a future completed once (use {@link #complete}).
     */
    public void send(final Object part) {
        if (senders == 0) {
            throw new IllegalStateException("send() is for a future of several senders (Future.ofSenders(n));"
                + " complete this one with complete()");
        }
        settle(part, null);
    }

    /** @return how many sends complete it (a future of several senders), or 0 for a future completed once. */
    public int senders() {
        return senders;
    }

    /**
     * For the runtime: the stand-in of a future that lives in another process; completing it completes that one.
     *
     * @param forward where completions go.
     * @param <T>     the value type.
     * @return the stand-in.
     */
    public static <T> Future<T> forwardingTo(final RemoteFuture forward) {
        return new Future<>(forward, 0);
    }

    /**
     * For the runtime: a copy of a future of several senders that lives in another process.
     *
     * @param forward where its sends go.
     * @param senders how many sends complete it.
     * @param <T>     its value type.
     * @return the copy.
     */
    public static <T> Future<T> forwardingTo(final RemoteFuture forward, final int senders) {
        return new Future<>(forward, senders);
    }

    /** @return for the runtime: where completions go if this future lives in another process, else null. */
    public RemoteFuture forward() {
        return forward;
    }

    /**
     * For the runtime: the id under which this future is known to other processes.
     *
     * @param exporter assigns an id the first time.
     * @return the id.
     */
    public long exportId(final java.util.function.ToLongFunction<Future<?>> exporter) {
        long id = exportId;
        if (id == 0) {
            synchronized (this) {
                id = exportId;
                if (id == 0) {
                    id = exporter.applyAsLong(this);
                    exportId = id;
                }
            }
        }
        return id;
    }

    /** Adds a sent value; @return whether it was the last one (the future completes now). */
    private synchronized boolean addPart(final Object v) {
        if (value != PENDING) {
            throw new IllegalStateException("a future of " + senders + " senders got one send too many");
        }
        if (parts == null) {
            parts = new ArrayList<>(senders);
        }
        parts.add(v);
        return parts.size() == senders;
    }

    /** @return the failure of a future that failed, or null (not done, or completed with a value). */
    public Throwable failureIfDone() {
        return value == PENDING ? null : failure;
    }

    /**
     * @return the value of a future that is done (null if it failed: see {@link #failureIfDone()}), without waiting.
     * @throws IllegalStateException if it is not done.
     */
    @SuppressWarnings("unchecked")
    public T valueIfDone() {
        final Object v = value;
        if (v == PENDING) {
            throw new IllegalStateException("the future is not done");
        }
        return (T) v;
    }

    /**
     * @return its rank among the completions this JVM saw (smaller completed earlier; a future that arrived done
     *     from another process ranks when it arrived), or 0 if it is not done.
     */
    public long completionOrder() {
        return doneOrder;
    }

    /** @return whether it is done (completed or failed), here. */
    public boolean isDone() {
        return value != PENDING;
    }

    /** @return whether it is done: {@link #get()} returns at once. */
    @Override
    public boolean isReady() {
        return value != PENDING;
    }

    /**
     * Completes this future with a value; the first completion wins, later ones are ignored.
     *
     * @param v the value.
     */
    public void complete(final T v) {
        if (senders != 0) {
            throw new IllegalStateException("a future of " + senders + " senders is completed by send(), once per"
                + " sender");
        }
        settle(v, null);
    }

    /** Same as {@link #complete}: lets a future be a reduction's target. */
    @Override
    public void accept(final T v) {
        settle(v, null);
    }

    /**
     * Completes this future with a failure, which {@link #get()} throws (itself when unchecked, else wrapped in a
     * {@link CharmException}).
     *
     * @param t the failure.
     */
    public void fail(final Throwable t) {
        settle(null, t);
    }

    private void settle(final Object v, final Throwable t) {
        if (forward != null && senders != 0) {
            forward.complete(v, t);   // every send of a future of several senders goes to its owner
            return;
        }
        if (forward == null && senders != 0 && t == null) {
            if (!addPart(v)) {
                return;
            }
        }
        if (forward != null) {
            synchronized (this) {
                if (value != PENDING) {
                    return;   // completed here before: the owner heard it once
                }
                failure = t;
                doneOrder = Blocking.nextReadyRank();
                value = v;
            }
            // a copy elsewhere remembers that it was completed: if it travels on (inside a migrating chare, say),
            // it travels as a completed future, not as a reference to one its owner has already let go of
            forward.complete(v, t);
            return;
        }
        final List<Object> toWake;
        synchronized (this) {
            if (value != PENDING) {
                return;
            }
            failure = t;
            doneOrder = Blocking.nextReadyRank();
            value = senders != 0 && t == null ? java.util.Collections.unmodifiableList(parts) : v;
            toWake = waiters;
            waiters = null;
        }
        if (toWake != null) {
            for (final Object w : toWake) {
                if (w instanceof ThreadedTask task) {
                    task.resumeLater();
                } else {
                    LockSupport.unpark((Thread) w);
                }
            }
        }
    }

    /**
     * Waits for the value.
     *
     * @return the value.
     * @throws RuntimeException what the entry method behind this future threw, itself, when it is unchecked (its type
     *     kept, also when it was thrown in another process), with a note naming the PE, chare and entry method among
     *     its suppressed exceptions ({@link CharmException#noteOf}; {@link BroadcastException#of} for a broadcast,
     *     whose first failure in index order is the one rethrown).
     * @throws CharmException if it threw a checked exception (the cause); a {@link BroadcastException} for a
     *     broadcast's future.
     * @throws IllegalStateException if called in an entry method that is not {@link Threaded}.
     */
    public T get() {
        try {
            return get(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (final TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Waits at most {@code timeout} for the value (a threaded entry method waits without a time limit).
     *
     * @param timeout how long.
     * @param unit    its unit.
     * @return the value.
     * @throws TimeoutException if no value arrived in time.
     */
    @SuppressWarnings("unchecked")
    public T get(final long timeout, final TimeUnit unit) throws TimeoutException {
        if (value == PENDING) {
            await(timeout, unit);
        }
        if (failure != null) {
            throw rethrown(failure);
        }
        return (T) value;
    }

    /**
     * What {@link #get()} throws for a failure: the user's unchecked exception itself (unwrapped from the runtime's
     * CharmException or BroadcastException), noted once with where it failed; else the wrapper, or a CharmException
     * around a checked failure.
     */
    private RuntimeException rethrown(final Throwable f) {
        final boolean wrapper = f.getClass() == CharmException.class || f instanceof BroadcastException;
        final Throwable user = wrapper && f.getCause() != null && f.getCause() != f ? f.getCause() : f;
        if (user instanceof RuntimeException || user instanceof Error) {
            if (user != f) {
                synchronized (this) {
                    if (!noted) {
                        noted = true;
                        user.addSuppressed(f instanceof BroadcastException b ? new BroadcastException(b)
                            : new CharmException(f.getMessage()));
                    }
                }
            }
            if (user instanceof Error e) {
                throw e;
            }
            return (RuntimeException) user;
        }
        return f instanceof CharmException c ? c : new CharmException("the future failed: " + f, f);
    }

    private void await(final long timeout, final TimeUnit unit) throws TimeoutException {
        if (forward != null) {
            throw new IllegalStateException("this future belongs to process " + forward.ownerNode()
                + "; only chares of that process may wait on it (here, complete it or pass it on)");
        }
        final ThreadedTask task = Blocking.checkMayBlock("Future.get()");
        if (task != null && value == PENDING && task.pe().awaitOnPeThread(this)) {
            return;   // done while the task waited on its PE's thread, with nothing else to run there
        }
        final Object me = task != null ? task : Thread.currentThread();
        synchronized (this) {
            if (value != PENDING) {
                return;
            }
            if (waiters == null) {
                waiters = new ArrayList<>(2);
            }
            waiters.add(me);
        }
        if (task != null) {
            while (value == PENDING) {
                task.block();
            }
            return;
        }
        final long deadline = timeout == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + unit.toNanos(timeout);
        while (value == PENDING) {
            final long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                synchronized (this) {
                    if (waiters != null) {
                        waiters.remove(me);
                    }
                }
                throw new TimeoutException("no value within " + timeout + " " + unit);
            }
            LockSupport.parkNanos(this, Math.min(left, 100_000_000L));
        }
    }

    /**
     * Registers a threaded task or thread to wake when this completes, for {@link Charm#awaitAny}.
     *
     * @return false if already done.
     */
    boolean addWaiter(final Object w) {
        synchronized (this) {
            if (value != PENDING) {
                return false;
            }
            if (waiters == null) {
                waiters = new ArrayList<>(2);
            }
            waiters.add(w);
            return true;
        }
    }

    void removeWaiter(final Object w) {
        synchronized (this) {
            if (waiters != null) {
                waiters.remove(w);
            }
        }
    }

    @Override
    public String toString() {
        final Object v = value;
        return v == PENDING ? "Future[pending]" : failure != null ? "Future[failed: " + failure + "]"
            : "Future[" + v + "]";
    }
}
