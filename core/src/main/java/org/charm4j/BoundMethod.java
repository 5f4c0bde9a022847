package org.charm4j;

import java.lang.invoke.SerializedLambda;
import java.util.Arrays;
import java.util.List;

/**
 * What a method reference names, as a value: {@code BoundMethod.of(proxy.at(1)::got)} equals
 * {@code BoundMethod.of(other.at(1)::got)} when the two proxies are equal, with the same hash code, also when one of
 * them came back from another process. Java never makes two lambdas or method references equal (each evaluation is a
 * new object, and they cannot override {@code equals}), so bound entry methods used as targets or callbacks are
 * compared, hashed or kept as map keys through this.
 *
 * @param implClass the class that declares the method ({@code a/b/FooProxy$Element}, as in the class file).
 * @param method    the method's name.
 * @param signature its descriptor.
 * @param captured  what the reference captured: for {@code element::method}, the element proxy.
 */
public record BoundMethod(String implClass, String method, String signature, List<Object> captured)
    implements java.io.Serializable {

    /**
     * @param methodReference a method reference or lambda of a {@link java.io.Serializable} functional interface
     *                        ({@link Target}, {@link Callback}, {@link IntTarget}, ...).
     * @return the method it names and what it captured.
     * @throws IllegalArgumentException if it is not a lambda of a serializable interface.
     */
    public static BoundMethod of(final Object methodReference) {
        final SerializedLambda s = org.charm4j.runtime.Lambdas.serializedForm(methodReference);
        final Object[] captured = new Object[s.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = s.getCapturedArg(i);
        }
        return new BoundMethod(s.getImplClass(), s.getImplMethodName(), s.getImplMethodSignature(),
            java.util.Collections.unmodifiableList(Arrays.asList(captured)));
    }

    /**
     * @param a a method reference.
     * @param b another.
     * @return whether they name the same method of equal receivers.
     */
    public static boolean same(final Object a, final Object b) {
        return of(a).equals(of(b));
    }
}
