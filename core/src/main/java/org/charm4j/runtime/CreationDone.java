package org.charm4j.runtime;

import org.charm4j.Chare;

/**
 * The runtime's own call that does nothing: sent to every element of a new collection after its creation, it runs
 * after each element's constructor has returned (threaded constructors included), so its future of completion says
 * that the whole collection is built ({@code proxy.created()}).
 *
 * <p>Threading: as any call.
 */
final class CreationDone extends EntryMessage {
    /** Its entry id: outside the generated ids (0, 1, …). */
    static final int ID = -1;

    @Override
    protected Object invoke(final Chare target) {
        return null;
    }

    @Override
    protected EntryMessage copyArguments() {
        return new CreationDone();
    }

    @Override
    public int entryId() {
        return ID;
    }

    @Override
    protected void writeArguments(final WireOut out) {
    }

    @Override
    public String entryName() {
        return "created()";
    }
}
