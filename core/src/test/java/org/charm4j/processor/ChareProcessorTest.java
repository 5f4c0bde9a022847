package org.charm4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles chares with the processor: a golden file for the generated proxy, and the errors for bad chares. */
class ChareProcessorTest {
    @TempDir
    Path out;

    record Compiled(boolean ok, List<String> errors) {
    }

    private Compiled compile(final String className, final String source) throws IOException {
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            final JavaFileObject src = new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/')
                + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(final boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            final List<String> opts = List.of("-proc:full", "-d", out.toString(), "-s", out.toString(),
                "-cp", System.getProperty("java.class.path"), "-processor", ChareProcessor.class.getName());
            final boolean ok = javac.getTask(null, fm, diags, opts, null, List.of(src)).call();
            final List<String> errors = new ArrayList<>();
            for (final Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add("line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            }
            return new Compiled(ok, errors);
        }
    }

    private static String resource(final String name) throws IOException {
        try (var in = ChareProcessorTest.class.getResourceAsStream("/processor/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void generatedProxyMatchesTheGoldenFile() throws IOException {
        final Compiled c = compile("demo.Sample", resource("Sample.java.txt"));
        assertTrue(c.ok(), c.errors().toString());
        final String generated = Files.readString(out.resolve("demo/SampleProxy.java"));
        final String golden = resource("SampleProxy.java.golden");
        if (golden == null || !golden.equals(generated)) {
            final Path actual = Path.of("target", "SampleProxy.java.actual");
            Files.writeString(actual, generated);
            assertEquals(golden, generated, "generated proxy differs from src/test/resources/processor/"
                + "SampleProxy.java.golden; the new output is in " + actual.toAbsolutePath());
        }
        // the same input gives the same file every build
        final Compiled again = compile("demo.Sample", resource("Sample.java.txt"));
        assertTrue(again.ok());
        assertEquals(generated, Files.readString(out.resolve("demo/SampleProxy.java")));
    }

    @Test
    void badEntryMethodsAreReportedOnTheMethodWithItsName() throws IOException {
        final Compiled c = compile("bad.Bad", """
            package bad;
            import org.charm4j.*;
            public class Bad extends Chare {
                @Entry void hidden() { }
                @Entry public static void shared() { }
                @Entry public void at(int i) { }
                @Entry public void recv(Thread t, int ok) { }
                @Entry public void other(Bad chare) { }
                @Entry public <T> void generic(T t) { }
                @Entry public Thread result() { return null; }
                @Threaded public void notEntry() { }
                @Entry public void pipe(Channel<Integer> ch) { }
            }
            """);
        assertTrue(!c.ok());
        final String all = String.join("\n", c.errors());
        assertTrue(all.contains("line 4: entry method 'hidden' must be public"), all);
        assertTrue(all.contains("line 5: entry method 'shared' must not be static"), all);
        assertTrue(all.contains("line 6: entry method 'at(int)' clashes with the generated bad.BadProxy.at(int): the "
            + "generated proxy cannot have both"), all);
        assertTrue(all.contains("line 7: parameter 't' of 'recv': java.lang.Thread cannot travel between PEs"), all);
        assertTrue(all.contains("parameter 'chare' of 'other': bad.Bad cannot travel between PEs (a chare stays on"
            + " its PE: pass its proxy instead)"), all);
        assertTrue(all.contains("line 9: entry method 'generic' must not declare type parameters"), all);
        assertTrue(all.contains("line 10: entry method 'result' returns java.lang.Thread"), all);
        assertTrue(all.contains("line 11: @Threaded method 'notEntry' must also be an @Entry method"), all);
        assertTrue(all.contains("line 12: parameter 'ch' of 'pipe': org.charm4j.Channel<java.lang.Integer> cannot"
            + " travel between PEs (a channel belongs to the chare that made it"), all);
    }

    @Test
    void badChareClassesAreReported() throws IOException {
        final Compiled c = compile("bad.Outer", """
            package bad;
            import org.charm4j.*;
            public class Outer {
                public class Inner extends Chare { @Entry public void go() { } }
                public static class NoCtor extends Chare { private NoCtor() { } @Entry public void go() { } }
                public static class NotChare { @Entry public void go() { } }
            }
            """);
        final String all = String.join("\n", c.errors());
        assertTrue(all.contains("chare class bad.Outer.Inner is an inner class: make it static"), all);
        assertTrue(all.contains("chare class bad.Outer.NoCtor has no public constructor"), all);
        assertTrue(all.contains("@Entry method 'go' is in bad.Outer.NotChare, which does not extend"), all);
    }

    @Test
    void onlyEntryMethodsWithTheSignatureOfAProxyMethodClashAndTheErrorNamesThatMethod() throws IOException {
        final Compiled c = compile("clash.Clash", """
            package clash;
            import org.charm4j.*;
            public class Clash extends Chare {
                public Clash(int n) { }
                @Entry public void index() { }
                @Entry public void collection() { }
                @Entry public void whenDone() { }
                @Entry public int gather() { return 0; }
                @Entry public void at(int i, int j) { }
                @Entry public boolean equals(Object o) { return false; }
                @Entry public int hashCode() { return 0; }
                @Entry public String toString() { return ""; }
                @Entry public void insert(Index where, int n) { }
                @Entry public void newSparseArray() { }
                @Entry public void index(int i) { }
                @Entry public void gather(double x) { }
                @Entry public void collection(String s) { }
                @Entry public void whenDone(int w) { }
                @Entry public void at(String s) { }
                @Entry public void equals(int x) { }
                @Entry public void insert(Index where, String s) { }
            }
            """);
        assertTrue(!c.ok());
        final String all = String.join("\n", c.errors());
        assertTrue(all.contains("line 5: entry method 'index()' clashes with index() of "
            + "org.charm4j.runtime.ElementProxy: the generated proxy cannot have both, as they have the same name and "
            + "parameter types; rename it or change its parameters (an overload with other parameter types is fine)"),
            all);
        assertTrue(all.contains("line 6: entry method 'collection()' clashes with collection() of org.charm4j.Proxy"),
            all);
        assertTrue(all.contains("line 7: entry method 'whenDone()' clashes with the generated clash.ClashProxy"
            + ".whenDone()"), all);
        assertTrue(all.contains("line 8: entry method 'gather()' clashes with the generated clash.ClashProxy"
            + ".gather()"), all);
        assertTrue(all.contains("line 9: entry method 'at(int, int)' clashes with the generated clash.ClashProxy"
            + ".at(int, int)"), all);
        // the base that declares them last (Object, Proxy, CollectionProxy, ElementProxy) is named
        assertTrue(all.contains("line 10: entry method 'equals(Object)' clashes with equals(Object) of "), all);
        assertTrue(all.contains("line 11: entry method 'hashCode()' clashes with hashCode() of "), all);
        assertTrue(all.contains("line 12: entry method 'toString()' clashes with toString() of "
            + "org.charm4j.runtime.CollectionProxy"), all);
        assertTrue(all.contains("line 13: entry method 'insert(Index, int)' clashes with the generated "
            + "clash.ClashProxy.insert(Index, int)"), all);
        assertTrue(all.contains("line 14: entry method 'newSparseArray()' clashes with the generated "
            + "clash.ClashProxy.newSparseArray()"), all);
        assertEquals(10, c.errors().size(), all); // the overloads on lines 15 to 21 are fine
    }

    @Test
    void entryMethodsThatCannotEvenBeDeclaredInAChareAreStillNamed() throws IOException {
        // Object's final methods: javac refuses them in the chare too; the processor says what the proxy has
        final Compiled c = compile("clash.Final", """
            package clash;
            import org.charm4j.*;
            public class Final extends Chare {
                @Entry public Class<?> getClass() { return null; }
                @Entry public void wait(long ms) { }
                @Entry public void notify() { }
            }
            """);
        final String all = String.join("\n", c.errors());
        assertTrue(all.contains("line 4: entry method 'getClass()' clashes with getClass() of java.lang.Object"),
            all);
        assertTrue(all.contains("line 5: entry method 'wait(long)' clashes with wait(long) of java.lang.Object"), all);
        assertTrue(all.contains("line 6: entry method 'notify()' clashes with notify() of java.lang.Object"), all);
    }

    @Test
    void whenConditionsAreCheckedAndBadOnesReportedOnTheMethod() throws IOException {
        final Compiled good = compile("when.Good", """
            package when;
            import org.charm4j.*;
            public class Good extends Chare {
                int iter;
                long budget;
                boolean open() { return budget > 0; }
                @Entry @When("iter == this.iter") public void step(int iter, double[] data) { }
                @Entry @When("this.budget >= cost && this.open() && !\\"this\\".isEmpty()") public void spend(long cost) { }
                @Threaded public Good(int x) { }
            }
            """);
        assertTrue(good.ok(), String.join("\n", good.errors()));
        final String proxy = java.nio.file.Files.readString(out.resolve("when/GoodProxy.java"));
        assertTrue(proxy.contains("protected long heldKey()") && proxy.contains("return (iter == $self.iter);")
            && proxy.contains("$self.budget >= cost && $self.open() && !\"this\".isEmpty()"), proxy);
        final Compiled c = compile("when.Bad", """
            package when;
            import org.charm4j.*;
            public class Bad extends Chare {
                private int secret;
                @Entry @When("x == this.secret") public void a(int x) { }
                @Entry @When("x == this.missing") public void b(int x) { }
                @Entry @When("  ") public void c(int x) { }
                @When("true") public void d() { }
                @Entry @When("x == this.iter()") public void e(int x) { }
            }
            """);
        assertTrue(!c.ok());
        final String all = String.join("\n", c.errors());
        assertTrue(all.contains("line 5: @When condition of 'a' reads this.secret, which is private"), all);
        assertTrue(all.contains("line 6: @When condition of 'b' reads this.missing, which Bad has no field or method"
            + " of"), all);
        assertTrue(all.contains("line 7: @When of 'c' has no condition"), all);
        assertTrue(all.contains("line 8: @When method 'd' must also be an @Entry method"), all);
        assertTrue(all.contains("line 9: @When condition of 'e' reads this.iter(), which Bad has no field or method"),
            all);
        // what else is wrong in a condition javac finds when it compiles the generated proxy
        final Compiled typo = compile("when.Typo", """
            package when;
            import org.charm4j.*;
            public class Typo extends Chare {
                @Entry @When("y > 0") public void f(int x) { }
            }
            """);
        final String javac = String.join("\n", typo.errors());
        assertTrue(!typo.ok() && javac.contains("cannot find symbol") && javac.contains("variable y"), javac);
    }
}
