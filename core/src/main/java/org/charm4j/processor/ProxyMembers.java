package org.charm4j.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * The methods a generated proxy has whatever entry methods its chare declares: those {@link ProxyWriter} writes
 * (creation, {@code at}, {@code whenDone}, ...) and those its classes inherit ({@code org.charm4j.Proxy},
 * {@code org.charm4j.runtime.CollectionProxy}, {@code org.charm4j.runtime.ElementProxy}, {@code java.lang.Object}).
 * Every entry method becomes a method of the same name and parameter types in the proxy, its {@code Element}, and
 * their {@code WhenDone} and {@code Gather} classes, so an entry method with the signature of one of these cannot be
 * generated; any other overload can.
 *
 * <p>Threading: javac's processing thread.
 */
final class ProxyMembers {
    private static final String RT = "org.charm4j.runtime.";
    private static final String ARRAY_MAP = "org.charm4j.ArrayMap";
    private static final String INDEX = "org.charm4j.Index";

    private ProxyMembers() {
    }

    /**
     * @param env     the processing environment.
     * @param proxy   the proxy's qualified name.
     * @param chare   the chare's qualified name.
     * @param ctors   the chare's constructors, whose parameters the creation methods take.
     * @param results whether an entry method returns a value (then the proxy has {@code gather()}).
     * @return by erased signature ({@code at(int)}, {@code equals(java.lang.Object)}), the method it names, for
     *     an error message: {@code index() of org.charm4j.runtime.ElementProxy}, {@code the generated p.FooProxy.at(int)}.
     */
    static Map<String, String> of(final ProcessingEnvironment env, final String proxy, final String chare,
                                  final List<ChareModel.Ctor> ctors, final boolean results) {
        final Map<String, String> taken = new LinkedHashMap<>();
        final String collection = "the generated " + proxy + ".";
        for (final ChareModel.Ctor c : ctors) {
            final List<String> ps = c.params().stream().map(ChareModel.Param::erasure).toList();
            generated(taken, collection, "newGroup", List.of(), ps);
            generated(taken, collection, "newGroupOn", List.of("int[]"), ps);
            generated(taken, collection, "newArray", List.of("int"), ps);
            generated(taken, collection, "newArray", List.of("int[]"), ps);
            generated(taken, collection, "newArray", List.of("int[]", ARRAY_MAP), ps);
            generated(taken, collection, "newChare", List.of(), ps);
            generated(taken, collection, "newChareOn", List.of("int"), ps);
            generated(taken, collection, "insert", List.of(INDEX), ps);
        }
        generated(taken, collection, "newSparseArray", List.of(), List.of());
        generated(taken, collection, "newSparseArray", List.of(ARRAY_MAP), List.of());
        generated(taken, collection, "doneInserting", List.of(), List.of());
        generated(taken, collection, "of", List.of(chare), List.of());
        generated(taken, collection, "elementOf", List.of(chare), List.of());
        final List<String> ints = new ArrayList<>();
        for (int d = 1; d <= 6; d++) {
            ints.add("int");
            generated(taken, collection, "at", ints, List.of());
        }
        generated(taken, collection, "at", List.of(INDEX), List.of());
        generated(taken, collection, "whenDone", List.of(), List.of());
        generated(taken, collection, "section", List.of("org.charm4j.Range[]"), List.of());
        generated(taken, collection, "section", List.of(INDEX, INDEX, INDEX), List.of());
        generated(taken, collection, "section", List.of("java.util.Collection"), List.of());
        generated(taken, collection, "split", List.of("int", "java.util.function.ToIntFunction"), List.of());
        if (results) {
            generated(taken, collection, "gather", List.of(), List.of());
        }
        generated(taken, collection, "readEntry", List.of("int", RT + "WireIn"), List.of());
        generated(taken, collection, "readConstructor", List.of("int", RT + "WireIn"), List.of());
        generated(taken, "the generated " + proxy + ".Element.", "whenDone", List.of(), List.of());
        inherited(env, taken, RT + "CollectionProxy");
        inherited(env, taken, RT + "ElementProxy");
        return taken;
    }

    private static void generated(final Map<String, String> taken, final String owner, final String name,
                                  final List<String> first, final List<String> rest) {
        final List<String> ps = new ArrayList<>(first);
        ps.addAll(rest);
        final String signature = name + "(" + String.join(",", ps) + ")";
        taken.putIfAbsent(signature, owner + name + "(" + simple(ps) + ")");
    }

    /** Adds the methods a base class declares or inherits that a generated subclass could clash with. */
    private static void inherited(final ProcessingEnvironment env, final Map<String, String> taken,
                                  final String base) {
        final TypeElement type = env.getElementUtils().getTypeElement(base);
        if (type == null) {
            return;
        }
        final TypeNames names = new TypeNames(env.getTypeUtils(), spelled -> null);
        for (final ExecutableElement m : ElementFilter.methodsIn(env.getElementUtils().getAllMembers(type))) {
            if (!m.getModifiers().contains(Modifier.PUBLIC) && !m.getModifiers().contains(Modifier.PROTECTED)) {
                continue; // private, or package-private in another package: a subclass's method does not clash
            }
            final List<String> ps = new ArrayList<>();
            for (final VariableElement p : m.getParameters()) {
                ps.add(names.erasure(p.asType()));
            }
            final String owner = ((TypeElement) m.getEnclosingElement()).getQualifiedName().toString();
            taken.putIfAbsent(m.getSimpleName() + "(" + String.join(",", ps) + ")",
                m.getSimpleName() + "(" + simple(ps) + ") of " + owner);
        }
    }

    private static String simple(final List<String> types) {
        return String.join(", ", types.stream().map(TypeNames::simple).toList());
    }
}
