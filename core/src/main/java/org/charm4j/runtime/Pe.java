package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.charm4j.Chare;
import org.charm4j.internal.concurrent.BackoffIdleStrategy;
import org.charm4j.internal.concurrent.MpscLinkedQueue;
import org.charm4j.internal.net.Transport;

/**
 * A processing element: one scheduler thread ({@code charm4j-pe-<n>}) with its message queue, running one entry
 * method at a time to completion, so chare code needs no locks. Its duty cycle ({@link #doWork()}) handles at most
 * {@code +batch} messages and reports how many; the idle strategy decides how to wait when there were none.
 *
 * <p>In a job of several processes the first PE of each process starts the process's {@link Transport} before
 * handling any message, and closes it on the way out. Without a comm thread ({@code +nocommthread}, Charm++'s non-SMP
 * mode) it also drives it: it polls it in each duty cycle, and between messages once {@link #NETWORK_POLL_NANOS} of
 * work have passed since the last poll, and sleeps in its event loop when idle (a message from another process or a
 * {@link #wake} ends the sleep).
 *
 * <p>Threading: {@link #enqueue} any thread; everything else owning PE thread only (or the threaded entry method
 * that holds this PE's baton).
 */
public final class Pe {
    private final int id;
    /** The values of {@code org.charm4j.PeLocal}s on this PE, by their numbers; touched by this PE's threads only. */
    private Object[] peLocals = new Object[4];
    private final Node node;
    private final MpscLinkedQueue<Message> queue = new MpscLinkedQueue<>();
    private final int batch;
    /**
     * The longest a driving PE works without polling its process's network (20 us): a message from another process
     * waits at most this long (plus one entry method) for a busy driver, at the cost of one non-blocking select per
     * 20 us of work (about 1 us: under 5%).
     */
    static final long NETWORK_POLL_NANOS = 20_000;
    private final PeThread thread;
    private final BackoffIdleStrategy idle;
    /** The transport this PE drives, or null. Owning thread only. */
    private Transport transport;
    final Reductions reductions;
    /** This PE's encoder for messages to other processes, made at first use; its threaded tasks share it. */
    private WireEncoder encoder;
    /** This PE's copier of arguments, made at first use; its threaded tasks share it. */
    private Args.Copier copier;

    /** What runs now: for error messages and for the blocking-call check. */
    Element currentElement;
    EntryMessage currentMessage;
    ThreadedTask currentTask;
    /** The CPU this PE's thread is pinned to ({@code +setcpuaffinity}), or -1. */
    volatile int cpu = -1;
    /** The element being constructed, handed to the chare's base constructor. */
    Element constructing;
    /** Wall time spent in entry methods since the last balancing step, in nanoseconds (background = the rest). */
    long busyNanos;
    /** Time spent idle since the last balancing step, and when that step was. */
    long idleNanos;
    long lbSince = System.nanoTime();
    /**
     * Time the threaded task holding this PE spent waiting on the PE's thread for a channel value
     * ({@link #awaitOnPeThread}) in its current slice: idle time, not the chare's load.
     */
    long inlineWaitNanos;
    /** Work outside the runtime that this PE polls ({@code Charm.whenDone}), oldest first. PE-confined. */
    private final ArrayList<PendingWork> pending = new ArrayList<>(0);
    /** The longest a PE that polls pending work sleeps when idle: a device's completion is seen this soon. */
    static final long PENDING_PARK_NANOS = 50_000;

    /** A {@code Charm.whenDone}: the work, and the future to complete or the callback to call. */
    private record PendingWork(org.charm4j.Pollable work, org.charm4j.Future<Void> future,
                               org.charm4j.Callback then) {
    }

    /** Spins a threaded task may wait on this PE's thread without giving the baton back (0: never). */
    private final int inlineWaitSpins;
    /**
     * Waits for a future that block at once, without waiting on the PE's thread first: set after one such wait ended
     * with another message at the head of the queue (an allreduce's result, say, which the PE must run to complete
     * the future), so that futures completed that way cost no spin and no late switch on their critical path.
     */
    private int futureWaitsToSkip;
    /** Future waits that block at once after one that a message ended, before the PE tries again. */
    private static final int FUTURE_WAITS_SKIPPED = 64;
    /** What this PE records for {@code +stats}, {@code +trace}, {@code +report}; null when the run is not observed. */
    final PeStats stats;
    /** Messages for collections that this PE has not created yet, by collection id. */
    private final HashMap<Long, List<Message>> waitingForCollection = new HashMap<>();

    Pe(final Node node, final int id) {
        this.node = node;
        this.id = id;
        this.batch = node.options().batch();
        this.thread = new PeThread(this);
        this.idle = BackoffIdleStrategy.named(node.options().idle(), thread, () -> !queue.isEmpty());
        this.inlineWaitSpins = Math.min(idle.maxSpins(), BackoffIdleStrategy.DEFAULT_MAX_SPINS);
        this.reductions = new Reductions(this);
        this.stats = node.observed ? new PeStats(id, node.startNanos, node.options().traceFile() != null) : null;
        if (stats != null && stats.tracing) {
            stats.spillTo(() -> {
                final RunReport.ShipChunks m = new RunReport.ShipChunks();
                m.quiet = true;
                enqueue(m);
            });
        }
    }

    /** @return whether this PE records a {@code +trace} timeline. */
    public boolean tracing() {
        return stats != null && stats.tracing;
    }

    /** Records a library's span on this PE's track ({@link org.charm4j.Trace}); its thread only. */
    public void traceSpan(final String name, final long startNanos, final long endNanos) {
        stats.span(name, startNanos, endNanos);
    }

    /** Records a library's instant on this PE's track ({@link org.charm4j.Trace}); its thread only. */
    public void traceInstant(final String name, final String text) {
        stats.instant(name, text);
    }

    /** @return this PE's number, 0 to numPes - 1. */
    public int id() {
        return id;
    }

    /** @return the node (process) this PE belongs to. */
    public Node node() {
        return node;
    }

    /** @return the CPU this PE is pinned to ({@code +setcpuaffinity}), or -1. */
    public int cpu() {
        return cpu;
    }

    Thread thread() {
        return thread;
    }

    /** @return this PE's encoder: its thread or the threaded entry method holding it only. */
    WireEncoder encoder() {
        WireEncoder e = encoder;
        if (e == null) {
            e = new WireEncoder(node);
            encoder = e;
        }
        return e;
    }

    /** @return this PE's argument copier: its thread or the threaded entry method holding it only. */
    Args.Copier copier() {
        Args.Copier c = copier;
        if (c == null) {
            c = new Args.Copier();
            copier = c;
        }
        return c;
    }

