package org.charm4j.launch;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.charm4j.Options;
import org.charm4j.internal.net.LocalSpawner;
import org.charm4j.internal.net.ProcessEnv;

/**
 * Runs a charm4j program: {@code Launcher [runtime options] <program> [program args]}, where the program is a short
 * name ({@link #PROGRAMS}), a main class, or a jar whose manifest names its main class. Runtime options
 * ({@code +p4}) may stand anywhere; they are checked here first so that a typo fails before anything starts. With
 * {@code ++ppn K} below {@code +p N}, it starts N/K processes on this machine that run the same command line (unless a
 * scheduler such as srun or mpirun started this process as one of the job's: then it runs its part); it checks the
 * program (the class, or the jar's Main-Class, and its {@code main}) once before, so that a typo is reported once,
 * not by every process. With {@code +timeout}, it kills what still runs {@link #TIMEOUT_MARGIN} after the limit (the
 * processes end the job themselves at the limit).
 *
 * <p>Threading: the JVM's main thread.
 */
public final class Launcher {
    /** Short names of the programs that ship with charm4j. */
    public static final Map<String, String> PROGRAMS = new TreeMap<>(Map.of(
        "hello", "org.charm4j.examples.hello.Hello",
        "imbalanced", "org.charm4j.examples.lb.Imbalanced",
        "stencil3d", "org.charm4j.apps.stencil3d.Stencil3d",
        "leanmd", "org.charm4j.apps.leanmd.LeanMd"));

    /** How long after {@code +timeout} the launcher kills the processes that did not end the job themselves. */
    static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(15);

    private Launcher() {
    }

    /**
     * @param args runtime options, the program, its arguments.
     * @throws Throwable what the program's main throws.
     */
    public static void main(final String[] args) throws Throwable {
        if (args.length == 0 || Arrays.asList(args).contains("--help") && indexOfProgram(args) < 0
            || args[0].equals("--help") || args[0].equals("-h")) {
            usage(System.out);
            return;
        }
        final Options options;
        try {
            options = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("charmrun: " + e.getMessage());
            System.exit(2);
            return;
        }
        final int p = indexOfProgram(args);
        if (p < 0) {
            System.err.println("charmrun: no program given. Run charmrun --help for the usage.");
            System.exit(2);
        }
        if (options.numNodes() > 1 && !ProcessEnv.isPresent(System.getenv())) {
            final String problem = checkProgram(args[p]);
            if (problem != null) {
                System.err.println("charmrun: " + problem);
                System.exit(2);
                return;
            }
            final int status;
            try {
                status = spawn(options, args);
            } catch (final IllegalArgumentException | java.io.UncheckedIOException | java.io.IOException e) {
                System.err.println("charmrun: " + e.getMessage());
                System.exit(2);
                return;
            }
            System.exit(status);
        }
        final String program = args[p];
        final String[] rest = new String[args.length - 1];
        System.arraycopy(args, 0, rest, 0, p);
        System.arraycopy(args, p + 1, rest, p, args.length - p - 1);
        final Class<?> main;
        try {
            main = resolve(program, true);
        } catch (final ClassNotFoundException | IOException | LinkageError e) {
            System.err.println("charmrun: " + notFound(program, e));
            System.exit(2);
            return;
        }
        final MethodHandle mh;
        try {
            mh = mainOf(main);
        } catch (final NoSuchMethodException | IllegalAccessException e) {
            System.err.println("charmrun: " + noMain(main));
            System.exit(2);
            return;
        }
        mh.invokeExact(rest);
    }

    /**
     * Checks, without running anything of it, that the program can be started: its class is on the class path (or
     * the jar exists and names its Main-Class) and has a public static void main(String[]).
     *
     * @param program a short name, a main class or a jar.
     * @return null if it can, else what is wrong and how to fix it.
     */
    static String checkProgram(final String program) {
        final Class<?> main;
        try {
            main = resolve(program, false);
        } catch (final ClassNotFoundException | IOException | LinkageError e) {
            return notFound(program, e);
        }
        try {
            mainOf(main);
        } catch (final NoSuchMethodException | IllegalAccessException e) {
            return noMain(main);
        }
        return null;
    }

    private static MethodHandle mainOf(final Class<?> main) throws NoSuchMethodException, IllegalAccessException {
        return MethodHandles.publicLookup().findStatic(main, "main", MethodType.methodType(void.class,
            String[].class));
    }

