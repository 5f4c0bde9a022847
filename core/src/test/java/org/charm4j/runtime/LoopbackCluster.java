package org.charm4j.runtime;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.charm4j.Options;

/**
 * Several processes' worth of nodes in one JVM, joined by a remote that encodes every message with the sender's
 * {@link WireCodec} and decodes it with the receiver's: every message between "processes" takes the wire path,
 * without sockets. For tests of the multi-process runtime.
 */
public final class LoopbackCluster {
    private LoopbackCluster() {
    }

    /**
     * Runs a job over {@code numPes / ppn} nodes in this JVM.
     *
     * @param options the options (numPes, pesPerNode).
     * @param main    the program's main, run on node 0.
     * @return node 0's exit code.
     */
    public static int run(final Options options, final Runnable main) throws InterruptedException {
        final int n = options.numNodes();
        final Node[] nodes = new Node[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = new Node(options, i, new Link(nodes, i));
        }
        final AtomicInteger[] codes = new AtomicInteger[n];
        final List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            final int id = i;
            codes[i] = new AtomicInteger(-1);
            final Thread t = new Thread(() -> codes[id].set(nodes[id].run(() -> { })), "loopback-node-" + i);
            t.start();
            threads.add(t);
        }
        final int code = nodes[0].run(main);
        for (int i = 0; i < threads.size(); i++) {
            final Thread t = threads.get(i);
            t.join(20_000);
            if (t.isAlive()) {
                nodes[i + 1].endFromRemote(1, "the test harness stops it");
                t.join(10_000);
                throw new IllegalStateException(t.getName() + " did not stop after the job ended");
            }
        }
        return code;
    }

    /** One node's view of the others. */
    private static final class Link implements Remote {
        private final Node[] nodes;
        private final int me;
        private final ThreadLocal<WireDecoder[]> decoders;

        Link(final Node[] nodes, final int me) {
            this.nodes = nodes;
            this.me = me;
            this.decoders = ThreadLocal.withInitial(() -> {
                final WireDecoder[] d = new WireDecoder[nodes.length];
                for (int i = 0; i < nodes.length; i++) {
                    d[i] = nodes[i].newDecoder();
                }
                return d;
            });
        }

        @Override
        public void send(final int pe, final Message m) {
            final WireEncoder out = nodes[me].encoder();
            out.encode(pe, m);
            sendEncoded(nodes[me].topology().nodeOf(pe), out);
        }

        @Override
        public void sendEncoded(final int node, final WireEncoder out) {
            final byte[] bytes = java.util.Arrays.copyOf(out.bytes(), out.length());
            final MemorySegment[] attachments = out.attachments().toArray(new MemorySegment[0]);
            // decoded on the sending thread, as the receiving process would: its own decoder per thread
            decoders.get()[node].decodeAndDeliver(me, bytes, 0, bytes.length, attachments);
            out.sent();
        }

        @Override
        public void broadcastExit(final int code, final String abortMessage) {
            for (int i = 0; i < nodes.length; i++) {
                if (i != me) {
                    final WireEncoder out = nodes[me].newEncoder();
                    out.encodeExit(i, code, abortMessage);
                    sendEncoded(i, out);
                }
            }
        }

        @Override
        public void close() {
        }
    }
}
