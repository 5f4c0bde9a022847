package org.charm4j.runtime;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;

/**
 * Serializable lambdas and method references (reduction targets such as {@code proxy::done}, array maps) across
 * processes, through their {@link SerializedLambda}: written with its public getters, read back with its public
 * constructor and the capturing class's own {@code $deserializeLambda$}, so that no JVM needs
 * {@code --add-opens} (Kryo's own closure serializer reads {@code java.lang.invoke} internals).
 *
 * <p>Threading: one Kryo (thread) at a time.
 */
final class LambdaSerializer extends Serializer<Object> {
    private final ClassLoader loader;

    LambdaSerializer(final ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public void write(final Kryo kryo, final Output out, final Object lambda) {
        final SerializedLambda s;
        try {
            s = Lambdas.serialized(lambda);
        } catch (final IllegalArgumentException e) {
            throw new KryoException(e.getMessage());
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
            return Lambdas.rebuild(Class.forName(capturing, true, loader), fiClass, fiMethod, fiSignature, implKind,
                implClass, implMethod, implSignature, instantiated, captured);
        } catch (final ClassNotFoundException | IllegalStateException e) {
            throw new KryoException("cannot rebuild a lambda of " + capturing + " (" + implMethod + "): " + e, e);
        }
    }
}
