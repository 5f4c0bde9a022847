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
 * Round trip of an entry-method call between PE 0 and PE 1 of one process ({@code +p2}): a chare on PE 0 calls one on
 * PE 1, which calls back; the score is one round trip (one-way latency is half of it). Charm++'s
 * {@code benchmarks/charm++/pingpong} (multicore, 2 PEs) measures the same: 1.70 µs for groups, 1.87 µs for 1-D
 * arrays on this machine (MEASURED.md).
 *
 * <p>{@code collection}: {@code group} (one chare per PE) or {@code array} (a 1-D array of 2, block-mapped).
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class PingPongBenchmark {
    /** Round trips per operation. */
    static final int ROUNDS = 10_000;

    /** {@code group} (one chare per PE) or {@code array} (a 1-D array of 2, block-mapped). */
    @Param({"group", "array"})
    String collection;

    /** How idle PEs wait ({@code +idle}); {@code -p idle=spin} or {@code yield} to compare. */
    @Param("backoff")
    String idle;

    private Job<PingPongProxy> job;
    private PingPongProxy.Element first;

    /** Starts a job of 2 PEs with two PingPong chares, elements 0 and 1, on PEs 0 and 1. */
    @Setup(Level.Trial)
    public void start() {
        final boolean group = "group".equals(collection);
        job = Job.start(2, idle, () -> group ? PingPongProxy.newGroup() : PingPongProxy.newArray(2));
        first = job.proxies().at(0);
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(first::stop);
    }

    /** {@value #ROUNDS} round trips: call, then a call back. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void roundTrip() {
        final Future<Void> done = new Future<>();
        first.start(ROUNDS, done);
        Job.await(done);
    }
}
