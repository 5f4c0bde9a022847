package org.charm4j.processor;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads an {@code @When} condition: rewrites {@code this} to the generated code's {@code $self}, checks that every
 * {@code this.name} it reads is a member the generated proxy can reach, and finds the tag match
 * {@code param == this.field} that the runtime keeps held calls by. javac checks the rest when it compiles the
 * generated proxy.
 *
 * <p>Threading: javac's processing thread.
 */
final class Conditions {
    private static final Pattern SELF_MEMBER = Pattern.compile("\\$self\\s*\\.\\s*([A-Za-z_$][\\w$]*)\\s*(\\()?");
    private static final Pattern PARAM_FIRST = Pattern.compile("^([A-Za-z_$][\\w$]*)\\s*==\\s*this\\s*\\.\\s*"
        + "([A-Za-z_$][\\w$]*)$");
    private static final Pattern FIELD_FIRST = Pattern.compile("^this\\s*\\.\\s*([A-Za-z_$][\\w$]*)\\s*==\\s*"
        + "([A-Za-z_$][\\w$]*)$");
    private static final java.util.Set<String> INTEGRAL = java.util.Set.of("int", "long", "short", "byte", "char");

    private Conditions() {
    }

    /**
     * @return the condition, or {@code null} after reporting why it cannot be used.
     */
    static ChareModel.Condition read(final ProcessingEnvironment env, final Messager messager, final TypeElement chare,
                                     final ExecutableElement method, final String expression,
                                     final List<ChareModel.Param> params) {
        final String name = method.getSimpleName().toString();
        final String expr = expression.strip();
        if (expr.isEmpty()) {
            ChareProcessor.report(messager, method, Message.WHEN_EMPTY, name);
            return null;
        }
        final String source = rewriteThis(expr);
        final Matcher members = SELF_MEMBER.matcher(source);
        boolean ok = true;
        while (members.find()) {
            final String member = members.group(1);
            final boolean call = members.group(2) != null;
            final Element found = member(env, chare, member, call);
            if (found == null) {
                ChareProcessor.report(messager, method, Message.WHEN_UNKNOWN_MEMBER, name, member + (call ? "()" : ""),
                    chare.getSimpleName());
                ok = false;
            } else if (found.getModifiers().contains(Modifier.PRIVATE)) {
                ChareProcessor.report(messager, method, Message.WHEN_PRIVATE_MEMBER, name, member);
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        int keyParam = -1;
        String keyField = null;
        Matcher tag = PARAM_FIRST.matcher(expr);
        String param = null;
        String field = null;
        if (tag.matches()) {
            param = tag.group(1);
            field = tag.group(2);
        } else if ((tag = FIELD_FIRST.matcher(expr)).matches()) {
            field = tag.group(1);
            param = tag.group(2);
        }
        if (param != null) {
            final Element f = member(env, chare, field, false);
            for (int i = 0; i < params.size(); i++) {
                if (params.get(i).name().equals(param) && INTEGRAL.contains(params.get(i).type())
                    && f != null && integral(f.asType())) {
                    keyParam = i;
                    keyField = field;
                }
            }
        }
        return new ChareModel.Condition(source, keyParam, keyField);
    }

    private static boolean integral(final TypeMirror t) {
        final TypeKind k = t.getKind();
        return k == TypeKind.INT || k == TypeKind.LONG || k == TypeKind.SHORT || k == TypeKind.BYTE
            || k == TypeKind.CHAR;
    }

    /** @return the chare's (or a superclass's) field, or method when {@code call}, of that name, or null. */
    private static Element member(final ProcessingEnvironment env, final TypeElement chare, final String name,
                                  final boolean call) {
        for (TypeElement t = chare; t != null;
             t = t.getSuperclass().getKind() == TypeKind.DECLARED
                 ? (TypeElement) env.getTypeUtils().asElement(t.getSuperclass()) : null) {
            for (final Element e : t.getEnclosedElements()) {
                final boolean kind = call ? e.getKind() == ElementKind.METHOD : e.getKind() == ElementKind.FIELD;
                if (kind && e.getSimpleName().contentEquals(name)) {
                    return e;
                }
            }
        }
        return null;
    }

    /**
     * @return the expression with each {@code this} keyword (outside string and character literals, not after a
     *     dot) replaced by {@code $self}.
     */
    static String rewriteThis(final String expr) {
        final StringBuilder out = new StringBuilder(expr.length() + 8);
        int i = 0;
        while (i < expr.length()) {
            final char c = expr.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < expr.length() && expr.charAt(j) != c) {
                    j += expr.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, expr.length());
                out.append(expr, i, j);
                i = j;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < expr.length() && Character.isJavaIdentifierPart(expr.charAt(j))) {
                    j++;
                }
                final String word = expr.substring(i, j);
                final boolean afterDot = out.toString().stripTrailing().endsWith(".");
                out.append(word.equals("this") && !afterDot ? "$self" : word);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
