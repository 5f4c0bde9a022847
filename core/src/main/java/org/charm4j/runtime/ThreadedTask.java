package org.charm4j.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;

/**
 * A threaded entry method (or the program's main): it runs on a virtual thread that holds its PE like a baton. The
 * PE hands the baton over ({@link #runSlice()}) and waits until the task gives it back, by finishing or by blocking
 * on a future ({@link #block()}); so still only one entry method runs at a time on a PE, and while the task waits,
 * the PE runs other messages. A future that completes sends a {@link Resume} message to the task's PE.
 *
 * <p>Where it runs. The task is its virtual thread's scheduler ({@link Executor}): the JDK hands it the thread's
 * continuation each time the thread may run, and the PE runs it inline, in {@link #runSlice}, on the PE's own
 * thread. A hand-off is then a continuation switch on one thread (well under a microsecond) instead of two
 * cross-thread wake-ups through the JDK's carrier pool (tens of microseconds on a loaded machine): what makes a
 * blocking {@code Future.get()}, {@code Channel.recv()} or allreduce in threaded code as cheap as an entry method.
 * Like a user-level thread of Charm++ (a CthThread), the task then holds its PE's thread while it runs, so a PE that
 * drives its process's network (driven mode, {@code +nocommthread}) polls it again when the task blocks or ends.
 * That needs the JDK's package-private virtual-thread builder that takes a scheduler, opened by
 * {@code --add-opens=java.base/java.lang=ALL-UNNAMED} (which {@code bin/charmrun}, the tests and the benchmarks
 * pass). Without it ({@link #onPeThread()} false) the virtual thread runs on the JDK's carrier pool and the PE waits
 * for the baton, polling a driven network meanwhile, as before.
 *
 * <p>A task that blocks where its virtual thread cannot unmount (pinned: inside a native frame, e.g. an upcall, or a
 * class initializer) would stop its PE for good on the PE's thread; {@link #block} notices and ends the job, naming
 * the PE and the entry method.
 *
 * <p>Threading: {@link #runSlice} owning PE thread only; {@link #block} the task's own thread only;
 * {@link #execute} any thread (the JDK calls it).
 */
public final class ThreadedTask implements Runnable, Executor {
    private static final ThreadLocal<ThreadedTask> CURRENT = new ThreadLocal<>();
    private static final int PE_HOLDS = 0;
    private static final int TASK_HOLDS = 1;
    private static final int SPINS = 2_000;
    private static final int YIELDS = 100;
    /** {@code new ThreadBuilders.VirtualThreadBuilder(Executor)}, or null when java.lang is not open to us. */
    private static final MethodHandle SCHEDULED_BUILDER = scheduledBuilder();

    final Pe pe;
    /** The chare it runs for (the main chare once main created it), or null for main. */
    Element element;
    private final EntryMessage message;
    private final Runnable body;
    private final Thread thread;
    private volatile int baton = PE_HOLDS;
    private volatile boolean finished;
    private volatile boolean cancelled;
    private boolean started;
    /** The thread's continuation, handed over by the JDK ({@link #execute}), to run on the PE thread; or null. */
    private volatile Runnable ready;
    /** True while the PE thread runs the continuation ({@link #runSlice}). */
    private volatile boolean running;
    /** Slices run so far, and the count the last {@link #checkPinned} saw while the task seemed pinned. */
    private volatile int slices;
    private int suspectSlice = -1;
    /** Set by {@link #checkPinned}: the task blocked while pinned to the PE thread. */
    private volatile boolean pinned;
    /** Set once the PE no longer runs this task's continuation (the job ended): others then run it. */
    private volatile boolean detached;

    ThreadedTask(final Pe pe, final Element element, final EntryMessage message, final Runnable body) {
        this.pe = pe;
        this.element = element;
        this.message = message;
        this.body = body;
        this.thread = builder(this).name("charm4j-pe-" + pe.id() + "-threaded").unstarted(this);
    }

    /** @return true when threaded tasks run on their PE's own thread (see the class comment). */
    public static boolean onPeThread() {
        return SCHEDULED_BUILDER != null;
    }

    private static MethodHandle scheduledBuilder() {
        try {
            final Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            final MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            return lookup.findConstructor(c, MethodType.methodType(void.class, Executor.class))
                .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
        } catch (final IllegalAccessException | ClassNotFoundException | NoSuchMethodException e) {
            return null;   // java.lang not opened (or another JDK): the carrier pool, see the class comment
        }
    }

    private static Thread.Builder.OfVirtual builder(final Executor scheduler) {
        if (SCHEDULED_BUILDER == null) {
            return Thread.ofVirtual();
        }
        try {
            return (Thread.Builder.OfVirtual) SCHEDULED_BUILDER.invokeExact(scheduler);
        } catch (final Throwable t) {
            throw new IllegalStateException("cannot make a virtual thread with the PE as its scheduler", t);
        }
    }

    /**
     * The JDK hands over the virtual thread's continuation whenever the thread may run (started, unparked, yielded).
     * On the PE thread it is kept for {@link #runSlice}; from another thread it is kept and the PE woken, since the
     * PE may be waiting in {@link #runSlice} for it (the task parked on something else, e.g. a sleep or a lock).
     * Once the job has ended, the common pool runs it (so a cancelled task can finish).
     */
    @Override
    public void execute(final Runnable continuation) {
        ready = continuation;
        if (detached) {
            runDetached();
        } else if (Thread.currentThread() != pe.thread()) {
            LockSupport.unpark(pe.thread());
        }
    }

