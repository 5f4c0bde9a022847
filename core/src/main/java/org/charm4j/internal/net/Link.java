package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection to one peer node: its handshake (either side), then delivery of its messages to the
 * {@link InboundHandler}, its heartbeat bookkeeping, and the report when it is lost.
 *
 * <p>A connection that fails the handshake is closed and logged with its remote address (rate-limited, see
 * {@link RefusalLog}) and gets nothing but the challenge nonce; its handshake timer is cancelled when it closes, so
 * nothing of it stays behind. A connection that was open and closes for any reason but this transport's own close is
 * reported once through {@link InboundHandler#onPeerLost} (or {@link InboundHandler#onPeerClosed} after a GOODBYE).
 *
 * <p>Threading: the connection's event loop, except {@link #isOpen()}, {@link #channel()} and {@link #write} (any
 * thread).
 */
final class Link extends ChannelInboundHandlerAdapter {
    private static final int CLIENT_WAIT_CHALLENGE = 0;
    private static final int CLIENT_WAIT_ACCEPT = 1;
    private static final int SERVER_WAIT_HELLO = 2;
    private static final int SERVER_WAIT_RESPONSE = 3;
    private static final int OPEN = 4;
    private static final int CLOSED = 5;

    private final Mesh mesh;
    private final boolean client;
    private final int me;
    private int peer;
    private int state;
    private final byte[] myNonce = JobSecret.newNonce();
    private byte[] peerNonce;
    private Channel channel;
    private FrameReader reader;
    private volatile boolean open;
    private String failure;
    private String goodbye;
    private boolean wrote;
    private boolean read;
    private int silentTicks;
    /** Closes the connection if the handshake is not done in time; cancelled once it is, or the connection closed. */
    private ScheduledFuture<?> handshakeTimer;
    /** Bytes queued to the peer at the last tick: when they go down, the peer is reading, so it is alive. */
    private long pendingAtLastTick;
    /** Messages other threads handed to the event loop ({@link #write}) that {@link #written} has not seen yet. */
    private final AtomicInteger handedOver = new AtomicInteger();
    /** Flushes deferred, and bytes of handed-over messages framed, since the last flush. Event loop only. */
    private int unflushed;
    private long unflushedBytes;

    /**
     * @param peer the node this connection goes to (client side), or -1 until its HELLO says (server side).
     */
    Link(final Mesh mesh, final boolean client, final int peer) {
        this.mesh = mesh;
        this.client = client;
        this.me = mesh.config().node();
        this.peer = peer;
        this.state = client ? CLIENT_WAIT_CHALLENGE : SERVER_WAIT_HELLO;
    }

    void attach(final FrameReader r) {
        reader = r;
    }

    /** @return the peer's node id, or -1 before its HELLO. */
    int peer() {
        return peer;
    }

    /** @return true while the connection is open for messages. */
    boolean isOpen() {
        return open;
    }

    /** @return the channel (set when it became active). */
    Channel channel() {
        return channel;
    }

    /**
     * Writes and flushes a message to the peer, at once on the event loop. From another thread it is handed to the
     * event loop (which wakes up for it) and counted until the writer has framed it ({@link #written}); meanwhile a
     * flush may wait for the next one ({@link #deferFlush}): one system call for a burst of small messages that other
     * threads send rather than one each, while a lone message is flushed as soon as it is framed. Any thread.
     *
     * @param m taken.
     */
    void write(final OutboundMessage m) {
        final Channel ch = channel;
        if (ch.eventLoop().inEventLoop()) {
            ch.writeAndFlush(m, ch.voidPromise());
            return;
        }
        m.handedOver = true;
        ch.writeAndFlush(m, ch.voidPromise());
        // Counted once handed over (it may even be framed first: the count then dips below 0 for a moment). So a
        // count above 0 always means a message is queued on the event loop whose own flush is still to come.
        handedOver.incrementAndGet();
    }

    /** Flush at least every this many deferred flushes, so that a steady stream does not wait for a gap. */
    static final int FLUSH_EVERY = 256;
    /** Flush at least every this many bytes of handed-over messages. */
    static final long FLUSH_BYTES = 256 << 10;

    /**
     * The writer framed a handed-over message. Event loop.
     *
     * @param bytes the message's size.
     */
    void written(final long bytes) {
        unflushedBytes += bytes;
        handedOver.decrementAndGet();
    }

    /**
     * @return true if a flush asked for now can wait: another handed-over message is on its way to the event loop
     *     (counted, not yet framed), whose own flush comes later, and not too much waits unflushed. Event loop.
     */
    boolean deferFlush() {
        if (handedOver.get() > 0 && ++unflushed < FLUSH_EVERY && unflushedBytes < FLUSH_BYTES) {
            return true;
        }
        unflushed = 0;
        unflushedBytes = 0;
        return false;
    }

    void wroteSomething() {
        wrote = true;
    }

