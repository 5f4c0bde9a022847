package org.charm4j.kernels.internal;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Phaser;
import org.charm4j.kernels.WorkGrid;
import org.charm4j.kernels.WorkItem;

/**
 * Runs a per-work-item kernel on the CPU: every item of a {@link WorkGrid}, one work-group after the other. A kernel
 * without barriers runs its items one after the other on the calling thread; one with barriers runs the items of a
 * group as virtual threads that meet at each {@link WorkItem#barrier()} (a {@link Phaser}). This is for checking a
 * kernel and for running it where no device is, not for speed: kernels that should be fast on the CPU are written as
 * {@code @Parallel} loops, which the SIMD back end vectorizes.
 *
 * <p>Threading: the calling thread waits for the whole grid.
 */
public final class WorkGridRunner {
    private WorkGridRunner() {
    }

    /**
     * @param kernel   the kernel's name, for errors.
     * @param spreader the specialized method, taking its non-{@code @Const} arguments as one {@code Object[]}.
     * @param args     those arguments, with the {@link WorkGrid} at {@code at}.
     * @param at       the position of the {@code WorkItem} parameter among them.
     * @param barriers whether the kernel calls {@link WorkItem#barrier()} (if unknown, true).
     * @throws IllegalArgumentException if {@code args[at]} is not a {@link WorkGrid}.
     */
    public static void run(final String kernel, final MethodHandle spreader, final Object[] args, final int at,
                           final boolean barriers) {
        if (!(args[at] instanceof WorkGrid grid)) {
            throw new IllegalArgumentException(kernel + " is a per-work-item kernel: pass a WorkGrid (WorkGrid.of(n)"
                + ".groups(g)) for its WorkItem parameter (argument " + at + "), not "
                + (args[at] == null ? "null" : args[at].getClass().getName()));
        }
        final int[] groups = new int[3];
        for (int d = 0; d < 3; d++) {
            groups[d] = grid.globalSize(d) / grid.localSize(d);
        }
        for (int gz = 0; gz < groups[2]; gz++) {
            for (int gy = 0; gy < groups[1]; gy++) {
                for (int gx = 0; gx < groups[0]; gx++) {
                    final Group g = new Group(grid, gx, gy, gz);
                    if (barriers) {
                        g.runThreaded(kernel, spreader, args, at);
                    } else {
                        g.runInOrder(spreader, args, at);
                    }
                }
            }
        }
    }

    /** One work-group: its ids, its local arrays and the barrier its items meet at. */
    private static final class Group {
        private final WorkGrid grid;
        private final int[] id;
        private final List<double[]> locals = new ArrayList<>();
        private Phaser phaser;

        Group(final WorkGrid grid, final int gx, final int gy, final int gz) {
            this.grid = grid;
            this.id = new int[] {gx, gy, gz};
        }

        void runInOrder(final MethodHandle spreader, final Object[] args, final int at) {
            final Object[] a = args.clone();
            for (int z = 0; z < grid.localSize(2); z++) {
                for (int y = 0; y < grid.localSize(1); y++) {
                    for (int x = 0; x < grid.localSize(0); x++) {
                        a[at] = new Item(this, x, y, z);
                        call(spreader, a);
                    }
                }
            }
        }

        void runThreaded(final String kernel, final MethodHandle spreader, final Object[] args, final int at) {
            final int n = grid.groupItems();
            phaser = new Phaser(n);
            final Item[] items = new Item[n];
            final Thread[] threads = new Thread[n];
            final Throwable[] failure = new Throwable[1];
            int k = 0;
            for (int z = 0; z < grid.localSize(2); z++) {
                for (int y = 0; y < grid.localSize(1); y++) {
                    for (int x = 0; x < grid.localSize(0); x++) {
                        final Item item = new Item(this, x, y, z);
                        final Object[] a = args.clone();
                        a[at] = item;
                        items[k] = item;
                        threads[k++] = Thread.ofVirtual().unstarted(() -> {
                            try {
                                call(spreader, a);
                            } catch (final Throwable t) {
                                synchronized (failure) {
                                    if (failure[0] == null) {
                                        failure[0] = t;
                                    }
                                }
                            } finally {
                                phaser.arriveAndDeregister();
                            }
                        });
                    }
                }
            }
            for (final Thread t : threads) {
                t.start();
            }
            try {
                for (final Thread t : threads) {
                    t.join();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(kernel + ": interrupted while its work items ran", e);
            }
            if (failure[0] instanceof RuntimeException r) {
                throw r;
            } else if (failure[0] instanceof Error e) {
                throw e;
            } else if (failure[0] != null) {
                throw new IllegalStateException(failure[0]);
            }
            for (final Item i : items) {
                if (i.barriers != items[0].barriers) {
                    throw new IllegalStateException(kernel + ": in work-group " + java.util.Arrays.toString(id)
                        + " item " + java.util.Arrays.toString(i.local) + " reached " + i.barriers + " barriers and"
                        + " item " + java.util.Arrays.toString(items[0].local) + " " + items[0].barriers + "; every"
                        + " item of a group must reach every barrier (a barrier under a condition that differs"
                        + " between items is undefined on a GPU)");
                }
            }
        }

        synchronized double[] local(final int k, final int length) {
            if (length <= 0) {
                throw new IllegalArgumentException("localDoubles(" + length + "): the length must be positive");
            }
            if (k < locals.size()) {
                final double[] a = locals.get(k);
                if (a.length != length) {
                    throw new IllegalStateException("localDoubles call " + k + " asked for " + length + " doubles in"
                        + " one item and " + a.length + " in another; the length must be a constant");
                }
                return a;
            }
            final double[] a = new double[length];
            locals.add(a);
            return a;
        }

        private static void call(final MethodHandle spreader, final Object[] a) {
            try {
                final Object ignored = spreader.invokeExact(a);
            } catch (final RuntimeException | Error e) {
                throw e;
            } catch (final Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** One work item: its ids, and its calls of local memory and barriers. */
    private static final class Item implements WorkItem {
        private final Group group;
        private final int[] local;
        private int localCalls;
        private int barriers;

        Item(final Group group, final int x, final int y, final int z) {
            this.group = group;
            this.local = new int[] {x, y, z};
        }

        private static int dim(final int d) {
            if (d < 0 || d > 2) {
                throw new IllegalArgumentException("work-item dimension " + d + "; dimensions are 0, 1 and 2");
            }
            return d;
        }

        @Override
        public int globalId(final int d) {
            return group.id[dim(d)] * group.grid.localSize(d) + local[d];
        }

        @Override
        public int localId(final int d) {
            return local[dim(d)];
        }

        @Override
        public int groupId(final int d) {
            return group.id[dim(d)];
        }

        @Override
        public int localSize(final int d) {
            return group.grid.localSize(dim(d));
        }

        @Override
        public int globalSize(final int d) {
            return group.grid.globalSize(dim(d));
        }

        @Override
        public int groups(final int d) {
            return group.grid.globalSize(dim(d)) / group.grid.localSize(d);
        }

        @Override
        public void barrier() {
            barriers++;
            if (group.phaser == null) {
                throw new IllegalStateException("barrier() in a kernel read as having no barriers");
            }
            group.phaser.arriveAndAwaitAdvance();
        }

        @Override
        public double[] localDoubles(final int length) {
            return group.local(localCalls++, length);
        }
    }
}
