package org.charm4j.runtime;

import java.util.List;
import org.charm4j.Future;
import org.charm4j.Index;
import org.charm4j.Proxy;

/**
 * The base of generated collection proxies: broadcasts, optionally with a future for their completion or their
 * results.
 *
 * <p>Threading: immutable; any thread.
 */
public abstract class CollectionProxy extends Proxy {
    private static final long serialVersionUID = 1L;

    /**
     * @param info the collection.
     */
    protected CollectionProxy(final CollectionInfo info) {
        super(info);
    }

    /**
     * @param index an element's index.
     * @return the proxy of that element.
     */
    public abstract ElementProxy at(Index index);

    /**
     * Checks an index at the caller.
     *
     * @param index the index.
     * @return the index.
     * @throws IndexOutOfBoundsException if it lies outside the collection.
     */
    protected final Index checked(final Index index) {
        return info.checkIndex(index);
    }

    /**
     * Sends a call to every element.
     *
     * @param m the call; the runtime owns it from now on.
     */
    protected final void broadcast(final EntryMessage m) {
        m.info = info;
        m.flags |= EntryMessage.BROADCAST;
        info.node.sendCall(Topology.ROOT, m);
    }

    /**
     * Sends a call to every element; the future completes once every element ran it.
     *
     * @param m the call.
     * @return the future.
     */
    protected final Future<Void> broadcastWhenDone(final EntryMessage m) {
        return broadcastWithFuture(m, EntryMessage.WHEN_DONE);
    }

    /**
     * Sends a call to every element; the future gathers their results, ordered by element index.
     *
     * @param m   the call.
     * @param <T> the result type.
     * @return the future.
     */
    protected final <T> Future<List<T>> broadcastGather(final EntryMessage m) {
        return broadcastWithFuture(m, EntryMessage.GATHER);
    }

    @SuppressWarnings("unchecked")
    private <T> Future<T> broadcastWithFuture(final EntryMessage m, final int flag) {
        final Future<T> f = new Future<>();
        m.reply = (Future<Object>) f;
        m.replyKey = info.node.newId();
        m.flags |= flag;
        broadcast(m);
        return f;
    }

    /**
     * A future that completes once every element of this collection has been constructed (threaded constructors
     * that block included); for a sparse array, once {@code doneInserting()} was called and every inserted element
     * was constructed. Calls sent after creation reach elements after their constructors anyway: this is for
     * code that must know the whole collection is built before it goes on.
     *
     * @return completes once every element is built.
     */
    public final Future<Void> created() {
        return broadcastWhenDone(new CreationDone());
    }

    /** Ends the insertions into this sparse array; for generated {@code doneInserting()}. */
    protected final void sendDoneInserting() {
        Proxies.doneInserting(info);
    }
}