    void readSomething() {
        read = true;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        if (client) {
            send(FrameHeader.TYPE_HELLO, me, peer, myNonce);
        }
        final long timeout = mesh.config().connectTimeout().toNanos();
        mesh.handshakeTimerStarted();
        handshakeTimer = ctx.executor().schedule(() -> {
            endHandshakeTimer(false);
            if (state < OPEN) {
                fail("handshake not completed within " + mesh.config().connectTimeout().toMillis() + " ms");
            }
        }, timeout, TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    /** The handshake timer fired, or is cancelled now: no longer counted, and it no longer holds this link. */
    private void endHandshakeTimer(final boolean cancel) {
        final ScheduledFuture<?> t = handshakeTimer;
        if (t != null) {
            handshakeTimer = null;
            if (cancel) {
                t.cancel(false);
            }
            mesh.handshakeTimerEnded();
        }
    }

    /** A handshake or control frame; the payload is borrowed for the call. */
    void onControl(final int type, final int arg0, final int arg1, final ByteBuf payload) throws FrameException {
        if (type == FrameHeader.TYPE_HEARTBEAT) {
            return;
        }
        if (type == FrameHeader.TYPE_GOODBYE) {
            goodbye = FrameReader.text(payload);
            channel.close();
            return;
        }
        switch (state) {
            case SERVER_WAIT_HELLO -> onHello(type, arg0, arg1, payload);
            case SERVER_WAIT_RESPONSE -> onResponse(type, payload);
            case CLIENT_WAIT_CHALLENGE -> onChallenge(type, arg0, payload);
            case CLIENT_WAIT_ACCEPT -> onAccept(type, payload);
            default -> throw new FrameException("unexpected " + FrameHeader.typeName(type) + " frame on an open "
                + "connection");
        }
    }

    private void onHello(final int type, final int from, final int wanted, final ByteBuf payload)
        throws FrameException {
        expect(type, FrameHeader.TYPE_HELLO);
        final int n = mesh.config().nodes();
        if (wanted != me) {
            throw new FrameException("HELLO for node " + wanted + " reached node " + me);
        }
        if (from <= me || from >= n) {
            throw new FrameException("HELLO from node " + from + ": only nodes " + (me + 1) + " to " + (n - 1)
                + " connect to node " + me);
        }
        peer = from;
        peerNonce = bytes(payload);
        state = SERVER_WAIT_RESPONSE;
        send(FrameHeader.TYPE_CHALLENGE, me, 0, myNonce);
    }

    private void onResponse(final int type, final ByteBuf payload) throws FrameException {
        expect(type, FrameHeader.TYPE_RESPONSE);
        final JobSecret s = mesh.config().secret();
        if (!JobSecret.same(s.clientProof(peerNonce, myNonce, peer, me), bytes(payload))) {
            throw new FrameException("wrong secret: the RESPONSE of a peer claiming to be node " + peer
                + " does not prove the job secret");
        }
        if (!mesh.claim(peer, this)) {
            throw new FrameException("node " + peer + " is already connected");
        }
        becomeOpen();
        send(FrameHeader.TYPE_ACCEPT, 0, 0, s.serverProof(peerNonce, myNonce, peer, me));
        mesh.connected(this);
    }

    private void onChallenge(final int type, final int from, final ByteBuf payload) throws FrameException {
        expect(type, FrameHeader.TYPE_CHALLENGE);
        if (from != peer) {
            throw new FrameException("connected to the address of node " + peer + " but node " + from + " answered");
        }
        peerNonce = bytes(payload);
        state = CLIENT_WAIT_ACCEPT;
        send(FrameHeader.TYPE_RESPONSE, 0, 0, mesh.config().secret().clientProof(myNonce, peerNonce, me, peer));
    }

    private void onAccept(final int type, final ByteBuf payload) throws FrameException {
        expect(type, FrameHeader.TYPE_ACCEPT);
        if (!JobSecret.same(mesh.config().secret().serverProof(myNonce, peerNonce, me, peer), bytes(payload))) {
            throw new FrameException("node " + peer + " at " + channel.remoteAddress()
                + " does not prove the job secret (another job's process, or a stale address)");
        }
        if (!mesh.claim(peer, this)) {
            throw new FrameException("node " + peer + " is already connected");
        }
        becomeOpen();
        mesh.connected(this);
    }

    private void becomeOpen() {
        endHandshakeTimer(true);
        state = OPEN;
        reader.authenticated();
        open = true;
    }

    private static void expect(final int type, final int wanted) throws FrameException {
        if (type != wanted) {
            throw new FrameException("got a " + FrameHeader.typeName(type) + " frame where " + FrameHeader.typeName(
                wanted) + " belongs in the handshake");
        }
    }

    private static byte[] bytes(final ByteBuf payload) {
        final byte[] b = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), b);
        return b;
    }

