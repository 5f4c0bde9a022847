package org.charm4j;

import org.charm4j.runtime.ChannelPort;
import org.charm4j.runtime.Element;
import org.charm4j.runtime.ElementProxy;

/**
 * A channel between two chares (charm4py's {@code Channel(self, remote)}): each chare makes its end to the other,
 * then {@link #send}s values that the other {@link #recv}s, in send order, in a {@link Threaded} entry method that
 * waits for them while its PE runs other chares.
 *
 * <pre>{@code
 * @Threaded @Entry public void run(WorkerProxy.Element right) {
 *     Channel<double[]> ch = Channel.to(this, right);      // right makes its end: Channel.to(this, left)
 *     for (int step = 0; step < steps; step++) {
 *         ch.send(ghosts());
 *         double[] theirs = ch.recv();                       // waits here; the PE runs other chares
 *         update(theirs);
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>The k-th channel a chare makes to another pairs with the k-th that one makes back, so several channels between
 *   the same two chares need no names; a channel to oneself receives what it sends; the main chare
 *   ({@link Charm#start(String[], Class)}) can be either end.</li>
 *   <li>Values travel as entry-method arguments do: within a process a receiver never sees the sender's later writes
 *   (arrays are cloned, objects deep-copied), and an {@link OffHeapArray} is moved, not copied (the sender's handle
 *   goes stale, the receiver's handle has the same memory); to another process it goes from its memory to the
 *   socket and arrives in memory that becomes the receiver's array.</li>
 *   <li>A value that arrived before {@code recv()} waits in the channel, and {@code recv()} returns it at once.</li>
 *   <li>Either end may migrate ({@link Chare#migrateMe}): the channel's received values and numbering go with it,
 *   values in flight are forwarded to its new place, and order holds.</li>
 *   <li>{@link Charm#iwait(Waitable...)} waits on several channels and futures at once, in readiness order.</li>
 * </ul>
 *
 * <p>A channel object belongs to the chare that made it: keep it in a field or a local variable of that chare, do
 * not send it to another chare (make the other end there instead). To send several values at once, send a record.
 *
 * <p>Threading: the owning chare's PE only (its entry methods, and its threaded entry methods for {@link #recv()}).
 *
 * @param <T> the type of the values.
 */
public final class Channel<T> implements Waitable {
    /** The chare that made it (a back reference when the chare migrates to another process). */
    private final Chare owner;
    private final ElementProxy remote;
    private final int number;
    /** Its end, cached; looked up again in the owner's record after it migrated to another process. */
    private transient ChannelPort port;

    private Channel(final Chare owner, final ElementProxy remote, final ChannelPort port) {
        this.owner = owner;
        this.remote = remote;
        this.number = port.number();
        this.port = port;
    }

    /**
     * Makes {@code self}'s end of a channel to one other chare (or to itself): the next of the channels {@code self}
     * makes to that chare, paired with the same one of those it makes back. Call it in the chare's constructor or in
     * one of its entry methods.
     *
     * @param self   the calling chare ({@code this}).
     * @param remote the other end: an element proxy ({@code proxy.at(i)}, {@code XProxy.elementOf(chare)}), which may
     *               name {@code self}.
     * @param <T>    the type of the values.
     * @return the channel.
     * @throws IllegalArgumentException if {@code remote} names a whole collection rather than one chare.
     * @throws IllegalStateException    if not called on {@code self}'s PE.
     */
    public static <T> Channel<T> to(final Chare self, final Proxy remote) {
        java.util.Objects.requireNonNull(self, "self");
        final ChannelPort p = ChannelPort.open(self.element(), remote);
        return new Channel<>(self, (ElementProxy) remote, p);
    }

    private ChannelPort port() {
        final Element e = owner.element();
        ChannelPort p = port;
        if (p == null || p.element() != e) {
            p = ChannelPort.find(e, remote, number);
            port = p;
        }
        return p;
    }

    /**
     * Sends a value to the other end; returns at once.
     *
     * @param value the value (null too); taken, as an entry-method argument is.
     * @throws IllegalStateException if not called on the owning chare's PE.
     */
    public void send(final T value) {
        port().send(value);
    }

    /**
     * Receives the next value, in send order, waiting for it if none has arrived: in a {@link Threaded} entry method
     * (or the main chare's constructor) of a chare on the owning chare's PE; the PE runs other entry methods
     * meanwhile.
     *
     * @return the value; owned by the caller.
     * @throws IllegalStateException in an entry method that is not {@link Threaded} (naming the chare, the entry
     *     method and the PE), or off the owning chare's PE.
     */
    @SuppressWarnings("unchecked")
    public T recv() {
        return (T) port().recv();
    }

    /** @return whether a received value is ready, so that {@link #recv()} returns at once. */
    @Override
    public boolean isReady() {
        return port().isReady();
    }

    /** @return the other end, as given to {@link #to}. */
    public Proxy remote() {
        return remote;
    }

    /** @return the chare that made it, and owns it. */
    public Chare owner() {
        return owner;
    }

    /** @return this channel's number among those its chare made to the other end (0 for the first). */
    public int number() {
        return number;
    }

    /** For {@link Charm#iwait}: the readiness rank of the next value, 0 if none. */
    long readyRank() {
        return port().readyRank();
    }

    /** For {@link Charm#iwait}: registers a waiting task; false if a value is ready. */
    boolean addWaiter(final org.charm4j.runtime.ThreadedTask task) {
        return port().addWaiter(task);
    }

    void removeWaiter(final org.charm4j.runtime.ThreadedTask task) {
        port().removeWaiter(task);
    }

    /** For {@link Charm#iwait}: the task that may wait on this channel. */
    org.charm4j.runtime.ThreadedTask waitingTask(final String what) {
        return port().waitingTask(what);
    }

    @Override
    public String toString() {
        return "Channel[" + number + " of " + owner + " to " + remote + "]";
    }
}
