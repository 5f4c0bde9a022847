package org.charm4j.processor;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the source of one proxy: plain code, one method per entry method and per creation form, one message class
 * per entry method, no timestamp, so that the same chare always gives the same file.
 */
final class ProxyWriter {
    private static final String RT = "org.charm4j.runtime.";
    private final ChareModel m;
    private final StringBuilder out = new StringBuilder(8192);
    private int indent;

    ProxyWriter(final ChareModel model) {
        this.m = model;
    }

    String write() {
        if (!m.pkg().isEmpty()) {
            line("package " + m.pkg() + ";");
            line("");
        }
        line("/**");
        line(" * Proxy of the chare {@link " + m.chareName() + "}: creates its collections and calls its entry methods");
        line(" * asynchronously. Generated from " + m.chareSimple() + ".java; do not edit.");
        line(" *");
        line(" * <p>Entry methods (id: signature):");
        line(" * <ul>");
        for (final ChareModel.Entry e : m.entries()) {
            line(" *   <li>" + e.id() + ": {@code " + e.signature() + "}" + (e.threaded() ? " (threaded)" : "") + "</li>");
        }
        line(" * </ul>");
        line(" *");
        line(" * <p>Threading: immutable; any thread.");
        line(" */");
        line("@javax.annotation.processing.Generated(\"org.charm4j.processor.ChareProcessor\")");
        open("public final class " + m.proxyName() + " extends " + RT + "CollectionProxy");
        line("private static final long serialVersionUID = 1L;");
        line("");
        open("static");
        line(RT + "ChareTypes.register(" + m.chareName() + ".class, " + m.proxyName() + "::new, " + m.proxyName()
            + "::readEntry, " + m.proxyName() + "::readConstructor);");
        close();
        line("");
        open("private " + m.proxyName() + "(final " + RT + "CollectionInfo info)");
        line("super(info);");
        close();
        creation();
        access();
        readers();
        for (final ChareModel.Entry e : m.entries()) {
            line("");
            javadoc("Broadcasts {@code " + e.signature() + "} to every element.");
            open("public void " + e.name() + "(" + params(e.params()) + ")");
            line("broadcast(new " + e.messageClass() + "(" + sendArgs(e.params()) + "));");
            close();
        }
        line("");
        javadoc("@return calls that broadcast, each returning a future that completes once every element ran it");
        open("public WhenDone whenDone()");
        line("return new WhenDone(this);");
        close();
        if (m.hasResults()) {
            line("");
            javadoc("@return calls that broadcast, each returning a future of the results in element index order");
            open("public Gather gather()");
            line("return new Gather(this);");
            close();
        }
        elementClass();
        whenDoneClass();
        if (m.hasResults()) {
            gatherClass();
        }
        for (final ChareModel.Entry e : m.entries()) {
            messageClass(e);
        }
        for (final ChareModel.Ctor c : m.ctors()) {
            ctorClass(c);
        }
        close();
        return out.toString();
    }

