package org.charm4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles chares whose types javac resolves only in a later round, or never: chares in two packages that name each
 * other's proxies, a type another processor generates, a type that does not exist.
 */
class ChareProcessorRoundsTest {
    @TempDir
    Path dir;

    /** What one compile gave: its errors and warnings as "file:line: message", and where it wrote. */
    record Compiled(boolean ok, List<String> errors, List<String> warnings, Path classes, Path generated) {
    }

    /**
     * Compiles source files written under {@code dir/name/src} with javac in-process and {@code -proc:full}.
     *
     * @param sources    by path ({@code a/Ping.java}), the text.
     * @param classPath  directories added to the test's class path.
     * @param processors the processors, in order.
     */
    private Compiled compile(final String name, final Map<String, String> sources, final List<Path> classPath,
                             final List<Processor> processors) throws IOException {
        final Path src = dir.resolve(name).resolve("src");
        final Path classes = Files.createDirectories(dir.resolve(name).resolve("classes"));
        final Path generated = Files.createDirectories(dir.resolve(name).resolve("generated"));
        final List<Path> files = new ArrayList<>();
        for (final Map.Entry<String, String> s : sources.entrySet()) {
            final Path f = src.resolve(s.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, s.getValue());
            files.add(f);
        }
        final List<String> cp = new ArrayList<>();
        classPath.forEach(p -> cp.add(p.toString()));
        cp.add(System.getProperty("java.class.path"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            final List<String> opts = List.of("-proc:full", "-d", classes.toString(), "-s", generated.toString(),
                "-cp", String.join(File.pathSeparator, cp));
            final JavaCompiler.CompilationTask task = javac.getTask(null, fm, diags, opts, null,
                fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(processors);
            final boolean ok = task.call();
            final List<String> errors = new ArrayList<>();
            final List<String> warnings = new ArrayList<>();
            for (final Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                final String where = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":"
                    + d.getLineNumber() + ": ";
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(where + d.getMessage(Locale.ROOT));
                } else if (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                    warnings.add(where + d.getMessage(Locale.ROOT));
                }
            }
            return new Compiled(ok, errors, warnings, classes, generated);
        }
    }

    private static final String PING = """
        package a;

        import b.PongProxy;
        import java.util.List;
        import org.charm4j.Chare;
        import org.charm4j.Entry;

        public class Ping extends Chare {
            @Entry
            public void start(b.PongProxy.Element peer) {
            }

            @Entry
            public void go(Data d) {
            }

            @Entry
            public void go(PongProxy.Element[] peers) {
            }

            @Entry
            public void go(List<b.PongProxy.Element> peers) {
            }

            @Entry
            public PongProxy.Element partner() {
                return null;
            }
        }
        """;

    private static final String DATA = """
        package a;

        public class Data implements java.io.Serializable {
        }
        """;

    private static final String PONG = """
        package b;

        import org.charm4j.Chare;
        import org.charm4j.Entry;

        public class Pong extends Chare {
            @Entry
            public void pong(int v, a.PingProxy.Element from) {
            }
        }
        """;

    private static Map<String, String> sources(final String... pathAndText) {
        final Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            m.put(pathAndText[i], pathAndText[i + 1]);
        }
        return m;
    }

    /** @return the entry-method list of a generated proxy's javadoc: "0: go(a.Data)", ... */
    private static List<String> entryIds(final String proxy) {
        final List<String> ids = new ArrayList<>();
        final Matcher m = Pattern.compile("<li>(\\d+): \\{@code ([^}]*)}").matcher(proxy);
        while (m.find()) {
            ids.add(m.group(1) + ": " + m.group(2));
        }
        return ids;
    }

