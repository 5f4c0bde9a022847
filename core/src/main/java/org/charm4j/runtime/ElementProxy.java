package org.charm4j.runtime;

import org.charm4j.Future;
import org.charm4j.Index;
import org.charm4j.Proxy;

/**
 * The base of generated element proxies: calls on one element. A proxy is a value that stays valid forever: it
 * holds the element's home PE (its map's choice); a call from a PE goes where that PE's location cache says the
 * element is (the home until it learns otherwise), and a stale place costs a forward, never an error.
 *
 * <p>Threading: immutable; any thread.
 */
public abstract class ElementProxy extends Proxy {
    private static final long serialVersionUID = 1L;

    private final Index index;
    private final int pe;

    /**
     * @param info  the collection.
     * @param index the element's index, already checked.
     */
    protected ElementProxy(final CollectionInfo info, final Index index) {
        super(info);
        this.index = index;
        this.pe = info.homePe(index);
    }

    /** The last PE that sent through this proxy and its route to the element (one immutable pair), or null. */
    private transient RouteFrom routeFrom;

    private record RouteFrom(Pe pe, Location.Route route) {
    }

    /** @return {@code pe}'s route to this element, cached here for the next call from the same PE. PE thread only. */
    final Location.Route routeFrom(final Pe from) {
        final RouteFrom c = routeFrom;
        if (c != null && c.pe() == from) {
            return c.route();
        }
        final Location.Route r = info.route(from.id(), index);
        routeFrom = new RouteFrom(from, r);
        return r;
    }

    /** @return the element's index. */
    public final Index index() {
        return index;
    }

    /**
     * Sends a call to the element.
     *
     * @param m the call; the runtime owns it from now on.
     */
    protected final void send(final EntryMessage m) {
        m.info = info;
        m.index = index;
        final Pe from = Node.currentPe();
        if (from != null && from.node() == info.node) {
            from.sendToElement(m, pe, this);
        } else {
            m.srcPe = -1;
            info.node.sendCall(pe, m);
        }
    }

    /**
     * Sends a call whose result comes back as a future.
     *
     * @param m   the call.
     * @param <T> the result type.
     * @return the future.
     */
    @SuppressWarnings("unchecked")
    protected final <T> Future<T> call(final EntryMessage m) {
        final Future<T> f = new Future<>();
        m.reply = (Future<Object>) f;
        send(m);
        return f;
    }

    /**
     * Sends a call whose future completes (with {@code null}) once the entry method has returned, whatever it
     * returns; an exception it throws fails the future instead.
     *
     * @param m the call.
     * @return the future of completion.
     */
    @SuppressWarnings("unchecked")
    protected final Future<Void> callWhenDone(final EntryMessage m) {
        final Future<Void> f = new Future<>();
        m.reply = (Future<Object>) (Future<?>) f;
        m.flags |= EntryMessage.WHEN_DONE;
        send(m);
        return f;
    }

    /**
     * A future that completes once this element has been constructed (a threaded constructor that blocks
     * included).
     *
     * @return completes once it is built.
     */
    public final Future<Void> created() {
        return callWhenDone(new CreationDone());
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof ElementProxy other && other.info.id() == info.id() && other.index.equals(index);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(info.id()) * 31 + index.hashCode();
    }

    @Override
    public String toString() {
        return info.chareClass().getSimpleName() + index + " of " + info;
    }
}
