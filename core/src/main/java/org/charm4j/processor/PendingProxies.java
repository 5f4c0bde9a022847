package org.charm4j.processor;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The proxies that this processor is about to generate, and how a chare's source names them before they exist.
 *
 * <p>Chares that name each other's proxies ({@code a.Ping} takes a {@code b.PongProxy.Element}, {@code b.Pong} an
 * {@code a.PingProxy.Element}) would wait for each other forever if each waited for the other's proxy to be
 * generated. So a type javac could not resolve yet is looked up by its spelling among the types these proxies
 * declare, the way javac would find it: as written (qualified), through a single-type import, in the chare's own
 * package, through an import on demand. A type that is not among them stays unresolved, and its chare waits for a
 * later round.
 *
 * <p>Imports are read through javac's tree API where it is available; elsewhere only qualified and same-package
 * spellings are found.
 *
 * <p>Threading: javac's processing thread.
 */
final class PendingProxies {
    /** The types a generated proxy declares, as suffixes of its qualified name. */
    private static final List<String> DECLARED = List.of("", ".Element", ".Element.WhenDone", ".WhenDone", ".Gather");

    private final Elements elements;
    private final Set<String> names = new LinkedHashSet<>();
    private final Object trees;
    private final Map<Element, List<String>> importsByUnit = new HashMap<>();

    /**
     * @param env    the processing environment.
     * @param chares the chares whose proxies are pending (not generated yet, or generated in this round).
     */
    PendingProxies(final ProcessingEnvironment env, final Iterable<TypeElement> chares) {
        this.elements = env.getElementUtils();
        for (final TypeElement chare : chares) {
            final String proxy = proxyName(elements, chare);
            for (final String suffix : DECLARED) {
                names.add(proxy + suffix);
            }
        }
        this.trees = treesOf(env);
    }

    /**
     * @param elements javac's element utilities.
     * @param chare    a chare class.
     * @return the qualified name of its proxy: {@code a.b.Outer.Inner} gives {@code a.b.Outer_InnerProxy}.
     */
    static String proxyName(final Elements elements, final TypeElement chare) {
        final PackageElement pkg = elements.getPackageOf(chare);
        final String pkgName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
        final String name = chare.getQualifiedName().toString();
        final String local = pkgName.isEmpty() ? name : name.substring(pkgName.length() + 1);
        return (pkgName.isEmpty() ? "" : pkgName + ".") + local.replace('.', '_') + "Proxy";
    }

    /**
     * @param where the element whose source spells the types (a parameter or method of a chare).
     * @return a resolver for {@link TypeNames}: the qualified name of a pending proxy's type, or {@code null}.
     */
    UnaryOperator<String> resolverFor(final Element where) {
        return spelled -> resolve(spelled, where);
    }

    private String resolve(final String spelled, final Element where) {
        if (names.contains(spelled)) {
            return spelled;
        }
        final int dot = spelled.indexOf('.');
        final String first = dot < 0 ? spelled : spelled.substring(0, dot);
        final String rest = dot < 0 ? "" : spelled.substring(dot);
        final List<String> imports = imports(where);
        for (final String i : imports) {
            if (!i.endsWith(".*") && (i.equals(first) || i.endsWith("." + first))) {
                // a single-type import binds the name, whether or not it is one of ours
                return names.contains(i + rest) ? i + rest : null;
            }
        }
        final PackageElement pkg = elements.getPackageOf(where);
        final String local = pkg.isUnnamed() ? spelled : pkg.getQualifiedName() + "." + spelled;
        if (names.contains(local)) {
            return local;
        }
        for (final String i : imports) {
            if (i.endsWith(".*")) {
                final String candidate = i.substring(0, i.length() - 1) + spelled;
                if (names.contains(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** @return the non-static imports of the compilation unit that declares {@code where}, as written. */
    private List<String> imports(final Element where) {
        if (trees == null) {
            return List.of();
        }
        Element top = where;
        while (top.getEnclosingElement() != null && !(top.getEnclosingElement() instanceof PackageElement)) {
            top = top.getEnclosingElement();
        }
        return importsByUnit.computeIfAbsent(top, t -> {
            final com.sun.source.util.TreePath path = ((com.sun.source.util.Trees) trees).getPath(t);
            if (path == null) {
                return List.of();
            }
            return path.getCompilationUnit().getImports().stream().filter(i -> !i.isStatic())
                .map(i -> i.getQualifiedIdentifier().toString()).toList();
        });
    }

    /** @return javac's {@code Trees}, or {@code null} under another compiler (kept as Object so none is needed). */
    private static Object treesOf(final ProcessingEnvironment env) {
        try {
            return com.sun.source.util.Trees.instance(env);
        } catch (final IllegalArgumentException | LinkageError e) {
            return null;
        }
    }
}
