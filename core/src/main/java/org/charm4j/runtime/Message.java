package org.charm4j.runtime;

import org.charm4j.internal.concurrent.MpscLinkedQueue;

/**
 * Anything a PE handles: an entry-method call, a creation, a reduction partial, a resumption of a threaded entry
 * method. A message is itself the node of the PE queue that carries it, so sending allocates only the message.
 *
 * <p>Threading: built by a sender on any thread, then owned by the destination PE once enqueued; never shared.
 */
public abstract class Message extends MpscLinkedQueue.Node {
    /**
     * For a message that came from another process, the bytes it counts for back-pressure while it waits in its PE's
     * queue ({@link FlowControl}); 0 for every other message. Set before it is enqueued.
     */
    int wireBytes;

    /** Not counted for quiescence detection (the detection's own messages). Set by the constructor. */
    boolean quiet;

    /**
     * Handles this message on {@code pe}.
     *
     * @param pe the PE whose thread runs this.
     */
    protected abstract void deliver(Pe pe);

    /** @return how this message travels to another process, or null if it cannot leave its process. */
    WireKind wireKind() {
        return null;
    }
}
