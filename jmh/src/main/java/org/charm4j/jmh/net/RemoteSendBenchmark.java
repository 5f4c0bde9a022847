package org.charm4j.jmh.net;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.Options;
import org.charm4j.Threaded;
import org.charm4j.runtime.Message;
import org.charm4j.runtime.Node;
import org.charm4j.runtime.Remote;
import org.charm4j.runtime.WireEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a send to another process from a plain entry method and from a threaded one, which runs on a fresh
 * virtual thread each call: both use the PE's encoder (its Kryo and buffers), so they should cost the same. Process 0
 * of a {@code +p2 ++ppn 1} job runs here alone; its "other process" encodes every message it is given, as the
 * transport would, and drops it, so that only the sending side is measured. One operation is one call of 64 sends of
 * {@code take(int, String)}; the score is per send.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar RemoteSendBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RemoteSendBenchmark {
    private static final int SENDS = 64;

    private Node node;
    private Thread job;
    private RemoteSendBenchmark_SenderProxy.Element sender;
    private RemoteSendBenchmark_SinkProxy.Element sink;

    /** Sends to the sink on PE 1, from a plain and from a threaded entry method. */
    public static class Sender extends Chare {
        /** Creates it. */
        public Sender() {
        }

        /**
         * @param sink where to send.
         * @param n    how many sends.
         * @return n.
         */
        @Entry
        public int plain(final RemoteSendBenchmark_SinkProxy.Element sink, final int n) {
            for (int i = 0; i < n; i++) {
                sink.take(i, "x");
            }
            return n;
        }

        /**
         * @param sink where to send.
         * @param n    how many sends.
         * @return n.
         */
        @Entry
        @Threaded
        public int threaded(final RemoteSendBenchmark_SinkProxy.Element sink, final int n) {
            for (int i = 0; i < n; i++) {
                sink.take(i, "x");
            }
            return n;
        }

        /** Ends the job. */
        @Entry
        public void done() {
            Charm.exit();
        }
    }

    /** On PE 1, in the other process: never built here; what is sent to it is encoded and dropped. */
    public static class Sink extends Chare {
        /** Creates it. */
        public Sink() {
        }

        /**
         * @param i a number.
         * @param s a string.
         */
        @Entry
        public void take(final int i, final String s) {
        }
    }

    /** The other process: encodes what it is given, as the transport's sender would, and drops it. */
    private static final class Dropping implements Remote {
        private Node node;

        @Override
        public void send(final int pe, final Message m) {
            final WireEncoder e = node.encoder();
            e.encode(pe, m);
            e.sent();
        }

        @Override
        public void sendEncoded(final int toNode, final WireEncoder encoded) {
            encoded.sent();
        }

        @Override
        public void broadcastExit(final int code, final String abortMessage) {
        }

        @Override
        public void close() {
        }
    }

    /** Starts process 0 of the job and makes the chares. */
    @Setup
    public void setup() throws Exception {
        final Dropping remote = new Dropping();
        node = new Node(Options.parse(new String[] {"+p2", "++ppn", "1"}), 0, remote);
        remote.node = node;
        final Future<Object[]> ready = new Future<>();
        job = new Thread(() -> node.run(() -> ready.complete(new Object[] {
            RemoteSendBenchmark_SenderProxy.newChareOn(0), RemoteSendBenchmark_SinkProxy.newChareOn(1)})),
            "charm4j-jmh-job");
        job.setDaemon(true);
        job.start();
        final Object[] p = ready.get(60, TimeUnit.SECONDS);
        sender = (RemoteSendBenchmark_SenderProxy.Element) p[0];
        sink = (RemoteSendBenchmark_SinkProxy.Element) p[1];
    }

    /** Ends the job. */
    @TearDown
    public void tearDown() throws InterruptedException {
        sender.done();
        job.join(30_000);
    }

    /** @return sends done. */
    @Benchmark
    @OperationsPerInvocation(SENDS)
    public int fromPlainEntryMethod() throws TimeoutException {
        return sender.plain(sink, SENDS).get(60, TimeUnit.SECONDS);
    }

    /** @return sends done. */
    @Benchmark
    @OperationsPerInvocation(SENDS)
    public int fromThreadedEntryMethod() throws TimeoutException {
        return sender.threaded(sink, SENDS).get(60, TimeUnit.SECONDS);
    }
}
