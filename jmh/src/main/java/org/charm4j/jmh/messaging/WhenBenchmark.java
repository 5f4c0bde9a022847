package org.charm4j.jmh.messaging;

import java.util.concurrent.TimeUnit;
import org.charm4j.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code @When} dispatch cost per call, as the number of held calls grows: a chare on PE 0 sends itself {@code held}
 * calls tagged {@code iter == this.iter}. In reverse order every call but the last is held when it arrives and then
 * released by tag, one per entry method; in order none is held (the cost of the condition alone). Divide the time
 * by {@code held} for the cost per call: flat in {@code held} means held calls are found by tag, not by a scan.
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class WhenBenchmark {
    /** Calls per operation, all held at once in reverse order. */
    @Param({"1000", "100000"})
    int held;

    /** Whether the calls go in reverse order (held) or in order (not held). */
    @Param({"true", "false"})
    boolean reversed;

    private Job<WhenDriverProxy.Element> job;

    /** Starts a job of 2 PEs with the driver on PE 0. */
    @Setup(Level.Trial)
    public void start() {
        job = Job.start(2, "backoff", () -> WhenDriverProxy.newChareOn(0));
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(() -> job.proxies().stop());
    }

    /** {@code held} calls sent, held and released. */
    @Benchmark
    public void flood() {
        final Future<Void> done = new Future<>();
        job.proxies().flood(held, reversed, done);
        Job.await(done);
    }
}
