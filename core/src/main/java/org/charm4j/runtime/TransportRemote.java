package org.charm4j.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.foreign.MemorySegment;
import java.util.function.BooleanSupplier;
import org.charm4j.internal.net.InboundHandler;
import org.charm4j.internal.net.Transport;
import org.charm4j.internal.net.TransportConfig;

/**
 * The other processes of a job over the Netty {@link Transport}: messages are encoded by the sending thread's
 * {@link WireCodec} (off-heap arrays travel as attachments, written from their memory) and decoded on the transport's
 * event loop, which hands them to the destination PE's queue. A lost process aborts the job, naming it.
 *
 * <p>Two modes ({@link org.charm4j.Options#usesCommThread()}). With a comm thread ({@code +commthread}, Charm++
 * SMP), the transport has its own event-loop thread: what arrives is decoded there and handed to the PEs' queues, the
 * PEs' sends are handed to it, and no entry method can stall the network. Driven ({@code +nocommthread}, Charm++'s
 * non-SMP mode, where the worker is also the comm thread): the event loop is the thread of this process's first PE,
 * which {@linkplain #startDriven starts} the transport at the top of its run loop, polls it in each duty cycle,
 * sleeps in it when idle, and {@linkplain #closeDriven closes} it when the job ends; its sends are written at once
 * and its receives need no hand-off; the price, as in Charm++: while that PE runs an entry method (or its threaded
 * entry method holds it), nothing is read, written or heartbeated; one that runs longer than the peer timeout
 * ({@code +peerTimeout}) makes the other processes give this one up as hung.
 *
 * <p>Back-pressure ({@link FlowControl}): a send that leaves the connection above its high water mark makes the
 * sending thread wait until it drains (a threaded entry method gives its PE back meanwhile); a PE whose queue holds
 * more than the high mark of messages from other processes stops this process's reads until it takes them, unless it
 * is itself waiting to send; past {@code +maxQueued} the job aborts, naming the processes and the bytes.
 *
 * <p>Threading: {@link #send} and {@link #broadcastExit} any thread (a send made before the transport is up waits for
 * it); {@link #startDriven} and {@link #closeDriven} the first local PE's thread; {@link InboundHandler} methods that
 * same thread (the transport's event loop); {@link #close} any thread, after the PEs stopped.
 */
public final class TransportRemote implements Remote, InboundHandler {
    private final Object startLock = new Object();
    private Node node;
    private TransportConfig config;
    private volatile Transport transport;
    /** Set once the transport could not start: sends are dropped, as the job aborts. */
    private volatile boolean failed;
    private byte[] inbound = new byte[1024];
    /** Decodes what arrives: the event loop's thread only. */
    private WireDecoder decoder;
    private final SegmentPool pool = new SegmentPool();
    private volatile boolean closing;
    /** An exit broadcast asked for before the transport was up, sent once it is; guarded by startLock. */
    private boolean exitPending;
    private int pendingCode;
    private String pendingMessage;
    private FlowControl flow;
    /** True while an {@link InboundHandler} method runs: a send made there (on the event loop) must not wait. */
    private boolean inHandler;

    /**
     * Remembers how to connect this process to the others; {@link #startDriven} connects.
     *
     * @param node   this process's node, built with this remote.
     * @param config the transport configuration.
     */
    public void prepare(final Node node, final TransportConfig config) {
        this.node = node;
        this.config = config.toBuilder().allocator(pool).build();
        this.flow = new FlowControl(node, node.options().maxQueuedBytes(), config.writeBufferLow(),
            config.writeBufferHigh());
    }

    /**
     * Connects this process to the others (rendezvous, then a connection to each) with the calling thread as the
     * transport's event loop, and starts delivering what they send to the node. On failure the job aborts, with
     * the reason.
     *
     * @param ownerHasWork whether the calling PE has messages to handle (keeps the loop from sleeping).
     * @return the transport, which the caller polls and finally closes through {@link #closeDriven}; null if it
     *     could not start.
     */
    Transport startDriven(final BooleanSupplier ownerHasWork) {
        return started(() -> Transport.startDriven(config, this, ownerHasWork));
    }

    /**
     * Connects this process to the others with a transport that runs on its own event-loop thread
     * ({@code charm4j-net-<node>}, Charm++ SMP's comm thread): what arrives is decoded there and handed to the PEs'
     * queues; the PEs' sends are handed to it. No entry method can stall it. On failure the job aborts.
     *
     * @return whether it started.
     */
    boolean startOwnThread() {
        return started(() -> Transport.start(config, this)) != null;
    }

    /** Starts the transport either way; publishes it (and an exit asked for meanwhile), or aborts. */
    private Transport started(final java.util.function.Supplier<Transport> start) {
        final Transport t;
        try {
            t = start.get();
        } catch (final IllegalStateException e) {
            failed = true;
            node.abort("process " + node.myNode() + " could not connect to the other processes: " + e.getMessage(),
                e.getCause());
            return null;
        }
        flow.start(t);
        synchronized (startLock) {
            transport = t;
            if (exitPending) {
                sendExit(t, pendingCode, pendingMessage);
            }
        }
        return t;
    }

