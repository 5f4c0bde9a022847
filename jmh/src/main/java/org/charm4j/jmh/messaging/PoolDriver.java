package org.charm4j.jmh.messaging;

import java.util.ArrayList;
import java.util.List;
import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.Threaded;

/** Runs pool jobs of trivial tasks for {@link PoolBenchmark}. */
public class PoolDriver extends Chare {
    private List<Integer> inputs = List.of();

    /**
     * Maps {@code x -> x + 1} over {@code n} inputs in chunks of {@code chunk}, and checks the results.
     *
     * @param n     tasks (inputs).
     * @param chunk inputs per chunk.
     * @param done  completed when the job is done.
     */
    @Threaded
    @Entry
    public void run(final int n, final int chunk, final Future<Void> done) {
        if (inputs.size() != n) {
            final List<Integer> in = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                in.add(i);
            }
            inputs = in;
        }
        final List<Integer> out = Charm.pool().mapAsync(x -> x + 1, inputs, chunk, 0).get();
        if (out.get(n - 1) != n) {
            throw new IllegalStateException("wrong result " + out.get(n - 1));
        }
        done.complete(null);
    }

    /** Ends the job. */
    @Entry
    public void stop() {
        Charm.exit();
    }
}
