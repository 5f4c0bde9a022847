package org.charm4j.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the source of one proxy: plain code, one method per entry method and per creation form, one message class
 * per entry method, no timestamp, so that the same chare always gives the same file.
 *
 * <p>No name the generated code introduces can capture or shadow a name of the user's: types are fully qualified;
 * the message classes keep the arguments in fields {@code a0}, {@code a1}, ..., set and read only where no user
 * name is in scope; the classes nested in the proxy reach it as {@code FooProxy.this} or {@code Element.this}; and
 * where a method takes the user's parameters beside its own ({@code newArray(n, ...)}), its own take names the
 * user's do not, and a user's parameter named like the package {@code org}, which the body names, is renamed.
 */
final class ProxyWriter {
    private static final String RT = "org.charm4j.runtime.";
    /** The first names of the qualified names that creation methods use in expressions (not only as types). */
    private static final Set<String> EXPRESSION_ROOTS = Set.of("org");
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
            line("broadcast(" + newMessage(e) + ");");
            close();
        }
        line("");
        javadoc("@return calls that broadcast, each returning a future that completes once every element ran it");
        open("public WhenDone whenDone()");
        line("return new WhenDone();");
        close();
        if (m.hasResults()) {
            line("");
            javadoc("@return calls that broadcast, each returning a future of the results in element index order");
            open("public Gather gather()");
            line("return new Gather();");
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
            final List<String> names = localNames(c.params());
            final Set<String> taken = new HashSet<>(names);
            taken.addAll(EXPRESSION_ROOTS);
            final String n = free("n", taken);
            final String shape = free("shape", taken);
            final String map = free("map", taken);
            final String pe = free("pe", taken);
            final String pes = free("pes", taken);
            final String index = free("index", taken);
            final String call = "new " + c.callClass() + "(" + String.join(", ", names) + ")";
            final String ps = params(c.params(), names);
            final String comma = ps.isEmpty() ? "" : ", ";
            line("");
            javadoc("Creates a Group: one element on every PE.\n@return the group's proxy");
            open("public static " + px + " newGroup(" + ps + ")");
            line("return new " + px + "(" + RT + "Proxies.newGroup(" + m.chareName() + ".class, " + call + "));");
            close();
            line("");
            javadoc("Creates a Group on some PEs: element [pe] on each PE of {@code " + pes + "}.\n@return the group's"
                + " proxy");
            open("public static " + px + " newGroupOn(final int[] " + pes + comma + ps + ")");
            line("return new " + px + "(" + RT + "Proxies.newGroupOn(" + m.chareName() + ".class, " + pes + ", " + call
                + "));");
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
            line(RT + "Proxies.insert(this.info, " + index + ", " + call + ");");
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
            line("return new Element(this.info, checked(org.charm4j.Index.of(" + as + ")));");
            close();
        }
        line("");
        javadoc("@param index an element's index\n@return the proxy of that element");
        open("public Element at(final org.charm4j.Index index)");
        line("return new Element(this.info, checked(index));");
        close();
        // the sections, typed as this proxy, so that array.section(...).work() and split(...).get(k).work() compile
        line("");
        javadoc("The section of the elements in these ranges, one per dimension (see {@link " + RT
            + "CollectionProxy#sectionOf(org.charm4j.Range...)}).\n@param ranges the ranges\n@return the section's"
            + " proxy");
        open("public " + px + " section(final org.charm4j.Range... ranges)");
        line("return sectionOf(ranges);");
        close();
        line("");
        javadoc("The section from {@code lo} to {@code hi} (exclusive) by {@code step} in each dimension.\n"
            + "@param lo the first index\n@param hi the end\n@param step the steps\n@return the section's proxy");
        open("public " + px + " section(final org.charm4j.Index lo, final org.charm4j.Index hi, "
            + "final org.charm4j.Index step)");
        line("return sectionOf(lo, hi, step);");
        close();
        line("");
        javadoc("The section of these elements.\n@param indices the members' indices\n@return the section's proxy");
        open("public " + px + " section(final java.util.Collection<org.charm4j.Index> indices)");
        line("return sectionOf(indices);");
        close();
        line("");
        javadoc("Splits this collection (or section) into {@code n} sections by {@code sectionOf}.\n"
            + "@param n how many sections\n@param sectionOf an element's section number\n@return the sections, by "
            + "number");
        open("public java.util.List<" + px + "> split(final int n, "
            + "final java.util.function.ToIntFunction<org.charm4j.Index> sectionOf)");
        line("return splitInto(n, sectionOf);");
        close();
    }

    private void readers() {
        line("");
        open("private static " + RT + "EntryMessage readEntry(final int id, final " + RT + "WireIn in)");
        open("switch (id)");
        for (final ChareModel.Entry e : m.entries()) {
            line("case " + e.id() + ": return new " + e.messageClass() + "(" + (e.params().isEmpty() ? "" : "in")
                + ");");
        }
        line("default: throw new java.lang.IllegalArgumentException(\"" + m.chareSimple()
            + " has no entry method \" + id);");
        close();
        close();
        line("");
        open("private static " + RT + "ConstructorCall readConstructor(final int id, final " + RT + "WireIn in)");
        open("switch (id)");
        for (final ChareModel.Ctor c : m.ctors()) {
            line("case " + c.id() + ": return new " + c.callClass() + "(" + (c.params().isEmpty() ? "" : "in")
                + ");");
        }
        line("default: throw new java.lang.IllegalArgumentException(\"" + m.chareSimple()
            + " has no constructor \" + id);");
        close();
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
                line("send(" + newMessage(e) + ");");
            } else {
                open("public org.charm4j.Future<" + e.result() + "> " + e.name() + "(" + params(e.params()) + ")");
                line("return call(" + newMessage(e) + ");");
            }
            close();
        }
        line("");
        javadoc("@return calls on this element, each returning a future that completes once the element ran it");
        open("public WhenDone whenDone()");
        line("return new WhenDone();");
        close();
        line("");
        javadoc("Calls on this element whose future completes, with {@code null}, once the element has run the"
            + "\nmethod, whatever it returns, or fails with the exception the method threw:"
            + "\n{@code proxy.at(3).whenDone().work(x).get()}.");
        open("public final class WhenDone");
        open("WhenDone()");
        close();
        for (final ChareModel.Entry e : m.entries()) {
            line("");
            javadoc("Calls {@code " + e.signature() + "} on this element.\n@return completes once the element ran it");
            open("public org.charm4j.Future<java.lang.Void> " + e.name() + "(" + params(e.params()) + ")");
            line("return Element.this.callWhenDone(" + newMessage(e) + ");");
            close();
        }
        close();
        close();
    }

    private void whenDoneClass() {
        line("");
        javadoc("Broadcasts whose future completes once every element ran the method.");
        open("public final class WhenDone");
        open("WhenDone()");
        close();
        for (final ChareModel.Entry e : m.entries()) {
            line("");
            javadoc("Broadcasts {@code " + e.signature() + "}.\n@return completes once every element ran it");
            open("public org.charm4j.Future<java.lang.Void> " + e.name() + "(" + params(e.params()) + ")");
            line("return " + m.proxyName() + ".this.broadcastWhenDone(" + newMessage(e) + ");");
            close();
        }
        close();
    }

    private void gatherClass() {
        line("");
        javadoc("Broadcasts whose future gathers every element's result, in element index order.");
        open("public final class Gather");
        open("Gather()");
        close();
        for (final ChareModel.Entry e : m.entries()) {
            if (e.result() == null) {
                continue;
            }
            line("");
            javadoc("Broadcasts {@code " + e.signature() + "}.\n@return the results, in element index order");
            open("public org.charm4j.Future<java.util.List<" + e.result() + ">> " + e.name() + "("
                + params(e.params()) + ")");
            line("return " + m.proxyName() + ".this.broadcastGather(" + newMessage(e) + ");");
            close();
        }
        close();
    }

    private void messageClass(final ChareModel.Entry e) {
        final String cls = e.messageClass();
        line("");
        line("/** Call of entry method " + e.id() + ": {@code " + e.signature() + "}. */");
        open("static final class " + cls + " extends " + RT + "EntryMessage");
        arguments(cls, e.params(), "a proxy sends", "the method", true);
        line("");
        line("@Override");
        open("protected java.lang.Object invoke(final org.charm4j.Chare target) throws java.lang.Exception");
        final String call = "((" + m.chareName() + ") target)." + e.name() + "(" + fields(e.params().size()) + ")";
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
        line("return new " + cls + "(" + (e.params().isEmpty() ? "" : "this") + ");");
        close();
        line("");
        line("@Override");
        open("public int entryId()");
        line("return " + e.id() + ";");
        close();
        writeArguments(e.params());
        line("");
        line("@Override");
        open("public java.lang.String entryName()");
        line("return \"" + m.chareSimple() + "." + e.simpleSignature() + "\";");
        close();
        if (e.threaded()) {
            line("");
            line("@Override");
            open("protected boolean threaded()");
            line("return true;");
            close();
        }
        if (e.when() != null) {
            condition(e);
        }
        close();
    }

    /** Writes the {@code @When} condition of a call: the predicate, and for a tag match the two keys. */
    private void condition(final ChareModel.Entry e) {
        final ChareModel.Condition c = e.when();
        line("");
        line("@Override");
        open("protected boolean conditional()");
        line("return true;");
        close();
        line("");
        line("/** The @When condition of {@code " + e.simpleSignature() + "}, over its arguments and the chare. */");
        line("@Override");
        open("protected boolean ready(final org.charm4j.Chare $target)");
        line("final " + m.chareName() + " $self = (" + m.chareName() + ") $target;");
        for (int i = 0; i < e.params().size(); i++) {
            final ChareModel.Param p = e.params().get(i);
            line("final " + p.type() + " " + p.name() + " = this.a" + i + ";");
        }
        line("return (" + c.source() + ");");
        close();
        if (c.keyParam() >= 0) {
            line("");
            line("@Override");
            open("protected boolean keyed()");
            line("return true;");
            close();
            line("");
            line("@Override");
            open("protected long heldKey()");
            line("return this.a" + c.keyParam() + ";");
            close();
            line("");
            line("@Override");
            open("protected long chareKey(final org.charm4j.Chare $target)");
            line("return ((" + m.chareName() + ") $target)." + c.keyField() + ";");
            close();
        }
    }

    private void ctorClass(final ChareModel.Ctor c) {
        final String cls = c.callClass();
        line("");
        line("/** Call of constructor " + c.id() + ": {@code " + m.chareSimple() + "(" + String.join(", ",
            c.params().stream().map(p -> TypeNames.simple(p.type())).toList()) + ")}. */");
        open("static final class " + cls + " extends " + RT + "ConstructorCall");
        arguments(cls, c.params(), "a creation sends", "the constructor", false);
        line("");
        line("@Override");
        open("protected org.charm4j.Chare construct()");
        line("return new " + m.chareName() + "(" + fields(c.params().size()) + ");");
        close();
        line("");
        line("@Override");
        open("public int constructorId()");
        line("return " + c.id() + ";");
        close();
        writeArguments(c.params());
        line("");
        line("@Override");
        open("protected " + RT + "ConstructorCall copy()");
        line("return new " + cls + "(" + (c.params().isEmpty() ? "" : "this") + ");");
        close();
        if (c.threaded()) {
            line("");
            line("@Override");
            open("protected boolean threaded()");
            line("return true;");
            close();
        }
        close();
    }

    /**
     * Writes a call's argument fields {@code a0, a1, ...} and its constructors: the one the sender uses (the
     * receiver gets {@code Args.copy} of each argument that could change), and, if there are arguments, one that
     * reads them from the wire and one that copies them for another receiver ({@code Args.duplicate}).
     */
    private void arguments(final String cls, final List<ChareModel.Param> ps, final String sender,
                           final String callee, final boolean copyWhenTaken) {
        for (int i = 0; i < ps.size(); i++) {
            final boolean later = copyWhenTaken && ps.get(i).copy() != ChareModel.Copy.NONE;
            line("private " + (later ? "" : "final ") + ps.get(i).type() + " a" + i + "; // " + ps.get(i).name());
        }
        line("");
        if (ps.isEmpty()) {
            open(cls + "()");
            close();
            return;
        }
        final boolean takes = copyWhenTaken && ps.stream().anyMatch(p -> p.copy() != ChareModel.Copy.NONE);
        javadoc("The call " + sender + ": " + callee + " gets what {@code Args.copy} makes of each argument"
            + (takes ? ",\nmade when the runtime takes the call for a PE of this process ({@link"
            + " #takeArguments}); a call\nto another process is serialized at once instead." : "."));
        final List<String> decl = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            decl.add("final " + ps.get(i).type() + " a" + i);
        }
        open(cls + "(" + String.join(", ", decl) + ")");
        for (int i = 0; i < ps.size(); i++) {
            line("this.a" + i + " = " + (copyWhenTaken || ps.get(i).copy() == ChareModel.Copy.NONE ? "a" + i
                : RT + "Args.copy(a" + i + ")") + ";");
        }
        close();
        if (takes) {
            line("");
            line("@Override");
            open("protected void takeArguments()");
            for (int i = 0; i < ps.size(); i++) {
                if (ps.get(i).copy() != ChareModel.Copy.NONE) {
                    line("this.a" + i + " = " + RT + "Args.copy(this.a" + i + ");");
                }
            }
            close();
        }
        line("");
        javadoc("The call as read from another process.");
        if (ps.stream().anyMatch(ChareModel.Param::generic)) {
            line("@SuppressWarnings(\"unchecked\")");
        }
        open("private " + cls + "(final " + RT + "WireIn in)");
        for (int i = 0; i < ps.size(); i++) {
            final ChareModel.Param p = ps.get(i);
            line("this.a" + i + " = " + (p.wire().equals("Object") ? "(" + p.type() + ") in.readObject()"
                : "in.read" + p.wire() + "()") + ";");
        }
        close();
        line("");
        javadoc("A copy of a call for another receiver (an element of a broadcast, another element created); {@code"
            + " @ReadOnly}\narguments are shared with it.");
        open("private " + cls + "(final " + cls + " original)");
        for (int i = 0; i < ps.size(); i++) {
            line("this.a" + i + " = " + (ps.get(i).copy() != ChareModel.Copy.COPY ? "original.a" + i
                : RT + "Args.duplicate(original.a" + i + ")") + ";");
        }
        close();
    }

    private void writeArguments(final List<ChareModel.Param> ps) {
        line("");
        line("@Override");
        open("protected void writeArguments(final " + RT + "WireOut out)");
        for (int i = 0; i < ps.size(); i++) {
            line("out.write" + ps.get(i).wire() + "(this.a" + i + ");");
        }
        close();
    }

    /** @return {@code new E0_work(x, y)}: the call of entry method {@code e} with the user's parameters. */
    private static String newMessage(final ChareModel.Entry e) {
        return "new " + e.messageClass() + "(" + e.params().stream().map(ChareModel.Param::name)
            .collect(Collectors.joining(", ")) + ")";
    }

    /** @return the user's parameter names, those a creation method's body names in expressions renamed. */
    private static List<String> localNames(final List<ChareModel.Param> ps) {
        final Set<String> taken = new HashSet<>(EXPRESSION_ROOTS);
        ps.forEach(p -> taken.add(p.name()));
        final List<String> names = new ArrayList<>();
        for (final ChareModel.Param p : ps) {
            final String n = EXPRESSION_ROOTS.contains(p.name()) ? free(p.name(), taken) : p.name();
            taken.add(n);
            names.add(n);
        }
        return names;
    }

    private static String free(final String name, final Set<String> taken) {
        String n = name;
        while (taken.contains(n)) {
            n = n + "_";
        }
        return n;
    }

    private static String params(final List<ChareModel.Param> ps) {
        return params(ps, ps.stream().map(ChareModel.Param::name).toList());
    }

    private static String params(final List<ChareModel.Param> ps, final List<String> names) {
        final List<String> decl = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            decl.add("final " + ps.get(i).type() + " " + names.get(i));
        }
        return String.join(", ", decl);
    }

    /** @return {@code a0, a1, ...}: the fields of a call with {@code count} arguments. */
    private static String fields(final int count) {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("this.a" + i);
        }
        return String.join(", ", names);
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
