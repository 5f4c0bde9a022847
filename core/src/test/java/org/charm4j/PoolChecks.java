package org.charm4j;

import static org.charm4j.CheckLog.check;
import static org.charm4j.CheckLog.get;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The task pool, as a program of checks ({@link PoolTest}, and as real processes in {@link MultiProcessJobTest}). */
public final class PoolChecks {
    private PoolChecks() {
    }

    static long fib(final int n) {
        if (n < 2) {
            return n;
        }
        if (n < 8) {
            return fib(n - 1) + fib(n - 2);
        }
        final Future<Long> a = Charm.pool().submit(PoolChecks::fib, n - 1);
        final Future<Long> b = Charm.pool().submit(PoolChecks::fib, n - 2);
        return a.get() + b.get();
    }

    /** Counts the N-queens solutions its PE's tasks found. */
    public static class Solutions extends Chare {
        int found;

        @Entry
        public void add(final int n) {
            found += n;
        }

        @Entry
        public int found() {
            return found;
        }
    }

    /** A partial N-queens board: the columns of the queens of the first rows, and where to count solutions. */
    record Board(PoolChecks_SolutionsProxy counts, int n, int[] cols) implements java.io.Serializable {
    }

    /**
     * Places the next queen: near the top, each choice becomes a task of its own, sent and not waited for; deeper,
     * it counts the solutions here and tells its PE's counter. Quiescence says when every task has run.
     */
    static int queens(final Board b) {
        final int row = b.cols().length;
        if (row >= 3) {
            final int found = countFrom(b.n(), b.cols());
            if (found > 0) {
                b.counts().at(Charm.myPe()).add(found);
            }
            return found;
        }
        for (int c = 0; c < b.n(); c++) {
            if (safe(b.cols(), c)) {
                final int[] next = java.util.Arrays.copyOf(b.cols(), row + 1);
                next[row] = c;
                Charm.pool().submit(PoolChecks::queens, new Board(b.counts(), b.n(), next));
            }
        }
        return 0;
    }

    private static boolean safe(final int[] cols, final int c) {
        final int row = cols.length;
        for (int r = 0; r < row; r++) {
            if (cols[r] == c || Math.abs(cols[r] - c) == row - r) {
                return false;
            }
        }
        return true;
    }

    private static int countFrom(final int n, final int[] cols) {
        if (cols.length == n) {
            return 1;
        }
        int sum = 0;
        for (int c = 0; c < n; c++) {
            if (safe(cols, c)) {
                final int[] next = java.util.Arrays.copyOf(cols, cols.length + 1);
                next[cols.length] = c;
                sum += countFrom(n, next);
            }
        }
        return sum;
    }

    static int squareOn(final int x) {
        return x * x;
    }

    static int pe(final int x) {
        return Charm.myPe();
    }

    static int napThenDouble(final int x) {
        Charm.sleep(Duration.ofMillis(5));
        return 2 * x;
    }

    static int failOnFive(final int x) {
        if (x == 5) {
            throw new IllegalStateException("five is refused");
        }
        return x;
    }

    static void all() {
        final List<Integer> inputs = new ArrayList<>();
        final List<Integer> squares = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            inputs.add(i);
            squares.add(i * i);
        }
        check(Charm.pool().map(PoolChecks::squareOn, inputs).equals(squares), "map gives the results in input order",
            "");
        check(get(Charm.pool().mapAsync(x -> x * x, inputs, 7, 0)).equals(squares), "mapAsync in chunks of 7, with a"
            + " lambda", "");
        final int limit = Math.min(2, Charm.numPes());
        final List<Integer> where = get(Charm.pool().mapAsync(PoolChecks::pe, inputs, 3, limit));
        boolean within = true;
        final java.util.TreeSet<Integer> used = new java.util.TreeSet<>();
        for (final int p : where) {
            within &= p < limit;
            used.add(p);
        }
        check(within && used.size() == limit, "maxPes limits the PEs used, and each is used", used);
        check(get(Charm.pool().submit(PoolChecks::squareOn, 12)) == 144, "submit runs one task", "");
        check(fib(16) == 987, "tasks that submit tasks and wait for them (Fibonacci)", "");
        final var counts = PoolChecks_SolutionsProxy.newGroup();
        get(counts.created());
        Charm.pool().submit(PoolChecks::queens, new Board(counts, 8, new int[0]));
        Charm.waitQuiescence();
        int solutions = 0;
        for (final int f : get(counts.gather().found())) {
            solutions += f;
        }
        check(solutions == 92, "tasks that submit tasks without waiting, finished by quiescence (8 queens: 92)",
            solutions);
        final List<Integer> doubled = Charm.pool().map(PoolChecks::napThenDouble, inputs.subList(0, 16));
        boolean twice = true;
        for (int i = 0; i < 16; i++) {
            twice &= doubled.get(i) == 2 * i;
        }
        check(twice, "tasks that sleep (a blocked task frees its PE)", doubled);
        String failure = "none";
        try {
            Charm.pool().map(PoolChecks::failOnFive, inputs);
        } catch (final RuntimeException e) {
            failure = CharmException.noteOf(e) != null ? CharmException.noteOf(e).getMessage() : e.toString();
        }
        check(failure.contains("input #5") && failure.contains("five is refused"), "a task's exception fails its job,"
            + " naming the input", failure);
        check(Charm.pool().map(PoolChecks::squareOn, inputs).equals(squares), "a later job is unharmed", "");
    }

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            CheckLog.reset();
            all();
            CheckLog.finish("pool");
        });
    }
}
