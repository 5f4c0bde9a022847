package org.charm4j.jmh.messaging;

import java.util.concurrent.TimeUnit;
import org.charm4j.Future;
import org.charm4j.Range;
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
 * A section multicast followed by a sum reduction over the section back to element 0, round trip, on {@code +p4}:
 * {@code sectionHalf} over a section of half the PEs (elements 0 and 1 of a Group), {@code groupAll} the same over
 * the whole group (a broadcast and a collection reduction), for comparison.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar SectionBenchmark}; the median of the iterations is the figure.
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class SectionBenchmark {
    /** Rounds per operation. */
    static final int ROUNDS = 2_000;

    /** How idle PEs wait ({@code +idle}). */
    @Param("backoff")
    String idle;

    private Job<SectionBenchProxy> job;
    private SectionBenchProxy.Element driver;
    private SectionBenchProxy half;
    private SectionBenchProxy all;

    /** Starts a job of 4 PEs with a group, and its section of PEs 0 and 1. */
    @Setup(Level.Trial)
    public void start() {
        job = Job.start(4, idle, SectionBenchProxy::newGroup);
        all = job.proxies();
        driver = all.at(0);
        half = all.section(Range.of(0, 2));
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(driver::stop);
    }

    /** {@value #ROUNDS} rounds of section multicast, then section reduction, over half the PEs. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void sectionHalf() {
        final Future<Void> done = new Future<>();
        driver.run(half, 2, ROUNDS, done);
        Job.await(done);
    }

    /** {@value #ROUNDS} rounds of broadcast, then reduction, over the whole group (4 PEs). */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void groupAll() {
        final Future<Void> done = new Future<>();
        driver.run(all, 4, ROUNDS, done);
        Job.await(done);
    }
}