    /**
     * Appends a message to this PE's queue and wakes the PE if it sleeps. Never blocks, never fails.
     *
     * @param m the message; the PE owns it from now on.
     */
    public void enqueue(final Message m) {
        if (!m.quiet) {
            node.countCreated();
        }
        queue.offer(m);
        idle.wake();
    }

    // ---------------------------------------------------------------- the task pool

    private HashMap<Long, PoolJobs.Job> poolJobs;
    private int nextPoolPe = -1;

    /** @return the pool jobs this PE submitted that wait for results. */
    HashMap<Long, PoolJobs.Job> poolJobs() {
        if (poolJobs == null) {
            poolJobs = new HashMap<>();
        }
        return poolJobs;
    }

    /** @return the PE the next job's first chunk goes to (round robin over {@code pes}, starting after this PE). */
    int nextPoolPe(final int pes) {
        if (nextPoolPe < 0) {
            nextPoolPe = id + 1;
        }
        final int pe = nextPoolPe % pes;
        nextPoolPe = pe + 1;
        return pe;
    }

    // ---------------------------------------------------------------- quiescence detection: counts, waves

    /** Messages this PE's thread sent (enqueued anywhere, or to another process) and handled, for quiescence. */
    final MessageCounts counts = new MessageCounts();
    private Quiescence.Detector detector;
    private final QdWave qdWave = new QdWave();

    /** This PE's part of the wave under way: its subtree's counts so far. */
    static final class QdWave {
        int wave = -1;
        long created;
        long processed;
        int children;
        boolean own;
        boolean answered;
    }

    /** @return PE 0's quiescence detector (made at the first request). */
    Quiescence.Detector quiescence() {
        if (detector == null) {
            detector = new Quiescence.Detector();
        }
        return detector;
    }

    /** @return this PE's state for wave {@code wave}, reset if it is a new one. */
    QdWave qdWave(final int wave) {
        final QdWave w = qdWave;
        if (w.wave != wave) {
            w.wave = wave;
            w.created = 0;
            w.processed = 0;
            w.children = 0;
            w.own = false;
            w.answered = false;
        }
        return w;
    }

    /** The wave's answer went up: a late duplicate cannot answer twice. */
    void qdWaveDone() {
        qdWave.answered = true;
    }

    /** @return whether this is its process's first PE (which reports the process's own counters). */
    boolean isFirstOfItsProcess() {
        return id == node.myNode() * node.topology().pesPerNode();
    }

    /** @return whether messages wait in this PE's queue (read from any thread: a best-effort diagnostic). */
    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** @return the state of this PE's thread (any thread; for diagnostics). */
    String threadState() {
        return thread == null ? "not started" : thread.getState().toString();
    }

    /**
     * One duty cycle: on the PE that drives the transport, first runs what is ready there (which may enqueue
     * messages from other processes); then handles at most {@code batch} messages.
     *
     * @return how much was done: messages handled, plus network events and tasks run on the transport.
     */
    int doWork() {
        final PeStats s = stats;
        final long t0 = s == null ? 0 : System.nanoTime();
        final Transport t = transport;
        int n = t == null ? 0 : t.poll();
        if (!pending.isEmpty()) {
            n += pollPending();
        }
        int polled = n;
        int limit = n + batch;
        long lastPoll = t == null ? 0 : System.nanoTime();
        Message m;
        while (n < limit && (m = queue.poll()) != null) {
            if (m.wireBytes != 0) {
                node.remote().taken(this, m);   // back-pressure: it no longer waits in this queue
            }
            final boolean counted = !m.quiet;
            m.deliver(this);
            if (counted) {
                counts.processed++;
            }
            n++;
            if (t != null) {
                // the network of this process moves only when its driver polls: at most every NETWORK_POLL_NANOS of
                // work, not once per batch (64 heavy entry methods would hold messages to and from other processes
                // for as long as they run)
                final long now = System.nanoTime();
                if (now - lastPoll >= NETWORK_POLL_NANOS) {
                    final int events = t.poll();
                    n += events;
                    polled += events;
                    limit += events;
                    lastPoll = now;
                }
            }
        }
        if (s != null && n > 0) {
            s.workNanos += System.nanoTime() - t0;
            s.handled += n - polled;
        }
        return n;
    }

    /**
     * Polls {@code work} from this PE's duty cycle until it is done; until then it counts as a message in flight, so
     * the job is not quiescent. PE thread, or the threaded task holding it.
     */
    void pollUntilDone(final org.charm4j.Pollable work, final org.charm4j.Future<Void> future,
                       final org.charm4j.Callback then) {
        node.countCreated();
        pending.add(new PendingWork(work, future, then));
    }

    /**
     * Polls the pending work once each, oldest first: what is done leaves the list and completes its future (or
     * fails it with what {@code poll()} threw), or calls its callback (a failure then ends the job).
     *
     * @return how many finished.
     */
    private int pollPending() {
        int done = 0;
        for (int i = 0; i < pending.size(); ) {
            final PendingWork p = pending.get(i);
            Throwable failure = null;
            boolean finished;
            try {
                finished = p.work().poll();
            } catch (final RuntimeException e) {
                finished = true;
                failure = e;
            }
            if (!finished) {
                i++;
                continue;
            }
            pending.remove(i);
            done++;
            node.countProcessed();
            if (p.future() != null) {
                if (failure != null) {
                    p.future().fail(failure);
                } else {
                    p.future().complete(null);
                }
            } else if (failure != null) {
                node.abort("PE " + id + ": the work " + p.work() + " that Charm.whenDone() polled failed: " + failure,
                    failure);
            } else {
                p.then().run();
            }
        }
        return done;
    }

    /**
     * While the threaded task that holds this PE waits (for a channel value, or for a future) and nothing else is
     * queued here, waits on the PE's own thread instead of giving the baton back: a channel value that comes next is
     * taken in at once, and a future completed meanwhile by another PE of this process needs no resume message. That
     * spares the two continuation switches of a block and a resume on the critical path of a channel or future round
     * trip. It spins no longer than the PE's idle strategy would before yielding (not at all with {@code +idle
     * yield}), and stops at the first message of another kind, which the PE runs once the task blocks: nothing waits
     * behind it that the PE would have run. Not on a PE that drives its process's network, which moves only when
     * that PE's own loop polls it. Called on the task's virtual thread while it runs on this PE's thread
     * ({@link ThreadedTask#onPeThread()}), so it is this queue's one consumer. Where load is measured for balancing,
     * the time it waits counts as the PE's idle time, not as the chare's load. A future whose wait a message ended
     * (one the PE must run to complete it) makes the next {@value #FUTURE_WAITS_SKIPPED} future waits on this PE
     * block at once, as they did before this wait existed.
     *
     * @param future the future the task waits for, or null when it waits for a channel value.
     * @return true if the future is done, or (no future) a channel value was delivered to whichever end here: the
     *     caller looks again at what it waits for; false if the task should block.
     */
    public boolean awaitOnPeThread(final org.charm4j.Future<?> future) {
        return awaitInline(future, null);
    }

