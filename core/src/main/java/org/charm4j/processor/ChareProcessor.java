package org.charm4j.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Generates the proxy of every chare class ({@code Foo extends Chare} gives {@code FooProxy}) and checks its entry
 * methods, reporting each problem on the element that causes it.
 *
 * <p>It runs when javac is told to run processors: {@code -proc:full} with charm4j-core on the class path, or
 * charm4j-core in maven-compiler-plugin's {@code annotationProcessorPaths}.
 *
 * <p>Threading: javac's processing thread.
 */
@SupportedAnnotationTypes("*")
public final class ChareProcessor extends AbstractProcessor {
    static final String CHARE = "org.charm4j.Chare";
    static final String ENTRY = "org.charm4j.Entry";
    static final String THREADED = "org.charm4j.Threaded";
    static final String READ_ONLY = "org.charm4j.ReadOnly";
    static final String WHEN = "org.charm4j.When";

    /** Types that never travel between PEs, with the advice given. */
    private static final Map<String, String> CANNOT_TRAVEL = Map.ofEntries(
        Map.entry("java.lang.Thread", ""),
        Map.entry("java.lang.ThreadGroup", ""),
        Map.entry("java.lang.ThreadLocal", ""),
        Map.entry("java.lang.ClassLoader", ""),
        Map.entry("java.lang.foreign.MemorySegment", " (send an org.charm4j.DoubleArray or another off-heap array)"),
        Map.entry("java.lang.foreign.Arena", ""),
        Map.entry("java.io.InputStream", ""),
        Map.entry("java.io.OutputStream", ""),
        Map.entry("java.io.Reader", ""),
        Map.entry("java.io.Writer", ""),
        Map.entry("java.net.Socket", ""),
        Map.entry("java.nio.channels.Channel", ""),
        Map.entry("java.util.concurrent.locks.Lock", ""),
        Map.entry("java.util.concurrent.ExecutorService", ""),
        Map.entry("java.util.concurrent.CompletableFuture", " (use org.charm4j.Future)"),
        Map.entry("org.charm4j.Channel", " (a channel belongs to the chare that made it: send a proxy, and make"
            + " the other end there with Channel.to)"),
        Map.entry("org.charm4j.runtime.WireIn", ""),
        Map.entry("org.charm4j.runtime.WireOut", ""));