    private static String notFound(final String program, final Throwable e) {
        return "cannot find program '" + program + "': " + (e instanceof ClassNotFoundException ? "no class "
            + e.getMessage() + " on the class path" : e.getMessage()) + "\n  give a short name ("
            + String.join(", ", PROGRAMS.keySet()) + "), a main class on the class path (CLASSPATH), or a jar with a "
            + "Main-Class";
    }

    private static String noMain(final Class<?> main) {
        return main.getName() + " has no public static void main(String[])";
    }

    /**
     * Starts the job's processes, each running this launcher with the same arguments: on this machine, or over ssh
     * on the hosts of {@code ++nodelist}; then waits for them.
     *
     * @return the job's exit status: the first non-zero one.
     */
    private static int spawn(final Options options, final String[] args) throws Exception {
        final List<String> flags = new ArrayList<>();
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Xrunjdwp")) {
                flags.add(a);
            }
        }
        final List<String> hosts = options.nodelist() == null ? List.of() : Nodelist.read(Path.of(options.nodelist()));
        final InetAddress bind;
        if (options.ip() != null) {
            bind = InetAddress.getByName(options.ip());
        } else if (hosts.stream().allMatch(Launcher::isLoopback)) {
            bind = InetAddress.getLoopbackAddress();
        } else {
            bind = InetAddress.getLocalHost();
        }
        final String ssh = System.getenv().getOrDefault("CHARM4J_SSH", "ssh");
        final LocalSpawner.Spec spec = new LocalSpawner.Spec(options.numNodes(), Launcher.class.getName(),
            List.of(args), flags, System.getProperty("java.class.path"), Duration.ofSeconds(3), System.out, Map.of(),
            hosts, ssh, bind);
        try (LocalSpawner.Job job = LocalSpawner.start(spec)) {
            return job.waitFor(options.timeoutSeconds() > 0
                ? Duration.ofSeconds(options.timeoutSeconds()).plus(TIMEOUT_MARGIN) : Duration.ofDays(365));
        }
    }

    private static boolean isLoopback(final String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (final java.net.UnknownHostException e) {
            throw new IllegalArgumentException("host '" + host + "' of the nodelist does not resolve", e);
        }
    }

    /** The program is the first argument that is neither a runtime option nor the value of one. */
    private static int indexOfProgram(final String[] args) {
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            if (Options.takesValue(a)) {
                i++;
            } else if (!a.startsWith("+") && !a.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    private static Class<?> resolve(final String program, final boolean initialize) throws ClassNotFoundException,
        IOException {
        final String shortName = PROGRAMS.get(program);
        if (shortName != null) {
            return Class.forName(shortName, initialize, Launcher.class.getClassLoader());
        }
        if (program.endsWith(".jar")) {
            final File jar = new File(program);
            if (!jar.isFile()) {
                throw new IOException("no such jar: " + jar.getAbsolutePath());
            }
            final String mainClass;
            try (JarFile jf = new JarFile(jar)) {
                mainClass = jf.getManifest() == null ? null
                    : jf.getManifest().getMainAttributes().getValue("Main-Class");
            }
            if (mainClass == null) {
                throw new IOException(jar + " has no Main-Class in its manifest (build it with one, e.g. "
                    + "maven-jar-plugin's <mainClass>, or give the main class and put the jar on CLASSPATH)");
            }
            final URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()},
                Launcher.class.getClassLoader());
            if (initialize) {
                Thread.currentThread().setContextClassLoader(loader);
            }
            try {
                return Class.forName(mainClass, initialize, loader);
            } catch (final ClassNotFoundException e) {
                throw new IOException("the Main-Class " + mainClass + " of " + jar + " is not in the jar or on the "
                    + "class path", e);
            }
        }
        return Class.forName(program, initialize, Launcher.class.getClassLoader());
    }

    private static void usage(final PrintStream out) {
        out.println("Usage: charmrun [runtime options] <program> [program arguments]");
        out.println();
        out.println("Runs a charm4j program on this machine. The program is a short name, a main class on the class");
        out.println("path, or a jar whose manifest names its main class. Short names:");
        PROGRAMS.forEach((k, v) -> out.printf("  %-12s %s%n", k, v));
        out.println();
        out.println("Runtime options (Charm++ style, anywhere before a '--'):");
        out.print(Options.help());
        out.println();
        out.println("Exit status: the job's (Charm.exit(code)); 1 after an error; 2 for a bad command line or a program"
            + " that cannot start; " + Options.TIMEOUT_EXIT_CODE + " after +timeout.");
        out.println();
        out.println("Example: charmrun +p4 hello");
    }
}
