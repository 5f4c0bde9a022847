package org.charm4j.runtime;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serializable lambdas and method references (reduction targets such as {@code proxy::done}, array maps) across
 * processes, through their {@link SerializedLambda}: written with its public getters, read back with its public
 * constructor and the capturing class's own {@code $deserializeLambda$}, so that no JVM needs
 * {@code --add-opens} (Kryo's own closure serializer reads {@code java.lang.invoke} internals).
 *
 * <p>Threading: one Kryo (thread) at a time; the method caches are thread-safe.
 */
final class LambdaSerializer extends Serializer<Object> {
    private static final ConcurrentHashMap<Class<?>, Method> WRITE_REPLACE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Class<?>, Method> DESERIALIZE = new ConcurrentHashMap<>();

    private final ClassLoader loader;

    LambdaSerializer(final ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public void write(final Kryo kryo, final Output out, final Object lambda) {
        final SerializedLambda s;
        try {
            s = (SerializedLambda) WRITE_REPLACE.computeIfAbsent(lambda.getClass(), c -> {
                try {
                    final Method m = c.getDeclaredMethod("writeReplace");
                    m.setAccessible(true);
                    return m;
                } catch (final NoSuchMethodException e) {
                    throw new KryoException(c.getName() + " is a lambda that is not serializable: only lambdas of a "
                        + "Serializable interface (charm4j's targets and maps are) can travel to another process");
                }
            }).invoke(lambda);
        } catch (final ReflectiveOperationException e) {
            throw new KryoException("cannot serialize lambda " + lambda.getClass().getName() + ": " + e, e);
        }
        out.writeString(s.getCapturingClass().replace('/', '.'));
        out.writeString(s.getFunctionalInterfaceClass());
        out.writeString(s.getFunctionalInterfaceMethodName());
        out.writeString(s.getFunctionalInterfaceMethodSignature());
        out.writeInt(s.getImplMethodKind());
        out.writeString(s.getImplClass());
        out.writeString(s.getImplMethodName());
        out.writeString(s.getImplMethodSignature());
        out.writeString(s.getInstantiatedMethodType());
        out.writeInt(s.getCapturedArgCount());
        for (int i = 0; i < s.getCapturedArgCount(); i++) {
            kryo.writeClassAndObject(out, s.getCapturedArg(i));
        }
    }

    @Override
    public Object read(final Kryo kryo, final Input in, final Class<?> type) {
        final String capturing = in.readString();
        final String fiClass = in.readString();
        final String fiMethod = in.readString();
        final String fiSignature = in.readString();
        final int implKind = in.readInt();
        final String implClass = in.readString();
        final String implMethod = in.readString();
        final String implSignature = in.readString();
        final String instantiated = in.readString();
        final Object[] captured = new Object[in.readInt()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = kryo.readClassAndObject(in);
        }
        try {
            final Class<?> capturingClass = Class.forName(capturing, true, loader);
            final SerializedLambda s = new SerializedLambda(capturingClass, fiClass, fiMethod, fiSignature, implKind,
                implClass, implMethod, implSignature, instantiated, captured);
            return DESERIALIZE.computeIfAbsent(capturingClass, c -> {
                try {
                    final Method m = c.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                    m.setAccessible(true);
                    return m;
                } catch (final NoSuchMethodException e) {
                    throw new KryoException(c.getName() + " has no serializable lambdas");
                }
            }).invoke(null, s);
        } catch (final ReflectiveOperationException e) {
            throw new KryoException("cannot rebuild a lambda of " + capturing + " (" + implMethod + "): " + e, e);
        }
    }
}
