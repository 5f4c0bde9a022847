package org.charm4j.internal.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything a {@link Transport} needs, each option declared once here with its default and validated in one place
 * (the compact constructor); {@link #toString()} prints every value but the secret.
 *
 * <p>Either {@code addresses} (every node's listening address, this node's included) or {@code rendezvous} must be
 * given. With a rendezvous, the node binds {@code bindAddress:listenPort} (0 = any free port), tells the rendezvous,
 * and learns the table from it; with {@code hostRendezvous} node 0 also runs the rendezvous there.
 *
 * @param node              this node's id, 0 to nodes-1.
 * @param nodes             number of nodes (processes) in the job, at least 1.
 * @param secret            the per-job secret every node must prove.
 * @param addresses         listening address of every node, or null to use the rendezvous.
 * @param rendezvous        the rendezvous address, or null when {@code addresses} is given.
 * @param hostRendezvous    true if node 0 runs the rendezvous server at {@code rendezvous} (false: the launcher does).
 * @param bindAddress       interface to listen on; default 127.0.0.1.
 * @param listenPort        port to listen on; default 0 (any free port; must match {@code addresses} if given).
 * @param maxFrameSize      largest frame payload, in bytes (4 KiB to 1 GiB); default 16 MiB. Longer attachments are
 *                          split into several frames.
 * @param maxMessageBytes   largest sum of attachment sizes of one incoming message; default 64 GiB.
 * @param connectTimeout    how long {@link Transport#start} waits for the rendezvous and all connections; default 60 s.
 * @param heartbeatInterval a connection with nothing written for this long gets a HEARTBEAT; default 1 s.
 * @param peerTimeout       a connection with nothing read for this long is closed and its peer reported lost;
 *                          default {@link #DEFAULT_PEER_TIMEOUT} (30 s; at least 2 heartbeat intervals): a process
 *                          whose driving PE runs one entry method for longer is taken for hung (a killed process is
 *                          seen at once). The runtime option {@code +peerTimeout SECONDS} sets it for every process
 *                          of a job (see {@link ProcessEnv#configBuilder(org.charm4j.Options)}).
 * @param spinNanos         how long the event loop keeps polling (and yielding the CPU) after its last work before
 *                          it sleeps in epoll_wait/select: 0 never polls, {@link Long#MAX_VALUE} always polls; default
 *                          {@value #DEFAULT_SPIN_NANOS} ns, a few round trips, so that a reply is picked up without a
 *                          wake-up while an idle process stops burning a core within 0.1 ms (see
 *                          {@code SpinThenBlockSelectStrategy} and bin/bench-pingpong).
 * @param useEpoll          use native epoll when it loads (else NIO); default true.
 * @param allocator         memory for incoming attachments; default {@link AttachmentAllocator#AUTOMATIC}.
 * @param log               where errors and (with {@code debug}) start-up lines go; default standard error.
 * @param refusalLogInterval refused connections beyond the first {@value RefusalLog#FULL_LINES} are counted and
 *                          summarised in one log line per interval ({@link RefusalLog}); default 10 s.
 * @param debug             log the I/O mode, addresses and connections at start.
 * @param writeBufferLow    bytes queued to a connection (Netty's outbound buffer, and writes handed to the event loop)
 *                          below which it is writable again; default {@value #DEFAULT_WRITE_BUFFER_LOW} (2 MiB).
 * @param writeBufferHigh   bytes queued to a connection above which it is not writable ({@link Transport#isWritable}
 *                          false: back-pressure, senders wait); default {@value #DEFAULT_WRITE_BUFFER_HIGH} (8 MiB),
 *                          at least {@code writeBufferLow}. The runtime uses the same two marks for the bytes of
 *                          received messages queued for one PE (see {@code org.charm4j.runtime.FlowControl}).
 */
public record TransportConfig(int node, int nodes, JobSecret secret, List<InetSocketAddress> addresses,
                              InetSocketAddress rendezvous, boolean hostRendezvous, InetAddress bindAddress,
                              int listenPort, int maxFrameSize, long maxMessageBytes, Duration connectTimeout,
                              Duration heartbeatInterval, Duration peerTimeout, long spinNanos, boolean useEpoll,
                              AttachmentAllocator allocator, Consumer<String> log, Duration refusalLogInterval,
                              boolean debug, int writeBufferLow, int writeBufferHigh) {
    /** Default {@link #maxFrameSize}: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 << 20;
    /** Smallest allowed {@link #maxFrameSize}. */
    public static final int MIN_MAX_FRAME_SIZE = 4096;
    /** Largest allowed {@link #maxFrameSize}: 1 GiB (a frame is read through one {@link java.nio.ByteBuffer}). */
    public static final int MAX_MAX_FRAME_SIZE = 1 << 30;
    /** Default {@link #maxMessageBytes}: 64 GiB. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 64L << 30;
    /** Default {@link #peerTimeout}: 30 s. */
    public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@link #heartbeatInterval}: 1 s. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    /** Default {@link #spinNanos}: 100 µs of polling after the last work before the event loop sleeps. */
    public static final long DEFAULT_SPIN_NANOS = 100_000;
    /** Default {@link #writeBufferLow}: 2 MiB. */
    public static final int DEFAULT_WRITE_BUFFER_LOW = 2 << 20;
    /** Default {@link #writeBufferHigh}: 8 MiB. */
    public static final int DEFAULT_WRITE_BUFFER_HIGH = 8 << 20;

    /** Validates every option; throws {@link IllegalArgumentException} naming the option and its allowed values. */
    public TransportConfig {
        range("nodes", nodes, 1, 1 << 20);
        range("node", node, 0, nodes - 1);
        Objects.requireNonNull(secret, "secret");
        if ((addresses == null) == (rendezvous == null)) {
            throw new IllegalArgumentException("give exactly one of addresses (the table of all " + nodes
                + " nodes) or rendezvous (host:port), got " + (addresses == null ? "neither" : "both"));
        }
        if (addresses != null) {
            addresses = List.copyOf(addresses);
            if (addresses.size() != nodes) {
                throw new IllegalArgumentException("addresses has " + addresses.size() + " entries for " + nodes
                    + " nodes");
            }
        }
        Objects.requireNonNull(bindAddress, "bindAddress");
        range("listenPort", listenPort, 0, 65535);
        range("maxFrameSize", maxFrameSize, MIN_MAX_FRAME_SIZE, MAX_MAX_FRAME_SIZE);
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 0, got " + maxMessageBytes);
        }
        positive("connectTimeout", connectTimeout);
        positive("heartbeatInterval", heartbeatInterval);
        positive("peerTimeout", peerTimeout);
        if (peerTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("peerTimeout (" + peerTimeout + ") must be at least twice "
                + "heartbeatInterval (" + heartbeatInterval + ")");
        }
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spinNanos must be >= 0 (0: never poll), got " + spinNanos);
        }
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(log, "log");
        positive("refusalLogInterval", refusalLogInterval);
        range("writeBufferLow", writeBufferLow, 1, Integer.MAX_VALUE);
        range("writeBufferHigh", writeBufferHigh, writeBufferLow, Integer.MAX_VALUE);
    }

    /** @return a builder with every default, for this node of a job of {@code nodes} with {@code secret}. */
    public static Builder builder(final int node, final int nodes, final JobSecret secret) {
        return new Builder(node, nodes, secret);
    }

    /** @return a builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void range(final String name, final long v, final long min, final long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
        }
    }

    private static void positive(final String name, final Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }

    @Override
    public String toString() {
        return "TransportConfig[node=" + node + ", nodes=" + nodes + ", secret=" + secret + ", addresses=" + addresses
            + ", rendezvous=" + rendezvous + ", hostRendezvous=" + hostRendezvous + ", bindAddress=" + bindAddress
            + ", listenPort=" + listenPort + ", maxFrameSize=" + maxFrameSize + ", maxMessageBytes="
            + maxMessageBytes + ", connectTimeout=" + connectTimeout + ", heartbeatInterval=" + heartbeatInterval
            + ", peerTimeout=" + peerTimeout + ", spinNanos=" + spinNanos + ", useEpoll=" + useEpoll
            + ", allocator=" + (allocator == AttachmentAllocator.AUTOMATIC ? "AUTOMATIC" : allocator.getClass().getName())
            + ", refusalLogInterval=" + refusalLogInterval + ", debug=" + debug + ", writeBufferLow=" + writeBufferLow
            + ", writeBufferHigh=" + writeBufferHigh + "]";
    }

    /**
     * Builds a {@link TransportConfig}; validation happens in {@link #build()}.
     *
     * <p>Threading: not thread-safe.
     */
    public static final class Builder {
        private int node;
        private int nodes;
        private JobSecret secret;
        private List<InetSocketAddress> addresses;
        private InetSocketAddress rendezvous;
        private boolean hostRendezvous;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int listenPort;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private Duration connectTimeout = Duration.ofSeconds(60);
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration peerTimeout = DEFAULT_PEER_TIMEOUT;
        private long spinNanos = DEFAULT_SPIN_NANOS;
        private boolean useEpoll = true;
        private AttachmentAllocator allocator = AttachmentAllocator.AUTOMATIC;
        private Consumer<String> log = System.err::println;
        private Duration refusalLogInterval = Duration.ofSeconds(10);
        private boolean debug;
        private int writeBufferLow = DEFAULT_WRITE_BUFFER_LOW;
        private int writeBufferHigh = DEFAULT_WRITE_BUFFER_HIGH;

        private Builder(final int node, final int nodes, final JobSecret secret) {
            this.node = node;
            this.nodes = nodes;
            this.secret = secret;
        }

        private Builder(final TransportConfig c) {
            node = c.node;
            nodes = c.nodes;
            secret = c.secret;
            addresses = c.addresses;
            rendezvous = c.rendezvous;
            hostRendezvous = c.hostRendezvous;
            bindAddress = c.bindAddress;
            listenPort = c.listenPort;
            maxFrameSize = c.maxFrameSize;
            maxMessageBytes = c.maxMessageBytes;
            connectTimeout = c.connectTimeout;
            heartbeatInterval = c.heartbeatInterval;
            peerTimeout = c.peerTimeout;
            spinNanos = c.spinNanos;
            useEpoll = c.useEpoll;
            allocator = c.allocator;
            log = c.log;
            refusalLogInterval = c.refusalLogInterval;
            debug = c.debug;
            writeBufferLow = c.writeBufferLow;
            writeBufferHigh = c.writeBufferHigh;
        }

        /** Sets {@link TransportConfig#node}. @return this */
        public Builder node(final int v) {
            node = v;
            return this;
        }

        /** Sets {@link TransportConfig#addresses} (and clears the rendezvous). @return this */
        public Builder addresses(final List<InetSocketAddress> v) {
            addresses = v;
            rendezvous = null;
            return this;
        }

        /** Sets {@link TransportConfig#rendezvous} (and clears the addresses). @return this */
        public Builder rendezvous(final InetSocketAddress v, final boolean hostedByNode0) {
            rendezvous = v;
            hostRendezvous = hostedByNode0;
            addresses = null;
            return this;
        }

        /** Sets {@link TransportConfig#bindAddress}. @return this */
        public Builder bindAddress(final InetAddress v) {
            bindAddress = v;
            return this;
        }

        /** Sets {@link TransportConfig#listenPort}. @return this */
        public Builder listenPort(final int v) {
            listenPort = v;
            return this;
        }

        /** Sets {@link TransportConfig#maxFrameSize}. @return this */
        public Builder maxFrameSize(final int v) {
            maxFrameSize = v;
            return this;
        }

        /** Sets {@link TransportConfig#maxMessageBytes}. @return this */
        public Builder maxMessageBytes(final long v) {
            maxMessageBytes = v;
            return this;
        }

        /** Sets {@link TransportConfig#connectTimeout}. @return this */
        public Builder connectTimeout(final Duration v) {
            connectTimeout = v;
            return this;
        }

        /** Sets {@link TransportConfig#heartbeatInterval} and {@link TransportConfig#peerTimeout}. @return this */
        public Builder heartbeat(final Duration interval, final Duration timeout) {
            heartbeatInterval = interval;
            peerTimeout = timeout;
            return this;
        }

        /**
         * Sets {@link TransportConfig#peerTimeout}, and lowers {@link TransportConfig#heartbeatInterval} to half of it
         * when it is longer than that (a timeout under 2 s). @return this
         */
        public Builder peerTimeout(final Duration v) {
            peerTimeout = v;
            if (v != null && !v.isNegative() && !v.isZero() && heartbeatInterval.compareTo(v.dividedBy(2)) > 0) {
                heartbeatInterval = v.dividedBy(2);
            }
            return this;
        }

        /** Sets {@link TransportConfig#refusalLogInterval}. @return this */
        public Builder refusalLogInterval(final Duration v) {
            refusalLogInterval = v;
            return this;
        }

        /** Sets {@link TransportConfig#spinNanos}. @return this */
        public Builder spinNanos(final long v) {
            spinNanos = v;
            return this;
        }

        /** Sets {@link TransportConfig#useEpoll}. @return this */
        public Builder useEpoll(final boolean v) {
            useEpoll = v;
            return this;
        }

        /** Sets {@link TransportConfig#allocator}. @return this */
        public Builder allocator(final AttachmentAllocator v) {
            allocator = v;
            return this;
        }

        /** Sets {@link TransportConfig#log}. @return this */
        public Builder log(final Consumer<String> v) {
            log = v;
            return this;
        }

        /** Sets {@link TransportConfig#debug}. @return this */
        public Builder debug(final boolean v) {
            debug = v;
            return this;
        }

        /**
         * Sets {@link TransportConfig#writeBufferLow} and {@link TransportConfig#writeBufferHigh}, in bytes.
         * @return this
         */
        public Builder writeBufferWaterMark(final int low, final int high) {
            writeBufferLow = low;
            writeBufferHigh = high;
            return this;
        }

        /** @return the validated configuration. */
        public TransportConfig build() {
            return new TransportConfig(node, nodes, secret, addresses, rendezvous, hostRendezvous, bindAddress,
                listenPort, maxFrameSize, maxMessageBytes, connectTimeout, heartbeatInterval, peerTimeout, spinNanos,
                useEpoll, allocator, log, refusalLogInterval, debug, writeBufferLow, writeBufferHigh);
        }
    }
}
