package org.charm4j;

import java.util.List;
import org.charm4j.runtime.Node;
import org.charm4j.runtime.PoolJobs;

/**
 * The job's task pool (charm4py's {@code charm.pool}): functions applied to inputs on the PEs, in parallel, with the
 * results in input order. Tasks run as threaded work on their PE: a task may wait on futures (its PE runs other work
 * meanwhile) and may itself submit tasks to the pool (recursive Fibonacci, N-queens). A task's exception fails its
 * job's future, naming the PE and the input; later jobs are unharmed.
 *
 * <pre>
 * List&lt;Integer&gt; squares = Charm.pool().map(x -&gt; x * x, inputs);                 // in a threaded context
 * Future&lt;List&lt;Double&gt;&gt; f = Charm.pool().mapAsync(Work::run, inputs, 16, 4);  // chunks of 16, on 4 PEs
 * Future&lt;Long&gt; one = Charm.pool().submit(Fib::fib, 30);
 * </pre>
 *
 * <p>The function travels to other processes: it is a serializable lambda or method reference ({@link Task}); its
 * inputs and results travel as entry-method arguments do.
 *
 * <p>Threading: callable from any PE's chares, main, and pool tasks.
 */
public final class Pool {
    /**
     * A function the pool applies.
     *
     * @param <T> its input type.
     * @param <R> its result type.
     */
    @FunctionalInterface
    public interface Task<T, R> extends java.io.Serializable {
        /**
         * @param input one input.
         * @return its result.
         * @throws Exception anything: it fails the job's future.
         */
        R apply(T input) throws Exception;
    }

    static final Pool INSTANCE = new Pool();

    private Pool() {
    }

    /**
     * Applies {@code fn} to every input, one input per task, on every PE, and waits for the results (in a
     * {@link Threaded} entry method, main, or a pool task).
     *
     * @return the results, in input order.
     */
    public <T, R> List<R> map(final Task<T, R> fn, final List<T> inputs) {
        return mapAsync(fn, inputs).get();
    }

    /**
     * Applies {@code fn} to every input, one input per task, on every PE.
     *
     * @return a future of the results, in input order.
     */
    public <T, R> Future<List<R>> mapAsync(final Task<T, R> fn, final List<T> inputs) {
        return mapAsync(fn, inputs, 1, 0);
    }

    /**
     * Applies {@code fn} to every input, {@code chunkSize} inputs per task, on at most {@code maxPes} PEs (0: all).
     *
     * @param fn        the function.
     * @param inputs    the inputs (copied as arguments are).
     * @param chunkSize inputs per task, at least 1.
     * @param maxPes    the most PEs to use (PEs 0 .. maxPes - 1), or 0 for all.
     * @return a future of the results, in input order.
     */
    public <T, R> Future<List<R>> mapAsync(final Task<T, R> fn, final List<T> inputs, final int chunkSize,
                                           final int maxPes) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("a chunk holds at least one input, not " + chunkSize);
        }
        if (maxPes < 0) {
            throw new IllegalArgumentException("maxPes is 0 (all) or a number of PEs, not " + maxPes);
        }
        return PoolJobs.map(Node.current(), java.util.Objects.requireNonNull(fn, "fn"), List.copyOf(inputs),
            chunkSize, maxPes);
    }

    /**
     * Runs one task.
     *
     * @return a future of its result.
     */
    public <T, R> Future<R> submit(final Task<T, R> fn, final T input) {
        final java.util.ArrayList<T> one = new java.util.ArrayList<>(1);
        one.add(input);
        return PoolJobs.submit(Node.current(), java.util.Objects.requireNonNull(fn, "fn"), one);
    }
}