    private void runDetached() {
        final Runnable r = ready;
        if (r != null && READY.compareAndSet(this, r, null)) {
            ForkJoinPool.commonPool().execute(r);
        }
    }

    private static final java.lang.invoke.VarHandle READY;

    static {
        try {
            READY = MethodHandles.lookup().findVarHandle(ThreadedTask.class, "ready", Runnable.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** @return the task whose virtual thread calls this, or {@code null}. */
    public static ThreadedTask current() {
        return CURRENT.get();
    }

    /** @return whether the calling thread is this task's virtual thread. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** @return the PE this task belongs to. */
    public Pe pe() {
        return pe;
    }

    /** Hands the baton to the task and waits until it gives it back. PE thread only. */
    void runSlice() {
        if (finished) {
            return;
        }
        pe.currentElement = element;
        pe.currentMessage = message;
        pe.currentTask = this;
        baton = TASK_HOLDS;
        final boolean first = !started;
        if (!started) {
            started = true;
            pe.node().taskStarted(this);
            thread.start();
        } else {
            LockSupport.unpark(thread);
        }
        final long start = System.nanoTime();
        pe.inlineWaitNanos = 0;
        slices++;
        int spins = 0;
        while (baton == TASK_HOLDS) {
            final Runnable r = ready;
            if (r != null) {
                ready = null;
                running = true;
                r.run();   // the task runs here, on this thread, until it parks, yields or ends
                running = false;
                spins = 0;
            } else if (pe.pollNetwork() > 0) {
                spins = 0;
            } else if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else if (spins < SPINS + YIELDS) {
                spins++;
                Thread.yield();
            } else {
                LockSupport.parkNanos(this, 1_000_000L);
            }
        }
        final long end = System.nanoTime();
        final long waited = pe.inlineWaitNanos;   // waiting for a channel value on this thread is idle time
        final long spent = end - start - waited;
        if (pe.node().measuringLoad) {
            pe.idleNanos += waited;
        }
        pe.busyNanos += spent;
        if (pe.stats != null) {
            pe.stats.entry(element, message, start, end, first);
        }
        if (element != null) {
            element.loadNanos += spent;
        }
        pe.currentElement = null;
        pe.currentMessage = null;
        pe.currentTask = null;
    }

    /**
     * Gives the baton back to the PE and waits until the PE hands it over again (after a {@link Resume}). Task
     * thread only; the caller re-checks what it waits for after this returns.
     */
    public void block() {
        baton = PE_HOLDS;
        if (SCHEDULED_BUILDER == null) {
            LockSupport.unpark(pe.thread());
        }
        while (baton == PE_HOLDS) {
            if (cancelled) {
                throw new JobEnded();
            }
            LockSupport.park(this);
            if (pinned) {   // only on the PE's thread (checkPinned)
                pe.node().abort("PE " + pe.id() + ": " + (message != null ? "threaded entry method "
                    + message.entryName() : "main") + " blocked where its virtual thread cannot leave the PE's"
                    + " thread (inside a native call or a class initializer), so the PE could not run what would"
                    + " resume it; block outside those", null);
                throw new JobEnded();
            }
        }
    }

    /**
     * Called about once a second by the node's timer for each live task: a task that gave the baton back but
     * still runs on the PE thread at two checks in the same slice parked there, pinned ({@link #block} then ends
     * the job). Timer thread only.
     */
    void checkPinned() {
        if (running && baton == PE_HOLDS && !finished) {
            final int s = slices;
            if (s == suspectSlice) {
                pinned = true;
                LockSupport.unpark(thread);   // a pinned virtual thread parks its carrier: this wakes it
            } else {
                suspectSlice = s;
            }
        } else {
            suspectSlice = -1;
        }
    }

    /** Asks this task's PE to resume it: any thread. */
    public void resumeLater() {
        pe.enqueue(new Resume(this));
    }

    void cancel() {
        cancelled = true;
        detached = true;
        runDetached();
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        CURRENT.set(this);
        try {
            if (message != null) {
                Object result = null;
                Throwable failure = null;
                try {
                    result = message.invoke(element.chare);
                } catch (final Throwable t) {
                    failure = t;
                }
                if (failure != null) {
                    pe.failed(element, message, failure);
                } else {
                    pe.completed(element, message, result);
                }
            } else {
                body.run();
            }
        } catch (final JobEnded e) {
            // the job ended while this task waited: nothing to report
        } catch (final VirtualMachineError t) {
            pe.node().releaseReserve();
            pe.node().fatal("PE " + pe.id() + ": " + (message != null ? "threaded entry method "
                + message.entryName() : "main"), t);
        } catch (final Throwable t) {
            pe.node().abort("PE " + pe.id() + ": main threw " + t, t);
        } finally {
            if (message != null && element != null) {
                pe.taskEnded(element);
            }
            finished = true;
            pe.node().taskFinished(this);
            baton = PE_HOLDS;
            LockSupport.unpark(pe.thread());
        }
    }

    /** The message that resumes a waiting task on its PE. */
    static final class Resume extends Message {
        private final ThreadedTask task;

        Resume(final ThreadedTask task) {
            this.task = task;
        }

        @Override
        protected void deliver(final Pe pe) {
            task.runSlice();
            if (task.element != null) {
                pe.afterEntry(task.element);
            }
        }
    }
}
