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
 * Allreduce round trip on {@code +p2}: {@code allreduce}, every element of a Group runs back-to-back
 * {@code allreduce(1.0, SUM).get()} in a threaded entry method; {@code reduceThenBroadcast}, the same rounds as a plain
 * reduction whose target is a broadcast to the group (each element contributes again when the result arrives).
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar AllreduceBenchmark}; the median of the iterations is the figure.
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class AllreduceBenchmark {
    /** Rounds per operation. */
    static final int ROUNDS = 2_000;

    /** How idle PEs wait ({@code +idle}). */
    @Param("backoff")
    String idle;

    private Job<SectionBenchProxy> job;
    private SectionBenchProxy all;

    /** Starts a job of 2 PEs with a group. */
    @Setup(Level.Trial)
    public void start() {
        job = Job.start(2, idle, SectionBenchProxy::newGroup);
        all = job.proxies();
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(all.at(0)::stop);
    }

    /** {@value #ROUNDS} back-to-back allreduces on every element. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void allreduce() {
        Job.await(all.whenDone().allreduceLoop(ROUNDS));
    }

    /** {@value #ROUNDS} rounds of reduction, then broadcast of the result. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void reduceThenBroadcast() {
        final Future<Void> done = new Future<>();
        all.reduceBroadcastLoop(ROUNDS, done);
        Job.await(done);
    }
}
