package org.charm4j.jmh.messaging;

import java.util.concurrent.TimeUnit;

import org.charm4j.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Small messages per second from PE 0 to PE 1 ({@code +p2}): an entry method of a chare on PE 0 sends
 * {@value #MESSAGES} calls of an entry method taking two doubles to a chare on PE 1, which counts them; an operation
 * ends when the last one has run there. The score is messages per second (one operation = one message).
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class MessageRateBenchmark {
    /** Messages per operation. */
    static final int MESSAGES = 100_000;

    /** How idle PEs wait ({@code +idle}); {@code -p idle=spin} or {@code yield} to compare. */
    @Param("backoff")
    String idle;

    private Job<StreamerProxy> job;
    private StreamerProxy.Element sender;

    /** Starts a job of 2 PEs with a Streamer group. */
    @Setup(Level.Trial)
    public void start() {
        job = Job.start(2, idle, StreamerProxy::newGroup);
        sender = job.proxies().at(0);
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(sender::stop);
    }

    /** {@value #MESSAGES} messages of two doubles from PE 0 to PE 1. */
    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void twoDoubles() {
        final Future<Void> done = new Future<>();
        sender.send(MESSAGES, done);
        Job.await(done);
    }
}
