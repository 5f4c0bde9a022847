package org.charm4j.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * A threaded entry method (or the program's main): it runs on a virtual thread that holds its PE like a baton. The
 * PE hands the baton over ({@link #runSlice()}) and waits until the task gives it back, by finishing or by blocking
 * on a future ({@link #block()}); so still only one entry method runs at a time on a PE, and while the task waits,
 * the PE runs other messages. A future that completes sends a {@link Resume} message to the task's PE. While the
 * task holds the baton, a PE that drives its process's transport keeps polling it (at least every millisecond), so
 * a long computation in main or in a threaded entry method does not silence the process.
 *
 * <p>Threading: {@link #runSlice} owning PE thread only; {@link #block} the task's own thread only.
 */
public final class ThreadedTask implements Runnable {
    private static final ThreadLocal<ThreadedTask> CURRENT = new ThreadLocal<>();
    private static final int PE_HOLDS = 0;
    private static final int TASK_HOLDS = 1;
    private static final int SPINS = 2_000;
    private static final int YIELDS = 100;

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

    ThreadedTask(final Pe pe, final Element element, final EntryMessage message, final Runnable body) {
        this.pe = pe;
        this.element = element;
        this.message = message;
        this.body = body;
        this.thread = Thread.ofVirtual().name("charm4j-pe-" + pe.id() + "-threaded").unstarted(this);
    }

    /** @return the task whose virtual thread calls this, or {@code null}. */
    public static ThreadedTask current() {
        return CURRENT.get();
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
        int spins = 0;
        while (baton == TASK_HOLDS) {
            if (pe.pollNetwork() > 0) {
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
        final long spent = end - start;
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
        LockSupport.unpark(pe.thread());
        while (baton == PE_HOLDS) {
            if (cancelled) {
                throw new JobEnded();
            }
            LockSupport.park(this);
        }
    }

    /** Asks this task's PE to resume it: any thread. */
    public void resumeLater() {
        pe.enqueue(new Resume(this));
    }

    void cancel() {
        cancelled = true;
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
