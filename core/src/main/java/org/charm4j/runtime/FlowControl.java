package org.charm4j.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.charm4j.internal.net.Transport;

/**
 * Back-pressure between this process and the others, so that memory stays bounded when one side sends faster than
 * the other handles what it gets.
 *
 * <p>Sending. A connection whose queued bytes pass its high water mark ({@code TransportConfig.writeBufferHigh})
 * is not writable until they fall below the low one; the thread that sent then waits ({@link #awaitWritable}). A
 * threaded entry method gives its PE back ({@link ThreadedTask#block()}) and is resumed when the transport says the
 * connection is writable again ({@link #onWritable}); but only for an entry-method call or a future's completion,
 * and not inside the runtime's reduction bookkeeping ({@link Reductions#sending}): the runtime's own messages
 * (reductions, migrations, load balancing) are sent in the middle of bookkeeping where other messages must not run,
 * so for them it waits in place. A PE thread (a plain
 * entry method in a send loop) waits in place: it runs the transport's I/O when it drives it ({@code +nocommthread}),
 * else spins briefly, then parks until {@link #onWritable} (or a millisecond). A PE that waits in place is marked as
 * waiting to send. Other threads park. The event loop never waits (it is what drains the buffers).
 *
 * <p>Receiving. The bytes of messages from other processes queued for each PE of this process are counted
 * ({@link #bytesOf}: the header, the attachments and {@value #OVERHEAD} bytes for the objects), added when the event
 * loop hands a message to its PE ({@link #added}) and subtracted when the PE takes it ({@link #taken}). When a PE's
 * count passes the high mark and that PE is not waiting to send, this process stops reading from every connection
 * until every such PE is below the low mark: the peers' buffers fill and their senders wait. A PE that waits to send
 * does not stop the reads: two processes that flood each other from entry methods that do not return would otherwise
 * each wait for the other's reads forever. What arrives for such a PE stays queued, bounded only by
 * {@code +maxQueued}: once this process holds more than that (received and not taken, plus sent and not written),
 * the job aborts naming the processes, the PE and the bytes.
 *
 * <p>Cost on the hot paths: the event loop adds to a counter it alone writes and compares it with its last look at
 * the PE's count (read afresh only once it seems past the high mark); a PE adds to a counter it alone writes (padded
 * from the other PEs') and reads one rarely written flag; a sender reads its connection's writability.
 *
 * <p>Threading: {@link #added}, {@link #onWritable} and the decisions to stop or resume reading: the transport's
 * event loop; {@link #taken}: the PE's thread (or the threaded entry method holding it); {@link #awaitWritable}: any
 * thread that sends, but not the event loop; {@link #start} once, before messages flow; {@link #wakeAll} any thread.
 */
final class FlowControl {
    /** What a received message counts beyond its bytes: its objects (message, arguments) on the heap. */
    static final int OVERHEAD = 64;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle READ_CHECK;
    /** Longs from one PE's counters to the next PE's: two cache lines, so that PEs do not share one. */
    private static final int STRIDE = 16;
    private static final int TAKEN = 0;
    private static final int WAITING = 1;
    private static final int SPINS = 200;
    /** Longest park of a waiting sender: a bound on a missed wake-up, not the usual wait. */
    private static final long PARK_NANOS = 1_000_000L;
    /** Longest sleep in the network of a PE that drives it and waits for it: I/O ends it sooner. */
    private static final long DRIVEN_WAIT_NANOS = 1_000_000L;

