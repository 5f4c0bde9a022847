package org.charm4j.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.charm4j.Options;

/**
 * One process of a job and its PEs. {@link #run} starts the PE threads, runs the program's main on PE 0 as a
 * threaded entry method, and returns the exit code once a PE calls {@code Charm.exit} or the job aborts.
 *
 * <p>Threading: {@link #send}, {@link #exit}, {@link #abort} any thread; {@link #run} once, on the launching thread.
 */
public final class Node {
    private static volatile Node current;

    private final Options options;
    private final Pe[] pes;
    private final Topology topology;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger nextCharePe = new AtomicInteger();
    private final Set<ThreadedTask> liveTasks = ConcurrentHashMap.newKeySet();
    private final Object exitLock = new Object();
    private volatile boolean running = true;
    private int exitCode = -1;

    /**
     * @param options the runtime options.
     */
    public Node(final Options options) {
        this.options = options;
        this.topology = new Topology(options.numPes(), options.numPes());
        this.pes = new Pe[options.numPes()];
        for (int i = 0; i < pes.length; i++) {
            pes[i] = new Pe(this, i);
        }
    }

    /**
     * @return the node of the job running in this JVM.
     * @throws IllegalStateException if no job runs.
     */
    public static Node current() {
        final Node n = current;
        if (n == null) {
            throw new IllegalStateException("no charm4j job is running in this JVM: start one with Charm.start(args,"
                + " main) (or Charm.run in tests) and call the runtime from main or from chares");
        }
        return n;
    }

    /**
     * @return the PE whose thread (or threaded entry method) calls this, or {@code null} on other threads.
     */
    public static Pe currentPe() {
        if (Thread.currentThread() instanceof PeThread t) {
            return t.pe;
        }
        final ThreadedTask task = ThreadedTask.current();
        return task == null ? null : task.pe;
    }

    /** @return the options. */
    public Options options() {
        return options;
    }

    /** @return the number of PEs. */
    public int numPes() {
        return pes.length;
    }

    /** @return where PEs live and the spanning tree. */
    public Topology topology() {
        return topology;
    }

    boolean isRunning() {
        return running;
    }

    /**
     * @param pe a PE number.
     * @return that PE.
     */
    Pe pe(final int pe) {
        return pes[pe];
    }

    /**
     * Sends a message to a PE: never runs it on the caller's thread.
     *
     * @param pe destination PE.
     * @param m  the message; the destination owns it from now on.
     */
    public void send(final int pe, final Message m) {
        pes[pe].enqueue(m);
    }

    long newId() {
        return nextId.getAndIncrement();
    }

    int nextChareRoundRobin() {
        return Math.floorMod(nextCharePe.getAndIncrement(), pes.length);
    }

    void taskStarted(final ThreadedTask t) {
        liveTasks.add(t);
    }

    void taskFinished(final ThreadedTask t) {
        liveTasks.remove(t);
    }

    /**
     * Runs a job: starts the PEs, runs {@code main} on PE 0 as a threaded entry method, waits for the exit.
     *
     * @param main the program's main.
     * @return the exit code: what {@code Charm.exit(code)} gave, 1 after an abort.
     */
    public int run(final Runnable main) {
        synchronized (Node.class) {
            if (current != null) {
                throw new IllegalStateException("a charm4j job is already running in this JVM");
            }
            current = this;
        }
        try {
            if (options.printOptions()) {
                System.out.println(options);
            }
            for (final Pe pe : pes) {
                pe.start();
            }
            pes[0].enqueue(new StartMain(main));
            synchronized (exitLock) {
                while (exitCode < 0) {
                    exitLock.wait();
                }
            }
            for (final Pe pe : pes) {
                pe.wake();
            }
            for (final Pe pe : pes) {
                pe.join();
            }
            for (final ThreadedTask t : liveTasks) {
                t.cancel();
            }
            System.out.flush();
            return exitCode;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the job ran", e);
        } finally {
            synchronized (Node.class) {
                current = null;
            }
        }
    }

    /**
     * Ends the job with an exit code; the first call wins.
     *
     * @param code the exit code.
     */
    public void exit(final int code) {
        synchronized (exitLock) {
            if (exitCode >= 0) {
                return;
            }
            exitCode = code;
            running = false;
            exitLock.notifyAll();
        }
        for (final Pe pe : pes) {
            pe.wake();
        }
    }

    /**
     * Ends the job with an error: prints the message (and the cause's stack trace) to standard error, exit code 1.
     *
     * @param message what failed, naming the PE, chare and entry method.
     * @param cause   the exception, or {@code null}.
     */
    public void abort(final String message, final Throwable cause) {
        synchronized (exitLock) {
            if (exitCode >= 0) {
                return;
            }
            System.out.flush();
            System.err.println("charm4j: job aborted: " + message);
            if (cause != null) {
                cause.printStackTrace(System.err);
            }
            System.err.flush();
        }
        exit(1);
    }

    /** Runs the program's main as a threaded entry method of PE 0. */
    private static final class StartMain extends Message {
        private final Runnable main;

        StartMain(final Runnable main) {
            this.main = main;
        }

        @Override
        protected void deliver(final Pe pe) {
            new ThreadedTask(pe, null, null, main).runSlice();
        }
    }
}
