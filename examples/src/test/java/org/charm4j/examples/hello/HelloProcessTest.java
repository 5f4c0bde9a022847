package org.charm4j.examples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs hello world and the launcher as real processes, as bin/charmrun does. */
@Timeout(120)
class HelloProcessTest {
    record Run(int exitCode, String stdout, String stderr) {
    }

    static Run launch(final String... args) throws IOException, InterruptedException {
        final org.charm4j.testing.ProgramRuns.Run r = org.charm4j.testing.ProgramRuns.launch(args);
        return new Run(r.exitCode(), r.stdout(), r.stderr());
    }

    @Test
    void helloOnFourPesPrintsOneLinePerPeAndExitsZero() throws Exception {
        final Run r = launch("+p4", "hello");
        assertEquals(0, r.exitCode(), r.stderr());
        final List<String> lines = r.stdout().lines().sorted().toList();
        assertEquals(List.of("Hello from PE 0 vals=[1, 2.33, hi]", "Hello from PE 1 vals=[1, 2.33, hi]",
            "Hello from PE 2 vals=[1, 2.33, hi]", "Hello from PE 3 vals=[1, 2.33, hi]"), lines);
    }

    @Test
    void programByMainClassAndDefaultPeCount() throws Exception {
        final Run r = launch(Hello.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(Runtime.getRuntime().availableProcessors(), r.stdout().lines().count());
    }

    @Test
    void programByJarPathUsesItsMainClass(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws Exception {
        final java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, Hello.class.getName());
        final File jar = dir.resolve("hello.jar").toFile();
        try (var out = new java.util.jar.JarOutputStream(new java.io.FileOutputStream(jar), mf)) {
            out.putNextEntry(new java.util.jar.JarEntry("README.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        final Run r = launch("+p3", jar.getPath());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(3, r.stdout().lines().filter(l -> l.startsWith("Hello from PE")).count(), r.stdout());
    }

    @Test
    void twoProcessesOfTwoPesPrintFourLines() throws Exception {
        final Run r = launch("+p4", "++ppn", "2", "hello");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("Hello from PE 0 vals=[1, 2.33, hi]", "Hello from PE 1 vals=[1, 2.33, hi]",
            "Hello from PE 2 vals=[1, 2.33, hi]", "Hello from PE 3 vals=[1, 2.33, hi]"),
            r.stdout().lines().sorted().toList());
    }

    @Test
    void helpAndBadOptionsAndUnknownPrograms() throws Exception {
        final Run help = launch("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("Usage: charmrun") && help.stdout().contains("+p N"), help.stdout());
        final Run bad = launch("+p4", "+frobnicate", "hello");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("unknown runtime option '+frobnicate'"), bad.stderr());
        final Run missing = launch("+p2", "no.such.Program");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.stderr().contains("cannot find program 'no.such.Program'"), missing.stderr());
        final Run noJar = launch("+p2", "missing.jar");
        assertEquals(2, noJar.exitCode());
        assertTrue(noJar.stderr().contains("no such jar"), noJar.stderr());
    }
}
