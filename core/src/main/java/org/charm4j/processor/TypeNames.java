package org.charm4j.processor;

import java.util.List;
import java.util.function.UnaryOperator;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * Writes types as generated code needs them: fully qualified, generic arguments and arrays included, type-use
 * annotations left out ({@code @Nullable java.lang.String} is {@code java.lang.String}), so that the text means the
 * same in the proxy's package as in the chare's source, and is the same whether a type was resolved by javac or by
 * name.
 *
 * <p>A type javac could not resolve yet ({@link TypeKind#ERROR}, such as another chare's proxy that is generated in
 * this round) is named by a resolver that maps its spelling in the source to a qualified name; where the resolver
 * knows no name, the type is unresolved and {@link #source} returns {@code null}.
 *
 * <p>Threading: javac's processing thread.
 */
final class TypeNames {
    private final Types types;
    private final UnaryOperator<String> resolve;

    /**
     * @param types   javac's type utilities.
     * @param resolve maps the spelling of an unresolved type (e.g. {@code PongProxy.Element}) to its qualified
     *                name, or to {@code null} where it cannot.
     */
    TypeNames(final Types types, final UnaryOperator<String> resolve) {
        this.types = types;
        this.resolve = resolve;
    }

    /**
     * @param t a type.
     * @return its source text, fully qualified, e.g. {@code java.util.List<b.PongProxy.Element>}, or {@code null}
     *     where some part of it is unresolved.
     */
    String source(final TypeMirror t) {
        final StringBuilder b = new StringBuilder();
        return append(b, t, false) ? b.toString() : null;
    }

    /**
     * @param t a type.
     * @return the source text of its erasure (no type arguments), as Java compares method signatures, or
     *     {@code null} where it is unresolved.
     */
    String erasure(final TypeMirror t) {
        final StringBuilder b = new StringBuilder();
        return append(b, t, true) ? b.toString() : null;
    }

    /** {@code java.util.List<java.lang.String>} becomes {@code List<String>}, for readable names in messages. */
    static String simple(final String type) {
        return type.replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
    }

    private boolean append(final StringBuilder b, final TypeMirror t, final boolean erase) {
        switch (t.getKind()) {
            case BOOLEAN, BYTE, SHORT, INT, LONG, CHAR, FLOAT, DOUBLE, VOID -> {
                b.append(t.getKind().name().toLowerCase(java.util.Locale.ROOT));
                return true;
            }
            case ARRAY -> {
                final boolean ok = append(b, ((ArrayType) t).getComponentType(), erase);
                b.append("[]");
                return ok;
            }
            case DECLARED -> {
                return declared(b, (DeclaredType) t, erase);
            }
            case ERROR -> {
                final String spelled = ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().toString();
                final String name = resolve.apply(spelled);
                b.append(name == null ? spelled : name);
                final boolean ok = name != null;
                return (erase || arguments(b, ((DeclaredType) t).getTypeArguments())) && ok;
            }
            case WILDCARD -> {
                final WildcardType w = (WildcardType) t;
                b.append('?');
                if (w.getExtendsBound() != null) {
                    b.append(" extends ");
                    return append(b, w.getExtendsBound(), erase);
                }
                if (w.getSuperBound() != null) {
                    b.append(" super ");
                    return append(b, w.getSuperBound(), erase);
                }
                return true;
            }
            case TYPEVAR -> {
                // only where another error is reported already (a generic chare or entry method): its erasure
                return append(b, types.erasure(t), true);
            }
            default -> {
                b.append(t);
                return false;
            }
        }
    }

    private boolean declared(final StringBuilder b, final DeclaredType d, final boolean erase) {
        final TypeElement e = (TypeElement) d.asElement();
        final TypeMirror outer = d.getEnclosingType();
        boolean ok = true;
        if (!erase && outer.getKind() == TypeKind.DECLARED && !((DeclaredType) outer).getTypeArguments().isEmpty()) {
            // an inner class of a generic class: Outer<java.lang.String>.Inner
            ok = declared(b, (DeclaredType) outer, false);
            b.append('.').append(e.getSimpleName());
        } else {
            b.append(e.getQualifiedName());
        }
        return (erase || arguments(b, d.getTypeArguments())) && ok;
    }

    private boolean arguments(final StringBuilder b, final List<? extends TypeMirror> args) {
        if (args.isEmpty()) {
            return true;
        }
        boolean ok = true;
        b.append('<');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            ok &= append(b, args.get(i), false);
        }
        b.append('>');
        return ok;
    }
}
