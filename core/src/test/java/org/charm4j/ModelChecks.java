package org.charm4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Behaviours of the chare model that charm4py's own test programs rely on, as one program: each check prints
 * {@code ok <what>} or {@code FAILED <what>}, and the job exits 0 only if all passed. {@link ModelChecksTest} runs it
 * in one process and over in-JVM nodes through the wire codec; {@link MultiProcessJobTest} runs it as real processes.
 */
public final class ModelChecks {
    private ModelChecks() {
    }

    /** A user's exception: serializable, so it keeps its type between processes. */
    public static final class Custom extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        /**
         * @param message the message.
         * @param code    a field that must survive the trip.
         */
        public Custom(final String message, final int code) {
            super(message);
            this.code = code;
        }

        /** @return the code given. */
        public int code() {
            return code;
        }
    }

    /** A user's exception that holds something that cannot be serialized: a stand-in names it elsewhere. */
    public static final class Unserializable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object lock = new Object();

        /**
         * @param message the message.
         */
        public Unserializable(final String message) {
            super(message);
        }
    }

    /** Contributes from its constructor; calls bound entry methods it is given; fails on request. */
    public static class Counter extends Chare {
        private Integer last;
        private int pings;

        /**
         * @param sum      gets the number of elements: each constructor contributes 1.
         * @param gathered gets the elements' indices, gathered from the constructors.
         */
        public Counter(final Future<Integer> sum, final Future<List<Integer>> gathered) {
            contribute(1, Reducer.SUM, sum);
            contribute(thisIndex().x(), Reducer.GATHER, gathered);
        }

        @Entry
        public void call(final Target<Integer> cb) {
            cb.accept(42 + thisIndex().x());
        }

        @Entry
        public void callBack(final Callback cb) {
            cb.run();
        }

        @Entry
        public void got(final Integer v) {
            last = v;
        }

        @Entry
        public void ping() {
            pings++;
        }

        @Entry
        public String state() {
            return last + "/" + pings;
        }

        @Entry
        public void run(final Runnable r) {
            r.run();
        }

        @Entry
        public int checked(final String why) throws java.io.IOException {
            throw new java.io.IOException(why);
        }

        @Entry
        public void boom(final int every) {
            final int i = thisIndex().x();
            if (i % every == 1) {
                throw new Custom("boom at " + i, 1000 + i);
            }
        }

        @Entry
        public int valueOrBoom(final int bad) {
            if (thisIndex().x() == bad) {
                throw new IllegalArgumentException("no value at " + bad);
            }
            return thisIndex().x() * 10;
        }

        @Entry
        public int custom(final String message) {
            throw new Custom(message, 7);
        }

        @Entry
        public int unserializable(final String message) {
            throw new Unserializable(message);
        }

        @Entry
        public void completeAll(final List<Future<Integer>> futures, final Map<String, Future<String>> named) {
            for (int i = 0; i < futures.size(); i++) {
                futures.get(i).complete(i * i);
            }
            named.forEach((k, f) -> f.complete(k + "@" + thisIndex()));
        }

        @Entry
        @Threaded
        public int sumVia(final List<ModelChecks_CounterProxy.Element> others) {
            int s = 0;
            for (final ModelChecks_CounterProxy.Element o : others) {
                s += o.valueOrBoom(-1).get();
            }
            return s;
        }

        @Entry
        public void callTargets(final List<Target<Integer>> targets) {
            for (final Target<Integer> t : targets) {
                t.accept(7);
            }
        }

        @Entry
        public ModelChecks_CounterProxy myCollection() {
            return thisProxy();
        }

        @Entry
        public ModelChecks_CounterProxy.Element myself() {
            return ModelChecks_CounterProxy.elementOf(this);
        }

        @Entry
        public void logical(final Future<boolean[]> and, final Future<boolean[]> or, final Future<boolean[]> xor,
                            final Future<Boolean> scalarXor, final Future<int[]> intAnd) {
            final int i = thisIndex().x();
            final boolean[] v = {true, i % 2 == 0, i == 0};
            contribute(v, Reducer.AND, and);
            contribute(v, Reducer.OR, or);
            contribute(v, Reducer.XOR, xor);
            contribute(i < 3, Reducer.XOR, scalarXor::complete);
            contribute(new int[] {1, i, i % 2}, Reducer.AND, intAnd);
        }

        @Entry
        public void listReduce(final Future<Integer> count, final Future<double[]> meanAndN) {
            contribute(List.of(thisIndex().x()), SIZE_OF_ALL, (List<Integer> l) -> count.complete(l.size()));
            contribute(new double[] {thisIndex().x(), 1}, MEAN_AND_COUNT, meanAndN);
        }
    }

    /** charm4py style: a reducer of a list of values (here, concatenated lists). */
    static final Reducer SIZE_OF_ALL = Reducer.customList("modelChecks.concat", (List<List<Integer>> parts) -> {
        final List<Integer> all = new ArrayList<>();
        for (final List<Integer> p : parts) {
            all.addAll(p);
        }
        return all;
    });

    /** A list reducer whose results feed itself: a mean weighted by counts. */
    static final Reducer MEAN_AND_COUNT = Reducer.customList("modelChecks.mean", (List<double[]> parts) -> {
        double sum = 0;
        double n = 0;
        for (final double[] p : parts) {
            sum += p[0] * p[1];
            n += p[1];
        }
        return new double[] {sum / n, n};
    });

    /** The checks that failed in the last run, for tests in this JVM. */
    static final List<String> FAILED = java.util.Collections.synchronizedList(new ArrayList<>());
    private static int failures;

    private static void check(final String what, final Object expected, final Object actual) {
        if (Objects.equals(expected, actual)) {
            System.out.println("ok " + what);
        } else {
            failures++;
            final String line = "FAILED " + what + ": expected " + expected + " but got " + actual;
            FAILED.add(line);
            System.out.println(line);
        }
    }

    private static <T> T poll(final java.util.function.Supplier<T> ask, final java.util.function.Predicate<T> done) {
        T v = ask.get();
        for (int i = 0; i < 10_000 && !done.test(v); i++) {
            v = ask.get();
        }
        return v;
    }

    /**
     * Runs every check; the caller exits with the count of failures.
     *
     * @return how many checks failed.
     */
    static int runAll() {
        failures = 0;
        FAILED.clear();
        final int pes = Charm.numPes();
        final int n = Math.max(5, pes + 1);
        // 1. contributions from constructors count every element
        final Future<Integer> born = new Future<>();
        final Future<List<Integer>> bornIndices = new Future<>();
        final var c = ModelChecks_CounterProxy.newArray(n, born, bornIndices);
        check("a reduction from constructors counts every element", n, born.get());
        final List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        check("a gather from constructors has every element", indices, bornIndices.get());
        final Future<Integer> groupBorn = new Future<>();
        ModelChecks_CounterProxy.newGroup(groupBorn, new Future<>());
        check("a group's constructors contribute on every PE", pes, groupBorn.get());

        // 2. an exception in a broadcast with a future reaches the future, with every failure
        try {
            c.whenDone().boom(2).get();
            check("a broadcast's exception reaches its future", "an exception", "none");
        } catch (final RuntimeException thrown) {
            final List<Index> failed = new ArrayList<>();
            for (int i = 1; i < n; i += 2) {
                failed.add(Index.of(i));
            }
            final BroadcastException e = BroadcastException.of(thrown);
            check("a broadcast's exception reaches its future, naming every failed element", failed,
                e == null ? List.of() : new ArrayList<>(e.failures().keySet()));
            check("the broadcast's exception counts the elements", n, e == null ? -1 : e.elements());
            check("get() rethrows the first failure itself, with its type", "boom at 1 1001",
                thrown instanceof Custom u ? u.getMessage() + " " + u.code() : String.valueOf(thrown));
            check("its note names the entry method and an element", true, e != null
                && e.getMessage().contains("Counter.boom(int)") && e.getMessage().contains("[1]"));
        }
        try {
            c.gather().valueOrBoom(2).get();
            check("a gather's exception reaches its future", "an exception", "none");
        } catch (final IllegalArgumentException e) {
            check("a gather's exception reaches its future", List.of(Index.of(2)),
                BroadcastException.of(e) == null ? List.of() : new ArrayList<>(BroadcastException.of(e).failures().keySet()));
        }
        check("the job goes on after failed broadcasts", 10 * (n - 1) * n / 2,
            c.gather().valueOrBoom(-1).get().stream().mapToInt(Integer::intValue).sum());

        // 3. exceptions keep their type between processes (the last element lives on the last PE)
        final var far = c.at(n - 1);
        try {
            far.custom("far away").get();
            check("a custom exception reaches the caller", "an exception", "none");
        } catch (final Custom e) {
            check("a custom exception keeps its type and fields", "far away 7", e.getMessage() + " " + e.code());
            final CharmException note = CharmException.noteOf(e);
            check("its note names the PE and entry method", true, note != null
                && note.getMessage().contains("Counter.custom(String)") && note.getMessage().contains("PE "));
            check("the remote stack trace is kept", true, java.util.Arrays.stream(e.getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("custom")));
            check("the note's stack is the caller's", true, note != null && java.util.Arrays.stream(
                note.getStackTrace()).anyMatch(f -> f.getMethodName().equals("get")));
        }
        try {
            far.checked("checked far away").get();
            check("a checked exception reaches the caller", "an exception", "none");
        } catch (final CharmException e) {
            check("a checked exception arrives as the cause of a CharmException naming the entry method", true,
                e.getCause() instanceof java.io.IOException io && io.getMessage().equals("checked far away")
                    && e.getMessage().contains("Counter.checked(String)"));
        }
        try {
            far.unserializable("cannot travel").get();
            check("an unserializable exception reaches the caller", "an exception", "none");
        } catch (final RuntimeException e) {
            final Throwable cause = e;
            final boolean same = cause instanceof Unserializable && cause.getMessage().equals("cannot travel");
            final boolean standIn = cause instanceof StandInException s
                && s.originalType().equals(Unserializable.class.getName())
                && s.originalMessage().equals("cannot travel")
                && java.util.Arrays.stream(s.getStackTrace()).anyMatch(f -> f.getMethodName().equals("unserializable"));
            check("an unserializable exception arrives as itself or as a stand-in naming its type", true,
                same || standIn);
        }

        // 4. bound entry methods are values: they travel inside a process too
        c.at(0).call(c.at(1)::got);
        check("a method reference as an argument", "42/0", poll(() -> c.at(1).state().get(), s -> s.startsWith("42")));
        c.at(n - 1).callBack(c.at(0)::ping);
        check("a Callback method reference as an argument", "null/1",
            poll(() -> c.at(0).state().get(), s -> s.endsWith("/1")));
        try {
            c.at(0).run(() -> System.out.println("never"));
            check("a lambda of a non-Serializable interface is refused at the caller", "a refusal", "none");
        } catch (final IllegalArgumentException e) {
            check("a lambda of a non-Serializable interface is refused at the caller", true,
                e.getMessage().contains("java.lang.Runnable") && e.getMessage().contains("Serializable"));
        }

        // 5. futures, proxies and bound entry methods are references wherever they are nested
        for (final int at : new int[] {0, n - 1}) {
            final List<Future<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(new Future<>());
            }
            final Map<String, Future<String>> m = new HashMap<>();
            m.put("k", new Future<>());
            c.at(at).completeAll(fs, m);
            final List<Integer> values = new ArrayList<>();
            for (final Future<Integer> f : fs) {
                values.add(f.get());
            }
            check("futures in a list passed to element " + at + " are completed", List.of(0, 1, 4, 9), values);
            check("a future in a map passed to element " + at + " is completed", "k@[" + at + "]", m.get("k").get());
        }
        check("proxies in a list reach a threaded entry method", 10 + 20 + 10 * (n - 1),
            c.at(0).sumVia(new ArrayList<>(List.of(c.at(1), c.at(2), c.at(n - 1)))).get());
        final List<Target<Integer>> targets = new ArrayList<>(List.of(c.at(2)::got));
        c.at(n - 1).callTargets(targets);
        check("a bound entry method in a list", "7/0", poll(() -> c.at(2).state().get(), s -> s.startsWith("7")));

        // 6. proxies are equal when they name the same thing
        final ModelChecks_CounterProxy back = c.at(n - 1).myCollection().get();
        check("a collection proxy returned by an element equals the original", true, c.equals(back));
        check("and has the same hash code", c.hashCode(), back.hashCode());
        check("a collection proxy differs from another collection's", false,
            c.equals(ModelChecks_CounterProxy.newArray(1, new Future<>(), new Future<>())));
        final var self = c.at(n - 1).myself().get();
        check("an element proxy returned by its element equals the original", true,
            self.equals(c.at(n - 1)) && self.hashCode() == c.at(n - 1).hashCode());

        // 9. logical reductions, element by element on arrays
        final Future<boolean[]> and = new Future<>();
        final Future<boolean[]> or = new Future<>();
        final Future<boolean[]> xor = new Future<>();
        final Future<Boolean> scalarXor = new Future<>();
        final Future<int[]> intAnd = new Future<>();
        c.logical(and, or, xor, scalarXor, intAnd);
        final int evens = (n + 1) / 2;
        check("boolean[] AND", "[true, false, false]", java.util.Arrays.toString(and.get()));
        check("boolean[] OR", "[true, true, true]", java.util.Arrays.toString(or.get()));
        check("boolean[] XOR", java.util.Arrays.toString(new boolean[] {n % 2 == 1, evens % 2 == 1, true}),
            java.util.Arrays.toString(xor.get()));
        check("boolean XOR", true, scalarXor.get());
        check("int[] logical AND", "[1, 0, 0]", java.util.Arrays.toString(intAnd.get()));

        // list reducers (charm4py's custom reducers)
        final Future<Integer> count = new Future<>();
        final Future<double[]> mean = new Future<>();
        c.listReduce(count, mean);
        check("a list reducer sees every contribution", n, count.get());
        check("a list reducer that takes its own results", "[" + (n - 1) / 2.0 + ", " + (double) n + "]",
            java.util.Arrays.toString(mean.get()));
        return failures;
    }

    /**
     * @param args runtime options.
     */
    public static void main(final String[] args) {
        Charm.start(args, a -> Charm.exit(runAll() == 0 ? 0 : 1));
    }
}