    private void send(final int type, final int arg0, final int arg1, final byte[] payload) {
        final ByteBuf b = channel.alloc().buffer(FrameHeader.HEADER_LENGTH + payload.length);
        FrameHeader.write(b, type, payload.length, arg0, arg1);
        b.writeBytes(payload);
        channel.writeAndFlush(b, channel.voidPromise());
    }

    /** A complete message: header borrowed, attachments handed over. */
    void deliver(final ByteBuf header, final MemorySegment[] attachments) {
        mesh.handler().onMessage(peer, header, attachments);
    }

    /**
     * Heartbeat tick: sends HEARTBEAT if nothing was written; closes the connection if for long nothing was read
     * from the peer and the peer did not drain what we queued to it either (while we send it a message of
     * gigabytes, its heartbeats may wait behind our writes, but its reading them shows it is alive).
     */
    void tick(final int timeoutTicks, final long timeoutMillis) {
        if (state != OPEN) {
            return;
        }
        final io.netty.channel.ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        final long pending = out == null ? 0 : out.totalPendingWriteBytes();
        final boolean draining = pending < pendingAtLastTick;
        pendingAtLastTick = pending;
        if (read || draining || !channel.config().isAutoRead()) {
            // (while this process does not read, for back-pressure, the peer's silence says nothing)
            read = false;
            silentTicks = 0;
        } else if (++silentTicks >= timeoutTicks) {
            fail("no message for " + seconds(timeoutMillis) + " (peer timeout, +peerTimeout): node " + peer
                + " hangs (stopped, or busy in one entry method on the PE that drives its network) or the network is "
                + "down");
            return;
        }
        if (!wrote) {
            final ByteBuf b = channel.alloc().buffer(FrameHeader.HEADER_LENGTH);
            FrameHeader.write(b, FrameHeader.TYPE_HEARTBEAT, 0, 0, 0);
            channel.writeAndFlush(b, channel.voidPromise());
        }
        wrote = false;
    }

    /** Sends GOODBYE with {@code reason} and closes the connection once it is written. */
    void goodbye(final String reason) {
        if (state == CLOSED || channel == null) {
            return;
        }
        final byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        final int len = Math.min(r.length, FrameHeader.MAX_GOODBYE_LENGTH);
        final ByteBuf b = channel.alloc().buffer(FrameHeader.HEADER_LENGTH + len);
        FrameHeader.write(b, FrameHeader.TYPE_GOODBYE, len, 0, 0);
        b.writeBytes(r, 0, len);
        channel.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Closes this connection because of {@code why} (a protocol error, a timeout): logged and, if it was open,
     * reported as the loss of the peer. A stranger's connection gets nothing.
     */
    void fail(final String why) {
        if (failure != null || state == CLOSED) {
            return;
        }
        failure = why;
        if (state == OPEN) {
            goodbye("node " + me + " closes the connection: " + why);
            // the GOODBYE may wait behind a large message for a peer that does not read: do not wait for long
            channel.eventLoop().schedule(() -> channel.close(), 1, TimeUnit.SECONDS);
        } else {
            final String line = "node " + me + " rejected the connection " + (client ? "to " : "from ")
                + (channel == null ? "?" : channel.remoteAddress()) + ": " + why;
            if (client) {
                mesh.log(line);   // a connection we opened: rare, and says why this node cannot join
            } else {
                mesh.refused(line);
            }
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** @return {@code millis} as seconds for a message: "30 s", "0.6 s". */
    static String seconds(final long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        fail("I/O error on the connection " + (peer >= 0 ? "with node " + peer + " " : "") + "("
            + ctx.channel().remoteAddress() + "): " + cause);
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception {
        if (state == OPEN && ctx.channel().isWritable()) {
            mesh.handler().onWritable(peer);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
        endHandshakeTimer(true);
        final int was = state;
        state = CLOSED;
        open = false;
        if (was == OPEN) {
            mesh.handler().onWritable(peer);   // senders waiting for it look again (and find it gone)
            if (goodbye != null && failure == null) {
                mesh.peerClosed(peer, "node " + peer + " left: " + goodbye);
            } else {
                mesh.peerLost(peer, failure != null ? failure
                    : "the connection to node " + peer + " (" + ctx.channel().remoteAddress()
                    + ") was closed by the peer or the network (the process was killed, crashed or called "
                    + "System.exit; the launcher reports its exit status)");
            }
        } else if (client) {
            mesh.connectFailed(peer, failure != null ? failure
                : goodbye != null ? "node " + peer + " refused: " + goodbye
                : "node " + peer + " at " + ctx.channel().remoteAddress() + " closed the connection during the "
                + "handshake (does it have the same job secret?)");
        } else if (failure == null && !mesh.isClosing()) {
            mesh.refused("node " + me + " rejected the connection from " + ctx.channel().remoteAddress()
                + ": it closed before it completed the handshake");
        }
        super.channelInactive(ctx);
    }
}
