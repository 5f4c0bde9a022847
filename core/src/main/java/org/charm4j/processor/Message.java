package org.charm4j.processor;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the chare processor reports, in one place, with its kind.
 */
enum Message {
    ENTRY_NOT_IN_CHARE(Diagnostic.Kind.ERROR,
        "@Entry method '%s' is in %s, which does not extend org.charm4j.Chare"),
    ENTRY_NOT_PUBLIC(Diagnostic.Kind.ERROR, "entry method '%s' must be public"),
    ENTRY_STATIC(Diagnostic.Kind.ERROR, "entry method '%s' must not be static: it runs on a chare"),
    ENTRY_GENERIC(Diagnostic.Kind.ERROR, "entry method '%s' must not declare type parameters"),
    ENTRY_CLASHES(Diagnostic.Kind.ERROR,
        "entry method '%s' clashes with %s: the generated proxy cannot have both, as they have the same name and "
            + "parameter types; rename it or change its parameters (an overload with other parameter types is fine)"),
    PARAM_CANNOT_TRAVEL(Diagnostic.Kind.ERROR, "parameter '%s' of '%s': %s cannot travel between PEs%s"),
    RESULT_CANNOT_TRAVEL(Diagnostic.Kind.ERROR, "entry method '%s' returns %s, which cannot travel between PEs%s"),
    PARAM_UNRESOLVED(Diagnostic.Kind.ERROR,
        "parameter '%s' of '%s': type %s was not found, even after annotation processing, so %s cannot be generated"),
    RESULT_UNRESOLVED(Diagnostic.Kind.ERROR,
        "entry method '%s' returns %s, a type that was not found, even after annotation processing, so %s cannot be "
            + "generated"),
    THREADED_WITHOUT_ENTRY(Diagnostic.Kind.ERROR, "@Threaded method '%s' must also be an @Entry method"),
    WHEN_WITHOUT_ENTRY(Diagnostic.Kind.ERROR, "@When method '%s' must also be an @Entry method"),
    WHEN_EMPTY(Diagnostic.Kind.ERROR, "@When of '%s' has no condition: give a boolean expression, such as "
        + "\"iter == this.iter\""),
    WHEN_UNKNOWN_MEMBER(Diagnostic.Kind.ERROR, "@When condition of '%s' reads this.%s, which %s has no field or "
        + "method of"),
    WHEN_PRIVATE_MEMBER(Diagnostic.Kind.ERROR, "@When condition of '%s' reads this.%s, which is private: the "
        + "generated proxy checks the condition, so make it package-private (or protected)"),
    CHARE_NOT_STATIC(Diagnostic.Kind.ERROR, "chare class %s is an inner class: make it static"),
    CHARE_GENERIC(Diagnostic.Kind.ERROR, "chare class %s must not declare type parameters"),
    CHARE_PRIVATE(Diagnostic.Kind.ERROR, "chare class %s must not be private: its generated proxy calls it"),
    NO_CONSTRUCTOR(Diagnostic.Kind.ERROR,
        "chare class %s has no public constructor to create it with; add one, or mark one @Entry"),
    CONSTRUCTOR_NOT_ACCESSIBLE(Diagnostic.Kind.ERROR, "entry constructor of %s must not be private");

    private final Diagnostic.Kind kind;
    private final String format;

    Message(final Diagnostic.Kind kind, final String format) {
        this.kind = kind;
        this.format = format;
    }

    Diagnostic.Kind kind() {
        return kind;
    }

    String format(final Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