    static {
        try {
            READ_CHECK = MethodHandles.lookup().findVarHandle(FlowControl.class, "readCheckPending", boolean.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Node node;
    private final int firstPe;
    private final int pes;
    private final long high;
    private final long low;
    private final long maxQueued;
    /** Per local PE: bytes handed to its queue; written by the event loop only (release), read by the PE. */
    private final long[] added;
    /** Per local PE: the event loop's last look at {@link #TAKEN}, never above it. Event loop only. */
    private final long[] seenTaken;
    /** Per local PE: its {@link #added} count at which the limit is next looked at. Event loop only. */
    private final long[] nextLimitCheck;
    /**
     * Per local PE i, at (i + 1) * {@link #STRIDE} (apart from each other and from the array header): {@link #TAKEN}
     * bytes, and at {@link #WAITING} the node it waits to send to, plus 1 (0: none). Written by that PE only.
     */
    private final long[] perPe;
    /** Senders waiting for each node: PE and other threads (unparked) and threaded tasks (resumed). */
    private final Queue<Object>[] waiters;
    private final Runnable readCheck = this::readCheck;
    /** Set by {@link #start}; until then (messages that arrive while the transport starts) nothing is stopped. */
    private volatile Transport transport;
    /** True while this process does not read, for back-pressure (or after the limit). Written on the event loop. */
    private volatile boolean paused;
    @SuppressWarnings("unused") // through READ_CHECK
    private volatile boolean readCheckPending;
    /** Set once the limit was passed: reading stays stopped. Event loop only. */
    private boolean overLimit;

    /**
     * @param node      this process.
     * @param maxQueued {@code +maxQueued} in bytes.
     * @param low       the low mark of a PE's queued bytes (the transport's low water mark).
     * @param high      the high mark of a PE's queued bytes (the transport's high water mark).
     */
    @SuppressWarnings("unchecked")
    FlowControl(final Node node, final long maxQueued, final long low, final long high) {
        this.node = node;
        this.pes = node.options().pesPerNode();
        this.firstPe = node.myNode() * pes;
        this.maxQueued = maxQueued;
        this.low = low;
        this.high = high;
        this.added = new long[pes];
        this.seenTaken = new long[pes];
        this.nextLimitCheck = new long[pes];
        this.perPe = new long[(pes + 2) * STRIDE];
        final int nodes = node.topology().numNodes();
        this.waiters = new Queue[nodes];
        for (int n = 0; n < nodes; n++) {
            waiters[n] = new ConcurrentLinkedQueue<>();
        }
    }

    /** The transport is up: from now on messages flow. */
    void start(final Transport t) {
        transport = t;
    }

    /**
     * @param headerLength the message's header bytes.
     * @param attachments  its attachments.
     * @return what the message counts while queued: header, attachments and {@value #OVERHEAD} bytes, at most
     *     {@link Integer#MAX_VALUE} (the same value is added and taken, so the count stays exact).
     */
    static int bytesOf(final int headerLength, final MemorySegment[] attachments) {
        long n = (long) headerLength + OVERHEAD;
        for (final MemorySegment a : attachments) {
            n += a.byteSize();
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * A message from {@code fromNode} is about to be put in the queue of {@code pe} (of this process). Event loop.
     *
     * @param pe       the destination PE.
     * @param bytes    what it counts ({@link #bytesOf}).
     * @param fromNode the process that sent it.
     * @param fromPe   the PE that sent it, or -1 if unknown (for an error message).
     */
    void added(final int pe, final int bytes, final int fromNode, final int fromPe) {
        final int i = pe - firstPe;
        final long a = added[i] + bytes;
        LONGS.setRelease(added, i, a);
        if (a - seenTaken[i] > high) {
            overHigh(i, a, fromNode, fromPe);
        }
    }

    /** PE {@code i} may hold more than the high mark: look at what it took, then stop reading or check the limit. */
    private void overHigh(final int i, final long a, final int fromNode, final int fromPe) {
        final long t = (long) LONGS.getAcquire(perPe, slot(i) + TAKEN);
        seenTaken[i] = t;
        if (a - t <= high || transport == null) {
            return;
        }
        if (waitingFor(i) < 0) {
            // it will take them in time: hold the senders back meanwhile
            if (!paused) {
                pause();
            }
            return;
        }
        // it waits to send, so this process reads on (that is how its own sends drain): only the limit bounds it
        if (a >= nextLimitCheck[i]) {
            checkLimit(i, a, fromNode, fromPe);
        }
    }

    private void pause() {
        paused = true;
        transport.setReading(false);
        // a PE may have begun to wait meanwhile (it looks at the flag after it marks itself): look again
        readCheck();
    }

    /** On the event loop: resumes reading if every PE that does not wait to send is below the low mark. */
    private void readCheck() {
        READ_CHECK.setVolatile(this, false);
        if (!paused || overLimit) {
            return;
        }
        for (int i = 0; i < pes; i++) {
            if (waitingFor(i) < 0 && addedFor(i) - takenBy(i) >= low) {
                return;
            }
        }
        paused = false;
        transport.setReading(true);
    }

    private void requestReadCheck() {
        if (READ_CHECK.compareAndSet(this, false, true)) {
            transport.execute(readCheck);
        }
    }

    /**
     * A PE took a message from another process from its queue. The PE's thread.
     *
     * @param pe the PE.
     * @param m  the message; its {@link Message#wireBytes} is cleared here.
     */
    void taken(final Pe pe, final Message m) {
        final int i = pe.id() - firstPe;
        final int o = slot(i) + TAKEN;
        final long t = perPe[o] + m.wireBytes;
        m.wireBytes = 0;
        LONGS.setRelease(perPe, o, t);
        if (paused && (long) LONGS.getAcquire(added, i) - t < low) {
            requestReadCheck();
        }
    }

    private static int slot(final int i) {
        return (i + 1) * STRIDE;
    }

    private long takenBy(final int i) {
        return (long) LONGS.getVolatile(perPe, slot(i) + TAKEN);
    }

    private long addedFor(final int i) {
        return (long) LONGS.getVolatile(added, i);
    }

    /** @return the node that local PE {@code i} waits to send to, or -1. */
    private int waitingFor(final int i) {
        return (int) (long) LONGS.getVolatile(perPe, slot(i) + WAITING) - 1;
    }

    /**
     * Aborts the job if this process holds more than {@code +maxQueued}; else sets when PE {@code i} looks next: once
     * it received its share of half of what is left, so that between looks the PEs together fill at most that half
     * (a sum over the PEs and connections per message would cost the hot path).
     */
    private void checkLimit(final int i, final long a, final int fromNode, final int fromPe) {
        if (overLimit) {
            return;
        }
        long inbound = 0;
        for (int j = 0; j < pes; j++) {
            inbound += addedFor(j) - takenBy(j);
        }
        final long outbound = transport.pendingOutboundBytes();
        if (inbound + outbound <= maxQueued) {
            nextLimitCheck[i] = a + Math.max(OVERHEAD, (maxQueued - inbound - outbound) / (2L * pes));
            return;
        }
        overLimit = true;
        paused = true;
        transport.setReading(false);
        final long forPe = added[i] - takenBy(i);
        final int pe = firstPe + i;
        final int to = waitingFor(i);
        node.abort("process " + node.myNode() + " holds " + mib(inbound + outbound) + " of messages between "
            + "processes, over the limit of +maxQueued " + (maxQueued >> 20) + " MiB: " + mib(inbound)
            + " received and not yet taken by its PEs (" + mib(forPe) + " for PE " + pe + ", which is itself waiting "
            + "to send to process " + (to >= 0 ? Integer.toString(to) : "?") + ", so this process cannot stop reading "
            + "for it) and " + mib(outbound) + " sent and not yet written; the latest came from "
            + (fromPe >= 0 ? "PE " + fromPe + " of " : "") + "process " + fromNode + " for PE " + pe + ". Entry "
            + "methods that flood each other's processes without returning hold everything they receive until they "
            + "return: send in steps (continue from a message to the chare itself), or raise +maxQueued (MiB)", null);
    }

    private static String mib(final long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Waits until the connection to {@code toNode} is writable again (or gone, or the job ended). Not on the event
     * loop. See the class comment for how each kind of thread waits.
     *
     * @param t        the transport.
     * @param toNode   the node sent to.
     * @param mayYield whether a threaded entry method may give its PE away here (a call it made, a future it
     *                 completed), rather than wait in place (a message of the runtime's own bookkeeping).
     */
    void awaitWritable(final Transport t, final int toNode, final boolean mayYield) {
        final ThreadedTask task = ThreadedTask.current();
        final Pe pe;
        if (task != null) {
            pe = task.pe();
            if (mayYield && pe.node() == node && pe.reductions.sending == 0) {
                yieldUntilWritable(task, t, toNode);
                return;
            }
        } else {
            pe = Thread.currentThread() instanceof PeThread p ? p.pe : null;
        }
        final int i = pe != null && pe.node() == node ? pe.id() - firstPe : -1;
        if (i >= 0) {
            LONGS.setVolatile(perPe, slot(i) + WAITING, (long) toNode + 1);
            if (paused) {
                requestReadCheck();   // this PE no longer holds the reads back
            }
        }
        try {
            if (t.isDrivenHere()) {
                pollUntilWritable(t, toNode);
            } else {
                parkUntilWritable(t, toNode);
            }
        } finally {
            if (i >= 0) {
                LONGS.setVolatile(perPe, slot(i) + WAITING, 0L);
            }
        }
    }

    private boolean blocked(final Transport t, final int toNode) {
        return !t.isWritable(toNode) && t.isConnected(toNode) && node.isRunning();
    }

    /**
     * The PE that drives the transport: runs its I/O (reads included) until the connection drains, sleeping in it
     * (epoll_wait) between events rather than polling.
     */
    private void pollUntilWritable(final Transport t, final int toNode) {
        while (blocked(t, toNode)) {
            t.awaitIo(DRIVEN_WAIT_NANOS);
        }
    }

    private void parkUntilWritable(final Transport t, final int toNode) {
        final Thread me = Thread.currentThread();
        final Queue<Object> q = waiters[toNode];
        int spins = 0;
        while (blocked(t, toNode)) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
                continue;
            }
            q.add(me);
            if (blocked(t, toNode)) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
            q.remove(me);
        }
    }

    /** A threaded entry method: gives its PE back until {@link #onWritable} resumes it. */
    private void yieldUntilWritable(final ThreadedTask task, final Transport t, final int toNode) {
        final Queue<Object> q = waiters[toNode];
        while (blocked(t, toNode)) {
            q.add(task);
            if (!blocked(t, toNode) && q.remove(task)) {
                return;   // writable meanwhile, and no one will resume it
            }
            task.block();   // resumed by onWritable; throws JobEnded if the job ends meanwhile
        }
    }

    /**
     * The connection to {@code toNode} is writable again, or closed: wakes the senders waiting for it. Event loop.
     *
     * @param toNode the peer.
     */
    void onWritable(final int toNode) {
        final Queue<Object> q = waiters[toNode];
        for (Object w; (w = q.poll()) != null; ) {
            if (w instanceof ThreadedTask task) {
                task.resumeLater();
            } else {
                LockSupport.unpark((Thread) w);
            }
        }
    }

    /** Wakes every waiting sender (a peer is lost, the job ends): they look again. Any thread. */
    void wakeAll() {
        for (int n = 0; n < waiters.length; n++) {
            onWritable(n);
        }
    }

    /** @return the bytes queued for {@code pe} (of this process) and not yet taken; for tests. */
    long queuedFor(final int pe) {
        final int i = pe - firstPe;
        return addedFor(i) - takenBy(i);
    }

    /** @return whether reading is stopped for back-pressure; for tests. */
    boolean isPaused() {
        return paused;
    }
}
