package org.charm4j.runtime;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Serializable lambdas and method references (bound entry methods such as {@code proxy::done}, reduction targets,
 * array maps) taken apart into their {@link SerializedLambda} and rebuilt, with public API only: the lambda's own
 * {@code writeReplace} and its capturing class's {@code $deserializeLambda$}. The argument copier rebuilds a lambda
 * whose captured values must be copied; the wire codec sends one to another process.
 *
 * <p>Threading: any thread (the method caches are thread-safe).
 */
public final class Lambdas {
    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(final Class<?> c) {
            try {
                final Method m = c.getDeclaredMethod("writeReplace");
                m.setAccessible(true);
                return m;
            } catch (final NoSuchMethodException e) {
                return null;
            }
        }
    };
    private static final ClassValue<Method> DESERIALIZE = new ClassValue<>() {
        @Override
        protected Method computeValue(final Class<?> c) {
            try {
                final Method m = c.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
                m.setAccessible(true);
                return m;
            } catch (final NoSuchMethodException e) {
                return null;
            }
        }
    };

    private Lambdas() {
    }

    /** @return whether {@code c} is the class of a lambda or method reference. */
    static boolean isLambda(final Class<?> c) {
        return c.isHidden() && c.getName().contains("$$Lambda");
    }

    /**
     * @param lambda a lambda or method reference.
     * @return its serialized form.
     * @throws IllegalArgumentException if its functional interface is not {@link java.io.Serializable}.
     */
    static SerializedLambda serialized(final Object lambda) {
        final Method m = WRITE_REPLACE.get(lambda.getClass());
        if (m == null) {
            throw new IllegalArgumentException(notSerializable(lambda));
        }
        try {
            return (SerializedLambda) m.invoke(lambda);
        } catch (final InvocationTargetException | IllegalAccessException e) {
            throw new IllegalStateException("cannot take apart lambda " + lambda.getClass().getName() + ": " + e, e);
        }
    }

    /**
     * For {@link org.charm4j.BoundMethod}: a lambda's serialized form, taken apart.
     *
     * @param lambda a lambda or method reference.
     * @return its serialized form.
     * @throws IllegalArgumentException if it is not a lambda of a serializable interface.
     */
    public static SerializedLambda serializedForm(final Object lambda) {
        if (lambda == null || !isLambda(lambda.getClass())) {
            throw new IllegalArgumentException("BoundMethod.of takes a method reference or lambda, not " + lambda);
        }
        return serialized(lambda);
    }

    static String notSerializable(final Object lambda) {
        final Class<?>[] interfaces = lambda.getClass().getInterfaces();
        return "a lambda of " + (interfaces.length == 0 ? "an interface" : interfaces[0].getName()) + ", which is not"
            + " Serializable, cannot travel as an argument or a target (it could not leave its process): use"
            + " org.charm4j.Target, org.charm4j.Callback or another functional interface that extends"
            + " java.io.Serializable";
    }

    /**
     * Rebuilds a lambda with other captured values.
     *
     * @param s        the lambda's serialized form.
     * @param captured the values it captures (same types as {@code s}'s).
     * @param loader   loads its capturing class.
     * @return a new lambda of the same method and interface.
     */
    static Object rebuild(final SerializedLambda s, final Object[] captured, final ClassLoader loader) {
        final String capturing = s.getCapturingClass().replace('/', '.');
        try {
            return rebuild(Class.forName(capturing, false, loader), s.getFunctionalInterfaceClass(),
                s.getFunctionalInterfaceMethodName(), s.getFunctionalInterfaceMethodSignature(), s.getImplMethodKind(),
                s.getImplClass(), s.getImplMethodName(), s.getImplMethodSignature(), s.getInstantiatedMethodType(),
                captured);
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException("cannot rebuild a lambda of " + capturing + ": " + e, e);
        }
    }

    /**
     * Rebuilds a lambda from the parts of its serialized form.
     *
     * @return the lambda.
     */
    static Object rebuild(final Class<?> capturingClass, final String fiClass, final String fiMethod,
                          final String fiSignature, final int implKind, final String implClass,
                          final String implMethod, final String implSignature, final String instantiated,
                          final Object[] captured) {
        final SerializedLambda s = new SerializedLambda(capturingClass, fiClass, fiMethod, fiSignature, implKind,
            implClass, implMethod, implSignature, instantiated, captured);
        final Method m = DESERIALIZE.get(capturingClass);
        if (m == null) {
            throw new IllegalStateException(capturingClass.getName() + " has no serializable lambdas");
        }
        try {
            return m.invoke(null, s);
        } catch (final InvocationTargetException | IllegalAccessException e) {
            throw new IllegalStateException("cannot rebuild a lambda of " + capturingClass.getName() + " ("
                + implMethod + "): " + e, e);
        }
    }
}