    /**
     * {@link #awaitOnPeThread} for {@code Charm.iwait} and {@code awaitAny}: waits until one of {@code items} is
     * ready, taking channel values in on the way.
     *
     * @param items the futures and channels waited on.
     * @return true if one is ready; false if the task should block.
     */
    public boolean awaitAnyOnPeThread(final List<? extends org.charm4j.Waitable> items) {
        return awaitInline(null, items);
    }

    private static boolean anyReady(final List<? extends org.charm4j.Waitable> items) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isReady()) {
                return true;
            }
        }
        return false;
    }

    /** The wait of {@link #awaitOnPeThread}: for a future, for any of {@code items}, or (both null) a channel value. */
    private boolean awaitInline(final org.charm4j.Future<?> future, final List<? extends org.charm4j.Waitable> items) {
        final int max = inlineWaitSpins;
        if (max == 0 || transport != null || !ThreadedTask.onPeThread()) {
            return false;
        }
        final boolean forValues = future != null || items != null;
        if (forValues && futureWaitsToSkip > 0) {
            futureWaitsToSkip--;
            return false;
        }
        final boolean timed = node.measuringLoad;   // the clock costs ~25 ns a read: only when balancing needs it
        final long t0 = timed ? System.nanoTime() : 0;
        try {
            for (int spins = 0; spins < max && node.isRunning(); spins++) {
                if (future != null ? future.isReady() : items != null && anyReady(items)) {
                    return true;
                }
                final Message m = queue.peek();
                if (m == null) {
                    if (!pending.isEmpty()) {
                        pollPending();   // a device's completion may be what the task waits for
                    }
                    Thread.onSpinWait();
                    continue;
                }
                if (!(m instanceof ChannelMessage)) {
                    if (forValues) {
                        futureWaitsToSkip = FUTURE_WAITS_SKIPPED;
                    }
                    return false;
                }
                final Message got = queue.poll();
                if (got == null) {
                    Thread.onSpinWait();   // its sender still links the one behind it; poll hands out m or nothing
                    continue;
                }
                if (got.wireBytes != 0) {
                    node.remote().taken(this, got);
                }
                got.deliver(this);
                counts.processed++;
                if (stats != null) {
                    stats.handled++;
                }
                if (!forValues) {
                    return true;
                }
            }
            if (!forValues) {
                return false;
            }
            if (future != null ? future.isReady() : anyReady(items)) {
                return true;
            }
            futureWaitsToSkip = FUTURE_WAITS_SKIPPED;   // a long wait: likely to be one again
            return false;
        } finally {
            if (timed) {
                inlineWaitNanos += System.nanoTime() - t0;
            }
        }
    }

    /**
     * Runs what is ready on the transport this PE drives, if any: used while a threaded entry method holds this PE,
     * so that the network (heartbeats included) keeps moving while it computes.
     *
     * @return the work done.
     */
    int pollNetwork() {
        final Transport t = transport;
        return t == null ? 0 : t.poll();
    }

    void runLoop() {
        if (node.options().setCpuAffinity()) {
            try {
                // each process on a host takes its own cores: PE k of the host's r-th process gets core r * ppn + k
                final int ppn = node.options().pesPerNode();
                cpu = org.charm4j.internal.os.Affinity.pinCurrentThread(
                    org.charm4j.internal.net.ProcessEnv.localRank(System.getenv()) * ppn + id % ppn);
            } catch (final IllegalStateException e) {
                node.abort("PE " + id + ": +setcpuaffinity: " + e.getMessage(), null);
                return;
            }
        }
        final TransportRemote first = id == node.myNode() * node.options().pesPerNode()
            && node.remote() instanceof TransportRemote tr ? tr : null;
        final boolean commThread = node.options().usesCommThread();
        if (first != null && commThread && !first.startOwnThread()) {
            return;
        }
        final TransportRemote driving = commThread ? null : first;
        if (driving != null) {
            final Transport t = driving.startDriven(() -> !queue.isEmpty() || !node.isRunning());
            if (t == null) {
                return;
            }
            transport = t;
            idle.parkWith(new BackoffIdleStrategy.Parker() {
                @Override
                public void park(final long maxNanos) {
                    t.block(maxNanos);
                }

                @Override
                public void unpark() {
                    t.wakeup();
                }
            });
        }
        try {
            while (node.isRunning()) {
                final int n = doWork();
                final long park = pending.isEmpty() ? Long.MAX_VALUE : PENDING_PARK_NANOS;
                if (n == 0 && node.measuringLoad) {
                    final long t = System.nanoTime();
                    idle.idle(0, park);
                    idleNanos += System.nanoTime() - t;
                } else {
                    idle.idle(n, park);
                }
            }
        } catch (final Throwable t) {
            node.releaseReserve();
            node.fatal("PE " + id + (currentMessage != null ? " in " + currentMessage.entryName() : ""), t);
        } finally {
            closePeLocals();
            if (driving != null) {
                idle.parkWith(null);
                driving.closeDriven(transport);
                transport = null;
            } else if (first != null) {
                first.close();
            }
        }
    }

    /** At the end of the job, on this PE's thread: closes the {@code PeLocal} values that are closeable, last first. */
    private void closePeLocals() {
        for (int i = peLocals.length - 1; i >= 0; i--) {
            final Object v = peLocals[i];
            peLocals[i] = null;
            if (v instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (final Exception e) {
                    System.err.println("charm4j: PE " + id + ": closing its PeLocal value " + v + " at the end of the"
                        + " job failed: " + e);
                }
            }
        }
    }

    void start() {
        thread.start();
    }

    void join() throws InterruptedException {
        thread.join();
    }

    /** Wakes the PE thread if it sleeps (after a stop request). */
    void wake() {
        idle.wake();
        java.util.concurrent.locks.LockSupport.unpark(thread);
    }

    // ---------------------------------------------------------------- delivery

    // ---------------------------------------------------------------- location: sending, forwarding, moving

    /**
     * Sends a call to one element from this PE: where this PE's location cache says it is, else to its home. A call
     * to an element that may migrate gets its number among this PE's calls to it, so that it runs in order whatever
     * route it takes ({@link CallOrder}).
     *
     * @param m    the call, addressed (info and index set).
     * @param home the element's home PE.
     */
    void sendToElement(final EntryMessage m, final int home) {
        sendToElement(m, home, null);
    }

    /**
     * @param proxy the element proxy that sends (it caches this PE's route to the element), or null.
     */
    void sendToElement(final EntryMessage m, final int home, final ElementProxy proxy) {
        m.srcPe = id;
        final CollectionInfo info = m.info;
        if (!info.migratable()) {
            node.sendCall(home, m);
            return;
        }
        sendAlong(m, proxy == null ? info.route(id, m.index) : proxy.routeFrom(this));
    }

    /**
     * Sends a call to an element that may migrate, along this PE's route to it.
     *
     * @param m a call to an element of a migratable collection.
     * @param r this PE's route to that element ({@link CollectionInfo#route}).
     */
    void sendToElement(final EntryMessage m, final Location.Route r) {
        m.srcPe = id;
        sendAlong(m, r);
    }

    private void sendAlong(final EntryMessage m, final Location.Route r) {
        m.seq = ++r.sent;
        try {
            node.sendCall(r.pe, m);
        } catch (final RuntimeException | Error refused) {
            // refused at the caller (an argument that cannot travel): nothing left, so the number is not used
            r.sent--;
            throw refused;
        }
    }

    /**
     * @param srcPe the PE to tell where the element is when the call goes on, or -1.
     * @return the call's element if this PE holds it; else null, the call waiting for its collection, or sent on
     *     after its element.
     */
    private Element target(final EntryMessage m, final int srcPe) {
        final LocalCollection lc = m.info.local(id);
        if (lc == null) {
            waitForCollection(m.info.id(), m);
            return null;
        }
        final Element e = lc.find(m.index);
        if (e == null) {
            notHere(lc, m.index, m, srcPe);
        }
        return e;
    }

    void deliverToElement(final EntryMessage m) {
        final Element e = target(m, m.srcPe);
        if (e == null) {
            return;
        }
        final LocalCollection lc = e.local;
        if (m.seq == 0) {
            invoke(e, m);
            return;
        }
        if (e.order == null) {
            e.order = new CallOrder();
        }
        e.received++;
        final int status = e.order.accept(m);
        if (status == CallOrder.EARLY) {
            return;
        }
        if (status == CallOrder.REPEATED) {
            node.abort("PE " + id + ": call " + m.entryName() + " number " + m.seq + " from PE " + m.srcPe + " to "
                + describe(e) + " arrived twice (a runtime fault in location management)", null);
            return;
        }
        invoke(e, m);
        if (e.order.hasEarly()) {
            // calls of the same sender that came early run now, while the element stays here
            EntryMessage next;
            while (lc.find(m.index) == e && (next = e.order.takeNext(m.srcPe)) != null) {
                invoke(e, next);
            }
        }
    }

    /**
     * A channel value for an element: into its end of the channel if the element is here, else on where it went
     * (forwarded as a call to it is, telling the sender's PE), or held until it comes.
     */
    void deliverChannel(final ChannelMessage m) {
        final LocalCollection lc = m.info.local(id);
        if (lc == null) {
            waitForCollection(m.info.id(), m);
            return;
        }
        final Element e = lc.find(m.index);
        if (e == null) {
            notHere(lc, m.index, m, m.srcPe);
            return;
        }
        if (e.channels == null) {
            e.channels = new ChannelTable();
        }
        final ChannelPort port = e.channels.arrivalPort(e, m.fromInfo, m.fromIndex, m.number);
        if (!port.arrived(m.seq, m.value)) {
            node.abort("PE " + id + ": value number " + m.seq + " of channel " + m.number + " from "
                + m.fromInfo.chareClass().getSimpleName() + m.fromIndex + " to " + describe(e) + " arrived twice (a"
                + " runtime fault in location management)", null);
        }
    }

    /**
     * A message for an element this PE does not hold: forwards it where the element went (telling the sender's PE),
     * or to its home; on the home PE with no record of it, it waits for the element (a sparse array's insert, or
     * an element on its way here).
     *
     * @param srcPe the PE to tell where the element is, or -1.
     */
    private void notHere(final LocalCollection lc, final org.charm4j.Index index, final Message m, final int srcPe) {
        final Location.Away a = lc.away == null ? null : lc.away.get(index);
        if (a != null) {
            forwarded++;
            node.send(a.pe, m);
            if (srcPe == id) {
                learn(lc, index, a.pe, a.moves);
            } else if (srcPe >= 0) {
                node.send(srcPe, new Location(lc.info, index, Location.UPDATE, a.pe, a.moves));
            }
            return;
        }
        final int home = lc.info.homePe(index);
        if (home != id) {
            forwarded++;
            node.send(home, m);
            return;
        }
        if (lc.info.kind() != CollectionInfo.Kind.SPARSE_ARRAY && !lc.info.migratable()) {
            node.abort("PE " + id + ": " + describeMessage(m) + " was sent to element " + index + " of " + lc.info
                + ", which does not live on PE " + id, null);
            return;
        }
        if (lc.waitingForElement == null) {
            lc.waitingForElement = new HashMap<>();
        }
        lc.waitingForElement.computeIfAbsent(index, k -> new ArrayList<>()).add(m);
    }

    private static String describeMessage(final Message m) {
        return m instanceof EntryMessage em ? em.entryName() : m.getClass().getSimpleName();
    }

    /** Messages this PE forwarded because it did not hold their element (for tests and +LBDebug). */
    long forwarded;

    /**
     * This PE learned that an element is at {@code pe} after its {@code moves}-th move: unless it knows better, its
     * calls go there from now on (their numbers keep them in order behind the calls on the old route).
     */
    void learn(final LocalCollection lc, final org.charm4j.Index index, final int pe, final int moves) {
        final Location.Route r = lc.info.route(id, index);
        if (moves > r.moves) {
            r.moves = moves;
            r.pe = pe;
        }
    }

    void location(final Location l) {
        LocalCollection lc = l.info.local(id);
        if (lc == null && l.info.kind() == CollectionInfo.Kind.SPARSE_ARRAY) {
            createLocal(l.info, null);
            lc = l.info.local(id);
        }
        if (lc == null) {
            waitForCollection(l.info.id(), l);
            return;
        }
        switch (l.what) {
            case Location.UPDATE -> learn(lc, l.index, l.pe, l.moves);
            case Location.HOME -> {
                if (lc.find(l.index) != null) {
                    return;
                }
                if (lc.away == null) {
                    lc.away = new HashMap<>();
                }
                final Location.Away a = lc.away.get(l.index);
                if (a == null) {
                    lc.away.put(l.index, new Location.Away(l.pe, l.moves));
                } else if (l.moves > a.moves) {
                    a.pe = l.pe;
                    a.moves = l.moves;
                }
            }
            default -> throw new IllegalStateException("location message of unknown kind " + l.what);
        }
    }

    /**
     * Moves an element to another PE now, if nothing holds it (a blocked threaded entry method of it): else once
     * the last such method finishes.
     *
     * @return true if it left.
     */
    boolean migrate(final Element e, final int dest, final boolean byBalancer) {
        final LocalCollection lc = e.local;
        if (lc.pe != this || lc.elements.get(e.index) != e || dest == id) {
            return false;
        }
        if (e.activeTasks > 0 || e.chare == null || e.held != null && e.held.holdsBroadcastReplies()) {
            e.migrateTo = dest;
            e.migrateByBalancer |= byBalancer;
            return false;
        }
        e.migrateTo = -1;
        e.migrateByBalancer = false;
        final Element outer = currentElement;
        currentElement = e;
        try {
            ChareSupport.aboutToMigrate(e.chare);
        } catch (final Throwable t) {
            failedHook(e, "aboutToMigrate()", t);
        } finally {
            currentElement = outer;
        }
        lc.remove(e);
        e.moves++;
        if (lc.away == null) {
            lc.away = new HashMap<>();
        }
        final Location.Away a = lc.away.get(e.index);
        if (a == null) {
            lc.away.put(e.index, new Location.Away(dest, e.moves));
        } else {
            a.pe = dest;
            a.moves = e.moves;
        }
        reductions.departed(lc, e);
        final boolean local = node.isLocal(dest);
        final List<EntryMessage> early = e.order == null ? List.of() : e.order.takeEarly();
        final Migration g = new Migration(e.info, e.index, id, local ? e : null, local ? null : e.chare,
            e.reductionSeq, e.moves, e.loadNanos, e.atSync, byBalancer,
            local || e.order == null ? null : e.order.state(), e.broadcastsSeen);
        if (!local) {
            g.channels = e.channels;   // its channel ends go with it; values in flight follow as calls do
            e.channels = null;
            g.sectionSeqs = e.sectionSeqs;
            g.allreduces = e.allreduces;
            e.chare = null;
            e.local = null;
        }
        migrations++;
        node.send(dest, g);
        // calls that came early wait for their predecessors where the element goes (behind it on the same link)
        for (final EntryMessage m : early) {
            node.send(dest, m);
        }
        if (!local && e.held != null && e.held.size() > 0) {
            // calls held for their @When conditions follow it, straight to the element (already counted here)
            for (final EntryMessage m : e.held.takeAll()) {
                m.flags |= EntryMessage.HELD;
                node.send(dest, m);
            }
        }
        return true;
    }

    /** Elements that left this PE (for tests and +LBDebug). */
    long migrations;

    /** An element arrives: it joins this PE's part, its home learns where it is, and what waited for it runs. */
    void arrive(final Migration g) {
        LocalCollection lc = g.info.local(id);
        if (lc == null && g.info.kind() == CollectionInfo.Kind.SPARSE_ARRAY) {
            createLocal(g.info, null);
            lc = g.info.local(id);
        }
        if (lc == null) {
            waitForCollection(g.info.id(), g);
            return;
        }
        final Element e;
        if (g.element != null) {
            e = g.element;
            e.local = lc;
        } else {
            e = new Element(g.info, g.index, lc);
            e.chare = g.chare;
            e.reductionSeq = g.reductionSeq;
            e.moves = g.moves;
            e.loadNanos = g.loadNanos;
            e.atSync = g.atSync;
            e.order = g.callOrder == null ? null : CallOrder.of(g.callOrder);
            e.broadcastsSeen = g.broadcastsSeen;
            e.channels = g.channels;
            if (e.channels != null) {
                e.channels.bind(e);
            }
            e.sectionSeqs = g.sectionSeqs;
            e.allreduces = g.allreduces;
            ChareSupport.bind(g.chare, e);
        }
        lc.add(e);
        if (lc.away != null) {
            lc.away.remove(e.index);
        }
        reductions.arrived(lc, e);
        final int home = g.info.homePe(g.index);
        if (home != id) {
            node.send(home, new Location(g.info, g.index, Location.HOME, id, e.moves));
        }
        learn(lc, e.index, id, e.moves);
        final Element outer = currentElement;
        currentElement = e;
        try {
            ChareSupport.migrated(e.chare);
        } catch (final Throwable t) {
            failedHook(e, "migrated()", t);
        } finally {
            currentElement = outer;
        }
        if (!catchUpBroadcasts(lc, e)) {
            return;
        }
        if (lc.waitingForElement != null) {
            final List<Message> waiting = lc.waitingForElement.remove(e.index);
            if (waiting != null) {
                for (final Message m : waiting) {
                    m.deliver(this);
                }
            }
        }
        if (g.byBalancer) {
            LoadBalancing.arrived(this, lc);
        }
        if (e.migrateTo >= 0) {
            migrate(e, e.migrateTo, e.migrateByBalancer);
        }
    }

    /**
     * An element arrived: it runs the broadcasts this PE delivered that it had not run where it was (those it ran
     * before, this PE's next ones skip it).
     *
     * @return false if it left again meanwhile (or the job ends).
     */
    private boolean catchUpBroadcasts(final LocalCollection lc, final Element e) {
        while (e.broadcastsSeen < lc.broadcasts) {
            final int serial = e.broadcastsSeen + 1;
            final EntryMessage m = lc.pastBroadcast(serial);
            if (m == null) {
                node.abort("PE " + id + ": " + describe(e) + " arrived having missed broadcast #" + serial + " to "
                    + lc.info + ", older than the " + LocalCollection.KEPT_BROADCASTS + " broadcasts a PE keeps for"
                    + " elements that move while broadcasts go on", null);
                return false;
            }
            e.broadcastsSeen = serial;
            if (m.reply != null) {
                reductions.lateBroadcast(lc, m);
            }
            invoke(e, m);
            if (lc.find(e.index) != e) {
                return false;
            }
        }
        return true;
    }

    /** A runtime-called hook of a chare threw: the job ends, naming it. */
    void failedHook(final Element e, final String hook, final Throwable t) {
        if (t instanceof VirtualMachineError) {
            node.releaseReserve();
            node.fatal("PE " + id + ": " + hook + " of " + describe(e), t);
        } else if (!(t instanceof JobEnded)) {
            node.abort("PE " + id + ": " + hook + " of " + describe(e) + " threw " + t, t);
        }
    }

    /** A threaded entry method of {@code e} finished: if a move waited for it, it happens now. */
    void taskEnded(final Element e) {
        if (--e.activeTasks == 0 && e.migrateTo >= 0) {
            enqueue(new MigrateRequest(e));
        }
    }

    /** Moves an element after the entry method that asked (migrateMe) has returned. */
    static final class MigrateRequest extends Message {
        final Element element;

        MigrateRequest(final Element element) {
            this.element = element;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Element e = element;
            if (e.migrateTo >= 0 && e.local != null && e.local.pe == pe) {
                pe.migrate(e, e.migrateTo, e.migrateByBalancer);
            }
        }
    }

    void deliverBroadcast(final EntryMessage m) {
        if ((m.flags & EntryMessage.FORWARDED) == 0) {
            m.flags |= EntryMessage.FORWARDED;
            forwardDownTree(m);
        }
        final LocalCollection lc = m.info.local(id);
        if (lc == null) {
            waitForCollection(m.info.id(), m);
            return;
        }
        if (lc.info.kind() == CollectionInfo.Kind.SPARSE_ARRAY && !lc.insertionDone) {
            if (lc.waitingForInsertionDone == null) {
                lc.waitingForInsertionDone = new ArrayList<>();
            }
            lc.waitingForInsertionDone.add(m);
            return;
        }
        if (lc.single != null) {
            if (m.reply != null) {
                reductions.broadcastDelivered(lc, m, 1);
            }
            invoke(lc.single, m);
            return;
        }
        if (lc.info.migratable()) {
            deliverBroadcastToMovers(lc, m);
            return;
        }
        final Element[] targets = lc.inIndexOrder();
        if (m.reply != null) {
            reductions.broadcastDelivered(lc, m, targets.length);
        }
        for (int i = 0; i < targets.length; i++) {
            invoke(targets[i], i == targets.length - 1 ? m : m.copy());
        }
    }

    /**
     * A broadcast to a collection whose elements may move: every PE gets the collection's broadcasts in the same
     * order (all start at the tree root), so each gets a serial number here; an element runs each number once, here
     * or where it was, and a copy stays for elements that arrive having missed it.
     */
    private void deliverBroadcastToMovers(final LocalCollection lc, final EntryMessage m) {
        final int serial = ++lc.broadcasts;
        lc.keepBroadcast(serial, m.copy());
        final Element[] all = lc.inIndexOrder();
        int left = 0;
        for (final Element e : all) {
            if (e.broadcastsSeen < serial) {
                left++;
            }
        }
        if (m.reply != null) {
            reductions.broadcastDelivered(lc, m, left);
        }
        for (final Element e : all) {
            if (e.broadcastsSeen >= serial) {
                continue;   // it ran this one on the PE it came from
            }
            e.broadcastsSeen = serial;
            invoke(e, --left == 0 ? m : m.copy());
        }
    }

    /**
     * A call on a section reaches this PE of the section's tree: it goes on to the PE's children in the tree, then
     * to each member whose home is this PE: straight to those here, through the element location path (forwarded
     * where they went, or held until they arrive) for those that are not. With a future, this PE's partial waits for
     * the members it ran here; the others report to the section's root from where they run.
     */
    void deliverMulticast(final EntryMessage m) {
        final Section s = m.section;
        final Section.Plan plan = s.plan();
        final int pos = plan.position(id);
        if (pos < 0) {
            node.abort("PE " + id + ": call " + m.entryName() + " on " + s + " reached PE " + id + ", which is not in"
                + " the section's tree (a runtime fault in section calls)", null);
            return;
        }
        for (final int c : plan.children[pos]) {
            node.send(plan.pes[c], m.copy());
        }
        final int from = plan.memberStart[pos];
        final int to = plan.memberStart[pos + 1];
        final Element[] found = new Element[to - from];
        int here = 0;
        for (int i = from; i < to; i++) {
            if (s.parts[plan.memberPart[i]].migratable()) {
                continue;   // sent as a numbered call, below: it runs in order with the section's other calls
            }
            final LocalCollection lc = s.parts[plan.memberPart[i]].local(id);
            final Element e = lc == null ? null : lc.find(plan.memberIndex[i]);
            if (e != null) {
                found[i - from] = e;
                here++;
            }
        }
        if (m.reply != null) {
            reductions.sectionDelivered(s, m, here);
        }
        m.flags &= ~EntryMessage.MULTICAST;
        m.srcPe = -1;
        m.seq = 0;
        for (int i = from; i < to; i++) {
            final EntryMessage mm = i == to - 1 ? m : m.copy();
            mm.info = s.parts[plan.memberPart[i]];
            mm.index = plan.memberIndex[i];
            final Element e = found[i - from];
            if (e != null) {
                mm.sectionPe = id;
                invoke(e, mm);
            } else if (mm.info.migratable()) {
                // a member that may move: this PE (its home) numbers the section's calls to it like its own calls,
                // so that they run in the order they were made, wherever the member is; it reports to the root
                mm.sectionPe = -1;
                Location.Route r = plan.memberRoute[i];
                if (r == null) {
                    r = mm.info.route(id, mm.index);
                    plan.memberRoute[i] = r;
                }
                sendToElement(mm, r);
            } else {
                mm.sectionPe = -1;
                deliverToElement(mm);
            }
        }
    }

    private void forwardDownTree(final EntryMessage m) {
        for (final int c : node.topology().children(id)) {
            final EntryMessage copy = m.copy();
            copy.flags &= ~EntryMessage.FORWARDED;
            node.send(c, copy);
        }
    }

    void waitForCollection(final long collectionId, final Message m) {
        waitingForCollection.computeIfAbsent(collectionId, k -> new ArrayList<>()).add(m);
    }

    private void invoke(final Element e, final EntryMessage m) {
        if (e.chare == null) {
            // its constructor has not returned yet (it blocks, in a threaded constructor): the call waits for it
            if (e.waitingForConstructor == null) {
                e.waitingForConstructor = new ArrayList<>();
            }
            e.waitingForConstructor.add(m);
            return;
        }
        if (m.conditional() && !conditionHolds(e, m)) {
            return;
        }
        run(e, m);
        afterEntry(e);
    }

    /**
     * Checks a call's {@code @When} condition: if it does not hold, the element holds the call.
     *
     * @return whether the call may run now.
     */
    private boolean conditionHolds(final Element e, final EntryMessage m) {
        final Element outer = currentElement;
        currentElement = e;
        try {
            if (m.ready(e.chare)) {
                return true;
            }
        } catch (final Throwable t) {
            failed(e, m, new IllegalStateException("the @When condition of " + m.entryName() + " threw " + t, t));
            return false;
        } finally {
            currentElement = outer;
        }
        if (e.held == null) {
            e.held = new HeldCalls();
        }
        e.held.hold(m);
        return false;
    }

    /**
     * After an entry method of {@code e} (or a slice of a threaded one): resumes the threaded methods whose
     * {@code waitFor} conditions hold now, and runs the held calls whose {@code @When} conditions hold, until none
     * does, the element leaves, or the job ends.
     */
    void afterEntry(final Element e) {
        if (e.releasing || (e.held == null || e.held.size() == 0) && (e.waiters == null || e.waiters.isEmpty())) {
            return;
        }
        e.releasing = true;
        try {
            while (e.chare != null && e.local != null && e.local.pe == this && e.local.find(e.index) == e) {
                final boolean woke = wakeWaiters(e);
                final EntryMessage m = e.held == null || e.held.size() == 0 ? null : takeHeld(e);
                if (m != null) {
                    if (e.held.failure != null) {
                        failed(e, m, new IllegalStateException("the @When condition of " + m.entryName() + " threw "
                            + e.held.failure, e.held.failure));
                    } else {
                        run(e, m);
                    }
                } else if (!woke) {
                    break;
                }
            }
        } finally {
            e.releasing = false;
        }
        if (e.migrateTo >= 0 && e.activeTasks == 0 && e.local != null && e.local.pe == this) {
            enqueue(new MigrateRequest(e));
        }
    }

    private EntryMessage takeHeld(final Element e) {
        final Element outer = currentElement;
        currentElement = e;
        try {
            return e.held.takeReady(e.chare);
        } finally {
            currentElement = outer;
        }
    }

    /** @return whether a waiting threaded method of {@code e} was resumed. */
    private boolean wakeWaiters(final Element e) {
        final ArrayList<ConditionWait> ws = e.waiters;
        if (ws == null || ws.isEmpty()) {
            return false;
        }
        for (int i = 0; i < ws.size(); i++) {
            final ConditionWait w = ws.get(i);
            currentElement = e;
            final boolean holds = w.check();
            currentElement = null;
            if (holds) {
                ws.remove(i);
                w.met = true;
                w.task.runSlice();
                return true;
            }
        }
        return false;
    }

    /** A held call sent on to where its element migrated: it goes straight to the element, or on after it. */
    void deliverHeld(final EntryMessage m) {
        final Element e = target(m, -1);
        if (e != null) {
            invoke(e, m);
        }
    }

    /** Runs a call whose condition, if any, holds. */
    private void run(final Element e, final EntryMessage m) {
        if (m.threaded()) {
            e.activeTasks++;
            new ThreadedTask(this, e, m, null).runSlice();
            return;
        }
        currentElement = e;
        currentMessage = m;
        final PeStats s = stats;
        final boolean timed = e.info.measured || s != null;
        final long start = timed ? System.nanoTime() : 0;
        try {
            final Object result = m.invoke(e.chare);
            completed(e, m, result);
        } catch (final Throwable t) {
            failed(e, m, t);
        } finally {
            if (timed) {
                final long end = System.nanoTime();
                final long spent = end - start;
                e.loadNanos += spent;
                busyNanos += spent;
                if (s != null) {
                    s.entry(e, m, start, end, true);
                }
            }
            currentElement = null;
            currentMessage = null;
        }
        if (e.migrateTo >= 0) {
            // migrateMe() in this entry method: it leaves before the next message is handled here
            migrate(e, e.migrateTo, e.migrateByBalancer);
        }
    }

    /** After an entry method returned: answer its future, or contribute to its broadcast's future. */
    void completed(final Element e, final EntryMessage m, final Object result) {
        if (m.reply == null) {
            return;
        }
        if (m.section != null) {
            reductions.sectionCallDone(e, m, (m.flags & EntryMessage.WHEN_DONE) != 0 ? null : result, null);
        } else if ((m.flags & EntryMessage.BROADCAST) == 0) {
            m.reply.complete((m.flags & EntryMessage.WHEN_DONE) != 0 ? null : result);
        } else if ((m.flags & EntryMessage.WHEN_DONE) != 0) {
            reductions.contributeToFuture(e, m, false, null);
        } else if ((m.flags & EntryMessage.GATHER) != 0) {
            reductions.contributeToFuture(e, m, true, result);
        }
    }

    /** After an entry method threw: fail its caller's future, or else the job. */
    void failed(final Element e, final EntryMessage m, final Throwable t) {
        if (t instanceof VirtualMachineError) {
            // out of memory, a stack overflow: no future gets it, the job ends (the reserve makes room to say so)
            node.releaseReserve();
            node.fatal("PE " + id + ": entry method " + m.entryName() + " of " + describe(e), t);
            return;
        }
        if (t instanceof JobEnded) {
            return;
        }
        final String where = "PE " + id + ": entry method " + m.entryName() + " of " + describe(e) + " threw " + t;
        if (m.reply != null && m.section != null) {
            reductions.sectionCallDone(e, m, null, new org.charm4j.CharmException(where, t));
        } else if (m.reply != null && (m.flags & EntryMessage.BROADCAST) == 0) {
            m.reply.fail(new org.charm4j.CharmException(where, t));
        } else if (m.reply != null) {
            reductions.failedInBroadcast(e, m, new org.charm4j.CharmException(where, t));
        } else {
            node.abort(where, t);
        }
    }

    static String describe(final Element e) {
        return e == null ? "main" : e.info.chareClass().getSimpleName() + e.index + " (" + e.info + ")";
    }

    // ---------------------------------------------------------------- creation

    /**
     * Creates this PE's part of a collection (and its elements, for groups and dense arrays), then delivers what
     * waited for it.
     */
    void createLocal(final CollectionInfo info, final ConstructorCall ctor) {
        final LocalCollection lc = new LocalCollection(info, this);
        info.setLocal(id, lc);
        switch (info.kind()) {
            case GROUP -> {
                if (info.hasGroupMember(id)) {
                    construct(lc.add(new Element(info, org.charm4j.Index.of(id), lc)), ctor);
                }
            }
            case ARRAY, CHARE -> {
                // Every element this PE holds is counted before any constructor runs, so that a reduction
                // contributed to from constructors waits for all of them.
                final org.charm4j.Index shape = info.shape();
                final int[] idx = new int[shape.dims()];
                final long n = Maps.size(shape);
                final ArrayList<Element> born = new ArrayList<>();
                for (long l = 0; l < n; l++) {
                    final org.charm4j.Index index = org.charm4j.Index.of(idx);
                    if (info.homePe(index) == id) {
                        born.add(lc.add(new Element(info, index, lc)));
                    }
                    for (int d = idx.length - 1; d >= 0 && ++idx[d] == shape.get(d); d--) {
                        idx[d] = 0;
                    }
                }
                for (int i = 0; i < born.size(); i++) {
                    construct(born.get(i), i == born.size() - 1 ? ctor : ctor.copy());
                }
            }
            case SPARSE_ARRAY -> {
            }
        }
        final List<Message> waiting = waitingForCollection.remove(info.id());
        if (waiting != null) {
            for (final Message m : waiting) {
                m.deliver(this);
            }
        }
    }

    /**
     * Creates the main chare's collection on this PE (PE 0), for main's threaded task to {@link #construct} it: the
     * task holds this PE, so the constructor may block. Calls that arrive for it before its constructor returns wait.
     *
     * @return the main chare's element, not constructed yet.
     */
    Element createMainChare(final CollectionInfo info, final ThreadedTask task) {
        final LocalCollection lc = new LocalCollection(info, this);
        info.setLocal(id, lc);
        final Element e = lc.add(new Element(info, org.charm4j.Index.of(0), lc));
        task.element = e;
        final List<Message> waiting = waitingForCollection.remove(info.id());
        if (waiting != null) {
            for (final Message m : waiting) {
                m.deliver(this);
            }
        }
        return e;
    }

    void insertLocal(final CollectionInfo info, final org.charm4j.Index index, final ConstructorCall ctor) {
        LocalCollection lc = info.local(id);
        if (lc == null) {
            createLocal(info, null);
            lc = info.local(id);
        }
        if (lc.insertionDone) {
            node.abort("PE " + id + ": element " + index + " was inserted into " + info
                + " after doneInserting(); insert every element before calling doneInserting()", null);
            return;
        }
        if (lc.elements.containsKey(index)) {
            node.abort("PE " + id + ": element " + index + " was inserted twice into " + info, null);
            return;
        }
        construct(lc.add(new Element(info, index, lc)), ctor);
        if (lc.waitingForElement != null) {
            final List<Message> waiting = lc.waitingForElement.remove(index);
            if (waiting != null) {
                for (final Message m : waiting) {
                    m.deliver(this);
                }
            }
        }
    }

    /**
     * Runs an element's constructor (the element is already counted in its collection), then what waited. A
     * {@code @Threaded} constructor runs on a virtual thread and may block: calls wait until it has returned.
     */
    void construct(final Element e, final ConstructorCall ctor) {
        if (ctor.threaded() && ThreadedTask.current() == null) {
            e.activeTasks++;
            new ThreadedTask(this, e, null, () -> {
                try {
                    final org.charm4j.Chare c = build(e, ctor);
                    if (c != null) {
                        // the PE thread binds it, so that calls that waited run first, in order, on the PE thread
                        enqueue(new Constructed(e, c));
                    }
                } finally {
                    taskEnded(e);
                }
            }).runSlice();
            return;
        }
        final org.charm4j.Chare c = build(e, ctor);
        if (c != null) {
            constructed(e, c);
        }
    }

    /** @return the new chare, or null after ending the job because its constructor threw. */
    private org.charm4j.Chare build(final Element e, final ConstructorCall ctor) {
        constructing = e;
        final Element outer = currentElement;
        currentElement = e;
        try {
            return ctor.construct();
        } catch (final VirtualMachineError t) {
            node.releaseReserve();
            node.fatal("PE " + id + ": the constructor of " + describe(e), t);
            return null;
        } catch (final Throwable t) {
            if (!(t instanceof JobEnded)) {
                node.abort("PE " + id + ": the constructor of " + describe(e) + " threw " + t, t);
            }
            return null;
        } finally {
            constructing = null;
            currentElement = outer;
        }
    }

    /** A threaded constructor returned: its chare is bound on the PE thread, then the calls that waited run. */
    static final class Constructed extends Message {
        final Element element;
        final org.charm4j.Chare chare;

        Constructed(final Element element, final org.charm4j.Chare chare) {
            this.element = element;
            this.chare = chare;
        }

        @Override
        protected void deliver(final Pe pe) {
            pe.constructed(element, chare);
        }
    }

    private void constructed(final Element e, final org.charm4j.Chare c) {
        e.chare = c;
        final List<EntryMessage> waiting = e.waitingForConstructor;
        if (waiting != null) {
            e.waitingForConstructor = null;
            for (final EntryMessage m : waiting) {
                invoke(e, m);
            }
        }
        if (e.migrateTo >= 0) {
            enqueue(new MigrateRequest(e));
        }
    }

    void doneInsertingLocal(final CollectionInfo info) {
        LocalCollection lc = info.local(id);
        if (lc == null) {
            createLocal(info, null);
            lc = info.local(id);
        }
        lc.insertionDone = true;
        reductions.censusStep(lc);
        final List<EntryMessage> waiting = lc.waitingForInsertionDone;
        lc.waitingForInsertionDone = null;
        if (waiting != null) {
            for (final EntryMessage m : waiting) {
                deliverBroadcast(m);
            }
        }
        if (lc.waitingForElement != null && !lc.waitingForElement.isEmpty()) {
            final var first = lc.waitingForElement.entrySet().iterator().next();
            node.abort("PE " + id + ": " + describeMessage(first.getValue().get(0)) + " was sent to element "
                + first.getKey() + " of " + info + ", which was never inserted (doneInserting() was called)", null);
        }
    }

    /** @return the element whose constructor runs now on this thread, taken (once). */
    Element takeConstructing() {
        final Element e = constructing;
        constructing = null;
        return e;
    }

    @Override
    public String toString() {
        return "PE " + id;
    }

    /**
     * @param slot a {@code PeLocal}'s number.
     * @return its value on this PE, or null before its first use here.
     */
    public Object peLocal(final int slot) {
        return slot < peLocals.length ? peLocals[slot] : null;
    }

    /**
     * @param slot  a {@code PeLocal}'s number.
     * @param value its value on this PE.
     */
    public void setPeLocal(final int slot, final Object value) {
        if (slot >= peLocals.length) {
            peLocals = java.util.Arrays.copyOf(peLocals, Math.max(slot + 1, peLocals.length * 2));
        }
        peLocals[slot] = value;
    }
}
