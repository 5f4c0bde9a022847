package org.charm4j;

import org.charm4j.runtime.CollectionInfo;

/**
 * The base of every generated proxy ({@code <Chare>Proxy} for a collection, {@code <Chare>Proxy.Element} for one of
 * its elements). A proxy is a small immutable value: it can be kept, compared, and sent to other chares as an
 * argument. Calling an entry method on it sends a message and returns at once; it never runs chare code on the
 * caller's thread.
 *
 * <p>Threading: immutable; any thread.
 */
public abstract class Proxy implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The collection this proxy addresses. */
    protected final transient CollectionInfo info;

    /**
     * For generated proxies.
     *
     * @param info the collection.
     */
    protected Proxy(final CollectionInfo info) {
        this.info = info;
    }

    /** @return the collection this proxy addresses (for generated code and the runtime). */
    public final CollectionInfo collection() {
        return info;
    }

    /**
     * Proxies are equal when they name the same thing: the same collection here (an element proxy compares the
     * element's index too), however each was obtained (made here, received from another chare, or from another
     * process).
     */
    @Override
    public boolean equals(final Object o) {
        return o instanceof Proxy p && p.getClass() == getClass() && p.info.id() == info.id();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(info.id());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + info + ")";
    }
}