    /** Chares found but not written yet, by qualified name: they wait while a type they use is unresolved. */
    private final Set<String> pending = new LinkedHashSet<>();
    /** Chares handled already (written, or reported), by qualified name. */
    private final Set<String> done = new LinkedHashSet<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /**
     * Checks and writes the chares of this round, and those deferred from earlier rounds. A chare whose
     * entry-method or constructor types javac cannot resolve yet, and that are not proxies generated now (see
     * {@link PendingProxies}), waits for the next round, re-read by name; if they are still unresolved when
     * processing is over, each is reported on its element.
     */
    @Override
    public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment round) {
        final Elements elements = processingEnv.getElementUtils();
        final TypeElement chareType = elements.getTypeElement(CHARE);
        if (chareType == null) {
            return false;
        }
        final Messager messager = processingEnv.getMessager();
        final Types types = processingEnv.getTypeUtils();
        final Set<TypeElement> found = new LinkedHashSet<>();
        for (final Element root : round.getRootElements()) {
            collectChares(root, chareType, found);
        }
        for (final Element e : annotatedWith(round, ENTRY)) {
            final TypeElement owner = (TypeElement) e.getEnclosingElement();
            if (!types.isSubtype(types.erasure(owner.asType()), types.erasure(chareType.asType()))) {
                report(messager, e, Message.ENTRY_NOT_IN_CHARE, e.getSimpleName(), owner.getQualifiedName());
            }
        }
        for (final Element e : annotatedWith(round, THREADED)) {
            if (e.getKind() != ElementKind.CONSTRUCTOR && !hasAnnotation(e, ENTRY)) {
                report(messager, e, Message.THREADED_WITHOUT_ENTRY, e.getSimpleName());
            }
        }
        for (final Element e : annotatedWith(round, WHEN)) {
            if (!hasAnnotation(e, ENTRY)) {
                report(messager, e, Message.WHEN_WITHOUT_ENTRY, e.getSimpleName());
            }
        }
        for (final TypeElement chare : found) {
            if (!done.contains(chare.getQualifiedName().toString())) {
                pending.add(chare.getQualifiedName().toString());
            }
        }
        final List<TypeElement> chares = new ArrayList<>();
        for (final String name : new ArrayList<>(pending)) {
            final TypeElement chare = elements.getTypeElement(name);
            if (chare == null) {
                pending.remove(name);
            } else {
                chares.add(chare);
            }
        }
        final PendingProxies proxies = new PendingProxies(processingEnv, chares);
        for (final TypeElement chare : chares) {
            final ChareAnalyzer analyzer = new ChareAnalyzer(processingEnv, messager, CANNOT_TRAVEL, proxies);
            if (!round.processingOver() && analyzer.unresolved(chare)) {
                continue;
            }
            pending.remove(chare.getQualifiedName().toString());
            done.add(chare.getQualifiedName().toString());
            final ChareModel model = analyzer.analyze(chare);
            if (model != null) {
                write(chare, model);
            }
        }
        return false;
    }

    private Set<Element> annotatedWith(final RoundEnvironment round, final String name) {
        final TypeElement a = processingEnv.getElementUtils().getTypeElement(name);
        return a == null ? Set.of() : new LinkedHashSet<>(round.getElementsAnnotatedWith(a));
    }

    static boolean hasAnnotation(final Element e, final String name) {
        return e.getAnnotationMirrors().stream()
            .anyMatch(m -> ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(name));
    }

    /** @return the {@code value} of the element's annotation {@code name} as a string, or null without one. */
    static String annotationValue(final Element e, final String name) {
        for (final javax.lang.model.element.AnnotationMirror m : e.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(name)) {
                for (final var v : m.getElementValues().entrySet()) {
                    if (v.getKey().getSimpleName().contentEquals("value")) {
                        return String.valueOf(v.getValue().getValue());
                    }
                }
                return "";
            }
        }
        return null;
    }

    private void collectChares(final Element e, final TypeElement chareType, final Set<TypeElement> out) {
        if (e.getKind() != ElementKind.CLASS) {
            return;
        }
        final TypeElement t = (TypeElement) e;
        final Types types = processingEnv.getTypeUtils();
        if (!t.getModifiers().contains(Modifier.ABSTRACT) && !t.getQualifiedName().contentEquals(CHARE)
            && types.isSubtype(types.erasure(t.asType()), types.erasure(chareType.asType()))) {
            out.add(t);
        }
        for (final TypeElement nested : ElementFilter.typesIn(t.getEnclosedElements())) {
            collectChares(nested, chareType, out);
        }
    }

    private void write(final TypeElement chare, final ChareModel model) {
        try (Writer w = processingEnv.getFiler().createSourceFile(model.qualifiedProxyName(), chare).openWriter()) {
            w.write(new ProxyWriter(model).write());
        } catch (final IOException e) {
            processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.ERROR,
                "could not write " + model.qualifiedProxyName() + ": " + e, chare);
        }
    }

    static void report(final Messager messager, final Element e, final Message m, final Object... args) {
        messager.printMessage(m.kind(), m.format(args), e);
    }

    /** Reads a chare class into a {@link ChareModel}, reporting every problem. */
    static final class ChareAnalyzer {
        private final ProcessingEnvironment env;
        private final Messager messager;
        private final Map<String, String> cannotTravel;
        private final PendingProxies proxies;
        /** The element of each entry method, by signature, to report a clash on. */
        private final Map<String, ExecutableElement> entryElements = new LinkedHashMap<>();
        private String proxyName;
        private boolean failed;

        ChareAnalyzer(final ProcessingEnvironment env, final Messager messager, final Map<String, String> cannotTravel,
                      final PendingProxies proxies) {
            this.env = env;
            this.messager = messager;
            this.cannotTravel = cannotTravel;
            this.proxies = proxies;
        }

        private void error(final Element e, final Message m, final Object... args) {
            failed = true;
            report(messager, e, m, args);
        }

        private TypeNames names(final Element where) {
            return new TypeNames(env.getTypeUtils(), proxies.resolverFor(where));
        }

        /**
         * @param chare a chare class.
         * @return whether a type of one of its entry methods or constructors is still unresolved (and is not a
         *     pending proxy's): then its proxy waits for a later round.
         */
        boolean unresolved(final TypeElement chare) {
            for (final ExecutableElement m : entryMethods(chare)) {
                final ExecutableType t = memberType(chare, m);
                if (unresolved(m.getParameters(), t.getParameterTypes())
                    || names(m).source(t.getReturnType()) == null) {
                    return true;
                }
            }
            for (final ExecutableElement c : chosenConstructors(chare)) {
                if (unresolved(c.getParameters(), ((ExecutableType) c.asType()).getParameterTypes())) {
                    return true;
                }
            }
            return false;
        }

        private boolean unresolved(final List<? extends VariableElement> ps, final List<? extends TypeMirror> ts) {
            for (int i = 0; i < ps.size(); i++) {
                if (names(ps.get(i)).source(ts.get(i)) == null) {
                    return true;
                }
            }
            return false;
        }

        ChareModel analyze(final TypeElement chare) {
            final String name = chare.getQualifiedName().toString();
            proxyName = PendingProxies.proxyName(env.getElementUtils(), chare);
            if (chare.getNestingKind() == NestingKind.MEMBER && !chare.getModifiers().contains(Modifier.STATIC)) {
                error(chare, Message.CHARE_NOT_STATIC, name);
            }
            if (chare.getNestingKind() == NestingKind.LOCAL || chare.getNestingKind() == NestingKind.ANONYMOUS) {
                return null;
            }
            if (!chare.getTypeParameters().isEmpty()) {
                error(chare, Message.CHARE_GENERIC, name);
            }
            if (chare.getModifiers().contains(Modifier.PRIVATE)) {
                error(chare, Message.CHARE_PRIVATE, name);
            }
            final List<ChareModel.Ctor> ctors = constructors(chare);
            final List<ChareModel.Entry> entries = entries(chare);
            checkClashes(name, entries, ctors);
            if (failed) {
                return null;
            }
            final PackageElement pkg = env.getElementUtils().getPackageOf(chare);
            final String pkgName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
            return new ChareModel(pkgName, proxyName.substring(proxyName.lastIndexOf('.') + 1), name,
                chare.getSimpleName().toString(), entries, ctors);
        }

        /** @return the {@code @Entry} methods of the chare and its superclasses up to Chare, subclass first. */
        private List<ExecutableElement> entryMethods(final TypeElement chare) {
            final List<ExecutableElement> all = new ArrayList<>();
            final Types types = env.getTypeUtils();
            for (TypeElement t = chare; t != null && !t.getQualifiedName().contentEquals(CHARE);
                 t = t.getSuperclass().getKind() == TypeKind.DECLARED
                     ? (TypeElement) types.asElement(t.getSuperclass()) : null) {
                for (final ExecutableElement m : ElementFilter.methodsIn(t.getEnclosedElements())) {
                    if (hasAnnotation(m, ENTRY)) {
                        all.add(m);
                    }
                }
            }
            return all;
        }

        /** @return the method's type as a member of the chare: a generic superclass's type arguments filled in. */
        private ExecutableType memberType(final TypeElement chare, final ExecutableElement m) {
            return (ExecutableType) env.getTypeUtils().asMemberOf((DeclaredType) chare.asType(), m);
        }

        private List<ChareModel.Entry> entries(final TypeElement chare) {
            final Map<String, ChareModel.Entry> bySignature = new LinkedHashMap<>();
            for (final ExecutableElement m : entryMethods(chare)) {
                final ChareModel.Entry entry = entry(chare, m);
                if (entry != null && bySignature.putIfAbsent(entry.signature(), entry) == null) {
                    entryElements.put(entry.signature(), m);
                }
            }
            final List<ChareModel.Entry> sorted = new ArrayList<>(bySignature.values());
            sorted.sort(Comparator.comparing(ChareModel.Entry::signature));
            final List<ChareModel.Entry> numbered = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                numbered.add(sorted.get(i).withId(i));
            }
            return numbered;
        }

        private ChareModel.Entry entry(final TypeElement chare, final ExecutableElement m) {
            final String name = m.getSimpleName().toString();
            boolean ok = true;
            if (!m.getModifiers().contains(Modifier.PUBLIC)) {
                error(m, Message.ENTRY_NOT_PUBLIC, name);
                ok = false;
            }
            if (m.getModifiers().contains(Modifier.STATIC)) {
                error(m, Message.ENTRY_STATIC, name);
                ok = false;
            }
            if (!m.getTypeParameters().isEmpty()) {
                error(m, Message.ENTRY_GENERIC, name);
                ok = false;
            }
            final ExecutableType type = memberType(chare, m);
            final List<ChareModel.Param> params = params(m.getParameters(), type.getParameterTypes(), name);
            if (params == null) {
                ok = false;
            }
            final TypeMirror ret = type.getReturnType();
            String result = null;
            if (ret.getKind() != TypeKind.VOID) {
                final String source = names(m).source(ret);
                final String why = whyCannotTravel(ret);
                if (source == null) {
                    error(m, Message.RESULT_UNRESOLVED, name, ret, proxyName);
                    ok = false;
                } else if (why != null) {
                    error(m, Message.RESULT_CANNOT_TRAVEL, name, source, why);
                    ok = false;
                }
                result = ret.getKind().isPrimitive()
                    ? env.getTypeUtils().boxedClass((javax.lang.model.type.PrimitiveType) ret).getQualifiedName()
                    .toString() : source;
            }
            if (!ok) {
                return null;
            }
            final String when = annotationValue(m, WHEN);
            ChareModel.Condition condition = null;
            if (when != null) {
                condition = Conditions.read(env, messager, chare, m, when, params);
                if (condition == null) {
                    failed = true;
                    return null;
                }
            }
            return new ChareModel.Entry(-1, name, params, result, hasAnnotation(m, THREADED), condition);
        }

        private List<ChareModel.Param> params(final List<? extends VariableElement> ps,
                                              final List<? extends TypeMirror> ts, final String method) {
            final List<ChareModel.Param> params = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < ps.size(); i++) {
                final VariableElement p = ps.get(i);
                final TypeMirror t = ts.get(i);
                final TypeNames names = names(p);
                final String source = names.source(t);
                final String why = whyCannotTravel(t);
                if (source == null) {
                    error(p, Message.PARAM_UNRESOLVED, p.getSimpleName(), method, t, proxyName);
                    ok = false;
                } else if (why != null) {
                    error(p, Message.PARAM_CANNOT_TRAVEL, p.getSimpleName(), method, source, why);
                    ok = false;
                } else {
                    final ChareModel.Copy copy = copyKind(t);
                    params.add(new ChareModel.Param(p.getSimpleName().toString(), source, names.erasure(t),
                        copy == ChareModel.Copy.COPY && hasAnnotation(p, READ_ONLY) ? ChareModel.Copy.SHARED : copy));
                }
            }
            return ok ? params : null;
        }

        /** @return the constructors that create the chare: the {@code @Entry} ones, or else the public ones. */
        private static List<ExecutableElement> chosenConstructors(final TypeElement chare) {
            final List<ExecutableElement> all = ElementFilter.constructorsIn(chare.getEnclosedElements());
            final List<ExecutableElement> entries = all.stream().filter(c -> hasAnnotation(c, ENTRY)).toList();
            return entries.isEmpty() ? all.stream().filter(c -> c.getModifiers().contains(Modifier.PUBLIC)).toList()
                : entries;
        }

        private List<ChareModel.Ctor> constructors(final TypeElement chare) {
            final List<ExecutableElement> chosen = chosenConstructors(chare);
            if (chosen.isEmpty()) {
                error(chare, Message.NO_CONSTRUCTOR, chare.getQualifiedName());
                return List.of();
            }
            final List<ChareModel.Ctor> ctors = new ArrayList<>();
            for (final ExecutableElement c : chosen) {
                if (c.getModifiers().contains(Modifier.PRIVATE)) {
                    error(c, Message.CONSTRUCTOR_NOT_ACCESSIBLE, chare.getQualifiedName());
                    continue;
                }
                final List<ChareModel.Param> params = params(c.getParameters(),
                    ((ExecutableType) c.asType()).getParameterTypes(), chare.getSimpleName() + " constructor");
                if (params != null) {
                    ctors.add(new ChareModel.Ctor(ctors.size(), params, hasAnnotation(c, THREADED)));
                }
            }
            return ctors;
        }

        /**
         * Reports each entry method whose name and parameter types are those of a method the generated proxy
         * classes declare, or inherit from their bases: Java cannot have both. Overloads are fine.
         */
        private void checkClashes(final String chare, final List<ChareModel.Entry> entries,
                                  final List<ChareModel.Ctor> ctors) {
            final boolean results = entries.stream().anyMatch(e -> e.result() != null);
            final Map<String, String> taken = ProxyMembers.of(env, proxyName, chare, ctors, results);
            for (final ChareModel.Entry e : entries) {
                final String clash = taken.get(e.erasedSignature());
                if (clash != null) {
                    error(entryElements.get(e.signature()), Message.ENTRY_CLASHES, e.simpleSignature(), clash);
                }
            }
        }

        private String whyCannotTravel(final TypeMirror t) {
            if (t.getKind() == TypeKind.ARRAY) {
                return whyCannotTravel(((javax.lang.model.type.ArrayType) t).getComponentType());
            }
            if (t.getKind() != TypeKind.DECLARED) {
                return null;
            }
            final Types types = env.getTypeUtils();
            final TypeElement chareType = env.getElementUtils().getTypeElement(CHARE);
            if (types.isSubtype(types.erasure(t), types.erasure(chareType.asType()))) {
                return " (a chare stays on its PE: pass its proxy instead)";
            }
            for (final Map.Entry<String, String> bad : cannotTravel.entrySet()) {
                final TypeElement b = env.getElementUtils().getTypeElement(bad.getKey());
                if (b != null && types.isSubtype(types.erasure(t), types.erasure(b.asType()))) {
                    return bad.getValue();
                }
            }
            return null;
        }

        private ChareModel.Copy copyKind(final TypeMirror t) {
            if (t.getKind().isPrimitive()) {
                return ChareModel.Copy.NONE;
            }
            if (t.getKind() == TypeKind.DECLARED) {
                final String n = ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().toString();
                if (n.equals("java.lang.String") || n.startsWith("java.lang.") && isBoxed(n)) {
                    return ChareModel.Copy.NONE;
                }
            }
            return ChareModel.Copy.COPY;
        }

        private static boolean isBoxed(final String n) {
            return switch (n) {
                case "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float", "java.lang.Short",
                     "java.lang.Byte", "java.lang.Character", "java.lang.Boolean" -> true;
                default -> false;
            };
        }
    }
}