    @Test
    void charesInTwoPackagesThatNameEachOthersProxiesCompileWithTheSameIdsAsAnIncrementalBuild() throws IOException {
        final Compiled clean = compile("clean", sources("a/Ping.java", PING, "a/Data.java", DATA, "b/Pong.java", PONG),
            List.of(), List.of(new ChareProcessor()));
        assertTrue(clean.ok(), clean.errors().toString());
        assertEquals(List.of(), clean.errors());
        final String ping = Files.readString(clean.generated().resolve("a/PingProxy.java"));
        assertEquals(List.of("0: go(a.Data)", "1: go(b.PongProxy.Element[])", "2: go(java.util.List<b.PongProxy.Element>)",
            "3: partner()", "4: start(b.PongProxy.Element)"), entryIds(ping));
        assertTrue(ping.contains("public org.charm4j.Future<b.PongProxy.Element> partner()"), ping);
        final String pong = Files.readString(clean.generated().resolve("b/PongProxy.java"));
        assertTrue(pong.contains("public void pong(final int v, final a.PingProxy.Element from)"), pong);

        // incremental: b as compiled before, on the class path; a compiled again alone
        final Path bClasses = dir.resolve("b-classes");
        Files.createDirectories(bClasses.resolve("b"));
        try (var files = Files.list(clean.classes().resolve("b"))) {
            for (final Path f : files.toList()) {
                Files.copy(f, bClasses.resolve("b").resolve(f.getFileName()));
            }
        }
        final Compiled incremental = compile("incremental", sources("a/Ping.java", PING, "a/Data.java", DATA),
            List.of(bClasses), List.of(new ChareProcessor()));
        assertTrue(incremental.ok(), incremental.errors().toString());
        assertEquals(ping, Files.readString(incremental.generated().resolve("a/PingProxy.java")));
    }

    /** Generates {@code gen.Made} in its first round, as another annotation processor might. */
    @SupportedAnnotationTypes("*")
    static final class MakesAType extends AbstractProcessor {
        private boolean made;

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(final Set<? extends TypeElement> annotations, final RoundEnvironment round) {
            if (!made) {
                made = true;
                try (Writer w = processingEnv.getFiler().createSourceFile("gen.Made").openWriter()) {
                    w.write("package gen;\npublic class Made implements java.io.Serializable {\n}\n");
                } catch (final IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    @Test
    void aChareWaitsForATypeThatAnotherProcessorGeneratesInTheSameRound() throws IOException {
        final Compiled c = compile("later", sources("c/User.java", """
            package c;
            import gen.Made;
            import org.charm4j.*;
            public class User extends Chare {
                public User(Made m) { }
                @Entry public void take(java.util.List<Made> made) { }
            }
            """), List.of(), List.of(new ChareProcessor(), new MakesAType()));
        assertTrue(c.ok(), c.errors().toString());
        final String proxy = Files.readString(c.generated().resolve("c/UserProxy.java"));
        assertTrue(proxy.contains("0: {@code take(java.util.List<gen.Made>)}"), proxy);
        assertTrue(proxy.contains("public static UserProxy newGroup(final gen.Made m)"), proxy);
    }

    @Test
    void aTypeThatNeverAppearsIsReportedOnItsElementOnceProcessingIsOver() throws IOException {
        final Compiled c = compile("never", sources("c/Lost.java", """
            package c;
            import org.charm4j.*;
            public class Lost extends Chare {
                @Entry public void take(int n, nope.Missing m) { }
                @Entry public java.util.List<nope.Gone> give() { return null; }
            }
            """), List.of(), List.of(new ChareProcessor()));
        assertFalse(c.ok());
        final String all = String.join("\n", c.errors());
        assertTrue(all.contains("Lost.java:4: parameter 'm' of 'take': type nope.Missing was not found, even after "
            + "annotation processing, so c.LostProxy cannot be generated"), all);
        assertTrue(all.contains("Lost.java:5: entry method 'give' returns java.util.List<nope.Gone>, a type that was "
            + "not found"), all);
        assertFalse(Files.exists(c.generated().resolve("c/LostProxy.java")));
        assertEquals(1, c.errors().stream().filter(e -> e.contains("'m' of 'take'")).count(), all);
    }
}
