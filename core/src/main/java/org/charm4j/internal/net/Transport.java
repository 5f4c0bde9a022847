package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ManualIoEventLoop;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Messages between the processes (nodes) of a job, over TCP: one authenticated connection per pair of nodes, a
 * message being a small header plus off-heap attachments that are written from their own memory and read into
 * memory that becomes the receiver's. The frame format is in {@code docs/wire-format.md}.
 *
 * <pre>{@code
 * Transport t = Transport.start(ProcessEnv.fromSystem().configBuilder().build(), handler);
 * int rc = t.trySend(1, header, segment);   // OK, PEER_GONE or CLOSED
 * t.close();
 * }</pre>
 *
 * <p>Outcomes of {@link #trySend} are return codes ({@link #OK}, {@link #PEER_GONE}, {@link #CLOSED}); misuse (a bad
 * node id, a null attachment) throws. A message is never dropped silently: it is queued (and then written in order,
 * or its peer is reported lost through {@link InboundHandler#onPeerLost}), or a code says it was not. There is no
 * "full" outcome: a message is always queued. Back-pressure is for the caller: {@link #isWritable} is false while the
 * bytes queued to that node (written to Netty's outbound buffer or handed to the event loop) are above the high water
 * mark ({@link TransportConfig#writeBufferHigh}) until they fall below the low one, when
 * {@link InboundHandler#onWritable} says so; a sender that bounds its memory waits meanwhile. A receiver that cannot
 * keep up stops reading ({@link #setReading}), which fills its peers' buffers and so makes their senders wait.
 *
 * <p>Two ways to run it. {@link #start} gives the transport its own event-loop thread. {@link #startDriven} makes the
 * calling thread the event loop (as a Charm++ non-SMP process's worker is also its comm thread): it then calls
 * {@link #poll()} in its duty cycle and may {@link #block} when idle, and other threads {@link #wakeup()} it; a
 * message it sends is written at once, and what it receives is handled on it, with no hand-off between threads.
 *
 * <p>Threading: {@link #trySend}, {@link #isWritable}, {@link #isConnected}, {@link #pendingOutboundBytes},
 * {@link #execute}, {@link #wakeup} and {@link #close} from any thread (but see {@link #close} for a driven
 * transport). The event loop, either the thread {@code charm4j-net-<node>} or the driving thread, does all socket I/O,
 * calls the {@link InboundHandler} and alone may call {@link #setReading}; {@link #poll} and {@link #block} the
 * driving thread only. Messages that one thread sends to one node arrive in that order; so do messages sent by two
 * threads one after the other (the second send happens after the first returned).
 */
public final class Transport implements AutoCloseable {
    /** The message was queued for writing. */
    public static final int OK = 0;
    /** The connection to that node is gone (lost or closed by the peer; reported to the handler): not sent. */
    public static final int PEER_GONE = -1;
    /** This transport is closed: not sent. Stop using it. */
    public static final int CLOSED = -2;

    private static final long CLOSE_GRACE_MILLIS = 2000;

    private final Mesh mesh;
    private final int node;
    private final int nodes;
    private final InetSocketAddress listenAddress;
    private final Rendezvous.Server hostedRendezvous;
    /** The loop its owner drives, or null when the transport has its own event-loop thread. */
    private final ManualIoEventLoop loop;
    private volatile boolean closed;

    static {
        // Netty samples one buffer in 128 for leak tracking by default, each sample a stack trace (about 45 B a
        // remote round trip here, a sixth of what it allocates): off unless asked for (the tests ask for paranoid)
        if (System.getProperty("io.netty.leakDetection.level") == null
            && System.getProperty("io.netty.leakDetectionLevel") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    private Transport(final Mesh mesh, final InetSocketAddress listenAddress, final Rendezvous.Server hosted) {
        this.mesh = mesh;
        this.node = mesh.config().node();
        this.nodes = mesh.config().nodes();
        this.listenAddress = listenAddress;
        this.hostedRendezvous = hosted;
        this.loop = mesh.driven();
    }

    /**
     * Starts this node's transport and returns once it is connected to every other node: listens, learns the
     * address table (from the config or the rendezvous), connects to the lower nodes and accepts the higher ones.
     *
     * @param config  the configuration.
     * @param handler receives messages and losses, on the transport's event-loop thread; may be called before this
     *                method returns.
     * @return the connected transport; the caller closes it.
     * @throws IllegalStateException naming the nodes that are missing, or the cause, if it cannot connect to all
     *                               within {@link TransportConfig#connectTimeout()}; nothing is left running then.
     */
    public static Transport start(final TransportConfig config, final InboundHandler handler) {
        final IoMode mode = IoMode.choose(config.useEpoll());
        return start(new Mesh(config, handler, mode, null));
    }

    /**
     * As {@link #start}, but the calling thread becomes the transport's event loop: no thread is started. While
     * starting, this thread runs the loop itself wherever {@link #start} would wait for it. Afterwards this thread
     * must call {@link #poll()} often (each duty cycle; nothing is read, written from other threads' sends, or
     * heartbeated otherwise) and may call {@link #block} when idle; it should also be the one that {@link #close}s.
     * {@link TransportConfig#spinNanos()} is not used: the owner decides how long to poll before it blocks.
     *
     * @param config       the configuration.
     * @param handler      receives messages and losses on the calling thread, inside this method, {@link #poll}
     *                     and {@link #block}.
     * @param ownerHasWork asked (on this thread) right before {@link #block} would sleep, after the sleep is
     *                     announced to {@link #wakeup()}: true keeps it from sleeping. So work that other threads hand
     *                     this thread, followed by {@link #wakeup()}, is never slept through.
     * @return the connected transport.
     * @throws IllegalStateException as {@link #start}.
     */
    public static Transport startDriven(final TransportConfig config, final InboundHandler handler,
                                        final BooleanSupplier ownerHasWork) {
        final IoMode mode = IoMode.choose(config.useEpoll());
        return start(new Mesh(config, handler, mode, mode.newDrivenLoop(Thread.currentThread(), ownerHasWork)));
    }

    private static Transport start(final Mesh mesh) {
        final TransportConfig config = mesh.config();
        final IoMode mode = mesh.mode();
        final long deadline = System.nanoTime() + config.connectTimeout().toNanos();
        Rendezvous.Server hosted = null;
        boolean ok = false;
        try {
            final InetSocketAddress bound = mesh.listen();
            if (config.debug()) {
                mesh.log("node " + config.node() + " of " + config.nodes() + ": I/O " + mode
                    + (mode == IoMode.NIO && config.useEpoll() ? " (epoll unavailable: "
                    + IoMode.epollUnavailableReason() + ")" : "") + ", listening on " + bound + ", spin "
                    + config.spinNanos() + " ns, max frame " + config.maxFrameSize() + " bytes");
            }
            final List<InetSocketAddress> table;
            if (config.addresses() != null) {
                table = config.addresses();
            } else {
                if (config.hostRendezvous() && config.node() == 0) {
                    hosted = Rendezvous.serve(config.rendezvous(), config.secret(), config.nodes(),
                        config.connectTimeout(), config.log());
                }
                final InetSocketAddress where = hosted != null ? hosted.address() : config.rendezvous();
                table = Rendezvous.join(where, config.secret(), config.node(), config.nodes(), advertised(bound),
                    remainingMillis(deadline));
            }
            mesh.connectAll(table, deadline);
            try {
                if (mesh.driven() != null) {
                    final java.util.concurrent.CompletableFuture<Void> ready = mesh.ready();
                    if (!mesh.drive(ready::isDone, deadline)) {
                        throw new TimeoutException();
                    }
                    ready.get();
                } else {
                    mesh.ready().get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
                }
            } catch (final TimeoutException e) {
                throw new IllegalStateException("node " + config.node() + " timed out after "
                    + config.connectTimeout().toMillis() + " ms waiting for connections with nodes "
                    + mesh.missingNodes() + " (addresses " + table + ")", e);
            } catch (final ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
            ok = true;
            return new Transport(mesh, bound, hosted);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the transport of node " + config.node(), e);
        } finally {
            if (!ok) {
                mesh.close("node " + config.node() + " failed to start", 200);
                if (hosted != null) {
                    hosted.close();
                }
            }
        }
    }

    private static InetSocketAddress advertised(final InetSocketAddress bound) {
        if (!bound.getAddress().isAnyLocalAddress()) {
            return bound;
        }
        try {
            return new InetSocketAddress(InetAddress.getLocalHost(), bound.getPort());
        } catch (final java.net.UnknownHostException e) {
            throw new IllegalStateException("listening on a wildcard address, but this host's name does not "
                + "resolve; give a bind address that the other nodes can reach", e);
        }
    }

    private static long remainingMillis(final long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /**
     * Sends a message with no completion callback: use it when nothing needs to know when the attachments may be
     * reused (no attachments, or segments of automatic arenas, which the write keeps reachable).
     *
     * @see #trySend(int, ByteBuf, SendCompletion, MemorySegment...)
     */
    public int trySend(final int toNode, final ByteBuf header, final MemorySegment... attachments) {
        return trySend(toNode, header, null, attachments);
    }

    /**
     * Queues a message to {@code toNode}.
     *
     * @param toNode      the destination node, not this one.
     * @param header      taken, whatever the outcome (even when this throws): the runtime's header bytes (reader
     *                    index to writer index), copied into the DATA frame and released here.
     * @param completion  null, or told on the event loop when the attachments are no longer read (written, copied
     *                    or discarded); runs only if this returns {@link #OK}. When every attachment is empty or at
     *                    most 4096 bytes (copied into the frame buffer) it runs as soon as
     *                    the frames are queued: before this returns, if this is called on the event loop.
     * @param attachments borrowed until {@code completion} runs: native segments are written straight from their
     *                    memory (heap segments are copied by Netty); do not change or free them before. The array
     *                    itself is not kept.
     * @return {@link #OK}, {@link #PEER_GONE} or {@link #CLOSED}.
     * @throws IllegalArgumentException if {@code toNode} is out of range or this node, or an attachment is null;
     *                                  with more than {@value FrameHeader#MAX_ATTACHMENTS} attachments.
     */
    public int trySend(final int toNode, final ByteBuf header, final SendCompletion completion,
                       final MemorySegment... attachments) {
        if (toNode < 0 || toNode >= nodes || toNode == node || attachments.length > FrameHeader.MAX_ATTACHMENTS) {
            header.release();
            throw new IllegalArgumentException("cannot send from node " + node + " to node " + toNode + " (nodes 0 to "
                + (nodes - 1) + ", not this one) with " + attachments.length + " attachments (at most "
                + FrameHeader.MAX_ATTACHMENTS + ")");
        }
        for (int i = 0; i < attachments.length; i++) {
            if (attachments[i] == null) {
                header.release();
                throw new IllegalArgumentException("attachment " + i + " of a message to node " + toNode + " is null");
            }
        }
        if (closed) {
            header.release();
            return CLOSED;
        }
        final Link l = mesh.link(toNode);
        if (l == null || !l.isOpen()) {
            header.release();
            return PEER_GONE;
        }
        final Channel ch = l.channel();
        final ManualIoEventLoop driven = loop;
        if (driven != null && driven.inEventLoop()) {
            // The driving thread writes at once: first write what other threads handed over before this call (a
            // threaded entry method of the driving PE, say), so that this message does not overtake them.
            driven.runNonBlockingTasks(0);
        }
        l.write(OutboundMessage.take(toNode, header, completion, attachments));
        return OK;
    }

    /**
     * As {@link #trySend(int, ByteBuf, SendCompletion, MemorySegment...)}, with the runtime's header as bytes: the
     * calling thread builds the DATA frame from them at once (the only copy of them), so the caller may reuse
     * {@code bytes} as soon as this returns.
     *
     * @param toNode      the destination node, not this one.
     * @param bytes       the runtime's header bytes, copied.
     * @param offset      where they start.
     * @param length      how many.
     * @param completion  as for the other form.
     * @param attachments as for the other form.
     * @return {@link #OK}, {@link #PEER_GONE} or {@link #CLOSED}.
     * @throws IllegalArgumentException as the other form.
     */
    public int trySend(final int toNode, final byte[] bytes, final int offset, final int length,
                       final SendCompletion completion, final MemorySegment... attachments) {
        if (toNode < 0 || toNode >= nodes || toNode == node || attachments.length > FrameHeader.MAX_ATTACHMENTS) {
            throw new IllegalArgumentException("cannot send from node " + node + " to node " + toNode + " (nodes 0 to "
                + (nodes - 1) + ", not this one) with " + attachments.length + " attachments (at most "
                + FrameHeader.MAX_ATTACHMENTS + ")");
        }
        for (int i = 0; i < attachments.length; i++) {
            if (attachments[i] == null) {
                throw new IllegalArgumentException("attachment " + i + " of a message to node " + toNode + " is null");
            }
        }
        if (closed) {
            return CLOSED;
        }
        final Link l = mesh.link(toNode);
        if (l == null || !l.isOpen()) {
            return PEER_GONE;
        }
        final Channel ch = l.channel();
        final OutboundMessage m = OutboundMessage.take(toNode, FrameWriter.frame(ch.alloc(), bytes, offset, length,
            attachments), completion, attachments);
        m.framed = true;
        final ManualIoEventLoop driven = loop;
        if (driven != null && driven.inEventLoop()) {
            driven.runNonBlockingTasks(0);
        }
        l.write(m);
        return OK;
    }

    /**
     * @return true if the connection to {@code toNode} is open and its outbound buffer is below Netty's high water
     *     mark (a sender that wants to bound its memory waits while this is false).
     */
    public boolean isWritable(final int toNode) {
        final Link l = mesh.link(toNode);
        return l != null && l.isOpen() && l.channel().isWritable();
    }

    /** @return true while the connection to {@code toNode} is open (false once its peer is lost or left). */
    public boolean isConnected(final int toNode) {
        final Link l = mesh.link(toNode);
        return l != null && l.isOpen();
    }

    /**
     * @return the bytes queued to every other node and not yet written (Netty's outbound buffers, writes handed to
     *     the event loop included).
     */
    public long pendingOutboundBytes() {
        return mesh.pendingOutboundBytes();
    }

    /**
     * Stops or resumes reading from every connection (Netty's auto-read): while stopped, what the peers send waits in
     * the sockets, then in their own outbound buffers, so that their {@link #isWritable} turns false and their senders
     * wait. A connection that is not read is not taken for silent by the peer timeout. Event loop only (inside an
     * {@link InboundHandler} method, or a task given to {@link #execute}).
     *
     * @param on true to read, false to stop.
     */
    public void setReading(final boolean on) {
        mesh.setReading(on);
    }

    /** @return false while reading is stopped ({@link #setReading}). Any thread. */
    public boolean isReading() {
        return mesh.isReading();
    }

    /**
     * Runs {@code task} on the event loop, later (also when called there: a driven loop runs it in a coming
     * {@link #poll}); dropped once the transport is closed.
     *
     * @param task what to run; it must not block.
     */
    public void execute(final Runnable task) {
        if (!closed) {
            mesh.execute(task);
        }
    }

    /** @return true if the calling thread is this transport's event loop (its own thread, or the driving one). */
    public boolean inEventLoop() {
        return loop != null ? loop.inEventLoop() : mesh.inEventLoop();
    }

    /** @return this node's id. */
    public int node() {
        return node;
    }

    /** @return the number of nodes. */
    public int nodes() {
        return nodes;
    }

    /** @return the address this node listens on. */
    public InetSocketAddress listenAddress() {
        return listenAddress;
    }

    /** @return "epoll" or "nio": the Netty transport in use. */
    public String ioMode() {
        return mesh.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return true if the calling thread drives this transport's loop ({@link #startDriven}). */
    public boolean isDrivenHere() {
        return loop != null && loop.inEventLoop();
    }

    /**
     * Runs what is ready, without blocking: reads and handles what arrived (calling the handler), writes what other
     * threads sent, runs due heartbeats. A transport from {@link #startDriven} only, on its driving thread; returns 0
     * once closed.
     *
     * @return how much it did (I/O events plus tasks); 0 if nothing was ready.
     * @throws IllegalStateException on any other thread.
     */
    public int poll() {
        return loop.runNow();
    }

    /**
     * As {@link #poll()}, but first waits up to {@code maxNanos} for something to do, unless the owner has work
     * (the {@code ownerHasWork} of {@link #startDriven}); {@link #wakeup()} ends the wait. Driving thread only.
     *
     * @param maxNanos the longest wait, positive.
     * @return how much it did.
     */
    public int block(final long maxNanos) {
        return loop.run(Math.max(1, maxNanos));
    }

    /**
     * As {@link #block}, but waits even when the owner has work (its {@code ownerHasWork} is not asked): for the
     * driving thread waiting for the network in the middle of its own work, e.g. for a connection to drain. I/O, a
     * task or {@link #wakeup()} ends the wait. Driving thread only.
     *
     * @param maxNanos the longest wait, positive.
     * @return how much it did.
     * @throws IllegalStateException if this transport has its own event-loop thread.
     */
    public int awaitIo(final long maxNanos) {
        if (!(loop instanceof IoMode.DrivenLoop d)) {
            throw new IllegalStateException("awaitIo is for a transport its owner drives (startDriven)");
        }
        return d.awaitIo(Math.max(1, maxNanos));
    }

    /** Ends a {@link #block} in progress, or makes the next one return at once. Any thread; a no-op if not driven. */
    public void wakeup() {
        if (loop != null) {
            loop.wakeup();
        }
    }

    /**
     * Says GOODBYE to every peer (they see {@link InboundHandler#onPeerClosed}), waits up to 2 s for queued messages
     * to be written, closes the connections and stops the event loop. No handler call follows its return.
     * Idempotent. With its own event-loop thread: any thread but that one. Driven: the driving thread, which runs the
     * loop through the shutdown; another thread may call it, but then the shutdown only progresses while the driving
     * thread still polls, and this returns after at most about three times the 2 s grace.
     */
    @Override
    public void close() {
        close("node " + node + " closed its transport");
    }

    /** As {@link #close()}, with the reason the peers are given. */
    public void close(final String reason) {
        if (closed) {
            return;
        }
        closed = true;
        mesh.close(reason, CLOSE_GRACE_MILLIS);
        if (hostedRendezvous != null) {
            hostedRendezvous.close();
        }
    }

    /** @return the connections, for tests that look at what they keep. */
    Mesh mesh() {
        return mesh;
    }

    /** Closes every connection at once, without GOODBYE, as a crash would (for tests of peer loss). */
    void abort() {
        closed = true;
        mesh.close("abort", 100, false);
    }
}
