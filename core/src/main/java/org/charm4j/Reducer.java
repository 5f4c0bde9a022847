package org.charm4j;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * How the contributions of a collection's elements combine in a reduction ({@code contribute(value, reducer,
 * target)}).
 *
 * <p>The built-in reducers work on {@code int}, {@code long}, {@code float}, {@code double} (and {@code boolean} for
 * the logical ones), on primitive arrays and on off-heap arrays, element by element; primitive values are reduced
 * without boxing. {@link #GATHER} collects the contributions in a {@code List} ordered by element index;
 * {@link #NOP} (alias {@link #BARRIER}) carries no value. A custom reducer is a named, associative and commutative
 * Java function, pairwise ({@link #custom}) or of a list of values ({@link #customList}, as in charm4py).
 *
 * <p>Every element of one reduction must use the same reducer and value type: a mismatch fails the job with both
 * named.
 *
 * <p>Threading: immutable, any thread.
 */
public final class Reducer implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final ConcurrentHashMap<String, Reducer> BY_NAME = new ConcurrentHashMap<>();

    /** The kinds of reducer; the runtime switches on them. */
    public enum Kind {
        /** Sum. */ SUM,
        /** Product. */ PRODUCT,
        /** Maximum. */ MAX,
        /** Minimum. */ MIN,
        /** Logical and (non-zero is true). */ AND,
        /** Logical or (non-zero is true). */ OR,
        /** Logical exclusive or (non-zero is true). */ XOR,
        /** Bitwise and of integers. */ BIT_AND,
        /** Bitwise or of integers. */ BIT_OR,
        /** Bitwise exclusive or of integers. */ BIT_XOR,
        /** A list of the contributions ordered by element index. */ GATHER,
        /** No value: a barrier. */ NOP,
        /** A user's function. */ CUSTOM
    }

    /** Sum. */
    public static final Reducer SUM = builtIn(Kind.SUM);
    /** Product. */
    public static final Reducer PRODUCT = builtIn(Kind.PRODUCT);
    /** Maximum. */
    public static final Reducer MAX = builtIn(Kind.MAX);
    /** Minimum. */
    public static final Reducer MIN = builtIn(Kind.MIN);
    /**
     * Logical and: of booleans, or of integers where non-zero is true (the result is 0 or 1); element by element on
     * {@code boolean[]}, {@code int[]} and {@code long[]}.
     */
    public static final Reducer AND = builtIn(Kind.AND);
    /**
     * Logical or: of booleans, or of integers where non-zero is true (the result is 0 or 1); element by element on
     * {@code boolean[]}, {@code int[]} and {@code long[]}.
     */
    public static final Reducer OR = builtIn(Kind.OR);
    /**
     * Logical exclusive or: of booleans, or of integers where non-zero is true (the result is 0 or 1); true when an
     * odd number of contributions are true.
     */
    public static final Reducer XOR = builtIn(Kind.XOR);
    /** Bitwise and of {@code int} or {@code long} values. */
    public static final Reducer BIT_AND = builtIn(Kind.BIT_AND);
    /** Bitwise or of {@code int} or {@code long} values. */
    public static final Reducer BIT_OR = builtIn(Kind.BIT_OR);
    /** Bitwise exclusive or of {@code int} or {@code long} values. */
    public static final Reducer BIT_XOR = builtIn(Kind.BIT_XOR);
    /** A {@code List} of every contribution, ordered by element index (by PE for a Group). */
    public static final Reducer GATHER = builtIn(Kind.GATHER);
    /** No value: the target runs once every element has contributed. */
    public static final Reducer NOP = builtIn(Kind.NOP);
    /** Alias of {@link #NOP}. */
    public static final Reducer BARRIER = NOP;

    private final Kind kind;
    private final String name;
    private final transient BinaryOperator<Object> function;
    private final transient Function<List<Object>, Object> listFunction;

    private Reducer(final Kind kind, final String name, final BinaryOperator<Object> function,
                    final Function<List<Object>, Object> listFunction) {
        this.kind = kind;
        this.name = name;
        this.function = function;
        this.listFunction = listFunction;
    }

    private static Reducer builtIn(final Kind kind) {
        final Reducer r = new Reducer(kind, kind.name().toLowerCase(java.util.Locale.ROOT), null, null);
        BY_NAME.put(r.name, r);
        return r;
    }

    /**
     * Defines a custom reducer: {@code combine} merges two partial results (it must be associative and commutative,
     * as partial results meet in any order up the reduction tree) and must not modify its arguments' contents that
     * it does not return. Keep it in a {@code static final} field so that every process defines it with the class.
     *
     * @param name    a name unique in the program, used in errors and to find the reducer on other processes.
     * @param combine merges two values.
     * @param <T>     the value type.
     * @return the reducer.
     * @throws IllegalArgumentException if another reducer already has that name.
     */
    @SuppressWarnings("unchecked")
    public static <T> Reducer custom(final String name, final BinaryOperator<T> combine) {
        Objects.requireNonNull(combine, "combine");
        return define(new Reducer(Kind.CUSTOM, Objects.requireNonNull(name, "name"),
            (BinaryOperator<Object>) combine, null));
    }

    /**
     * Defines a custom reducer that takes a list of contributions, as charm4py's reducers do: on each PE of the
     * reduction tree, {@code reduce} turns the contributions of its elements and the partial results of its tree
     * children (values it returned on other PEs) into one value; its result at the root goes to the target. It must
     * therefore accept its own results among its inputs (a sum of sums is a sum), and not depend on their order,
     * which is not specified. Keep it in a {@code static final} field so that every process defines it.
     *
     * <pre>{@code
     * static final Reducer MEAN_AND_COUNT = Reducer.customList("meanAndCount", (List<double[]> parts) -> {
     *     double sum = 0, n = 0;
     *     for (double[] p : parts) { sum += p[0] * p[1]; n += p[1]; }
     *     return new double[] {sum / n, n};
     * });
     * }</pre>
     *
     * @param name   a name unique in the program, used in errors and to find the reducer on other processes.
     * @param reduce turns a non-empty list of values into one; it may keep or modify the list.
     * @param <T>    the value type.
     * @return the reducer.
     * @throws IllegalArgumentException if another reducer already has that name.
     */
    @SuppressWarnings("unchecked")
    public static <T> Reducer customList(final String name, final Function<List<T>, T> reduce) {
        Objects.requireNonNull(reduce, "reduce");
        final Function<List<Object>, Object> f = values -> reduce.apply((List<T>) (List<?>) values);
        return define(new Reducer(Kind.CUSTOM, Objects.requireNonNull(name, "name"), null, f));
    }

    private static Reducer define(final Reducer r) {
        if (BY_NAME.putIfAbsent(r.name, r) != null) {
            throw new IllegalArgumentException("a reducer named '" + r.name + "' exists already");
        }
        return r;
    }

    /**
     * @param name a reducer's name.
     * @return that reducer.
     * @throws IllegalArgumentException naming the known reducers if there is none of that name.
     */
    public static Reducer named(final String name) {
        final Reducer r = BY_NAME.get(name);
        if (r == null) {
            throw new IllegalArgumentException("unknown reducer '" + name + "'; known: " + BY_NAME.keySet());
        }
        return r;
    }

    /** @return the kind. */
    public Kind kind() {
        return kind;
    }

    /** @return the name. */
    public String name() {
        return name;
    }

    /**
     * Applies a custom reducer's function.
     *
     * @param a one partial result.
     * @param b another.
     * @return the merged value.
     */
    public Object combine(final Object a, final Object b) {
        if (function == null) {
            throw new IllegalStateException("reducer '" + name + "' is " + (listFunction != null
                ? "a list reducer: use reduceList" : "built in; the runtime combines its values"));
        }
        return function.apply(a, b);
    }

    /** @return whether this is a custom reducer of a list of values ({@link #customList}). */
    public boolean takesList() {
        return listFunction != null;
    }

    /**
     * Applies a list reducer's function.
     *
     * @param values contributions and partial results.
     * @return the reduced value.
     */
    public Object reduceList(final List<Object> values) {
        if (listFunction == null) {
            throw new IllegalStateException("reducer '" + name + "' is not a list reducer");
        }
        return listFunction.apply(values);
    }

    private Object readResolve() {
        return named(name);
    }

    @Override
    public String toString() {
        return "Reducer." + (kind == Kind.CUSTOM ? "custom(" + name + ")" : kind.name());
    }
}
