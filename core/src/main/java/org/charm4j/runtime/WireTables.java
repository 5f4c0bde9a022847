package org.charm4j.runtime;

import java.lang.invoke.SerializedLambda;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one process tells each other process once and then names by id: the shapes of serializable lambdas (the
 * capturing class, interface and implementation method of a reduction target such as {@code proxy::done}), so that
 * a lambda after the first travels as its shape's id and its captured values.
 *
 * <p>Threading: any thread.
 */
final class WireTables {
    private final int nodes;
    private final AtomicInteger nextShapeId = new AtomicInteger(1);
    private final ConcurrentHashMap<Class<?>, SentShape> sent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Shape> received = new ConcurrentHashMap<>();

    WireTables(final int nodes) {
        this.nodes = nodes;
    }

    /**
     * A lambda's shape: everything of its {@link SerializedLambda} but the captured values.
     *
     * @param capturingClass   the class whose {@code $deserializeLambda$} rebuilds it, dotted.
     * @param fiClass          the functional interface.
     * @param fiMethod         its method.
     * @param fiSignature      its method's descriptor.
     * @param implKind         the method handle kind of the implementation.
     * @param implClass        the implementation's class.
     * @param implMethod       the implementation's method.
     * @param implSignature    its descriptor.
     * @param instantiatedType the instantiated method type.
     */
    record Shape(String capturingClass, String fiClass, String fiMethod, String fiSignature, int implKind,
                 String implClass, String implMethod, String implSignature, String instantiatedType) {
        static Shape of(final SerializedLambda s) {
            return new Shape(s.getCapturingClass().replace('/', '.'), s.getFunctionalInterfaceClass(),
                s.getFunctionalInterfaceMethodName(), s.getFunctionalInterfaceMethodSignature(), s.getImplMethodKind(),
                s.getImplClass(), s.getImplMethodName(), s.getImplMethodSignature(), s.getInstantiatedMethodType());
        }
    }

    /** A shape this process sends, with its id and the processes that know it. */
    record SentShape(int id, Shape shape, KnownBy knownBy) {
    }

    /** @return the shape of lambdas of {@code lambdaClass}, given one's serialized form. */
    SentShape sentShape(final Class<?> lambdaClass, final SerializedLambda s) {
        SentShape shape = sent.get(lambdaClass);
        if (shape == null) {
            shape = sent.computeIfAbsent(lambdaClass,
                c -> new SentShape(nextShapeId.getAndIncrement(), Shape.of(s), new KnownBy(nodes)));
        }
        return shape;
    }

    /** Records a shape that {@code from} described. */
    void received(final int from, final int id, final Shape shape) {
        received.put((long) from << 32 | id, shape);
    }

    /** @return the shape {@code from} described under {@code id}, or null. */
    Shape receivedShape(final int from, final int id) {
        return received.get((long) from << 32 | id);
    }
}
