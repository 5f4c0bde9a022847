package org.charm4j.runtime;

import org.charm4j.Chare;
import org.charm4j.Future;

/**
 * The runtime's own call that brings an allreduce's result to an element: broadcast to the collection (or multicast
 * to the section) by the reduction's root, it completes the future the element got from {@code allreduce()}.
 *
 * <p>Threading: as any call.
 */
final class AllreduceResult extends EntryMessage {
    /** Its entry id: outside the generated ids (0, 1, …) and {@link CreationDone#ID}. */
    static final int ID = -2;

    private final long scope;
    private final long key;
    private final Object value;

    AllreduceResult(final long scope, final long key, final Object value) {
        this.scope = scope;
        this.key = key;
        this.value = value;
    }

    /** Reads one that came from another process (after the header). */
    static AllreduceResult read(final WireIn in) {
        final long scope = in.readLong();
        final long key = in.readLong();
        return new AllreduceResult(scope, key, in.readObject());
    }

    @Override
    protected Object invoke(final Chare target) {
        final Pe pe = Node.currentPe();
        final Element e = pe.currentElement;
        final Future<Object> f = e.allreduces == null ? null : e.allreduces.remove(new AllreduceTarget.Key(scope, key));
        if (f == null) {
            throw new IllegalStateException("the result of allreduce #" + key + " of " + (scope == 0 ? e.info
                : "a section") + " reached " + Pe.describe(e) + ", which did not call allreduce() for it: every"
                + " contributor to an allreduce must call allreduce(), in the same order");
        }
        f.complete(value);
        return null;
    }

    @Override
    protected EntryMessage copyArguments() {
        return new AllreduceResult(scope, key, Args.copy(value));
    }

    @Override
    public int entryId() {
        return ID;
    }

    @Override
    protected void writeArguments(final WireOut out) {
        out.writeLong(scope);
        out.writeLong(key);
        out.writeObject(value);
    }

    @Override
    public String entryName() {
        return "allreduce result #" + key;
    }
}
