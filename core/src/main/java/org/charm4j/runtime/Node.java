package org.charm4j.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.charm4j.Future;
import org.charm4j.Options;

/**
 * One process of a job and its PEs. {@link #run} starts the PE threads, runs the program's main on PE 0 (in node 0)
 * as a threaded entry method, and returns the exit code once a PE calls {@code Charm.exit} or the job aborts.
 * Messages for PEs of other processes go through the {@link Remote}.
 *
 * <p>Threading: {@link #send}, {@link #exit}, {@link #abort} any thread; {@link #run} once, on the launching thread.
 */
public final class Node {
    private static volatile Node current;

    private final Options options;
    /** When this process's runtime started ({@link System#nanoTime}): the origin of its observed figures. */
    final long startNanos = System.nanoTime();
    /** The run is observed ({@code +stats}, {@code +trace}, {@code +report}): PEs record, exit collects first. */
    final boolean observed;
    /** PE 0's collector of the PEs' figures at the end of an observed run (made once). */
    final RunReport.Collector runReport = new RunReport.Collector();
    private final Topology topology;
    private final int myNode;
    private final Remote remote;
    /** PEs by global number; null for PEs of other processes. */
    private final Pe[] pes;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger nextCharePe = new AtomicInteger();
    private final Set<ThreadedTask> liveTasks = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Long, CollectionInfo> collections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Future<?>> exportedFutures = new ConcurrentHashMap<>();
    /** This process's one instance of each section it made or received, by fingerprint. */
    private final ConcurrentHashMap<Long, Section> sections = new ConcurrentHashMap<>();
    private final Object exitLock = new Object();
    private final ClassLoader classLoader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : Node.class.getClassLoader();
    /** Encoders of threads that are not PEs (a PE and its threaded entry methods share the PE's). */
    private final ThreadLocal<WireEncoder> encoders = ThreadLocal.withInitial(() -> new WireEncoder(this));
    private final WireTables wireTables;
    private volatile boolean running = true;
    private int exitCode = -1;

    /**
     * A job in this process alone.
     *
     * @param options the runtime options; {@code ++ppn} must be {@code +p}.
     */
    public Node(final Options options) {
        this(options, 0, null);
    }

    /**
     * One process of a job of {@code options.numNodes()} processes.
     *
     * @param options the runtime options.
     * @param myNode  this process's number.
     * @param remote  the other processes, or {@code null} when there are none.
     */
    public Node(final Options options, final int myNode, final Remote remote) {
        this.observed = options.observed();
        this.options = options;
        this.topology = new Topology(options.numPes(), options.pesPerNode());
        if (remote == null && topology.numNodes() > 1) {
            throw new IllegalArgumentException("+p " + options.numPes() + " ++ppn " + options.pesPerNode()
                + " needs " + topology.numNodes() + " processes: start the job with bin/charmrun");
        }
        if (myNode < 0 || myNode >= topology.numNodes()) {
            throw new IllegalArgumentException("process " + myNode + " of a job of " + topology.numNodes());
        }
        this.myNode = myNode;
        this.remote = remote;
        this.wireTables = new WireTables(topology.numNodes());
        this.pes = new Pe[options.numPes()];
        final int first = myNode * options.pesPerNode();
        for (int i = first; i < first + options.pesPerNode(); i++) {
            pes[i] = new Pe(this, i);
        }
    }

    /** @return the node of the job running in this JVM, or null (from any thread). */
    static Node running() {
        return current;
    }

