package org.charm4j.runtime;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import org.charm4j.Future;
import org.charm4j.Index;
import org.charm4j.OffHeapArray;
import org.charm4j.Proxy;
import org.charm4j.Reducer;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * What a receiver gets for an argument sent within a process, so that it never sees the sender's later writes:
 * immutable values (strings, boxed primitives, enums, indices, proxies, futures) travel as they are; primitive arrays
 * are cloned; off-heap arrays are moved (the sender's handle goes stale, no copy); other objects are deep-copied by
 * Kryo (unmodifiable JDK collections become modifiable copies), with futures, proxies, indices and reducers inside them
 * kept as the same references, and off-heap arrays inside them copied. A lambda or method reference (a bound entry
 * method such as {@code proxy::done}) of a {@link java.io.Serializable} interface travels as it is, or rebuilt
 * around copies of what it captures if that must be copied; one of an interface that is not serializable is refused
 * at the caller, as it could not leave the process. Generated proxies call these for reference-typed arguments only: primitives never get here.
 *
 * <p>Threading: any thread (each PE has its copier, which its threaded entry methods share; other threads have their own).
 */
public final class Args {
    /** Copiers of threads that are not PEs (a PE and its threaded entry methods share the PE's). */
    private static final ThreadLocal<Copier> COPIER = ThreadLocal.withInitial(Copier::new);

    private Args() {
    }

    /**
     * A Kryo for deep copies, with the runtime's reference values kept as they are wherever they are nested (futures,
     * proxies, indices, reducers, bound entry methods), and a side table through which they pass unchanged when a
     * copy has to be a write and a read.
     */
    static final class Copier {
        final Kryo kryo = new Kryo();
        final java.util.ArrayList<Object> passed = new java.util.ArrayList<>();

        Copier() {
            kryo.setRegistrationRequired(false);
            kryo.setReferences(true);
            kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
            final PassThrough same = new PassThrough(passed, false);
            kryo.addDefaultSerializer(Future.class, same);
            kryo.addDefaultSerializer(Proxy.class, same);
            kryo.addDefaultSerializer(Index.class, same);
            kryo.addDefaultSerializer(Reducer.class, same);
            kryo.addDefaultSerializer(OffHeapArray.class, new PassThrough(passed, true));
            kryo.register(com.esotericsoftware.kryo.serializers.ClosureSerializer.Closure.class,
                new PassThrough(passed, true));
            org.charm4j.Serializers.registered().forEach(kryo::addDefaultSerializer);
        }
    }

    /**
     * Copies a value as {@link #duplicate} does (the same object for references, a copy for off-heap arrays and
     * lambdas that capture copyable values); a write puts it in the side table, a read takes it back.
     */
    private static final class PassThrough extends com.esotericsoftware.kryo.Serializer<Object> {
        private final java.util.List<Object> passed;
        private final boolean duplicate;

        PassThrough(final java.util.List<Object> passed, final boolean duplicate) {
            this.passed = passed;
            this.duplicate = duplicate;
        }

        @Override
        public Object copy(final Kryo kryo, final Object original) {
            return duplicate ? duplicate(original) : original;
        }

        @Override
        public void write(final Kryo kryo, final com.esotericsoftware.kryo.io.Output out, final Object v) {
            out.writeVarInt(passed.size(), true);
            passed.add(duplicate ? duplicate(v) : v);
        }

        @Override
        public Object read(final Kryo kryo, final com.esotericsoftware.kryo.io.Input in,
                           final Class<? extends Object> type) {
            return passed.get(in.readVarInt(true));
        }
    }

    /**
     * The value a receiver gets for an argument sent: moves off-heap arrays.
     *
     * @param v   the sender's value.
     * @param <T> its type.
     * @return the receiver's value.
     */
    @SuppressWarnings("unchecked")
    public static <T> T copy(final T v) {
        if (v instanceof OffHeapArray a) {
            return (T) a.moveOut();
        }
        return duplicate(v);
    }

    /**
     * Another receiver's copy of a value already sent (an element of a broadcast): copies off-heap arrays.
     *
     * @param v   a value the runtime owns.
     * @param <T> its type.
     * @return an independent value.
     */
    @SuppressWarnings("unchecked")
    public static <T> T duplicate(final T v) {
        return switch (v) {
            case null -> null;
            case String s -> v;
            case Number n when isImmutableNumber(n) -> v;
            case Boolean b -> v;
            case Character c -> v;
            case Enum<?> e -> v;
            case Index i -> v;
            case Proxy p -> v;
            case Future<?> f -> v;
            case Reducer r -> v;
            case Class<?> c -> v;
            case double[] a -> (T) a.clone();
            case float[] a -> (T) a.clone();
            case long[] a -> (T) a.clone();
            case int[] a -> (T) a.clone();
            case short[] a -> (T) a.clone();
            case char[] a -> (T) a.clone();
            case byte[] a -> (T) a.clone();
            case boolean[] a -> (T) a.clone();
            case String[] a -> (T) a.clone();
            case OffHeapArray a -> (T) a.copy();
            case Object o when Lambdas.isLambda(o.getClass()) -> (T) duplicateLambda(o);
            case java.util.List<?> l when isJdkUnmodifiable(l) -> (T) copyList(l);
            case java.util.Set<?> c when isJdkUnmodifiable(c) -> (T) copySet(c);
            case java.util.Map<?, ?> m when isJdkUnmodifiable(m) -> (T) copyMap(m);
            default -> deepCopy(v);
        };
    }

    /**
     * A lambda or method reference (a bound entry method such as {@code proxy::done}): the same lambda when what it
     * captures travels as it is (proxies, futures, numbers), else one rebuilt around copies of its captured values.
     */
    private static Object duplicateLambda(final Object lambda) {
        final java.lang.invoke.SerializedLambda s = Lambdas.serialized(lambda);
        Object[] captured = null;
        for (int i = 0, n = s.getCapturedArgCount(); i < n; i++) {
            final Object a = s.getCapturedArg(i);
            final Object d = duplicate(a);
            if (d != a) {
                if (captured == null) {
                    captured = new Object[n];
                    for (int j = 0; j < n; j++) {
                        captured[j] = s.getCapturedArg(j);
                    }
                }
                captured[i] = d;
            }
        }
        return captured == null ? lambda : Lambdas.rebuild(s, captured, lambda.getClass().getClassLoader());
    }

    /** Kryo's copy; for a serializer without one (user serializers often lack it), a write and a read. */
    private static <T> T deepCopy(final T v) {
        final Pe pe = Node.currentPe();
        final Copier c = pe != null ? pe.copier() : COPIER.get();
        try {
            return c.kryo.copy(v);
        } catch (final com.esotericsoftware.kryo.KryoException e) {
            if (!String.valueOf(e.getMessage()).contains("does not support copy")) {
                throw e;
            }
        }
        final int mark = c.passed.size();
        try {
            final com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(256, -1);
            c.kryo.writeClassAndObject(out, v);
            @SuppressWarnings("unchecked")
            final T copy = (T) c.kryo.readClassAndObject(new com.esotericsoftware.kryo.io.Input(out.getBuffer(), 0,
                out.position()));
            return copy;
        } finally {
            while (c.passed.size() > mark) {
                c.passed.remove(c.passed.size() - 1);
            }
        }
    }

    /** {@code List.of} and {@code Collections.unmodifiableList} and their kin, which Kryo cannot rebuild. */
    private static boolean isJdkUnmodifiable(final Object c) {
        final String n = c.getClass().getName();
        return n.startsWith("java.util.ImmutableCollections$") || n.startsWith("java.util.Collections$Unmodifiable")
            || n.startsWith("java.util.Collections$Empty") || n.startsWith("java.util.Collections$Singleton");
    }

    private static java.util.List<Object> copyList(final java.util.List<?> l) {
        final java.util.ArrayList<Object> c = new java.util.ArrayList<>(l.size());
        for (final Object o : l) {
            c.add(duplicate(o));
        }
        return c;
    }

    private static java.util.Set<Object> copySet(final java.util.Set<?> s) {
        final java.util.LinkedHashSet<Object> c = new java.util.LinkedHashSet<>();
        for (final Object o : s) {
            c.add(duplicate(o));
        }
        return c;
    }

    private static java.util.Map<Object, Object> copyMap(final java.util.Map<?, ?> m) {
        final java.util.LinkedHashMap<Object, Object> c = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> c.put(duplicate(k), duplicate(v)));
        return c;
    }

    private static boolean isImmutableNumber(final Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Double || n instanceof Float
            || n instanceof Short || n instanceof Byte || n instanceof java.math.BigInteger
            || n instanceof java.math.BigDecimal;
    }
}
