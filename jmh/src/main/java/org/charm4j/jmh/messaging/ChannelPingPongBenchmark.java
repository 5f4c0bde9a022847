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
 * Round trip on a channel between PE 0 and PE 1 of one process ({@code +p2}) next to the entry-method round trip
 * measured the same way ({@link PingPongBenchmark}'s chares), in one run: {@code via=channel} sends a value from a
 * threaded entry method of element 0 and waits for the answer that element 1's threaded entry method sends back
 * ({@link ChannelPingPong}); {@code via=entry} calls element 1, which calls back ({@link PingPong});
 * {@code via=future} is a threaded entry method that calls element 1 and waits on the call's future, the round trip
 * that blocks the way a channel's {@code recv()} does. The score is one round trip; issue 20 asks that the channel's
 * be within 10% of the entry method's.
 *
 * <pre>
 * java -jar jmh/target/benchmarks.jar ChannelPingPongBenchmark -f 2 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 *
 * <p>Threading: JMH state, one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
public class ChannelPingPongBenchmark {
    /** Round trips per operation. */
    static final int ROUNDS = 10_000;

    /**
     * {@code entry} (a call, then a call back), {@code channel} (send and recv on a channel), or {@code future} (a
     * threaded entry method calls and waits on the call's future: the other round trip that blocks).
     */
    @Param({"entry", "channel", "future"})
    String via;

    /** {@code array} (a 1-D array of 2, block-mapped) or {@code group} (one chare per PE). */
    @Param("array")
    String collection;

    /** How idle PEs wait ({@code +idle}). */
    @Param("backoff")
    String idle;

    private Job<Object> job;
    private PingPongProxy.Element entryFirst;
    private ChannelPingPongProxy.Element channelFirst;
    private ChannelPingPongProxy.Element channelSecond;

    /** Starts a job of 2 PEs with the two chares of the chosen kind on PEs 0 and 1. */
    @Setup(Level.Trial)
    public void start() {
        final boolean group = "group".equals(collection);
        final boolean channel = !"entry".equals(via);
        job = Job.start(2, idle, () -> channel
            ? group ? ChannelPingPongProxy.newGroup() : ChannelPingPongProxy.newArray(2)
            : group ? PingPongProxy.newGroup() : PingPongProxy.newArray(2));
        if (channel) {
            final ChannelPingPongProxy p = (ChannelPingPongProxy) job.proxies();
            channelFirst = p.at(0);
            channelSecond = p.at(1);
        } else {
            entryFirst = ((PingPongProxy) job.proxies()).at(0);
        }
    }

    /** Ends the job. @throws InterruptedException if interrupted. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        job.stop(channelFirst != null ? channelFirst::stop : entryFirst::stop);
    }

    /** {@value #ROUNDS} round trips. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public void roundTrip() {
        final Future<Void> done = new Future<>();
        if ("channel".equals(via)) {
            channelSecond.serve(ROUNDS);
            channelFirst.start(ROUNDS, done);
        } else if ("future".equals(via)) {
            channelFirst.startFutures(ROUNDS, done);
        } else {
            entryFirst.start(ROUNDS, done);
        }
        Job.await(done);
    }
}
