package org.charm4j.jmh.messaging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.charm4j.Charm;
import org.charm4j.Future;

/**
 * A charm4j job running beside JMH: {@link #start} runs {@code Charm.run(+pN, main)} on a background thread, where
 * main (on PE 0) creates the chares and hands their proxies back; {@link #stop} asks a chare to exit and joins.
 * The system property {@code charm4j.jmh.flags} adds runtime flags ({@code -jvmArgsAppend
 * -Dcharm4j.jmh.flags=+trace\ /tmp/t.json}), to measure a benchmark observed.
 *
 * <p>Threading: {@link #start}, {@link #proxies}, {@link #stop} from the JMH thread (outside the runtime).
 *
 * @param <T> what main hands back: the proxies the benchmark calls.
 */
final class Job<T> {
    private final Thread thread;
    private final Future<T> ready = new Future<>();
    private volatile int exitCode = -1;
    private volatile Throwable failure;

    private Job(final int pes, final String idle, final Supplier<T> setup) {
        this.thread = new Thread(() -> {
            try {
                final java.util.List<String> flags = new java.util.ArrayList<>(java.util.List.of("+p" + pes, "+idle",
                    idle));
                final String more = System.getProperty("charm4j.jmh.flags", "").strip();
                if (!more.isEmpty()) {
                    flags.addAll(java.util.List.of(more.split("[\\s,]+")));   // e.g. -Dcharm4j.jmh.flags=+trace,/tmp/t.json
                }
                exitCode = Charm.run(flags.toArray(new String[0]), args -> ready.complete(setup.get()));
            } catch (final Throwable t) {
                failure = t;
                ready.fail(t);
            }
        }, "charm4j-jmh-job");
        this.thread.setDaemon(true);
    }

    /**
     * Starts a job and waits until main has built its chares.
     *
     * @param pes   the number of PEs.
     * @param idle  the idle strategy ({@code +idle}): backoff, spin or yield.
     * @param setup runs in main on PE 0: creates the chares, returns their proxies.
     * @param <T>   the proxies' type.
     * @return the running job.
     */
    static <T> Job<T> start(final int pes, final String idle, final Supplier<T> setup) {
        final Job<T> job = new Job<>(pes, idle, setup);
        job.thread.start();
        try {
            job.ready.get(60, TimeUnit.SECONDS);
        } catch (final TimeoutException e) {
            throw new IllegalStateException("the job did not start within 60 s", e);
        }
        return job;
    }

    /** @return what main handed back. */
    T proxies() {
        return ready.get();
    }

    /**
     * Waits for one operation's future, bounded so that a lost message fails the run instead of hanging it.
     *
     * @param done completes when the operation's in-job iterations are done.
     */
    static void await(final Future<?> done) {
        try {
            done.get(120, TimeUnit.SECONDS);
        } catch (final TimeoutException e) {
            throw new IllegalStateException("an operation did not finish within 120 s", e);
        }
    }

    /**
     * Ends the job and joins its thread.
     *
     * @param askExit sends the message whose entry method calls {@code Charm.exit()}.
     * @throws InterruptedException if interrupted while joining.
     */
    void stop(final Runnable askExit) throws InterruptedException {
        askExit.run();
        thread.join(30_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("the job did not exit within 30 s");
        }
        if (failure != null || exitCode != 0) {
            throw new IllegalStateException("the job ended with exit code " + exitCode, failure);
        }
    }
}