    private void creation() {
        final String px = m.proxyName();
        for (final ChareModel.Ctor c : m.ctors()) {
            final Set<String> taken = c.params().stream().map(ChareModel.Param::name).collect(Collectors.toSet());
            final String n = free("n", taken);
            final String shape = free("shape", taken);
            final String map = free("map", taken);
            final String pe = free("pe", taken);
            final String index = free("index", taken);
            final String call = "new " + c.callClass() + "(" + sendArgs(c.params()) + ")";
            final String ps = params(c.params());
            final String comma = ps.isEmpty() ? "" : ", ";
            line("");
            javadoc("Creates a Group: one element on every PE.\n@return the group's proxy");
            open("public static " + px + " newGroup(" + ps + ")");
            line("return new " + px + "(" + RT + "Proxies.newGroup(" + m.chareName() + ".class, " + call + "));");
            close();
            line("");
            javadoc("Creates a 1-D array of {@code " + n + "} elements, placed in blocks.\n@return the array's proxy");
            open("public static " + px + " newArray(final int " + n + comma + ps + ")");
            line("return new " + px + "(" + RT + "Proxies.newArray(" + m.chareName() + ".class, new int[] {" + n
                + "}, null, " + call + "));");
            close();
            line("");
            javadoc("Creates a dense array of 1 to 6 dimensions, placed in blocks.\n@return the array's proxy");
            open("public static " + px + " newArray(final int[] " + shape + comma + ps + ")");
            line("return new " + px + "(" + RT + "Proxies.newArray(" + m.chareName() + ".class, " + shape
                + ".clone(), null, " + call + "));");
            close();
            line("");
            javadoc("Creates a dense array of 1 to 6 dimensions, placed by a map.\n@return the array's proxy");
            open("public static " + px + " newArray(final int[] " + shape + ", final org.charm4j.ArrayMap " + map
                + comma + ps + ")");
            line("return new " + px + "(" + RT + "Proxies.newArray(" + m.chareName() + ".class, " + shape
                + ".clone(), " + map + ", " + call + "));");
            close();
            line("");
            javadoc("Creates a single chare on the next PE, round-robin.\n@return the chare's proxy");
            open("public static Element newChare(" + ps + ")");
            line("return new Element(" + RT + "Proxies.newChare(" + m.chareName() + ".class, -1, " + call
                + "), org.charm4j.Index.of(0));");
            close();
            line("");
            javadoc("Creates a single chare on PE {@code " + pe + "}.\n@return the chare's proxy");
            open("public static Element newChareOn(final int " + pe + comma + ps + ")");
            line("return new Element(" + RT + "Proxies.newChare(" + m.chareName() + ".class, " + pe + ", " + call
                + "), org.charm4j.Index.of(0));");
            close();
            line("");
            javadoc("Inserts an element into a sparse array, on its home PE.");
            open("public void insert(final org.charm4j.Index " + index + comma + ps + ")");
            line(RT + "Proxies.insert(info, " + index + ", " + call + ");");
            close();
        }
        line("");
        javadoc("Creates an empty sparse array: {@link #insert} its elements, then {@link #doneInserting()}.\n"
            + "@return the array's proxy");
        open("public static " + px + " newSparseArray()");
        line("return new " + px + "(" + RT + "Proxies.newSparseArray(" + m.chareName() + ".class, null));");
        close();
        line("");
        javadoc("Creates an empty sparse array whose elements a map places.\n@return the array's proxy");
        open("public static " + px + " newSparseArray(final org.charm4j.ArrayMap map)");
        line("return new " + px + "(" + RT + "Proxies.newSparseArray(" + m.chareName() + ".class, map));");
        close();
        line("");
        javadoc("Ends the insertions into this sparse array.");
        open("public void doneInserting()");
        line("sendDoneInserting();");
        close();
    }

    private void access() {
        final String px = m.proxyName();
        line("");
        javadoc("@param chare a chare of this class, usually {@code this}\n@return the proxy of its collection");
        open("public static " + px + " of(final " + m.chareName() + " chare)");
        line("return chare.thisProxy();");
        close();
        line("");
        javadoc("@param chare a chare of this class, usually {@code this}\n@return the proxy of that element");
        open("public static Element elementOf(final " + m.chareName() + " chare)");
        line("return new Element(chare.<" + px + ">thisProxy().collection(), chare.thisIndex());");
        close();
        final String[] names = {"i", "j", "k", "l", "m", "n"};
        for (int d = 1; d <= 6; d++) {
            final StringBuilder ps = new StringBuilder();
            final StringBuilder as = new StringBuilder();
            for (int i = 0; i < d; i++) {
                ps.append(i == 0 ? "" : ", ").append("final int ").append(names[i]);
                as.append(i == 0 ? "" : ", ").append(names[i]);
            }
            line("");
            javadoc("@return the proxy of element [" + as + "] (a Group's element [pe] is the one on PE pe)");
            open("public Element at(" + ps + ")");
            line("return new Element(info, checked(org.charm4j.Index.of(" + as + ")));");
            close();
        }
        line("");
        javadoc("@param index an element's index\n@return the proxy of that element");
        open("public Element at(final org.charm4j.Index index)");
        line("return new Element(info, checked(index));");
        close();
    }

