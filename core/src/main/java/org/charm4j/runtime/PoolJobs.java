package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.charm4j.CharmException;
import org.charm4j.Future;
import org.charm4j.Pool;

/**
 * The task pool's runtime: a job is cut into chunks, each a {@link Chunk} message to a PE (round robin), where it runs
 * as a threaded task (so that it may block, or submit tasks itself); each chunk's results come back to the
 * submitting PE as a {@link Results} message, which puts them in place and completes the job's future once every
 * chunk is in.
 *
 * <p>Threading: a job's state is its submitting PE's; chunks run on their PE.
 */
public final class PoolJobs {
    private PoolJobs() {
    }

    /** A job waiting for its chunks, on the PE that submitted it. */
    static final class Job {
        final Object[] results;
        final Future<Object> done;
        final boolean single;
        int missing;

        Job(final int n, final int chunks, final Future<Object> done, final boolean single) {
            this.results = new Object[n];
            this.missing = chunks;
            this.done = done;
            this.single = single;
        }
    }

    /** For {@link Pool#mapAsync}. */
    @SuppressWarnings("unchecked")
    public static <T, R> Future<List<R>> map(final Node node, final Pool.Task<T, R> fn, final List<T> inputs,
                                             final int chunkSize, final int maxPes) {
        final Future<Object> f = new Future<>();
        start(node, fn, inputs, chunkSize, maxPes, f, false);
        return (Future<List<R>>) (Future<?>) f;
    }

    /** For {@link Pool#submit}. */
    @SuppressWarnings("unchecked")
    public static <T, R> Future<R> submit(final Node node, final Pool.Task<T, R> fn, final List<T> input) {
        final Future<Object> f = new Future<>();
        start(node, fn, input, 1, 0, f, true);
        return (Future<R>) (Future<?>) f;
    }

    private static void start(final Node node, final Pool.Task<?, ?> fn, final List<?> inputs, final int chunkSize,
                              final int maxPes, final Future<Object> f, final boolean single) {
        final Pe here = Node.currentPe();
        if (here == null) {
            throw new IllegalStateException("the pool is used from chares, main and pool tasks (PE threads), not from"
                + " thread " + Thread.currentThread().getName());
        }
        if (fn.getClass().isAnonymousClass()) {
            // a lambda of Pool.Task is serializable; an anonymous class would drag its outer instance along
            throw new IllegalArgumentException("a pool task is a lambda or method reference, not the anonymous class "
                + fn.getClass().getName());
        }
        final int n = inputs.size();
        if (n == 0) {
            f.complete(single ? null : List.of());
            return;
        }
        final int chunks = (n + chunkSize - 1) / chunkSize;
        final long id = node.newId();
        here.poolJobs().put(id, new Job(n, chunks, f, single));
        final int pes = maxPes == 0 ? node.numPes() : Math.min(maxPes, node.numPes());
        int pe = here.nextPoolPe(pes);
        for (int c = 0; c < chunks; c++) {
            final int from = c * chunkSize;
            final List<Object> part = new ArrayList<>(inputs.subList(from, Math.min(n, from + chunkSize)));
            final Chunk chunk = new Chunk(fn, part, id, from, here.id());
            if (node.isLocal(pe)) {
                chunk.inputs = Args.copy(part);   // the task may keep or change its inputs: a copy, as for calls
            }
            node.send(pe, chunk);
            pe = (pe + 1) % pes;
        }
    }

    /** Some inputs of a job, for one PE. */
    static final class Chunk extends Message {
        final Pool.Task<?, ?> fn;
        List<Object> inputs;
        final long job;
        final int from;
        final int replyPe;

        Chunk(final Pool.Task<?, ?> fn, final List<Object> inputs, final long job, final int from,
              final int replyPe) {
            this.fn = fn;
            this.inputs = inputs;
            this.job = job;
            this.from = from;
            this.replyPe = replyPe;
        }

        @Override
        WireKind wireKind() {
            return WireKinds.POOL_CHUNK;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void deliver(final Pe pe) {
            new ThreadedTask(pe, null, null, () -> {
                final Object[] out = new Object[inputs.size()];
                Throwable failure = null;
                int at = 0;
                try {
                    for (; at < out.length; at++) {
                        out[at] = ((Pool.Task<Object, Object>) fn).apply(inputs.get(at));
                    }
                } catch (final JobEnded e) {
                    throw e;
                } catch (final Exception | StackOverflowError e) {
                    failure = new CharmException("PE " + pe.id() + ": the pool task " + fn + " threw " + e
                        + " for input #" + (from + at) + " (" + inputs.get(at) + ")", e);
                }
                pe.node().send(replyPe, new Results(job, from, failure == null ? Arrays.asList(out) : null,
                    failure));
            }).runSlice();
        }
    }

    /** A chunk's results (or failure), back to the PE that submitted the job. */
    static final class Results extends Message {
        final long job;
        final int from;
        final List<Object> values;
        final Throwable failure;

        Results(final long job, final int from, final List<Object> values, final Throwable failure) {
            this.job = job;
            this.from = from;
            this.values = values;
            this.failure = failure;
        }

        @Override
        WireKind wireKind() {
            return WireKinds.POOL_RESULTS;
        }

        @Override
        protected void deliver(final Pe pe) {
            final Job j = pe.poolJobs().get(job);
            if (j == null) {
                return;   // the job failed already: the other chunks' results are dropped
            }
            if (failure != null) {
                pe.poolJobs().remove(job);
                j.done.fail(failure);
                return;
            }
            for (int i = 0; i < values.size(); i++) {
                j.results[from + i] = values.get(i);
            }
            if (--j.missing == 0) {
                pe.poolJobs().remove(job);
                j.done.complete(j.single ? j.results[0] : java.util.Collections.unmodifiableList(
                    Arrays.asList(j.results)));
            }
        }
    }

    /** POOL_CHUNK: the function, the job, the first input's number, the PE to answer, the inputs. */
    static final class ChunkKind extends WireKind {
        ChunkKind() {
            super(17);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Chunk c = (Chunk) m;
            out.writeLong(c.job);
            out.writeVarInt(c.from);
            out.writeVarInt(c.replyPe);
            out.writeObject(c.fn);
            out.writeObject(c.inputs);
        }

        @Override
        @SuppressWarnings("unchecked")
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final long job = in.readLong();
            final int from = in.readVarInt();
            final int replyPe = in.readVarInt();
            final Pool.Task<?, ?> fn = (Pool.Task<?, ?>) in.readObject();
            in.deliver(destPe, new Chunk(fn, (List<Object>) in.readObject(), job, from, replyPe));
        }
    }

    /** POOL_RESULTS: the job, the first input's number, failed, then the failure or the values. */
    static final class ResultsKind extends WireKind {
        ResultsKind() {
            super(18);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Results r = (Results) m;
            out.writeLong(r.job);
            out.writeVarInt(r.from);
            out.writeBoolean(r.failure != null);
            if (r.failure != null) {
                out.writeThrowable(r.failure);
            } else {
                out.writeObject(new ArrayList<>(r.values));
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final long job = in.readLong();
            final int from = in.readVarInt();
            if (in.readBoolean()) {
                in.deliver(destPe, new Results(job, from, null, in.readThrowable()));
            } else {
                in.deliver(destPe, new Results(job, from, (List<Object>) in.readObject(), null));
            }
        }
    }
}
