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
 * A multicast of a {@code double[]} of {@code doubles} values (900: one LeanMD cell's positions) to a section of 27
 * elements of an array over 2 PEs in one process, then a sum reduction back to the sender, per round:
 * {@code readOnly} with the members' parameter {@code @ReadOnly} (one copy for the process), {@code copied} with a
 * plain one (a copy per member).
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar MulticastPayloadBenchmark -prof gc}; the median of the
 * iterations is the figure, {@code gc.alloc.rate.norm} the bytes per round.
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class MulticastPayloadBenchmark {
    /** Rounds per operation. */
    static final int ROUNDS = 500;
    /** Members of the section. */
    static final int MEMBERS = 27;

    /** The array's length. */
    @Param("900")
    int doubles;

    private Job<PayloadBenchProxy> job;
    private PayloadBenchProxy.Element driver;
    private PayloadBenchProxy members;

    /** Starts a job of 2 PEs with the array (element 0 and 27 members). */
    @Setup(Level.Trial)
    public void start() {
        job = Job.start(2, "backoff", () -> PayloadBenchProxy.newArray(MEMBERS + 1));
        final PayloadBenchProxy all = job.proxies();
        driver = all.at(0);
        members = all.section(Range.of(1, MEMBERS + 1));
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(driver::stop);
    }

    /** {@value #ROUNDS} rounds with the array {@code @ReadOnly}. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void readOnly() {
        final Future<Void> done = new Future<>();
        driver.run(members, MEMBERS, doubles, true, ROUNDS, done);
        Job.await(done);
    }

    /** {@value #ROUNDS} rounds with a copy of the array per member. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void copied() {
        final Future<Void> done = new Future<>();
        driver.run(members, MEMBERS, doubles, false, ROUNDS, done);
        Job.await(done);
    }
}