    private void readers() {
        line("");
        open("private static " + RT + "EntryMessage readEntry(final int id, final " + RT + "WireIn in)");
        open("switch (id)");
        for (final ChareModel.Entry e : m.entries()) {
            line("case " + e.id() + ": return " + e.messageClass() + ".read(in);");
        }
        line("default: throw new java.lang.IllegalArgumentException(\"" + m.chareSimple()
            + " has no entry method \" + id);");
        close();
        close();
        line("");
        open("private static " + RT + "ConstructorCall readConstructor(final int id, final " + RT + "WireIn in)");
        open("switch (id)");
        for (final ChareModel.Ctor c : m.ctors()) {
            line("case " + c.id() + ": return " + c.callClass() + ".read(in);");
        }
        line("default: throw new java.lang.IllegalArgumentException(\"" + m.chareSimple()
            + " has no constructor \" + id);");
        close();
        close();
    }

    private void wire(final String cls, final List<ChareModel.Param> ps) {
        line("");
        line("@Override");
        open("protected void writeArguments(final " + RT + "WireOut out)");
        for (final ChareModel.Param p : ps) {
            line("out.write" + p.wire() + "(" + p.name() + ");");
        }
        close();
        line("");
        if (ps.stream().anyMatch(p -> p.wire().equals("Object") && p.type().contains("<"))) {
            line("@SuppressWarnings(\"unchecked\")");
        }
        open("static " + cls + " read(final " + RT + "WireIn in)");
        line("return new " + cls + "(" + ps.stream().map(p -> p.wire().equals("Object")
            ? "(" + p.type() + ") in.readObject()" : "in.read" + p.wire() + "()").collect(Collectors.joining(", "))
            + ");");
        close();
    }

    private void elementClass() {
        line("");
        javadoc("Proxy of one element: calls its entry methods; non-void ones return a future of the result.");
        open("public static final class Element extends " + RT + "ElementProxy");
        line("private static final long serialVersionUID = 1L;");
        line("");
        open("Element(final " + RT + "CollectionInfo info, final org.charm4j.Index index)");
        line("super(info, index);");
        close();
        for (final ChareModel.Entry e : m.entries()) {
            line("");
            javadoc("Calls {@code " + e.signature() + "} on this element.");
            if (e.result() == null) {
                open("public void " + e.name() + "(" + params(e.params()) + ")");
                line("send(new " + e.messageClass() + "(" + sendArgs(e.params()) + "));");
            } else {
                open("public org.charm4j.Future<" + e.result() + "> " + e.name() + "(" + params(e.params()) + ")");
                line("return call(new " + e.messageClass() + "(" + sendArgs(e.params()) + "));");
            }
            close();
        }
        close();
    }

    private void whenDoneClass() {
        line("");
        javadoc("Broadcasts whose future completes once every element ran the method.");
        open("public static final class WhenDone");
        line("private final " + m.proxyName() + " proxy;");
        line("");
        open("WhenDone(final " + m.proxyName() + " proxy)");
        line("this.proxy = proxy;");
        close();
        for (final ChareModel.Entry e : m.entries()) {
            line("");
            javadoc("Broadcasts {@code " + e.signature() + "}.\n@return completes once every element ran it");
            open("public org.charm4j.Future<java.lang.Void> " + e.name() + "(" + params(e.params()) + ")");
            line("return proxy.broadcastWhenDone(new " + e.messageClass() + "(" + sendArgs(e.params()) + "));");
            close();
        }
        close();
    }

    private void gatherClass() {
        line("");
        javadoc("Broadcasts whose future gathers every element's result, in element index order.");
        open("public static final class Gather");
        line("private final " + m.proxyName() + " proxy;");
        line("");
        open("Gather(final " + m.proxyName() + " proxy)");
        line("this.proxy = proxy;");
        close();
        for (final ChareModel.Entry e : m.entries()) {
            if (e.result() == null) {
                continue;
            }
            line("");
            javadoc("Broadcasts {@code " + e.signature() + "}.\n@return the results, in element index order");
            open("public org.charm4j.Future<java.util.List<" + e.result() + ">> " + e.name() + "("
                + params(e.params()) + ")");
            line("return proxy.broadcastGather(new " + e.messageClass() + "(" + sendArgs(e.params()) + "));");
            close();
        }
        close();
    }

