package org.charm4j.internal.net;

/**
 * Told when the transport no longer reads the attachments of a message given to {@link Transport#trySend}: they
 * were written to the socket, copied into the transport's own buffers (small attachments, see {@link Transport#trySend}),
 * or discarded because the connection closed. Only then may their memory be reused,
 * changed or freed. It does not say the peer received them: a loss is reported by
 * {@link InboundHandler#onPeerLost}. The runtime can pass an object it already has (its array's owner) so that no
 * object is allocated per message.
 *
 * <p>Threading: called once per message, on the transport's event-loop thread (or on the thread that closes the
 * transport, when the event loop has stopped), possibly inside a {@link Transport#trySend} made on that thread; must
 * not block.
 */
@FunctionalInterface
public interface SendCompletion {
    /**
     * @param toNode the node the message was addressed to.
     */
    void attachmentsReleased(int toNode);
}
