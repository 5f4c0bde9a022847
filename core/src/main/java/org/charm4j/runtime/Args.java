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
 * kept as the same references, and off-heap arrays inside them moved (copied for another element of a broadcast). A lambda or method reference (a bound entry
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
        /** Whether the copy in progress is a send ({@link #copy}: off-heap arrays move) or a duplicate (they copy). */
        boolean moving;

        Copier() {
            kryo.setRegistrationRequired(false);
            kryo.setReferences(true);
            kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
            final PassThrough same = new PassThrough(this, false);
            kryo.addDefaultSerializer(Future.class, same);
            kryo.addDefaultSerializer(Proxy.class, same);
            kryo.addDefaultSerializer(Index.class, same);
            kryo.addDefaultSerializer(Reducer.class, same);
            kryo.addDefaultSerializer(OffHeapArray.class, new PassThrough(this, true));
            kryo.addDefaultSerializer(org.charm4j.Channel.class, new ChannelRefused());
            kryo.register(com.esotericsoftware.kryo.serializers.ClosureSerializer.Closure.class,
                new PassThrough(this, true));
            // a serializer that cannot copy (user serializers often cannot, nor Kryo's KryoSerializable one)
            // copies by a write and a read of the value alone, told apart by type, not by an exception's text
            org.charm4j.Serializers.registered().forEach((type, s) -> kryo.addDefaultSerializer(type, copying(s)));
            kryo.addDefaultSerializer(com.esotericsoftware.kryo.KryoSerializable.class,
                copying(new com.esotericsoftware.kryo.serializers.DefaultSerializers.KryoSerializableSerializer()));
        }
    }

    /** A channel inside a value sent: refused (a chare that migrates within a process is moved, never copied). */
    private static final class ChannelRefused extends com.esotericsoftware.kryo.Serializer<Object> {
        @Override
        public void write(final Kryo kryo, final com.esotericsoftware.kryo.io.Output out, final Object v) {
            throw refused(v);
        }

        @Override
        public Object read(final Kryo kryo, final com.esotericsoftware.kryo.io.Input in,
                           final Class<? extends Object> type) {
            throw new UnsupportedOperationException("a channel is never written here");
        }

        @Override
        public Object copy(final Kryo kryo, final Object original) {
            throw refused(original);
        }
    }

    /** @return the error for a channel sent in a message. */
    static IllegalArgumentException refused(final Object channel) {
        return new IllegalArgumentException(channel + " was sent in a message: a channel belongs to the chare that"
            + " made it; send a proxy instead, and make the other end there with Channel.to(this, remote)");
    }

    /** Whether a serializer's class overrides {@code copy}, Kryo's default of which throws. */
    private static final ClassValue<Boolean> COPIES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(final Class<?> type) {
            try {
                return type.getMethod("copy", Kryo.class, Object.class).getDeclaringClass()
                    != com.esotericsoftware.kryo.Serializer.class;
            } catch (final NoSuchMethodException e) {
                return false;
            }
        }
    };

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static com.esotericsoftware.kryo.Serializer<?> copying(final com.esotericsoftware.kryo.Serializer<?> s) {
        return COPIES.get(s.getClass()) ? s : new CopyByWriteRead(s);
    }

    /** A serializer that copies by writing the value and reading it back, for one that cannot copy itself. */
    private static final class CopyByWriteRead<T> extends com.esotericsoftware.kryo.Serializer<T> {
        private final com.esotericsoftware.kryo.Serializer<T> inner;
        private final com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(256, -1);
        private final com.esotericsoftware.kryo.io.Input in = new com.esotericsoftware.kryo.io.Input();
        /** A Kryo of its own for the write and the read, apart from the copy in progress; made at first use. */
        private Copier helper;

        CopyByWriteRead(final com.esotericsoftware.kryo.Serializer<T> inner) {
            this.inner = inner;
        }

        @Override
        public void write(final Kryo kryo, final com.esotericsoftware.kryo.io.Output o, final T v) {
            inner.write(kryo, o, v);
        }

        @Override
        public T read(final Kryo kryo, final com.esotericsoftware.kryo.io.Input i, final Class<? extends T> type) {
            return inner.read(kryo, i, type);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T copy(final Kryo kryo, final T original) {
            Copier h = helper;
            if (h == null) {
                h = new Copier();
                helper = h;
            }
            try {
                out.reset();
                h.kryo.writeObject(out, original, inner);
                in.setBuffer(out.getBuffer(), 0, out.position());
                return (T) h.kryo.readObject(in, original.getClass(), inner);
            } finally {
                h.passed.clear();
            }
        }
    }

    /**
     * Copies a value as {@link #duplicate} does (the same object for references, a copy for off-heap arrays and
     * lambdas that capture copyable values); a write puts it in the side table, a read takes it back.
     */
    private static final class PassThrough extends com.esotericsoftware.kryo.Serializer<Object> {
        private final Copier copier;
        private final java.util.List<Object> passed;
        private final boolean duplicate;

        PassThrough(final Copier copier, final boolean duplicate) {
            this.copier = copier;
            this.passed = copier.passed;
            this.duplicate = duplicate;
        }

        private Object copyOf(final Object v) {
            if (!duplicate) {
                return v;
            }
            return v instanceof OffHeapArray a && copier.moving ? a.moveOut() : duplicate(v);
        }

        @Override
        public Object copy(final Kryo kryo, final Object original) {
            return copyOf(original);
        }

        @Override
        public void write(final Kryo kryo, final com.esotericsoftware.kryo.io.Output out, final Object v) {
            out.writeVarInt(passed.size(), true);
            passed.add(copyOf(v));
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
        return duplicate(v, true);
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
        return duplicate(v, false);
    }

    /** @param moving whether off-heap arrays nested in {@code v} move (a send) or are copied (a duplicate). */
    @SuppressWarnings("unchecked")
    private static <T> T duplicate(final T v, final boolean moving) {
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
            case org.charm4j.Channel<?> c -> throw refused(c);
            case Object o when Lambdas.isLambda(o.getClass()) -> (T) duplicateLambda(o);
            case java.util.List<?> l when isJdkUnmodifiable(l) -> (T) copyList(l, moving);
            case java.util.Set<?> c when isJdkUnmodifiable(c) -> (T) copySet(c, moving);
            case java.util.Map<?, ?> m when isJdkUnmodifiable(m) -> (T) copyMap(m, moving);
            default -> deepCopy(v, moving);
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

    /** Kryo's copy (serializers that cannot copy copy by a write and a read: see {@link Copier}). */
    private static <T> T deepCopy(final T v, final boolean moving) {
        final Pe pe = Node.currentPe();
        final Copier c = pe != null ? pe.copier() : COPIER.get();
        final boolean outer = c.moving;
        c.moving = moving;
        try {
            return c.kryo.copy(v);
        } finally {
            c.moving = outer;
        }
    }

    /** {@code List.of} and {@code Collections.unmodifiableList} and their kin, which Kryo cannot rebuild. */
    private static boolean isJdkUnmodifiable(final Object c) {
        final String n = c.getClass().getName();
        return n.startsWith("java.util.ImmutableCollections$") || n.startsWith("java.util.Collections$Unmodifiable")
            || n.startsWith("java.util.Collections$Empty") || n.startsWith("java.util.Collections$Singleton");
    }

    private static java.util.List<Object> copyList(final java.util.List<?> l, final boolean moving) {
        final java.util.ArrayList<Object> c = new java.util.ArrayList<>(l.size());
        for (final Object o : l) {
            c.add(o instanceof OffHeapArray a && moving ? a.moveOut() : duplicate(o, moving));
        }
        return c;
    }

    private static java.util.Set<Object> copySet(final java.util.Set<?> s, final boolean moving) {
        final java.util.LinkedHashSet<Object> c = new java.util.LinkedHashSet<>();
        for (final Object o : s) {
            c.add(duplicate(o, moving));
        }
        return c;
    }

    private static java.util.Map<Object, Object> copyMap(final java.util.Map<?, ?> m, final boolean moving) {
        final java.util.LinkedHashMap<Object, Object> c = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> c.put(duplicate(k, moving), v instanceof OffHeapArray a && moving ? a.moveOut()
            : duplicate(v, moving)));
        return c;
    }

    private static boolean isImmutableNumber(final Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Double || n instanceof Float
            || n instanceof Short || n instanceof Byte || n instanceof java.math.BigInteger
            || n instanceof java.math.BigDecimal;
    }
}
