package org.charm4j.internal.net;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;

/**
 * What the runtime does with what arrives from other nodes.
 *
 * <p>Threading: every method is called on the transport's event-loop thread (one thread per {@link Transport},
 * named {@code charm4j-net-<node>}), one call at a time. Methods must return quickly (hand the message to a PE queue)
 * and must not block; they may call {@link Transport#trySend}. An exception thrown by a method is reported through the
 * transport's log and closes the connection it came from (the peer is then reported lost).
 */
public interface InboundHandler {
    /**
     * A message from {@code fromNode}. Messages from one node arrive in the order that node sent them.
     *
     * @param fromNode    the sending node.
     * @param header      borrowed: the header bytes (reader index to writer index), valid only during this call; copy
     *                    what you keep, do not release or retain it.
     * @param attachments the segments are taken, the array is borrowed: each attachment in its own native segment
     *                    from the configured {@link AttachmentAllocator}, 64-byte aligned, now belongs to the
     *                    handler; the array itself is valid only during this call (the transport reuses it: copy
     *                    it, or the segments, to keep them). An empty array when the message has none.
     */
    void onMessage(int fromNode, ByteBuf header, MemorySegment[] attachments);

    /**
     * The connection to {@code node} is gone: it closed without GOODBYE, broke, carried a malformed frame, or was
     * silent for longer than the peer timeout. Called at most once per node, never for a connection this transport
     * closed itself. Messages queued to that node that were not yet written are discarded (their
     * {@link SendCompletion}s still run); {@link Transport#trySend} to it returns {@link Transport#PEER_GONE} from now
     * on.
     *
     * @param node   the lost node.
     * @param reason what happened, for an error message (names the node and the cause).
     */
    void onPeerLost(int node, String reason);

    /**
     * {@code node} closed its connection in order (sent GOODBYE), e.g. because its job part ended. By default the
     * same as {@link #onPeerLost}; a runtime that is itself shutting down may ignore it.
     *
     * @param node   the node that left.
     * @param reason the reason it gave.
     */
    default void onPeerClosed(final int node, final String reason) {
        onPeerLost(node, reason);
    }

    /**
     * The connection to {@code node} is writable again (its outbound buffer fell below the low water mark,
     * {@link TransportConfig#writeBufferLow}), or it closed: senders that wait for {@link Transport#isWritable} should
     * look again. By default nothing.
     *
     * @param node the peer.
     */
    default void onWritable(final int node) {
    }
}