    private void messageClass(final ChareModel.Entry e) {
        line("");
        line("/** Call of entry method " + e.id() + ": {@code " + e.signature() + "}. */");
        open("static final class " + e.messageClass() + " extends " + RT + "EntryMessage");
        fields(e.params());
        constructor(e.messageClass(), e.params());
        line("");
        line("@Override");
        open("protected java.lang.Object invoke(final org.charm4j.Chare target) throws java.lang.Exception");
        final String call = "((" + m.chareName() + ") target)." + e.name() + "(" + names(e.params()) + ")";
        if (e.result() == null) {
            line(call + ";");
            line("return null;");
        } else {
            line("return " + call + ";");
        }
        close();
        line("");
        line("@Override");
        open("protected " + RT + "EntryMessage copyArguments()");
        line("return new " + e.messageClass() + "(" + duplicateArgs(e.params()) + ");");
        close();
        line("");
        line("@Override");
        open("public int entryId()");
        line("return " + e.id() + ";");
        close();
        wire(e.messageClass(), e.params());
        line("");
        line("@Override");
        open("public java.lang.String entryName()");
        line("return \"" + m.chareSimple() + "." + e.name() + "(" + String.join(", ",
            e.params().stream().map(p -> simple(p.type())).toList()) + ")\";");
        close();
        if (e.threaded()) {
            line("");
            line("@Override");
            open("protected boolean threaded()");
            line("return true;");
            close();
        }
        close();
    }

    private void ctorClass(final ChareModel.Ctor c) {
        line("");
        line("/** Call of constructor " + c.id() + ": {@code " + m.chareSimple() + "(" + String.join(", ",
            c.params().stream().map(p -> simple(p.type())).toList()) + ")}. */");
        open("static final class " + c.callClass() + " extends " + RT + "ConstructorCall");
        fields(c.params());
        constructor(c.callClass(), c.params());
        line("");
        line("@Override");
        open("protected org.charm4j.Chare construct()");
        line("return new " + m.chareName() + "(" + names(c.params()) + ");");
        close();
        line("");
        line("@Override");
        open("public int constructorId()");
        line("return " + c.id() + ";");
        close();
        wire(c.callClass(), c.params());
        line("");
        line("@Override");
        open("protected " + RT + "ConstructorCall copy()");
        line("return new " + c.callClass() + "(" + duplicateArgs(c.params()) + ");");
        close();
        close();
    }

    private void fields(final List<ChareModel.Param> ps) {
        for (final ChareModel.Param p : ps) {
            line("private final " + p.type() + " " + p.name() + ";");
        }
    }

    private void constructor(final String cls, final List<ChareModel.Param> ps) {
        line("");
        open(cls + "(" + params(ps) + ")");
        for (final ChareModel.Param p : ps) {
            line("this." + p.name() + " = " + p.name() + ";");
        }
        close();
    }

    private static String free(final String name, final Set<String> taken) {
        String n = name;
        while (taken.contains(n)) {
            n = n + "_";
        }
        return n;
    }

    private static String params(final List<ChareModel.Param> ps) {
        return ps.stream().map(p -> "final " + p.type() + " " + p.name()).collect(Collectors.joining(", "));
    }

    private static String names(final List<ChareModel.Param> ps) {
        return ps.stream().map(ChareModel.Param::name).collect(Collectors.joining(", "));
    }

    private static String sendArgs(final List<ChareModel.Param> ps) {
        return ps.stream().map(p -> p.copy() == ChareModel.Copy.NONE ? p.name()
            : RT + "Args.copy(" + p.name() + ")").collect(Collectors.joining(", "));
    }

    private static String duplicateArgs(final List<ChareModel.Param> ps) {
        return ps.stream().map(p -> p.copy() == ChareModel.Copy.NONE ? p.name()
            : RT + "Args.duplicate(" + p.name() + ")").collect(Collectors.joining(", "));
    }

    /** {@code java.util.List<java.lang.String>} becomes {@code List<String>}, for readable entry names. */
    private static String simple(final String type) {
        return type.replaceAll("\\b[a-z][a-z0-9_]*\\.", "").replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
    }

    private void javadoc(final String text) {
        final String[] lines = text.split("\n");
        if (lines.length == 1 && !text.startsWith("@")) {
            line("/** " + text + " */");
            return;
        }
        line("/**");
        for (final String l : lines) {
            line(" * " + l);
        }
        line(" */");
    }

    private void open(final String header) {
        line(header + " {");
        indent++;
    }

    private void close() {
        indent--;
        line("}");
    }

    private void line(final String s) {
        if (!s.isEmpty()) {
            out.append("    ".repeat(indent)).append(s);
        }
        out.append('\n');
    }
}
