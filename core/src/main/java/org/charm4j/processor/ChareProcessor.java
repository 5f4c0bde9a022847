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
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
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

    /** Names the generated proxy uses itself; an entry method may not take them. */
    static final Set<String> RESERVED = Set.of("at", "of", "elementOf", "insert", "doneInserting", "whenDone",
        "gather", "newGroup", "newArray", "newSparseArray", "newChare", "newChareOn", "index", "collection",
        "equals", "hashCode", "toString", "getClass", "notify", "notifyAll", "wait");

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
        Map.entry("java.util.concurrent.CompletableFuture", " (use org.charm4j.Future)"));

    private final Set<String> generated = new LinkedHashSet<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment round) {
        final TypeElement chareType = processingEnv.getElementUtils().getTypeElement(CHARE);
        if (chareType == null) {
            return false;
        }
        final Messager messager = processingEnv.getMessager();
        final Types types = processingEnv.getTypeUtils();
        final Set<TypeElement> chares = new LinkedHashSet<>();
        for (final Element root : round.getRootElements()) {
            collectChares(root, chareType, chares);
        }
        for (final Element e : annotatedWith(round, ENTRY)) {
            final TypeElement owner = (TypeElement) e.getEnclosingElement();
            if (!types.isSubtype(types.erasure(owner.asType()), types.erasure(chareType.asType()))) {
                report(messager, e, Message.ENTRY_NOT_IN_CHARE, e.getSimpleName(), owner.getQualifiedName());
            }
        }
        for (final Element e : annotatedWith(round, THREADED)) {
            if (!hasAnnotation(e, ENTRY)) {
                report(messager, e, Message.THREADED_WITHOUT_ENTRY, e.getSimpleName());
            }
        }
        for (final TypeElement chare : chares) {
            if (generated.add(chare.getQualifiedName().toString())) {
                final ChareModel model = new ChareAnalyzer(processingEnv, messager, CANNOT_TRAVEL).analyze(chare);
                if (model != null) {
                    write(chare, model);
                }
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
        private final javax.annotation.processing.ProcessingEnvironment env;
        private final Messager messager;
        private final Map<String, String> cannotTravel;
        private boolean failed;

        ChareAnalyzer(final javax.annotation.processing.ProcessingEnvironment env, final Messager messager,
                      final Map<String, String> cannotTravel) {
            this.env = env;
            this.messager = messager;
            this.cannotTravel = cannotTravel;
        }

        private void error(final Element e, final Message m, final Object... args) {
            failed = true;
            report(messager, e, m, args);
        }

        ChareModel analyze(final TypeElement chare) {
            final String name = chare.getQualifiedName().toString();
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
            final List<ChareModel.Entry> entries = entries(chare);
            final List<ChareModel.Ctor> ctors = constructors(chare);
            if (failed) {
                return null;
            }
            final PackageElement pkg = env.getElementUtils().getPackageOf(chare);
            final String pkgName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
            final String local = pkgName.isEmpty() ? name : name.substring(pkgName.length() + 1);
            return new ChareModel(pkgName, local.replace('.', '_') + "Proxy", name, chare.getSimpleName().toString(),
                entries, ctors);
        }

        private List<ChareModel.Entry> entries(final TypeElement chare) {
            final Map<String, ChareModel.Entry> bySignature = new LinkedHashMap<>();
            final Types types = env.getTypeUtils();
            for (TypeElement t = chare; t != null && !t.getQualifiedName().contentEquals(CHARE);
                 t = t.getSuperclass().getKind() == TypeKind.DECLARED
                     ? (TypeElement) types.asElement(t.getSuperclass()) : null) {
                for (final ExecutableElement m : ElementFilter.methodsIn(t.getEnclosedElements())) {
                    if (!hasAnnotation(m, ENTRY)) {
                        continue;
                    }
                    final ChareModel.Entry entry = entry(m);
                    if (entry != null) {
                        bySignature.putIfAbsent(entry.signature(), entry);
                    }
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

        private ChareModel.Entry entry(final ExecutableElement m) {
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
            if (RESERVED.contains(name)) {
                error(m, Message.ENTRY_RESERVED, name, String.join(", ", new java.util.TreeSet<>(RESERVED)));
                ok = false;
            }
            final List<ChareModel.Param> params = params(m, name);
            if (params == null) {
                ok = false;
            }
            final TypeMirror ret = m.getReturnType();
            String result = null;
            if (ret.getKind() != TypeKind.VOID) {
                final String why = whyCannotTravel(ret);
                if (why != null) {
                    error(m, Message.RESULT_CANNOT_TRAVEL, name, ret, why);
                    ok = false;
                }
                result = ret.getKind().isPrimitive()
                    ? env.getTypeUtils().boxedClass((javax.lang.model.type.PrimitiveType) ret).getQualifiedName()
                    .toString() : ret.toString();
            }
            if (!ok) {
                return null;
            }
            return new ChareModel.Entry(-1, name, params, result, hasAnnotation(m, THREADED));
        }

        private List<ChareModel.Param> params(final ExecutableElement m, final String method) {
            final List<ChareModel.Param> params = new ArrayList<>();
            boolean ok = true;
            for (final VariableElement p : m.getParameters()) {
                final TypeMirror t = p.asType();
                final String why = whyCannotTravel(t);
                if (why != null) {
                    error(p, Message.PARAM_CANNOT_TRAVEL, p.getSimpleName(), method, t, why);
                    ok = false;
                }
                params.add(new ChareModel.Param(p.getSimpleName().toString(), t.toString(), copyKind(t)));
            }
            return ok ? params : null;
        }

        private List<ChareModel.Ctor> constructors(final TypeElement chare) {
            final List<ExecutableElement> all = ElementFilter.constructorsIn(chare.getEnclosedElements());
            List<ExecutableElement> chosen = all.stream().filter(c -> hasAnnotation(c, ENTRY)).toList();
            if (chosen.isEmpty()) {
                chosen = all.stream().filter(c -> c.getModifiers().contains(Modifier.PUBLIC)).toList();
            }
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
                final List<ChareModel.Param> params = params(c, chare.getSimpleName() + " constructor");
                if (params != null) {
                    ctors.add(new ChareModel.Ctor(ctors.size(), params));
                }
            }
            return ctors;
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
