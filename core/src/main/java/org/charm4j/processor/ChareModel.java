package org.charm4j.processor;

import java.util.List;

/**
 * What the processor knows of one chare class: the names it generates and its entry methods and constructors.
 *
 * @param pkg           the package, or "" for the unnamed one.
 * @param proxyName     the simple name of the proxy class.
 * @param chareName     the chare class's canonical name.
 * @param chareSimple   the chare class's simple name.
 * @param entries       entry methods, numbered in signature order (types fully qualified and resolved).
 * @param ctors         constructors, numbered in declaration order.
 */
record ChareModel(String pkg, String proxyName, String chareName, String chareSimple, List<Entry> entries,
                  List<Ctor> ctors) {

    String qualifiedProxyName() {
        return pkg.isEmpty() ? proxyName : pkg + "." + proxyName;
    }

    boolean hasResults() {
        return entries.stream().anyMatch(e -> e.result() != null);
    }

    /** How a reference argument reaches the receiver. */
    enum Copy {
        /** Primitive or immutable: as is. */
        NONE,
        /** Through {@code Args.copy} (send) and {@code Args.duplicate} (broadcast copies). */
        COPY,
        /**
         * {@code @ReadOnly}: through {@code Args.copy} at the send, once; the receivers of one call in a process (a
         * broadcast's or a section's elements) share that copy.
         */
        SHARED
    }

    /**
     * @param name    the parameter's name in the chare's source.
     * @param type    its type, as source: fully qualified, with type arguments, without annotations.
     * @param erasure its type's erasure, as source: what Java compares signatures by.
     * @param copy    how it travels.
     */
    record Param(String name, String type, String erasure, Copy copy) {
        private static final java.util.Set<String> PRIMITIVES = java.util.Set.of("int", "long", "double", "float",
            "boolean", "byte", "short", "char");

        /** @return the WireOut/WireIn method suffix: Int, Double, String or Object. */
        String wire() {
            if (PRIMITIVES.contains(type)) {
                return Character.toUpperCase(type.charAt(0)) + type.substring(1);
            }
            return type.equals("java.lang.String") ? "String" : "Object";
        }

        /** @return whether reading it from the wire needs an unchecked cast. */
        boolean generic() {
            return wire().equals("Object") && type.contains("<");
        }
    }

    /**
     * @param id       the entry method's id (its rank in signature order).
     * @param name     the method name.
     * @param params   its parameters.
     * @param result   the boxed result type as source, or {@code null} for void.
     * @param threaded whether it is {@code @Threaded}.
     * @param when     its {@code @When} condition, or {@code null}.
     */
    record Entry(int id, String name, List<Param> params, String result, boolean threaded, Condition when) {
        /** @return the signature that orders entry methods: {@code name(type,type)}, types fully qualified. */
        String signature() {
            return name + "(" + String.join(",", params.stream().map(Param::type).toList()) + ")";
        }

        /** @return the signature as Java compares methods: {@code name(erasure,erasure)}. */
        String erasedSignature() {
            return name + "(" + String.join(",", params.stream().map(Param::erasure).toList()) + ")";
        }

        /** @return the signature for people: {@code name(List<String>, int)}. */
        String simpleSignature() {
            return name + "(" + String.join(", ", params.stream().map(p -> TypeNames.simple(p.type())).toList())
                + ")";
        }

        Entry withId(final int newId) {
            return new Entry(newId, name, params, result, threaded, when);
        }

        String messageClass() {
            return "E" + id + "_" + name;
        }
    }

    /**
     * A {@code @When} condition.
     *
     * @param source   the expression as the generated code reads it: the chare is {@code $self}.
     * @param keyParam for a tag match ({@code param == this.field}), the parameter's position; else -1.
     * @param keyField for a tag match, the chare's field.
     */
    record Condition(String source, int keyParam, String keyField) {
    }

    /**
     * @param id       the constructor's number.
     * @param params   its parameters.
     * @param threaded whether it is {@code @Threaded} (it may block).
     */
    record Ctor(int id, List<Param> params, boolean threaded) {
        String callClass() {
            return "C" + id;
        }
    }
}
