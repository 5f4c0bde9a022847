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
 * Kryo (unmodifiable JDK collections become modifiable copies). Generated proxies call these for reference-typed arguments only: primitives never get here.
 *
 * <p>Threading: any thread (Kryo instances are per thread).
 */
public final class Args {
    private static final ThreadLocal<Kryo> KRYO = ThreadLocal.withInitial(Args::newKryo);

    private Args() {
    }

    private static Kryo newKryo() {
        final Kryo k = new Kryo();
        k.setRegistrationRequired(false);
        k.setReferences(true);
        k.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        org.charm4j.Serializers.registered().forEach(k::addDefaultSerializer);
        return k;
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
            case java.util.List<?> l when isJdkUnmodifiable(l) -> (T) copyList(l);
            case java.util.Set<?> c when isJdkUnmodifiable(c) -> (T) copySet(c);
            case java.util.Map<?, ?> m when isJdkUnmodifiable(m) -> (T) copyMap(m);
            default -> deepCopy(v);
        };
    }

    /** Kryo's copy; for a serializer without one (user serializers often lack it), a write and a read. */
    private static <T> T deepCopy(final T v) {
        final Kryo k = KRYO.get();
        try {
            return k.copy(v);
        } catch (final com.esotericsoftware.kryo.KryoException e) {
            if (!String.valueOf(e.getMessage()).contains("does not support copy")) {
                throw e;
            }
            final com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(256, -1);
            k.writeClassAndObject(out, v);
            @SuppressWarnings("unchecked")
            final T copy = (T) k.readClassAndObject(new com.esotericsoftware.kryo.io.Input(out.getBuffer(), 0,
                out.position()));
            return copy;
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
