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
 * The task pool's overhead per task on {@code +p2}: a threaded driver on PE 0 maps a trivial function over
 * {@value #TASKS} inputs, in chunks of 1 (a task per input) or 16; the time per input is the pool's cost.
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class PoolBenchmark {
    /** Inputs per operation. */
    static final int TASKS = 10_000;

    /** Inputs per chunk. */
    @Param({"1", "16"})
    int chunk;

    private Job<PoolDriverProxy.Element> job;

    /** Starts a job of 2 PEs with the driver on PE 0. */
    @Setup(Level.Trial)
    public void start() {
        job = Job.start(2, "backoff", () -> PoolDriverProxy.newChareOn(0));
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(() -> job.proxies().stop());
    }

    /** One pool job of {@value #TASKS} inputs. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void perInput() {
        final Future<Void> done = new Future<>();
        job.proxies().run(TASKS, chunk, done);
        Job.await(done);
    }
}
