package org.charm4j.runtime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.foreign.MemorySegment;
import org.charm4j.internal.net.InboundHandler;
import org.charm4j.internal.net.Transport;
import org.charm4j.internal.net.TransportConfig;

/**
 * The other processes of a job over the Netty {@link Transport}: messages are encoded by the sending thread's
 * {@link WireCodec} (off-heap arrays travel as attachments, written from their memory) and decoded on the transport's
 * event-loop thread, which hands them to the destination PE's queue. A lost process aborts the job, naming it.
 *
 * <p>Threading: {@link #send} and {@link #broadcastExit} any thread; {@link InboundHandler} methods the transport's
 * event-loop thread.
 */
public final class TransportRemote implements Remote, WireCodec.RemoteSender, InboundHandler {
    private Node node;
    private Transport transport;
    private byte[] inbound = new byte[1024];
    private volatile boolean closing;

    /**
     * Connects this process to the others (rendezvous, then a connection to each) and starts delivering what they
     * send to {@code node}.
     *
     * @param node   this process's node, built with this remote.
     * @param config the transport configuration.
     */
    public void start(final Node node, final TransportConfig config) {
        this.node = node;
        this.transport = Transport.start(config, this);
    }

    @Override
    public void send(final int pe, final Message m) {
        final WireCodec codec = node.codec();
        codec.encode(pe, m);
        sendEncoded(node.topology().nodeOf(pe), codec);
    }

    @Override
    public void sendEncoded(final int toNode, final WireCodec codec) {
        final ByteBuf header = PooledByteBufAllocator.DEFAULT.buffer(codec.length());
        header.writeBytes(codec.bytes(), 0, codec.length());
        final int status = transport.trySend(toNode, header, codec.attachments().toArray(new MemorySegment[0]));
        if (status != Transport.OK && !closing) {
            node.abort("process " + node.myNode() + " cannot send to process " + toNode + " ("
                + (status == Transport.PEER_GONE ? "it is gone" : "the transport is closed") + ")", null);
        }
    }

    @Override
    public void broadcastExit(final int code, final String abortMessage) {
        final WireCodec codec = node.codec();
        for (int n = 0; n < transport.nodes(); n++) {
            if (n != node.myNode()) {
                codec.encodeExit(code, abortMessage);
                final ByteBuf header = PooledByteBufAllocator.DEFAULT.buffer(codec.length());
                header.writeBytes(codec.bytes(), 0, codec.length());
                transport.trySend(n, header);
            }
        }
    }

    @Override
    public void onMessage(final int fromNode, final ByteBuf header, final MemorySegment[] attachments) {
        final int n = header.readableBytes();
        if (inbound.length < n) {
            inbound = new byte[Math.max(n, inbound.length * 2)];
        }
        header.getBytes(header.readerIndex(), inbound, 0, n);
        try {
            node.codec().decodeAndDeliver(inbound, 0, n, attachments);
        } catch (final RuntimeException e) {
            node.abort("process " + node.myNode() + " could not read a message from process " + fromNode + ": " + e,
                e);
        }
    }

    @Override
    public void onPeerLost(final int lost, final String reason) {
        if (!closing) {
            node.abort("process " + lost + " was lost: " + reason, null);
        }
    }

    @Override
    public void close() {
        closing = true;
        if (transport != null) {
            transport.close("the job ended");
        }
    }
}
