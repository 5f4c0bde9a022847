package org.charm4j.internal.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The connections of one {@link Transport}: listens, connects to every lower node (node i connects to every j &lt;
 * i, one connection per pair), keeps the open {@link Link}s by node, runs the heartbeat, and reports losses.
 *
 * <p>Per connection it keeps only what lives as long as the connection: the channel in {@link #channels} (removed when
 * it closes) and the handshake timer of its {@link Link} (cancelled when the handshake completes or the connection
 * closes), so a refused or closed connection leaves nothing behind. Refusals are logged through a {@link RefusalLog}.
 *
 * <p>Threading: {@link #links} entries are set on the event loop before {@link #ready} completes (which publishes
 * them to the thread that waits in {@link Transport#start}); losses, ticks and {@link #setReading} happen on the event
 * loop; {@link #close}, {@link #execute}, {@link #pendingOutboundBytes} from any thread. With a driven loop ({@link Transport#startDriven}) the event loop is its owner's thread, and the
 * waits of {@link #listen}, {@link #drive} and {@link #close} run the loop instead of blocking when called there.
 */
final class Mesh {
    private final TransportConfig config;
    private final InboundHandler handler;
    private final IoMode mode;
    /** Longest single blocking turn of a driven loop while a wait drives it. */
    private static final long DRIVE_SLICE_NANOS = 1_000_000L;

    private final EventLoopGroup group;
    /** The loop when it is driven by its owner's thread, else null (the group runs its own thread). */
    private final ManualIoEventLoop driven;
    private final Link[] links;
    private final AtomicInteger missing;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final boolean[] reported;
    /** Every open channel (accepted or connected), removed when it closes; for {@link #close}. */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    /** Handshake timers scheduled and neither fired nor cancelled. */
    private final AtomicInteger pendingHandshakes = new AtomicInteger();
    private final RefusalLog refusals;
    private volatile boolean closing;
    private Channel server;
    private List<InetSocketAddress> table;
    private long deadline;
    private ScheduledFuture<?> ticker;
    private long lastTick;
    /** Whether the connections read ({@link #setReading}); written on the event loop. */
    private volatile boolean reading = true;

    /**
     * @param driven null for a loop with its own thread ({@code charm4j-net-<node>}), else a loop the caller's thread
     *               owns and drives (this mesh shuts it down on close).
     */
    Mesh(final TransportConfig config, final InboundHandler handler, final IoMode mode,
         final ManualIoEventLoop driven) {
        this.config = config;
        this.handler = handler;
        this.mode = mode;
        this.driven = driven;
        this.group = driven != null ? driven : mode.newGroup(config.node(), config.spinNanos());
        this.links = new Link[config.nodes()];
        this.missing = new AtomicInteger(config.nodes() - 1);
        this.reported = new boolean[config.nodes()];
        this.refusals = new RefusalLog(config.log(), config.node(), config.refusalLogInterval().toNanos(),
            (task, delay) -> {
                if (!group.isShuttingDown()) {   // else close() flushes the count
                    try {
                        group.next().schedule(task, delay, TimeUnit.NANOSECONDS);
                    } catch (final java.util.concurrent.RejectedExecutionException e) {
                        assert e != null;   // shutting down meanwhile: close() flushes the count
                    }
                }
            });
        if (config.nodes() == 1) {
            ready.complete(null);
        }
    }

    TransportConfig config() {
        return config;
    }

    InboundHandler handler() {
        return handler;
    }

    IoMode mode() {
        return mode;
    }

    boolean isClosing() {
        return closing;
    }

    /** @return the open link to {@code node}, or null. Any thread (after {@link Transport#start} returned). */
    Link link(final int node) {
        return links[node];
    }

    void log(final String line) {
        config.log().accept("charm4j net: " + line);
    }

    /** A connection from a stranger (or a peer that failed the handshake) was refused: rate-limited log. */
    void refused(final String line) {
        refusals.refused("charm4j net: " + line);
    }

    /** A {@link Link} scheduled its handshake timer. */
    void handshakeTimerStarted() {
        pendingHandshakes.incrementAndGet();
    }

    /** A {@link Link}'s handshake timer fired or was cancelled (once per started timer). */
    void handshakeTimerEnded() {
        pendingHandshakes.decrementAndGet();
    }

    /** @return channels open now, accepted or connected (for tests: it must not grow with refused connections). */
    int trackedChannels() {
        return channels.size();
    }

    /** @return handshake timers still pending (for tests: none once refused connections are closed). */
    int pendingHandshakes() {
        return pendingHandshakes.get();
    }

    /** @return connections refused so far (logged in full or counted). */
    long refusedConnections() {
        return refusals.total();
    }

    /** @return the driven loop, or null if the loop has its own thread. */
    ManualIoEventLoop driven() {
        return driven;
    }

    /**
     * Runs the driven loop until {@code done} or the deadline. Owner of the driven loop only.
     *
     * @return whether {@code done} became true.
     */
    boolean drive(final BooleanSupplier done, final long deadlineNanos) {
        while (!done.getAsBoolean()) {
            final long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            driven.run(Math.min(left, DRIVE_SLICE_NANOS));
        }
        return true;
    }

    /** Waits until {@code f} is done or the deadline: drives the loop on its owner, else blocks. */
    private void awaitBounded(final io.netty.util.concurrent.Future<?> f, final long deadlineNanos) {
        if (driven != null && driven.inEventLoop()) {
            drive(f::isDone, deadlineNanos);
            return;
        }
        final long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            f.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    /** Binds the listening socket; blocks (drives the loop, if driven). @return the bound address. */
    InetSocketAddress listen() throws InterruptedException {
        final ServerBootstrap b = new ServerBootstrap()
            .group(group)
            .channel(mode.serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, OutboundMessage.ESTIMATOR)
            .childHandler(initializer(false, -1));
        final ChannelFuture f = b.bind(config.bindAddress(), config.listenPort());
        if (driven != null) {
            drive(f::isDone, System.nanoTime() + config.connectTimeout().toNanos());
        } else {
            f.await();
        }
        if (!f.isSuccess()) {
            throw new IllegalStateException("node " + config.node() + " cannot listen on " + config.bindAddress()
                .getHostAddress() + ":" + config.listenPort() + ": " + f.cause(), f.cause());
        }
        server = f.channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** Connects to every lower node of {@code addresses} (retrying while refused until the deadline). */
    void connectAll(final List<InetSocketAddress> addresses, final long deadlineNanos) {
        table = List.copyOf(addresses);
        deadline = deadlineNanos;
        for (int j = 0; j < config.node(); j++) {
            connect(j);
        }
        final long interval = config.heartbeatInterval().toNanos();
        final int timeoutTicks = (int) Math.max(2, config.peerTimeout().toNanos() / interval);
        final long timeoutMillis = config.peerTimeout().toMillis();
        lastTick = System.nanoTime();
        ticker = group.next().scheduleAtFixedRate(() -> {
            // A driven loop that was not run for a while (its owner ran a long entry method) catches up on the
            // missed runs back to back: count them as one tick, not as many silent intervals.
            final long now = System.nanoTime();
            if (now - lastTick < interval / 2) {
                return;
            }
            lastTick = now;
            for (final Link l : links) {
                if (l != null) {
                    l.tick(timeoutTicks, timeoutMillis);
                }
            }
        }, interval, interval, TimeUnit.NANOSECONDS);
    }

    private void connect(final int j) {
        if (closing) {
            return;
        }
        final Bootstrap b = new Bootstrap()
            .group(group)
            .channel(mode.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, OutboundMessage.ESTIMATOR)
            .handler(initializer(true, j));
        b.connect(table.get(j)).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                return;
            }
            if (System.nanoTime() - deadline < 0 && !closing) {
                group.next().schedule(() -> connect(j), 50, TimeUnit.MILLISECONDS);
            } else {
                ready.completeExceptionally(new IllegalStateException("node " + config.node()
                    + " could not connect to node " + j + " at " + table.get(j) + ": " + f.cause(), f.cause()));
            }
        });
    }

    private WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(config.writeBufferLow(), config.writeBufferHigh());
    }

    /**
     * Starts or stops reading from every open connection (Netty's auto-read): while stopped, what peers send waits in
     * the sockets and then in their outbound buffers, which makes their senders wait. Event loop only.
     */
    void setReading(final boolean on) {
        for (final Link l : links) {
            if (l != null && l.isOpen()) {
                l.channel().config().setAutoRead(on);
            }
        }
        reading = on;
    }

    /** @return whether this mesh reads from its connections ({@link #setReading}). */
    boolean isReading() {
        return reading;
    }

    /** @return the bytes queued to every connection and not yet written; any thread. */
    long pendingOutboundBytes() {
        long n = 0;
        for (final Link l : links) {
            if (l != null && l.isOpen()) {
                final io.netty.channel.ChannelOutboundBuffer out = l.channel().unsafe().outboundBuffer();
                n += out == null ? 0 : out.totalPendingWriteBytes();
            }
        }
        return n;
    }

    /** Runs {@code task} on the event loop (later, also when called there); dropped once the loop shuts down. */
    void execute(final Runnable task) {
        if (group.isShuttingDown()) {
            return;
        }
        try {
            group.next().execute(task);
        } catch (final java.util.concurrent.RejectedExecutionException e) {
            assert e != null;   // shutting down meanwhile: nothing left to do
        }
    }

    /** @return whether the calling thread is this mesh's event loop. */
    boolean inEventLoop() {
        return group.next().inEventLoop();
    }

    private ChannelInitializer<SocketChannel> initializer(final boolean client, final int peer) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(final SocketChannel ch) {
                if (closing) {
                    ch.close();
                    return;
                }
                channels.add(ch);
                ch.closeFuture().addListener(f -> channels.remove(ch));
                final Link link = new Link(Mesh.this, client, peer);
                final FrameReader reader = new FrameReader(link, config.maxFrameSize(), config.maxMessageBytes(),
                    config.allocator());
                link.attach(reader);
                ch.config().setRecvByteBufAllocator(new AttachmentRecvAllocator(reader));
                ch.pipeline().addLast("reader", reader).addLast("writer", new FrameWriter(config.maxFrameSize(), link))
                    .addLast("link", link);
            }
        };
    }

    /** @return true if {@code link} is now the one link to {@code node}; event loop. */
    boolean claim(final int node, final Link link) {
        if (links[node] != null) {
            return false;
        }
        links[node] = link;
        return true;
    }

    /** A link completed its handshake; event loop. */
    void connected(final Link link) {
        if (config.debug()) {
            log("node " + config.node() + " connected to node " + link.peer() + " (" + link.channel().remoteAddress()
                + ")");
        }
        if (missing.decrementAndGet() == 0) {
            ready.complete(null);
        }
    }

    /** A connection we opened failed before its handshake completed; event loop. */
    void connectFailed(final int node, final String reason) {
        if (!closing) {
            ready.completeExceptionally(new IllegalStateException("node " + config.node() + " could not connect to "
                + "node " + node + ": " + reason));
        }
    }

    void peerLost(final int node, final String reason) {
        if (!closing && !reported[node]) {
            reported[node] = true;
            if (!ready.isDone()) {
                ready.completeExceptionally(new IllegalStateException("node " + config.node() + " lost node " + node
                    + " while connecting: " + reason));
            }
            handler.onPeerLost(node, reason);
        }
    }

    void peerClosed(final int node, final String reason) {
        if (!closing && !reported[node]) {
            reported[node] = true;
            handler.onPeerClosed(node, reason);
        }
    }

    /** @return nodes not yet connected, for an error message. */
    List<Integer> missingNodes() {
        final List<Integer> m = new ArrayList<>();
        for (int i = 0; i < links.length; i++) {
            if (i != config.node() && links[i] == null) {
                m.add(i);
            }
        }
        return m;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * Says GOODBYE on every open link, waits up to {@code graceMillis} for them to close, then stops the loop. On the
     * owner of a driven loop it drives the loop through all that; elsewhere each wait is bounded, so a driven loop
     * whose owner no longer runs it delays this by the grace periods, never more.
     */
    void close(final String reason, final long graceMillis) {
        close(reason, graceMillis, true);
    }

    /** As {@link #close(String, long)}; without {@code sayGoodbye} the connections just close (as in a crash). */
    void close(final String reason, final long graceMillis, final boolean sayGoodbye) {
        closing = true;
        final List<Channel> all = new ArrayList<>(channels);
        group.next().execute(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
            for (final Link l : links) {
                if (l != null && sayGoodbye) {
                    l.goodbye(reason);
                } else if (l != null) {
                    l.channel().close();
                }
            }
        });
        final long grace = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        final long end = System.nanoTime() + grace;
        for (final Channel ch : all) {
            awaitBounded(ch.closeFuture(), end);
            ch.close();
        }
        if (server != null) {
            awaitBounded(server.close(), System.nanoTime() + grace);
        }
        awaitBounded(group.shutdownGracefully(0, graceMillis, TimeUnit.MILLISECONDS), System.nanoTime() + 2 * grace);
        refusals.flush();
    }
}