    /**
     * @return the node of the PE that calls this, else the node of the job running in this JVM.
     * @throws IllegalStateException if no job runs.
     */
    public static Node current() {
        final Pe pe = currentPe();
        if (pe != null) {
            return pe.node();
        }
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

    /** @return the other processes, or null. */
    Remote remote() {
        return remote;
    }

    /** @return the number of PEs of the job. */
    public int numPes() {
        return pes.length;
    }

    /** @return this process's number. */
    public int myNode() {
        return myNode;
    }

    /** @return the class loader of the program, for classes named in messages. */
    ClassLoader classLoader() {
        return classLoader;
    }

    /**
     * @return the encoder of the calling PE (shared with its threaded entry methods, which hold the PE one at a
     *     time), else of the calling thread: for messages to other processes.
     */
    public WireEncoder encoder() {
        final Pe pe = currentPe();
        return pe != null && pe.node() == this ? pe.encoder() : encoders.get();
    }

    /** @return a new encoder, for a thread or a path that must not share one (the exit broadcast). */
    public WireEncoder newEncoder() {
        return new WireEncoder(this);
    }

    /** @return a new decoder, for a thread that receives messages from other processes. */
    public WireDecoder newDecoder() {
        return new WireDecoder(this);
    }

    /** @return what this process names by id to the others. */
    WireTables wireTables() {
        return wireTables;
    }

    /** Sends the completion of a future that another process owns. */
    void sendFutureCompletion(final int owner, final long id, final Object value, final Throwable failure) {
        final WireEncoder e = encoder();
        e.encodeFutureCompletion(owner, id, value, failure);
        countCreated();
        remote.sendEncoded(owner, e);
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
     * @return that PE if it lives in this process, else {@code null}.
     */
    Pe localPe(final int pe) {
        return pes[pe];
    }

    /**
     * Sends a call made through a proxy: its arguments are taken ({@link EntryMessage#takeArguments}) for a PE of
     * this process, unless they were already ({@link EntryMessage#TAKEN}), and serialized at once for another
     * process. Never runs it on the caller's thread.
     *
     * @param pe destination PE.
     * @param m  the call; the runtime owns it from now on.
     */
    public void sendCall(final int pe, final EntryMessage m) {
        final Pe p = pes[pe];
        if (observed) {
            observeSend(p != null, m);
        }
        if (p != null) {
            if ((m.flags & EntryMessage.TAKEN) == 0) {
                m.flags |= EntryMessage.TAKEN;
                m.takeArguments();
            }
            p.enqueue(m);
        } else {
            if (!m.quiet) {
                countCreated();   // counted where it leaves; its arrival counts where it comes in
            }
            remote.send(pe, m);
        }
    }

    /**
     * Sends a message to a PE: never runs it on the caller's thread.
     *
     * @param pe destination PE.
     * @param m  the message; the destination owns it from now on.
     */
    public void send(final int pe, final Message m) {
        final Pe p = pes[pe];
        if (observed && !m.quiet) {
            observeSend(p != null, m);
        }
        if (p != null) {
            p.enqueue(m);
        } else {
            if (!m.quiet) {
                countCreated();   // counted where it leaves; its arrival counts where it comes in
            }
            remote.send(pe, m);
        }
    }

    /** Counts a send on the sending PE's figures, and gives a traced call its flow. */
    private void observeSend(final boolean local, final Message m) {
        final Pe from = currentPe();
        final PeStats s = from == null || from.node() != this ? null : from.stats;
        if (s == null) {
            return;
        }
        if (local) {
            s.sentLocal++;
        }
        if (s.tracing && m instanceof EntryMessage e && e.traceId() == 0 && (e.flags & EntryMessage.HELD) == 0) {
            e.traceId(s.flowOut(System.nanoTime()));
            if (e.traceId() != 0) {
                e.flags |= EntryMessage.TRACED;
            }
        }
    }

    /** @return whether that PE is in this process. */
    boolean isLocal(final int pe) {
        return pes[pe] != null;
    }

    /** @return this process's PE of that number, or null if it is in another process. */
    Pe pe(final int pe) {
        return pes[pe];
    }

    /** @return an id unique in the job (this process's number in the high bits). */
    long newId() {
        return (long) myNode << 40 | nextId.getAndIncrement();
    }

    int nextChareRoundRobin() {
        return Math.floorMod(nextCharePe.getAndIncrement() + myNode * options.pesPerNode(), pes.length);
    }

    // ---------------------------------------------------------------- registries for messages from other processes

    void register(final CollectionInfo info) {
        collections.put(info.id(), info);
    }

    /**
     * @param id a collection id.
     * @return the collection, or a placeholder known by id only until its description arrives.
     */
    CollectionInfo collection(final long id) {
        return collections.computeIfAbsent(id, k -> new CollectionInfo(this, k));
    }

    /**
     * @param s a section just built.
     * @return this process's instance of that member set ({@code s} if it is the first).
     * @throws IllegalStateException if another member set has the same fingerprint (a 64-bit digest collision).
     */
    Section internSection(final Section s) {
        final Section known = sections.putIfAbsent(s.fingerprint, s);
        if (known == null) {
            return s;
        }
        if (!known.equals(s)) {
            throw new IllegalStateException(s + " and " + known + " have the same fingerprint " + s.fingerprint
                + ": a digest collision; build one of them differently");
        }
        return known;
    }

    /** @return the section of that fingerprint known here, or null. */
    Section section(final long fingerprint) {
        return sections.get(fingerprint);
    }

    /** Keeps a future that another process may complete; returns its id. */
    long export(final Future<?> f) {
        final long id = newId();
        exportedFutures.put(id, f);
        return id;
    }

    /** @return the exported future of that id, or null. */
    Future<?> exported(final long id) {
        return exportedFutures.get(id);
    }

    /** @return the exported future of that id, forgotten from now on. */
    Future<?> takeExported(final long id) {
        return exportedFutures.remove(id);
    }

    void taskStarted(final ThreadedTask t) {
        liveTasks.add(t);
        if (!pinWatchStarted && ThreadedTask.onPeThread()) {
            startPinWatch();
        }
    }

    /** Once a second, each live task checks whether it blocked while pinned to its PE's thread. */
    private synchronized void startPinWatch() {
        if (!pinWatchStarted) {
            pinWatchStarted = true;
            timer().scheduleWithFixedDelay(() -> {
                for (final ThreadedTask t : liveTasks) {
                    t.checkPinned();
                }
            }, 1, 1, TimeUnit.SECONDS);
        }
    }

    private volatile boolean pinWatchStarted;

    void taskFinished(final ThreadedTask t) {
        liveTasks.remove(t);
    }

    /**
     * Runs this process's part of a job: starts its PEs, runs {@code main} on PE 0 (node 0 only) as a threaded
     * entry method, waits for the exit.
     *
     * @param main the program's main.
     * @return the exit code: what {@code Charm.exit(code)} gave, 1 after an abort, {@link Options#TIMEOUT_EXIT_CODE}
     *     after {@code +timeout}.
     */
    public int run(final Runnable main) {
        reaper.start();
        synchronized (Node.class) {
            if (current == null) {
                current = this;
            }
        }
        final org.charm4j.internal.net.ExitWatch exitWatch = remote == null ? null
            : org.charm4j.internal.net.ExitWatch.install(myNode, this::hasEnded);
        try {
            if (options.printOptions() && myNode == 0) {
                System.out.println(options);
            }
            for (final Pe pe : pes) {
                if (pe != null) {
                    pe.start();
                }
            }
            if (myNode == 0) {
                pes[0].enqueue(new StartMain(main));
            }
            // after +timeout (here, or in process 0) a PE stuck in an entry method must not keep the process alive
            final boolean timedOut = awaitExitOrTimeout() || exitCode == Options.TIMEOUT_EXIT_CODE;
            for (final Pe pe : pes) {
                if (pe != null) {
                    pe.wake();
                }
            }
            for (final Pe pe : pes) {
                if (pe != null) {
                    joinPe(pe, timedOut);
                }
            }
            for (final ThreadedTask t : liveTasks) {
                t.cancel();
            }
            System.out.flush();
            return exitCode;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            abort("the thread that ran the job was interrupted", e);
            return 1;
        } finally {
            java.util.concurrent.locks.LockSupport.unpark(reaper);
            if (exitWatch != null) {
                exitWatch.uninstall();
            }
            if (remote != null) {
                // Normally the first PE closed it already (it drives it); this covers a PE that never started.
                remote.close();
            }
            synchronized (Node.class) {
                if (current == this) {
                    current = null;
                }
            }
        }
    }

    // ---------------------------------------------------------------- +timeout

    /**
     * @return what this process's PEs still wait for (open reductions, balancing steps, messages for absent
     *     elements), one line each, for a job that ran out of time. Read from another thread while the PEs may
     *     run: a best-effort picture.
     */
    String openWork() {
        final StringBuilder b = new StringBuilder();
        for (final Pe p : pes) {
            if (p != null && p.hasQueued()) {
                b.append("charm4j: PE ").append(p.id()).append(": messages wait in its queue; its thread is ")
                    .append(p.threadState()).append('\n');
            }
        }
        for (final CollectionInfo info : collections.values()) {
            for (final Pe p : pes) {
                final LocalCollection lc = p == null ? null : info.local(p.id());
                if (lc == null) {
                    continue;
                }
                try {
                    for (final Partial r : lc.partials.toArray(new Partial[0])) {
                        b.append("charm4j: PE ").append(p.id()).append(": reduction ")
                            .append(r.key >= 0 ? "#" + r.key : "of a broadcast's future").append(" of ").append(info)
                            .append(" open: ").append(r.contributors).append(" contributions, ").append(r.owing)
                            .append(" local elements owing, ").append(r.children).append(" child partials; ")
                            .append(lc.elements.size()).append(" elements here\n");
                    }
                    if (lc.lbPlanned || lc.lbSynced > 0 || lc.lbSent) {
                        b.append("charm4j: PE ").append(p.id()).append(": load balancing of ").append(info)
                            .append(": ").append(lc.lbSynced).append(" of ").append(lc.elements.size())
                            .append(" elements at atSync(), ").append(lc.lbArrivalsDue).append(" arrivals due\n");
                    }
                    if (lc.waitingForElement != null && !lc.waitingForElement.isEmpty()) {
                        b.append("charm4j: PE ").append(p.id()).append(": messages wait for absent elements ")
                            .append(lc.waitingForElement.keySet()).append(" of ").append(info).append('\n');
                    }
                } catch (final RuntimeException raced) {
                    b.append("charm4j: PE ").append(p.id()).append(": (changed while read)\n");
                }
            }
        }
        return b.toString();
    }

    /** How much later than process 0 the others end a job on their own at {@code +timeout}: 0's word comes first. */
    private static final long TIMEOUT_LAG_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long a PE may take to finish its entry method after {@code +timeout} before the process ends anyway. */
    private static final long TIMEOUT_JOIN_MILLIS = 5000;

    /**
     * Waits for the exit code; with {@code +timeout}, ends the job once it has run that long (process 0 does, and
     * tells the others; they end it themselves a little later only if its word did not come).
     *
     * @return true if this process ended the job for its time limit.
     */
    private boolean awaitExitOrTimeout() throws InterruptedException {
        final int limit = options.timeoutSeconds();
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(limit) + (myNode == 0 ? 0 : TIMEOUT_LAG_NANOS);
        synchronized (exitLock) {
            while (exitCode < 0) {
                final long left = end - System.nanoTime();
                if (limit == 0) {
                    exitLock.wait();
                } else if (left > 0) {
                    TimeUnit.NANOSECONDS.timedWait(exitLock, left);
                } else {
                    break;
                }
            }
            if (exitCode >= 0) {
                return false;
            }
            System.out.flush();
            System.err.println("charm4j: the job ran longer than +timeout " + limit + " s; ending it (exit code "
                + Options.TIMEOUT_EXIT_CODE + (myNode == 0 ? "" : "; process " + myNode
                + " did not hear from process 0") + ")");
            System.err.print(openWork());
            System.err.flush();
        }
        exit(Options.TIMEOUT_EXIT_CODE);
        return true;
    }

    /** Joins a PE; after {@code +timeout}, gives up on one still in an entry method after a few seconds. */
    private void joinPe(final Pe pe, final boolean timedOut) throws InterruptedException {
        if (!timedOut) {
            pe.join();
            return;
        }
        pe.thread().join(TIMEOUT_JOIN_MILLIS);
        if (pe.thread().isAlive()) {
            final StackTraceElement[] st = pe.thread().getStackTrace();
            System.err.println("charm4j: PE " + pe.id() + " still runs an entry method " + (st.length > 0 ? "(at "
                + org.charm4j.internal.net.ExitWatch.frame(st[0]) + ") " : "") + TIMEOUT_JOIN_MILLIS / 1000
                + " s after +timeout; ending without it");
        }
    }

    /** @return true once the exit code is set (by an exit, an abort or the timeout). */
    private boolean hasEnded() {
        synchronized (exitLock) {
            return exitCode >= 0;
        }
    }

    /**
     * Ends the job with an exit code, in every process; the first call wins.
     *
     * @param code the exit code.
     */
    public void exit(final int code) {
        if (observed && !hasEnded()) {
            RunReport.request(this, true, code);   // PE 0 collects the figures first, then calls exitNow
            return;
        }
        exitNow(code);
    }

    /**
     * Ends the job now, in every process; the first call wins.
     *
     * @param code the exit code.
     */
    void exitNow(final int code) {
        if (claimExit(code)) {
            broadcastThenStop(code, null);
        }
    }

    /**
     * Ends the job with an error, in every process: prints the message (and the cause's stack trace) to standard
     * error, exit code 1.
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
        if (claimExit(1)) {
            broadcastThenStop(1, message);
        }
    }

    // ---------------------------------------------------------------- fatal errors

    /** Heap set aside at start and let go on a fatal error, so that the abort path can allocate its message. */
    @SuppressWarnings("unused")
    private volatile byte[] reserve = new byte[RESERVE_BYTES];
    private static final int RESERVE_BYTES = 4 << 20;
    /** Classes the error paths use, loaded at start: loading a class needs memory that a fatal error may not leave. */
    @SuppressWarnings("unused")
    private static final Class<?>[] ERROR_PATH_CLASSES = {JobEnded.class, org.charm4j.CharmException.class,
        org.charm4j.BroadcastException.class, StackTraceElement.class, TransportRemote.class};
    /** How long an abort after a fatal error may take before the process halts. */
    private static final long FATAL_GRACE_MILLIS = 5000;
    /** What is printed when even the abort path fails: made in advance. */
    private static final byte[] LAST_WORDS = ("charm4j: a fatal error (out of memory?) left no room to report it;"
        + " ending the job\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Halts the process if a fatal error's abort does not end it in time; started with the job, waits until then. */
    private final Thread reaper = Thread.ofPlatform().daemon().name("charm4j-reaper").unstarted(this::reap);
    private volatile boolean fatal;
    /** Set by {@code Charm.start}: the job owns its JVM, which may be halted after a fatal error. */
    private static volatile boolean ownsJvm;

    /** Whether some collection here measures its elements' load (then PEs also measure their idle time). */
    volatile boolean measuringLoad;

    /** When this process's runtime was made, for {@code Charm.wallTime()}. */
    private final long bornNanos = System.nanoTime();

    /** @return seconds since this process's runtime started. */
    public double wallTime() {
        return (System.nanoTime() - bornNanos) / 1e9;
    }

    /**
     * Calls {@code target} (a {@code Callback}, run on PE {@code pe}) or completes it (a {@code Future<Void>}) about
     * {@code nanos} from now, from the runtime's timer thread: no PE waits meanwhile.
     *
     * @param pe     the PE that runs a callback.
     * @param nanos  the delay.
     * @param target the callback or future.
     */
    public void scheduleAfter(final int pe, final long nanos, final Object target) {
        if (!(target instanceof org.charm4j.Future<?>) && !(target instanceof org.charm4j.Callback)) {
            throw new IllegalArgumentException("a timer's target is a Future<Void> or a Callback, not " + target);
        }
        if (nanos < 0) {
            throw new IllegalArgumentException("a timer's delay is at least 0, not " + nanos + " ns");
        }
        later(nanos, () -> pes[pe].enqueue(new Timed(target)));
    }

    /** A timer's target, run on its PE. */
    private static final class Timed extends Message {
        private final Object target;

        Timed(final Object target) {
            this.target = target;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void deliver(final Pe pe) {
            if (target instanceof org.charm4j.Future<?> f) {
                ((org.charm4j.Future<Object>) f).complete(null);
                return;
            }
            try {
                ((org.charm4j.Callback) target).run();
            } catch (final RuntimeException ex) {
                pe.node().abort("PE " + pe.id() + ": the timer callback " + target + " threw " + ex, ex);
            }
        }
    }

    /** Messages sent and handled by threads that are not PE threads (threaded entry methods, the network). */
    final java.util.concurrent.atomic.AtomicLong qdCreatedOffPe = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong qdProcessedOffPe = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Counts a message sent by the calling thread, for quiescence detection. A threaded entry method counts on the
     * process counter, not on its PE's: while it runs, its PE thread may still count arrivals it polls from the
     * network on the PE's counters.
     */
    void countCreated() {
        if (Thread.currentThread() instanceof PeThread t) {
            t.counts.created++;
        } else {
            qdCreatedOffPe.incrementAndGet();
        }
    }

    /** Counts a message that arrived from another process, for quiescence detection. */
    void countProcessed() {
        if (Thread.currentThread() instanceof PeThread t) {
            t.counts.processed++;
        } else {
            qdProcessedOffPe.incrementAndGet();
        }
    }

    /** Runs {@code task} on the runtime's timer thread about {@code nanos} from now (it should only enqueue). */
    synchronized void later(final long nanos, final Runnable task) {
        timer().schedule(() -> {
            if (isRunning()) {
                task.run();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private java.util.concurrent.ScheduledExecutorService timer() {
        if (balancingTimer == null) {
            balancingTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("charm4j-timer").factory());
        }
        return balancingTimer;
    }

    /** Ticks of periodic balancing (process 0 only, made at the first collection that needs it). */
    private java.util.concurrent.ScheduledExecutorService balancingTimer;

    /**
     * A collection balanced periodically was made here: in process 0, a timer asks PE 0 to run a step every
     * {@code +LBPeriod} seconds (1 s if 0), as long as the job runs.
     */
    synchronized void balancesPeriodically(final CollectionInfo info) {
        if (myNode != 0) {
            return;
        }
        final double period = options.lbPeriodSeconds() > 0 ? options.lbPeriodSeconds() : 1.0;
        final long nanos = (long) (period * 1e9);
        timer().scheduleAtFixedRate(() -> {
            if (isRunning()) {
                send(Topology.ROOT, new LoadBalancing.Tick(info));
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** A collection that balances load was made here: the PEs measure their idle and busy time from now on. */
    void measuresLoad() {
        measuringLoad = true;
    }

    /** For {@code Charm.start}: the job owns this JVM, so a fatal error that cannot end the job cleanly halts it. */
    public static void ownsItsJvm() {
        ownsJvm = true;
    }

    /**
     * Ends the job after an error the runtime cannot hand to a future (an {@link OutOfMemoryError},
     * a {@link StackOverflowError}, any {@link VirtualMachineError}, or an exception that escaped a runtime thread):
     * lets go of the heap set aside at start, aborts with a message naming where it happened, and halts the process
     * if that does not end it within a few seconds. Never throws; safe to call again, from any thread.
     *
     * @param where what ran, as "PE 2: entry method Hog.eat() of Hog[0] (...)"; may be null.
     * @param t     the error.
     */
    public void fatal(final String where, final Throwable t) {
        releaseReserve();
        if (!fatal) {
            fatal = true;
            java.util.concurrent.locks.LockSupport.unpark(reaper);
        }
        try {
            final String what = t instanceof OutOfMemoryError ? " ran out of memory (" + t + "): give the JVM more"
                + " with CHARM4J_JAVA_OPTS=-Xmx..., or keep less" : " failed with " + t;
            abort((where == null ? "a runtime thread (" + Thread.currentThread().getName() + ")" : where) + what, t);
        } catch (final Throwable again) {
            lastWords();
        }
    }

    /**
     * Lets go of the heap set aside for reporting a fatal error: call it first in a handler of a
     * {@link VirtualMachineError}, before building the message given to {@link #fatal}.
     */
    public void releaseReserve() {
        reserve = null;
    }

    private void lastWords() {
        try {
            System.err.write(LAST_WORDS, 0, LAST_WORDS.length);
            System.err.flush();
        } catch (final Throwable ignored) {
            // nothing more can be said; the exit below still happens
        }
        synchronized (exitLock) {
            if (exitCode < 0) {
                exitCode = 1;
            }
            running = false;
            exitLock.notifyAll();
        }
    }

    /** The reaper: once a fatal error is reported, gives the abort a few seconds, then halts the process. */
    private void reap() {
        while (!fatal) {
            java.util.concurrent.locks.LockSupport.park(this);
            if (exitCodeIfEnded() >= 0 && !fatal) {
                return;
            }
        }
        try {
            Thread.sleep(FATAL_GRACE_MILLIS);
        } catch (final InterruptedException e) {
            return;
        }
        lastWords();
        if (remote instanceof TransportRemote || ownsJvm) {
            Runtime.getRuntime().halt(1);
        }
    }

    private int exitCodeIfEnded() {
        synchronized (exitLock) {
            return exitCode;
        }
    }

    /**
     * Ends this process's part of the job because another process said so.
     *
     * @param code         the exit code.
     * @param abortMessage the other process's error, or {@code null}.
     */
    public void endFromRemote(final int code, final String abortMessage) {
        if (abortMessage != null) {
            synchronized (exitLock) {
                if (exitCode < 0) {
                    System.err.println("charm4j: process " + myNode + " stops: " + abortMessage);
                }
            }
        }
        if (claimExit(code)) {
            stopPes();
        }
    }

    /** @return true for the first call: it set the exit code and must then stop the PEs. */
    private boolean claimExit(final int code) {
        synchronized (exitLock) {
            if (exitCode >= 0) {
                return false;
            }
            exitCode = code;
            exitLock.notifyAll();
        }
        return true;
    }

    /**
     * Tells the other processes, then stops the PEs: in that order, because the first PE closes the transport (it
     * drives it) once stopped, and the peers must see the exit before its GOODBYE.
     */
    private void broadcastThenStop(final int code, final String abortMessage) {
        try {
            if (remote != null) {
                remote.broadcastExit(code, abortMessage);
            }
        } finally {
            stopPes();
        }
    }

    private void stopPes() {
        synchronized (this) {
            if (balancingTimer != null) {
                balancingTimer.shutdownNow();
            }
        }
        running = false;
        for (final Pe pe : pes) {
            if (pe != null) {
                pe.wake();
            }
        }
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
