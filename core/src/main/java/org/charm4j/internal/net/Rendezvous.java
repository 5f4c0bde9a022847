package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where the nodes of a job meet to learn each other's addresses: a server (node 0, or the launcher) that every node
 * connects to, proves the job secret to (the handshake of {@code docs/wire-format.md}, with server id -1) and tells
 * its listening address; once all have arrived the server answers each with the full table. Blocking sockets: a few
 * frames per node, once per job.
 *
 * <p>Threading: {@link #join} blocks its caller. A {@link Server} accepts on its own thread and serves each
 * connection on a virtual thread; its methods may be called from any thread.
 */
public final class Rendezvous {
    /** The node id of the rendezvous in HELLO and CHALLENGE. */
    public static final int RENDEZVOUS_ID = -1;
    private static final int MAX_TABLE_ENTRY = 3 + FrameHeader.MAX_HOST_LENGTH;

    private Rendezvous() {
    }

    /**
     * Starts a rendezvous server for {@code nodes} nodes.
     *
     * @param bind    where to listen; port 0 picks a free port ({@link Server#address()} reports it).
     * @param timeout how long it waits for all nodes; then it tells the arrived ones which are missing and stops.
     * @param log     where rejected connections and the timeout are reported.
     * @return returns owned: the running server; the caller closes it.
     */
    public static Server serve(final InetSocketAddress bind, final JobSecret secret, final int nodes,
                               final Duration timeout, final Consumer<String> log) {
        try {
            return new Server(bind, secret, nodes, timeout, log);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot run the rendezvous on " + bind + ": " + e, e);
        }
    }

    /**
     * Joins the rendezvous at {@code server} (retrying while it is not up yet), and returns the address table.
     *
     * @param me      this node's listening address, told to the others.
     * @param timeoutMillis how long to try in all.
     * @return the listening address of every node, by node id.
     * @throws IllegalStateException with the reason (the server's GOODBYE, a timeout, a wrong secret).
     */
    public static List<InetSocketAddress> join(final InetSocketAddress server, final JobSecret secret, final int node,
                                               final int nodes, final InetSocketAddress me, final long timeoutMillis) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        final String who = "node " + node + " at the rendezvous " + server;
        Socket s = null;
        try {
            while (s == null) {
                final Socket attempt = new Socket();
                try {
                    attempt.connect(server, (int) Math.max(1, left(deadline)));
                    s = attempt;
                } catch (final ConnectException | SocketTimeoutException e) {
                    attempt.close();
                    if (left(deadline) <= 50) {
                        throw new IllegalStateException(who + ": could not connect within " + timeoutMillis + " ms: "
                            + e.getMessage(), e);
                    }
                    Thread.sleep(50);
                }
            }
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) Math.max(1, left(deadline)));
            final InputStream in = s.getInputStream();
            final OutputStream out = s.getOutputStream();
            final byte[] nonce = JobSecret.newNonce();
            BlockingFrames.write(out, FrameHeader.TYPE_HELLO, node, RENDEZVOUS_ID, nonce);
            final BlockingFrames.Frame challenge = expect(read(in, nodes), FrameHeader.TYPE_CHALLENGE, who);
            if (challenge.arg0() != RENDEZVOUS_ID || challenge.payload().length != FrameHeader.NONCE_LENGTH) {
                throw new IllegalStateException(who + ": the server is not a charm4j rendezvous");
            }
            BlockingFrames.write(out, FrameHeader.TYPE_RESPONSE, 0, 0,
                secret.clientProof(nonce, challenge.payload(), node, RENDEZVOUS_ID));
            final BlockingFrames.Frame accept = expect(read(in, nodes), FrameHeader.TYPE_ACCEPT, who);
            if (!JobSecret.same(secret.serverProof(nonce, challenge.payload(), node, RENDEZVOUS_ID),
                accept.payload())) {
                throw new IllegalStateException(who + ": the rendezvous does not prove the job secret");
            }
            final byte[] host = me.getAddress().getHostAddress().getBytes(StandardCharsets.UTF_8);
            BlockingFrames.write(out, FrameHeader.TYPE_ADDRESS, node, me.getPort(), host);
            s.setSoTimeout((int) Math.max(1, left(deadline)));
            final BlockingFrames.Frame table = expect(read(in, nodes), FrameHeader.TYPE_TABLE, who);
            return parseTable(table, nodes, who);
        } catch (final SocketTimeoutException e) {
            throw new IllegalStateException(who + ": no address table within " + timeoutMillis + " ms (are all "
                + nodes + " nodes started?)", e);
        } catch (final IOException | FrameException e) {
            throw new IllegalStateException(who + ": " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(who + ": interrupted", e);
        } finally {
            closeQuietly(s);
        }
    }

    private static long left(final long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static BlockingFrames.Frame read(final InputStream in, final int nodes) throws IOException,
        FrameException {
        return BlockingFrames.read(in, Math.max(FrameHeader.MAX_GOODBYE_LENGTH, nodes * MAX_TABLE_ENTRY));
    }

    private static BlockingFrames.Frame expect(final BlockingFrames.Frame f, final int type, final String who) {
        if (f.type() == FrameHeader.TYPE_GOODBYE) {
            throw new IllegalStateException(who + ": " + new String(f.payload(), StandardCharsets.UTF_8));
        }
        if (f.type() != type) {
            throw new IllegalStateException(who + ": got " + FrameHeader.typeName(f.type()) + " where "
                + FrameHeader.typeName(type) + " was expected");
        }
        return f;
    }

    private static List<InetSocketAddress> parseTable(final BlockingFrames.Frame f, final int nodes,
                                                      final String who) {
        if (f.arg0() != nodes) {
            throw new IllegalStateException(who + ": the table has " + f.arg0() + " nodes, this job " + nodes);
        }
        final ByteBuf b = Unpooled.wrappedBuffer(f.payload());
        final List<InetSocketAddress> t = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            if (b.readableBytes() < 3) {
                throw new IllegalStateException(who + ": the table ends at node " + i);
            }
            final int port = b.readUnsignedShortLE();
            final int len = b.readUnsignedByte();
            if (b.readableBytes() < len) {
                throw new IllegalStateException(who + ": the table ends in the host of node " + i);
            }
            final String host = b.readCharSequence(len, StandardCharsets.UTF_8).toString();
            t.add(new InetSocketAddress(host, port));
        }
        return List.copyOf(t);
    }

    private static void closeQuietly(final Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (final IOException e) {
                // closing after the exchange is done or failed: the outcome is already decided and reported
                assert e != null;
            }
        }
    }

    /**
     * A running rendezvous server.
     *
     * <p>Threading: any thread.
     */
    public static final class Server implements AutoCloseable {
        private final ServerSocket socket;
        private final JobSecret secret;
        private final int nodes;
        private final Consumer<String> log;
        private final long deadline;
        private final Socket[] arrived;
        private final InetSocketAddress[] addresses;
        private final CountDownLatch done = new CountDownLatch(1);
        private final List<Socket> all = new ArrayList<>();
        private final Thread acceptor;
        private String failure;
        private boolean finished;

        private Server(final InetSocketAddress bind, final JobSecret secret, final int nodes, final Duration timeout,
                       final Consumer<String> log) throws IOException {
            this.secret = secret;
            this.nodes = nodes;
            this.log = log;
            this.deadline = System.nanoTime() + timeout.toNanos();
            this.arrived = new Socket[nodes];
            this.addresses = new InetSocketAddress[nodes];
            this.socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(bind, 64);
            acceptor = Thread.ofPlatform().daemon().name("charm4j-rendezvous").start(this::acceptLoop);
            Thread.ofVirtual().name("charm4j-rendezvous-timer").start(() -> {
                try {
                    if (!done.await(Math.max(1, left(deadline)), TimeUnit.MILLISECONDS)) {
                        fail("rendezvous at " + address() + " timed out after " + timeout.toMillis()
                            + " ms: nodes " + missing() + " never arrived");
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        /** @return the address it listens on (with the real port when bound to port 0). */
        public InetSocketAddress address() {
            return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
        }

        /**
         * Waits until every node got the table, or the server failed.
         *
         * @return null when every node got the table, else the failure (naming the missing nodes).
         */
        public String await(final Duration timeout) throws InterruptedException {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return "still waiting for nodes " + missing();
            }
            synchronized (this) {
                return failure;
            }
        }

        private synchronized List<Integer> missing() {
            final List<Integer> m = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                if (addresses[i] == null) {
                    m.add(i);
                }
            }
            return m;
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                final Socket s;
                try {
                    s = socket.accept();
                } catch (final IOException e) {
                    if (!socket.isClosed()) {
                        log.accept("charm4j net: rendezvous stops accepting: " + e);
                    }
                    return;
                }
                synchronized (this) {
                    if (finished) {
                        closeQuietly(s);
                        continue;
                    }
                    all.add(s);
                }
                Thread.ofVirtual().name("charm4j-rendezvous-" + s.getRemoteSocketAddress()).start(() -> serve(s));
            }
        }

        private void serve(final Socket s) {
            final Object remote = s.getRemoteSocketAddress();
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) Math.max(1, left(deadline)));
                final InputStream in = s.getInputStream();
                final OutputStream out = s.getOutputStream();
                final BlockingFrames.Frame hello = BlockingFrames.read(in, FrameHeader.MAX_HANDSHAKE_PAYLOAD);
                final int node = hello.arg0();
                if (hello.type() != FrameHeader.TYPE_HELLO || hello.arg1() != RENDEZVOUS_ID || node < 0
                    || node >= nodes || hello.payload().length != FrameHeader.NONCE_LENGTH) {
                    reject(s, remote, "not a HELLO of a node 0.." + (nodes - 1) + " to the rendezvous");
                    return;
                }
                final byte[] nonce = JobSecret.newNonce();
                BlockingFrames.write(out, FrameHeader.TYPE_CHALLENGE, RENDEZVOUS_ID, 0, nonce);
                final BlockingFrames.Frame response = BlockingFrames.read(in, FrameHeader.MAX_HANDSHAKE_PAYLOAD);
                if (response.type() != FrameHeader.TYPE_RESPONSE || !JobSecret.same(
                    secret.clientProof(hello.payload(), nonce, node, RENDEZVOUS_ID), response.payload())) {
                    reject(s, remote, "wrong secret: no valid RESPONSE from a peer claiming to be node " + node);
                    return;
                }
                BlockingFrames.write(out, FrameHeader.TYPE_ACCEPT, 0, 0,
                    secret.serverProof(hello.payload(), nonce, node, RENDEZVOUS_ID));
                final BlockingFrames.Frame addr = BlockingFrames.read(in, FrameHeader.MAX_HOST_LENGTH);
                if (addr.type() != FrameHeader.TYPE_ADDRESS || addr.arg0() != node || addr.arg1() <= 0
                    || addr.arg1() > 65535) {
                    reject(s, remote, "node " + node + " sent " + FrameHeader.typeName(addr.type())
                        + " instead of its ADDRESS");
                    return;
                }
                arrive(node, s, new InetSocketAddress(new String(addr.payload(), StandardCharsets.UTF_8),
                    addr.arg1()));
            } catch (final IOException | FrameException e) {
                reject(s, remote, e.toString());
            }
        }

        private void reject(final Socket s, final Object remote, final String why) {
            log.accept("charm4j net: rendezvous rejected the connection from " + remote + ": " + why);
            closeQuietly(s);
            synchronized (this) {
                all.remove(s);   // a refused connection leaves nothing behind
            }
        }

        private void arrive(final int node, final Socket s, final InetSocketAddress a) throws IOException {
            final byte[] table;
            final Socket[] to;
            synchronized (this) {
                if (arrived[node] != null) {
                    BlockingFrames.write(s.getOutputStream(), FrameHeader.TYPE_GOODBYE, 0, 0,
                        ("node " + node + " arrived twice at the rendezvous").getBytes(StandardCharsets.UTF_8));
                    closeQuietly(s);
                    return;
                }
                if (finished) {
                    closeQuietly(s);
                    return;
                }
                arrived[node] = s;
                addresses[node] = a;
                for (final InetSocketAddress x : addresses) {
                    if (x == null) {
                        return;
                    }
                }
                finished = true;
                table = encodeTable();
                to = arrived.clone();
            }
            for (int i = 0; i < nodes; i++) {
                try {
                    BlockingFrames.write(to[i].getOutputStream(), FrameHeader.TYPE_TABLE, nodes, 0, table);
                } catch (final IOException e) {
                    log.accept("charm4j net: rendezvous could not send the table to node " + i + ": " + e);
                }
                closeQuietly(to[i]);
            }
            done.countDown();
            close();
        }

        private byte[] encodeTable() {
            final ByteBuf b = Unpooled.buffer();
            for (final InetSocketAddress a : addresses) {
                final byte[] host = a.getAddress() != null ? a.getAddress().getHostAddress()
                    .getBytes(StandardCharsets.UTF_8) : a.getHostString().getBytes(StandardCharsets.UTF_8);
                b.writeShortLE(a.getPort());
                b.writeByte(host.length);
                b.writeBytes(host);
            }
            return Arrays.copyOf(b.array(), b.writerIndex());
        }

        private void fail(final String why) {
            final List<Socket> toClose;
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                failure = why;
                toClose = new ArrayList<>(all);
            }
            log.accept("charm4j net: " + why);
            for (final Socket s : toClose) {
                try {
                    BlockingFrames.write(s.getOutputStream(), FrameHeader.TYPE_GOODBYE, 0, 0,
                        why.getBytes(StandardCharsets.UTF_8));
                } catch (final IOException | RuntimeException e) {
                    assert e != null; // the peer is gone already; it will time out on its own
                }
                closeQuietly(s);
            }
            done.countDown();
            close();
        }

        /** Stops accepting and closes every connection still open. Idempotent. */
        @Override
        public void close() {
            try {
                socket.close();
            } catch (final IOException e) {
                log.accept("charm4j net: closing the rendezvous socket: " + e);
            }
            final List<Socket> toClose;
            synchronized (this) {
                finished = true;
                toClose = new ArrayList<>(all);
                all.clear();
            }
            for (final Socket s : toClose) {
                closeQuietly(s);
            }
            if (Thread.currentThread() != acceptor) {
                try {
                    acceptor.join(1000);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
