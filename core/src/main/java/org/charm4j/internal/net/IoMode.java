package org.charm4j.internal.net;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.channels.spi.SelectorProvider;
import java.util.function.BooleanSupplier;

/**
 * The Netty I/O flavour of a transport: native epoll when it loads on this machine, NIO otherwise.
 *
 * <p>Threading: immutable; any thread.
 */
enum IoMode {
    /** Native epoll (Linux). */
    EPOLL,
    /** Java NIO selectors. */
    NIO;

    /** @return {@link #EPOLL} if wanted and {@link Epoll#isAvailable()}, else {@link #NIO}. */
    static IoMode choose(final boolean wantEpoll) {
        return wantEpoll && Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** @return why epoll is not used, for the debug line, or "" when it is. */
    static String epollUnavailableReason() {
        final Throwable t = Epoll.unavailabilityCause();
        return t == null ? "" : t.toString();
    }

    /**
     * @return returns owned: a one-thread event loop group named {@code charm4j-net-<node>}, polling for
     *     {@code spinNanos} before it blocks; the caller shuts it down.
     */
    MultiThreadIoEventLoopGroup newGroup(final int node, final long spinNanos) {
        final SelectStrategyFactory strategies = () -> new SpinThenBlockSelectStrategy(spinNanos);
        final IoHandlerFactory factory = this == EPOLL
            ? EpollIoHandler.newFactory(0, strategies)
            : NioIoHandler.newFactory(SelectorProvider.provider(), strategies);
        final String name = "charm4j-net-" + node;
        return new MultiThreadIoEventLoopGroup(1, r -> {
            final Thread t = new FastThreadLocalThread(r, name);
            t.setDaemon(true);
            return t;
        }, factory);
    }

    /**
     * @param owner        the thread that will drive the loop (the caller of {@link Transport#startDriven}).
     * @param ownerHasWork asked right before the loop would sleep in {@code epoll_wait}/{@code select}, after it
     *                     announced the sleep to {@link ManualIoEventLoop#wakeup()}: true keeps it awake, so work that
     *                     the owner's other producers hand it (and signal with a wake-up) is never slept through.
     * @return returns owned: an event loop with no thread of its own, run by {@code owner} through
     *     {@link ManualIoEventLoop#runNow()} and {@link ManualIoEventLoop#run(long)}; Netty's default select
     *     strategy (the owner decides how long to poll before blocking).
     */
    ManualIoEventLoop newDrivenLoop(final Thread owner, final BooleanSupplier ownerHasWork) {
        final IoHandlerFactory factory = this == EPOLL
            ? EpollIoHandler.newFactory(0, DefaultSelectStrategyFactory.INSTANCE)
            : NioIoHandler.newFactory(SelectorProvider.provider(), DefaultSelectStrategyFactory.INSTANCE);
        return new DrivenLoop(owner, factory, ownerHasWork);
    }

    /**
     * A manual event loop that does not block while its owner has work of its own, unless the owner waits for the
     * network itself ({@link #awaitIo}). Threading: as its parent.
     */
    static final class DrivenLoop extends ManualIoEventLoop {
        private final BooleanSupplier ownerHasWork;
        /** True while the owner waits in {@link #awaitIo}. Owner only. */
        private boolean awaiting;

        DrivenLoop(final Thread owner, final IoHandlerFactory factory, final BooleanSupplier ownerHasWork) {
            super(null, owner, factory);
            this.ownerHasWork = ownerHasWork;
        }

        @Override
        protected boolean canBlock() {
            return awaiting || !ownerHasWork.getAsBoolean();
        }

        /**
         * Runs the loop, waiting up to {@code maxNanos} for I/O (or a wake-up) even when the owner has work: for an
         * owner that waits for the network in the middle of its own work. Owner only.
         *
         * @return how much it did.
         */
        int awaitIo(final long maxNanos) {
            awaiting = true;
            try {
                return run(maxNanos);
            } finally {
                awaiting = false;
            }
        }
    }

    /** @return the class of connected channels. */
    Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** @return the class of listening channels. */
    Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
