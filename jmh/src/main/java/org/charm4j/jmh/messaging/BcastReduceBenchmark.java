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
 * A broadcast to a Group followed by a sum reduction of one double per element back to element 0, round trip, on
 * {@code +p2}; element 0 starts the next round when the sum arrives. Charm++'s xcastredn (multicore, 2 PEs, 8 B)
 * gives an array broadcast of 4.1 µs and an array reduction of 2.6 µs on this machine (MEASURED.md).
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class BcastReduceBenchmark {
    /** Rounds per operation. */
    static final int ROUNDS = 10_000;

    /** How idle PEs wait ({@code +idle}); {@code -p idle=spin} or {@code yield} to compare. */
    @Param("backoff")
    String idle;

    private Job<BcastReduceProxy> job;
    private BcastReduceProxy.Element driver;

    /** Starts a job of 2 PEs with a BcastReduce group. */
    @Setup(Level.Trial)
    public void start() {
        job = Job.start(2, idle, BcastReduceProxy::newGroup);
        driver = job.proxies().at(0);
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(driver::stop);
    }

    /** {@value #ROUNDS} rounds of broadcast, then sum reduction. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void roundTrip() {
        final Future<Void> done = new Future<>();
        driver.start(ROUNDS, done);
        Job.await(done);
    }
}