    /** Says GOODBYE to the other processes once what was sent before is written. The driving PE's thread. */
    void closeDriven(final Transport t) {
        closing = true;
        flow.wakeAll();
        t.close("the job ended");
    }

    @Override
    public void send(final int pe, final Message m) {
        if (m instanceof EntryMessage && !node.isRunning()) {
            // the job has ended here (an exit or an abort): no PE will run this call, and an entry method that still
            // sends (a flood in a loop) would queue without end once the flow control stops waiting for the ended
            // job; Charm++ drops what is sent after CkExit too
            return;
        }
        final WireEncoder codec = node.encoder();
        codec.encode(pe, m);
        // a threaded entry method may give its PE away while a call it made drains, not inside the runtime's own
        // messages (reductions, migrations, load balancing), which it sends in the middle of its bookkeeping
        send(node.topology().nodeOf(pe), codec, m instanceof EntryMessage);
    }

    @Override
    public void sendEncoded(final int toNode, final WireEncoder codec) {
        send(toNode, codec, true);   // a future's completion
    }

    private void send(final int toNode, final WireEncoder codec, final boolean mayYield) {
        Transport t = transport;
        if (t == null) {
            t = awaitTransport();
            if (t == null) {
                return;
            }
        }
        final MemorySegment[] sent = codec.attachmentArray(); // the transport does not keep the array
        final int status = t.trySend(toNode, codec.bytes(), 0, codec.length(),
            sent.length == 0 ? null : pool.recyclerOf(sent), sent);
        if (status == Transport.OK) {
            codec.sent();
            if (!t.isWritable(toNode) && mayWait(t)) {
                flow.awaitWritable(t, toNode, mayYield);
            }
        } else if (!closing) {
            node.abort("process " + node.myNode() + " cannot send to process " + toNode + " ("
                + (status == Transport.PEER_GONE ? "it is gone" : "the transport is closed") + ")", null);
        }
    }

    /**
     * @return whether the calling thread may wait for a connection to drain: not the event loop's own thread, nor the
     *     driving PE inside an {@link InboundHandler} call (it would wait for itself).
     */
    private boolean mayWait(final Transport t) {
        return !t.inEventLoop() || t.isDrivenHere() && !inHandler;
    }

    /** Waits until the first PE has started the transport. @return it, or null if it failed or the job ended. */
    private Transport awaitTransport() {
        Transport t;
        while ((t = transport) == null && !failed && node.isRunning()) {
            Thread.yield();
        }
        return t;
    }

    @Override
    public void broadcastExit(final int code, final String abortMessage) {
        final Transport t;
        synchronized (startLock) {
            t = transport;
            if (t == null) {
                exitPending = true;
                pendingCode = code;
                pendingMessage = abortMessage;
                return;
            }
        }
        sendExit(t, code, abortMessage);
    }

    private void sendExit(final Transport t, final int code, final String abortMessage) {
        final WireEncoder codec = node.newEncoder(); // the abort path may run beside a PE's own encoder
        for (int n = 0; n < t.nodes(); n++) {
            if (n != node.myNode()) {
                codec.encodeExit(n, code, abortMessage);
                final ByteBuf header = PooledByteBufAllocator.DEFAULT.buffer(codec.length());
                header.writeBytes(codec.bytes(), 0, codec.length());
                t.trySend(n, header);
            }
        }
    }

    @Override
    public void onMessage(final int fromNode, final ByteBuf header, final MemorySegment[] attachments) {
        inHandler = true;
        try {
            handle(fromNode, header, attachments);
        } finally {
            inHandler = false;
        }
    }

    private void handle(final int fromNode, final ByteBuf header, final MemorySegment[] attachments) {
        final int n = header.readableBytes();
        if (inbound.length < n) {
            inbound = new byte[Math.max(n, inbound.length * 2)];
        }
        header.getBytes(header.readerIndex(), inbound, 0, n);
        WireDecoder d = decoder;
        if (d == null) {
            d = node.newDecoder();
            d.countInto(flow);
            decoder = d;
        }
        try {
            d.decodeAndDeliver(fromNode, inbound, 0, n, attachments);
        } catch (final VirtualMachineError e) {
            node.releaseReserve();
            node.fatal("process " + node.myNode() + " reading a message from process " + fromNode, e);
        } catch (final RuntimeException e) {
            node.abort("process " + node.myNode() + " could not read a message from process " + fromNode + ": " + e,
                e);
        }
    }

    @Override
    public void onWritable(final int toNode) {
        flow.onWritable(toNode);
    }

    @Override
    public void taken(final Pe pe, final Message m) {
        flow.taken(pe, m);
    }

    @Override
    public void onPeerLost(final int lost, final String reason) {
        flow.wakeAll();
        if (!closing) {
            node.abort("process " + lost + " was lost: " + reason, null);
        }
    }

    /** Closes the transport if its driving PE did not (it failed); a no-op after {@link #closeDriven}. */
    @Override
    public void close() {
        closing = true;
        flow.wakeAll();
        final Transport t = transport;
        if (t != null) {
            t.close("the job ended");
        }
    }
}
