package org.charm4j;

import com.esotericsoftware.kryo.Serializer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How objects travel, customized. Arguments and reduction values that are not primitives, strings, arrays or
 * charm4j types go through Kryo, which needs nothing from the user: it writes the class name, then the fields. A
 * class can take over its own form by implementing Kryo's {@code KryoSerializable} (as Python's
 * {@code __getstate__}/{@code __setstate__}), or a program can register a Kryo {@link Serializer} for a class here.
 *
 * <p>Register in {@code main} before {@code Charm.start}, so that every process of the job registers the same
 * serializers (every process runs {@code main} up to {@code Charm.start}).
 *
 * <p>Threading: any thread, before the job starts.
 */
public final class Serializers {
    private static final Map<Class<?>, Serializer<?>> CUSTOM = new LinkedHashMap<>();

    private Serializers() {
    }

    /**
     * Makes {@code serializer} write and read objects of {@code type} (and its subclasses) when they travel between
     * processes, and copy them (its {@code copy}, or a write and read) when they travel within one.
     *
     * @param type       the class.
     * @param serializer its serializer.
     * @param <T>        the class's type.
     */
    public static synchronized <T> void register(final Class<T> type, final Serializer<T> serializer) {
        CUSTOM.put(type, serializer);
    }

    /** @return for the runtime: a snapshot of the registered serializers, in registration order. */
    public static synchronized Map<Class<?>, Serializer<?>> registered() {
        return new LinkedHashMap<>(CUSTOM);
    }
}
