package org.charm4j;

import java.util.ArrayList;
import java.util.List;
import org.charm4j.internal.net.ProcessEnv;
import org.charm4j.runtime.Blocking;
import org.charm4j.runtime.Node;
import org.charm4j.runtime.Pe;
import org.charm4j.runtime.ThreadedTask;
import org.charm4j.runtime.TransportRemote;

/**
 * The runtime, as a program sees it: start a job, ask where you are, wait on futures, end the job.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Charm.start(args, a -> HelloProxy.newGroup().sayHi(1, 2.33, "hi"));
 * }
 * }</pre>
 *
 * <p>Threading: any thread, unless a method says otherwise.
 */
public final class Charm {
    private Charm() {
    }

    /**
     * Runs a job and exits the JVM with its exit code. Runtime options ({@code +p4}, see {@link Options}) are taken
     * from {@code args}; the rest go to {@code main}, which runs on PE 0 as a threaded entry method. The job lasts
     * until a chare calls {@link #exit()} (returning from main does not end it). A bad option prints what is wrong
     * and the known options, and exits with code 2.
     *
     * @param args the command line.
     * @param main the program's main.
     */
    public static void start(final String[] args, final Main main) {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("charm4j: " + e.getMessage());
            System.exit(2);
            return;
        }
        org.charm4j.runtime.Node.ownsItsJvm();
        System.exit(run(options, main));
    }

    /**
     * Runs a job whose main is a chare, as charm4py's {@code charm.start(Main)}, and exits the JVM with its exit code.
     * The main chare is a single chare on PE 0, created first: its public constructor taking {@code String[]} (the
     * program's arguments, without the runtime's options), or else taking nothing, runs as a threaded entry method,
     * so it may wait on futures. Like any chare it has a proxy ({@code thisProxy()}, {@code MainProxy.elementOf(this)}),
     * receives calls, and can be a reduction's target:
     *
     * <pre>{@code
     * public class Main extends Chare {
     *     public Main(String[] args) {
     *         WorkerProxy.newArray(8, MainProxy.elementOf(this));   // the workers contribute to this::done
     *     }
     *     @Entry public void done(double total) { System.out.println(total); Charm.exit(); }
     *     public static void main(String[] args) { Charm.start(args, Main.class); }
     * }
     * }</pre>
     *
     * @param args      the command line.
     * @param mainChare the main chare's class.
     */
    public static void start(final String[] args, final Class<? extends Chare> mainChare) {
        start(args, mainOf(mainChare));
    }

    /**
     * Runs a job whose main is a chare ({@link #start(String[], Class)}) in this JVM and returns its exit code.
     *
     * @param args      the command line.
     * @param mainChare the main chare's class.
     * @return the exit code.
     */
    public static int run(final String[] args, final Class<? extends Chare> mainChare) {
        return run(args, mainOf(mainChare));
    }

    private static Main mainOf(final Class<? extends Chare> mainChare) {
        java.util.Objects.requireNonNull(mainChare, "mainChare");
        return programArgs -> org.charm4j.runtime.MainChare.create(mainChare, programArgs);
    }

    /**
     * Runs a job in this JVM and returns its exit code, without exiting: for tests and embedding.
     *
     * @param args the command line (runtime options and program arguments).
     * @param main the program's main.
     * @return the exit code: what {@link #exit(int)} gave, or 1 after an error.
     */
    public static int run(final String[] args, final Main main) {
        return run(Options.parse(args), main);
    }

    /**
     * Runs a job with parsed options and returns its exit code.
     *
     * @param options the runtime options and program arguments.
     * @param main    the program's main.
     * @return the exit code.
     */
    public static int run(final Options options, final Main main) {
        final String[] programArgs = options.programArgs().toArray(new String[0]);
        final Node node = options.numNodes() == 1 && !ProcessEnv.isPresent(System.getenv()) ? new Node(options)
            : joinJob(options);
        return node.run(() -> {
            try {
                main.main(programArgs);
            } catch (final RuntimeException | Error e) {
                throw e;
            } catch (final Exception e) {
                throw new CharmException("main threw " + e, e);
            }
        });
    }

    /** This process's node of a job of several processes; its first PE connects it to the others when it runs. */
    private static Node joinJob(final Options options) {
        if (!ProcessEnv.isPresent(System.getenv())) {
            throw new IllegalArgumentException("+p " + options.numPes() + " ++ppn " + options.pesPerNode() + " runs "
                + options.numNodes() + " processes: start it with bin/charmrun (or under srun or mpirun)");
        }
        final ProcessEnv env = ProcessEnv.fromSystem();
        if (env.size() != options.numNodes()) {
            throw new IllegalArgumentException("+p " + options.numPes() + " ++ppn " + options.pesPerNode() + " needs "
                + options.numNodes() + " processes, but the " + env.launcher() + " launcher started " + env.size()
                + (env.launcher().equals("charm4j") ? "" : "; give +p and ++ppn that match the tasks it runs"));
        }
        ProcessEnv.exitWithParent(System.getenv());
        final TransportRemote remote = new TransportRemote();
        final Node node = new Node(options, env.rank(), remote);
        remote.prepare(node, env.configBuilder(options).build());
        return node;
    }

    /** @return the PE the caller runs on. @throws IllegalStateException outside the runtime's threads. */
    public static int myPe() {
        final Pe pe = Node.currentPe();
        if (pe == null) {
            throw new IllegalStateException("myPe() was called on thread " + Thread.currentThread().getName()
                + ", which is not a PE of a charm4j job");
        }
        return pe.id();
    }

    /** @return the job's task pool (charm4py's {@code charm.pool}). */
    public static Pool pool() {
        Node.current();   // fails clearly outside a job
        return Pool.INSTANCE;
    }

    /** @return the number of processes of the job (charm4py's {@code charm.numHosts()} when one process per host). */
    public static int numNodes() {
        return Node.current().topology().numNodes();
    }

    /** @return the process the caller runs in (0 .. numNodes() - 1). */
    public static int myNode() {
        return Node.current().myNode();
    }

    /**
     * @param pe a PE.
     * @return the process it belongs to.
     */
    public static int nodeOf(final int pe) {
        return Node.current().topology().nodeOf(checkedPe(pe));
    }

    /**
     * @param node a process.
     * @return its PEs, in order.
     */
    public static int[] pesOfNode(final int node) {
        final var t = Node.current().topology();
        if (node < 0 || node >= t.numNodes()) {
            throw new IllegalArgumentException("process " + node + " is not one of the job's " + t.numNodes());
        }
        final int[] pes = new int[t.pesPerNode()];
        for (int i = 0; i < pes.length; i++) {
            pes[i] = node * t.pesPerNode() + i;
        }
        return pes;
    }

    /**
     * @param pe a PE.
     * @return its parent in the runtime's spanning tree of PEs (broadcasts go down it, reductions up), -1 for PE 0.
     */
    public static int parentPe(final int pe) {
        return pe == 0 ? -1 : Node.current().topology().parent(checkedPe(pe));
    }

    /**
     * @param pe a PE.
     * @return its children in the spanning tree (a copy).
     */
    public static int[] childPes(final int pe) {
        return Node.current().topology().children(checkedPe(pe)).clone();
    }

    private static int checkedPe(final int pe) {
        final int n = Node.current().numPes();
        if (pe < 0 || pe >= n) {
            throw new IllegalArgumentException("PE " + pe + " is not one of the job's " + n);
        }
        return pe;
    }

    /** @return seconds since this process's runtime started (Charm++'s {@code CkWallTimer()}). */
    public static double wallTime() {
        return Node.current().wallTime();
    }

    /**
     * Completes {@code done} after {@code delay}, from the runtime's timer: no PE waits meanwhile.
     *
     * @param delay the delay.
     * @param done  a {@code Future<Void>}.
     */
    public static void scheduleAfter(final java.time.Duration delay, final Future<Void> done) {
        Node.current().scheduleAfter(myPe(), delay.toNanos(), java.util.Objects.requireNonNull(done, "done"));
    }

    /**
     * Runs {@code target} on the calling PE after {@code delay} (an entry-method reference such as
     * {@code proxy.at(3)::tick} sends a call then), without blocking a PE meanwhile.
     *
     * @param delay  the delay.
     * @param target what to run.
     */
    public static void scheduleAfter(final java.time.Duration delay, final Callback target) {
        Node.current().scheduleAfter(myPe(), delay.toNanos(), java.util.Objects.requireNonNull(target, "target"));
    }

    /**
     * Waits for {@code d} in a {@code @Threaded} entry method (or the main chare's constructor); the PE runs other
     * chares meanwhile.
     *
     * @param d how long.
     */
    public static void sleep(final java.time.Duration d) {
        Blocking.checkMayBlock("Charm.sleep()");
        final Future<Void> f = new Future<>();
        scheduleAfter(d, f);
        f.get();
    }

    /** @return the number of PEs of the job. */
    public static int numPes() {
        return Node.current().numPes();
    }

    /**
     * Asks for quiescence detection (Charm++'s {@code CkStartQD}, charm4py's {@code charm.startQD}): once no message
     * is queued or in flight anywhere in the job and no entry method runs (a threaded entry method that waits counts
     * as not running), {@code done} completes. It never completes while a message is in flight; it completes soon
     * after the last one is handled (a few tree waves). Callable from any PE, as often as wanted: each request is
     * answered by the next detection.
     *
     * @param done the future to complete, {@code Future<Void>}.
     */
    public static void startQuiescence(final Future<Void> done) {
        org.charm4j.runtime.ChareSupport.startQuiescence(java.util.Objects.requireNonNull(done, "done"));
    }

    /**
     * Asks for quiescence detection; {@code target} runs on PE 0 once the job is quiescent: an entry-method reference
     * such as {@code MainProxy.elementOf(this)::done} (a call, so the job is busy again), or a broadcast
     * {@code workers::next}.
     *
     * @param target what to call.
     */
    public static void startQuiescence(final Callback target) {
        org.charm4j.runtime.ChareSupport.startQuiescence(java.util.Objects.requireNonNull(target, "target"));
    }

    /**
     * @return the job's runtime options ({@code +p}, {@code +device}, ...), as every process parsed them.
     * @throws IllegalStateException outside a running job.
     */
    public static Options options() {
        return org.charm4j.runtime.ChareSupport.options();
    }

    /** @return whether a job runs in this JVM (so that {@link #options()} answers). */
    public static boolean inJob() {
        return org.charm4j.runtime.ChareSupport.inJob();
    }

    /**
     * Waits for work outside the runtime without blocking a PE: the calling PE polls {@code work} between its
     * messages (a GPU kernel's launch, for instance), and the future completes on that PE once it is done. Until
     * then the job is not quiescent. In a {@code @Threaded} entry method, {@code whenDone(work).get()} waits while
     * the PE runs other chares.
     *
     * @param work what to poll.
     * @return a future completed (or failed, with what {@link Pollable#poll()} threw) on the calling PE.
     * @throws IllegalStateException if not called on a PE (an entry method, threaded or not, or main).
     */
    public static Future<Void> whenDone(final Pollable work) {
        final Future<Void> f = new Future<>();
        org.charm4j.runtime.ChareSupport.pollUntilDone(java.util.Objects.requireNonNull(work, "work"), f, null);
        return f;
    }

    /**
     * Like {@link #whenDone(Pollable)}, and then calls {@code then} on the calling PE: an entry-method reference such
     * as {@code MyProxy.elementOf(this)::kernelDone} (a call, sent when the work is done). If the work fails, the job
     * ends, naming the PE and the work.
     *
     * @param work what to poll.
     * @param then what to call once it is done.
     * @throws IllegalStateException if not called on a PE.
     */
    public static void whenDone(final Pollable work, final Callback then) {
        org.charm4j.runtime.ChareSupport.pollUntilDone(java.util.Objects.requireNonNull(work, "work"), null,
            java.util.Objects.requireNonNull(then, "then"));
    }

    /**
     * Waits, in a {@code @Threaded} entry method (or the main chare's constructor), until the job is quiescent: until
     * nothing but waiting threaded entry methods is left (charm4py's {@code charm.waitQD()}).
     */
    public static void waitQuiescence() {
        Blocking.checkMayBlock("Charm.waitQuiescence()");
        final Future<Void> f = new Future<>();
        startQuiescence(f);
        f.get();
    }

    /**
     * Prints the run's figures so far (as {@code +stats} does at exit: per PE busy, idle and runtime time, messages
     * and bytes, and the entry-method table summed over processes), once every PE has answered; returns at once
     * (charm4py's {@code charm.printStats()}). The figures are recorded only in a run given {@code +stats},
     * {@code +trace} or {@code +report}: without one, the table is empty.
     */
    public static void printStats() {
        org.charm4j.runtime.RunReport.request(Node.current(), false, 0);
    }

    /** Ends the job with exit code 0, once the calling entry method returns. */
    public static void exit() {
        exit(0);
    }

    /**
     * Ends the job with an exit code, once the calling entry method returns; messages still queued are dropped.
     *
     * @param code the exit code of the job.
     */
    public static void exit(final int code) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("an exit code is 0 to 255, not " + code);
        }
        Node.current().exit(code);
    }

    /**
     * Ends the job at once with an error message naming the calling PE, exit code 1.
     *
     * @param message why.
     */
    public static void abort(final String message) {
        final Pe pe = Node.currentPe();
        Node.current().abort((pe == null ? "" : "PE " + pe.id() + ": ") + message, null);
    }

    /**
     * Waits for every future ({@link Threaded} entry methods, main, or threads outside the runtime).
     *
     * @param futures the futures.
     * @param <T>     their value type.
     * @return their values, in the same order.
     */
    @SafeVarargs
    public static <T> List<T> awaitAll(final Future<? extends T>... futures) {
        return awaitAll(List.of(futures));
    }

    /**
     * Waits for every future.
     *
     * @param futures the futures.
     * @param <T>     their value type.
     * @return their values, in the same order.
     */
    public static <T> List<T> awaitAll(final List<? extends Future<? extends T>> futures) {
        Blocking.checkMayBlock("Charm.awaitAll()");
        final List<T> values = new ArrayList<>(futures.size());
        for (final Future<? extends T> f : futures) {
            values.add(f.get());
        }
        return values;
    }

    /**
     * Futures and channels in the order they become ready (charm4py's {@code charm.iwait}): each step of the
     * iteration waits, in a {@link Threaded} entry method or main, until one more is ready, and gives the one that
     * became ready first among those ready: a future once it is done ({@code get()} returns at once), a channel once
     * a received value is there ({@code recv()} returns at once). Each is given once.
     *
     * <pre>
     * for (Future&lt;Double&gt; f : Charm.iwait(results)) { use(f.get()); }   // never waits on a slow one first
     * </pre>
     *
     * @param items the futures and channels (not modified); channels of the calling chare's PE.
     * @param <W>   their type.
     * @return an iterable over the same items, in readiness order.
     */
    public static <W extends Waitable> Iterable<W> iwait(final List<W> items) {
        final List<W> snapshot = List.copyOf(items);
        return () -> new java.util.Iterator<>() {
            private final List<W> left = new ArrayList<>(snapshot);

            @Override
            public boolean hasNext() {
                return !left.isEmpty();
            }

            @Override
            public W next() {
                if (left.isEmpty()) {
                    throw new java.util.NoSuchElementException("every future and channel was given");
                }
                awaitAnyOf(left, "Charm.iwait()");
                // of those ready by now, the one that became ready first
                W first = null;
                long firstRank = Long.MAX_VALUE;
                for (final W w : left) {
                    if (w.isReady()) {
                        final long rank = rankOf(w);
                        if (first == null || rank < firstRank) {
                            first = w;
                            firstRank = rank;
                        }
                    }
                }
                left.remove(first);
                return first;
            }
        };
    }

    /**
     * Futures and channels in the order they become ready: {@link #iwait(List)} of these.
     *
     * <pre>{@code
     * for (Waitable w : Charm.iwait(left, right, total)) {
     *     if (w == left) { useLeft(left.recv()); } else if (w == right) { useRight(right.recv()); }
     *     else { useTotal(total.get()); }
     * }
     * }</pre>
     *
     * @param items the futures and channels.
     * @return an iterable over them, in readiness order.
     */
    public static Iterable<Waitable> iwait(final Waitable... items) {
        return iwait(List.of(items));
    }

    private static long rankOf(final Waitable w) {
        return switch (w) {
            case Future<?> f -> f.completionOrder();
            case Channel<?> c -> c.readyRank();
        };
    }

    /**
     * Waits until at least one future is done.
     *
     * @param futures the futures.
     * @param <T>     their value type.
     * @return the first done future found (in argument order).
     */
    @SafeVarargs
    public static <T> Future<T> awaitAny(final Future<T>... futures) {
        if (futures.length == 0) {
            throw new IllegalArgumentException("awaitAny() needs at least one future");
        }
        return awaitAnyOf(List.of(futures), "Charm.awaitAny()");
    }

    /** Waits until one item is ready; @return the first ready one found, in list order. */
    private static <W extends Waitable> W awaitAnyOf(final List<W> items, final String what) {
        final ThreadedTask task = Blocking.checkMayBlock(what);
        for (final W w : items) {
            if (w instanceof Channel<?> c) {
                c.waitingTask(what);   // a channel is waited on in a threaded entry method on its PE only
            }
        }
        final Object me = task != null ? task : Thread.currentThread();
        while (true) {
            for (final W w : items) {
                if (w.isReady()) {
                    return w;
                }
            }
            if (task != null && task.pe().awaitAnyOnPeThread(items)) {
                continue;   // one became ready while the task waited on its PE's thread, with nothing else to run
            }
            boolean ready = false;
            for (final W w : items) {
                final boolean waits = switch (w) {
                    case Future<?> f -> f.addWaiter(me);
                    case Channel<?> c -> c.addWaiter(task);
                };
                ready |= !waits;
            }
            try {
                if (!ready) {
                    if (task != null) {
                        task.block();
                    } else {
                        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                    }
                }
            } finally {
                for (final W w : items) {
                    switch (w) {
                        case Future<?> f -> f.removeWaiter(me);
                        case Channel<?> c -> c.removeWaiter(task);
                    }
                }
            }
        }
    }
}
