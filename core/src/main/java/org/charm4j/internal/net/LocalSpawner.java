package org.charm4j.internal.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts the processes of a job on this machine: K JVMs of one main class, each told its rank and the job size
 * ({@code CHARM4J_RANK}, {@code CHARM4J_NODES}), a fresh random secret ({@code CHARM4J_SECRET}, hex) and the
 * rendezvous that this launcher runs ({@code CHARM4J_RENDEZVOUS}, {@code CHARM4J_RENDEZVOUS_SERVER=launcher}). Their
 * standard output and error are forwarded line by line, whole lines, as Charm++'s charmrun does: output to
 * {@code out}, errors to this process's standard error. When one exits non-zero (or is
 * killed), the others get {@code killGrace} to notice and stop on their own (the transport reports the lost peer),
 * then are killed; the job's status is the first non-zero status. Children also exit when this launcher dies
 * ({@code CHARM4J_PARENT_PID}, see {@link ProcessEnv#exitWithParent}).
 *
 * <p>A process that fails is reported with what ended it: a signal by number and name ("was killed by signal 9
 * (SIGKILL)"; a status above 128 is one, from Java's {@link Process#exitValue} as from a shell), an exit on its own
 * while the job ran (its {@link ExitWatch} line: {@code System.exit} instead of {@code Charm.exit}) with its code, or
 * else its exit code.
 *
 * <p>Usage from a shell: {@code java -cp CP org.charm4j.internal.net.LocalSpawner N main.Class [args...]}.
 *
 * <p>Threading: {@link #start} from any thread; a {@link Job}'s methods from any thread.
 */
public final class LocalSpawner {
    /** Status of a job that ran past its time limit (as timeout(1)). */
    public static final int TIMED_OUT = 124;

    private LocalSpawner() {
    }

    /**
     * What to start.
     *
     * @param nodes     number of processes.
     * @param mainClass the main class each runs.
     * @param args      its arguments.
     * @param jvmFlags  JVM options before the class path (e.g. {@code -Xmx1g}).
     * @param classpath the class path of the children.
     * @param killGrace how long the others may take to stop after one failed, before they are killed.
     * @param out       where the children's output lines go.
     * @param extraEnv  more environment variables for every child.
     * @param hosts     empty to start every process here; else process r starts on {@code hosts[r % size]} through
     *                  {@code ssh} (as Charm++'s {@code ++nodelist}).
     * @param ssh       the remote shell command, e.g. {@code ssh} (split on spaces).
     * @param bind      the address the rendezvous listens on and the children bind to.
     */
    public record Spec(int nodes, String mainClass, List<String> args, List<String> jvmFlags, String classpath,
                       Duration killGrace, PrintStream out, Map<String, String> extraEnv, List<String> hosts,
                       String ssh, java.net.InetAddress bind) {
        /** Checks the values. */
        public Spec {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
            }
            args = List.copyOf(args);
            jvmFlags = List.copyOf(jvmFlags);
            extraEnv = Map.copyOf(extraEnv);
            hosts = List.copyOf(hosts);
        }

        /**
         * Every process on this machine, on loopback.
         *
         * @param nodes     number of processes.
         * @param mainClass the main class each runs.
         * @param args      its arguments.
         * @param jvmFlags  JVM options.
         * @param classpath the class path of the children.
         * @param killGrace how long the others may take to stop after one failed.
         * @param out       where the children's output lines go.
         * @param extraEnv  more environment variables for every child.
         */
        public Spec(final int nodes, final String mainClass, final List<String> args, final List<String> jvmFlags,
                    final String classpath, final Duration killGrace, final PrintStream out,
                    final Map<String, String> extraEnv) {
            this(nodes, mainClass, args, jvmFlags, classpath, killGrace, out, extraEnv, List.of(), "ssh",
                java.net.InetAddress.getLoopbackAddress());
        }

        /** @return a spec with this JVM's class path, 3 s of grace, output to {@link System#out}. */
        public static Spec of(final int nodes, final String mainClass, final String... args) {
            return new Spec(nodes, mainClass, List.of(args), List.of(), System.getProperty("java.class.path"),
                Duration.ofSeconds(3), System.out, Map.of());
        }
    }

    /**
     * Starts the job.
     *
     * @return returns owned: the running job; the caller waits for it and closes it.
     * @throws IOException if a process cannot be started (the ones already started are killed).
     */
    public static Job start(final Spec spec) throws IOException {
        return new Job(spec);
    }

    /** Runs {@code N main.Class args...} and exits with the job's status. */
    public static void main(final String[] argv) throws Exception {
        if (argv.length < 2) {
            System.err.println("usage: LocalSpawner <processes> <main class> [args...]");
            System.exit(2);
        }
        final List<String> rest = List.of(argv).subList(2, argv.length);
        final Spec spec = new Spec(Integer.parseInt(argv[0]), argv[1], rest, jvmFlagsOfThisJvm(),
            System.getProperty("java.class.path"), Duration.ofSeconds(3), System.out, Map.of());
        final int status;
        try (Job job = start(spec)) {
            status = job.waitFor(Duration.ofDays(365));
        }
        System.exit(status);
    }

    private static List<String> jvmFlagsOfThisJvm() {
        final List<String> f = new ArrayList<>();
        for (final String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-modules") || a.startsWith("--enable-native-access") || a.startsWith("-Xmx")
                || a.startsWith("-XX:MaxDirectMemorySize") || a.startsWith("-Dio.netty") || a.startsWith("-Dcharm4j.")
                || a.startsWith("--sun-misc") || a.startsWith("--add-opens") || a.startsWith("-XX:TypeProfileLevel")) {
                f.add(a);
            }
        }
        return f;
    }

    /**
     * A running job.
     *
     * <p>Threading: any thread.
     */
    public static final class Job implements AutoCloseable {
        private final Spec spec;
        private final Rendezvous.Server rendezvous;
        private final Process[] processes;
        private final List<Thread> forwarders = new ArrayList<>();
        /** The forwarders of each rank's output, joined before its exit is reported (its last lines come first). */
        private final List<List<Thread>> forwardersOf = new ArrayList<>();
        /** Ranks that printed their {@link ExitWatch} line: they ended on their own while the job ran. */
        private final boolean[] onItsOwn;
        /** Set once this launcher killed the processes still running: their signals are not news. */
        private boolean killing;
        /** Set once a process failed: the others get the grace, then are killed. */
        private boolean stopping;
        private final Object lock = new Object();
        private int firstFailure;
        private int exited;
        private long killAt = Long.MAX_VALUE;

        private Job(final Spec spec) throws IOException {
            this.spec = spec;
            final JobSecret secret = JobSecret.random();
            final Consumer<String> log = line -> spec.out().println(line);
            this.rendezvous = Rendezvous.serve(new InetSocketAddress(spec.bind(), 0), secret, spec.nodes(),
                Duration.ofSeconds(60), log);
            this.processes = new Process[spec.nodes()];
            this.onItsOwn = new boolean[spec.nodes()];
            for (int i = 0; i < spec.nodes(); i++) {
                forwardersOf.add(new ArrayList<>());
            }
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            try {
                for (int i = 0; i < spec.nodes(); i++) {
                    final List<String> cmd = new ArrayList<>();
                    cmd.add(java);
                    cmd.addAll(spec.jvmFlags());
                    cmd.add("-cp");
                    cmd.add(spec.classpath());
                    cmd.add(spec.mainClass());
                    cmd.addAll(spec.args());
                    final Map<String, String> vars = new java.util.LinkedHashMap<>(spec.extraEnv());
                    vars.put(ProcessEnv.RANK, Integer.toString(i));
                    vars.put(ProcessEnv.LOCAL_RANK, Integer.toString(localRank(spec.hosts(), i)));
                    vars.put(ProcessEnv.NODES, Integer.toString(spec.nodes()));
                    vars.put(ProcessEnv.RENDEZVOUS, spec.bind().getHostAddress() + ":" + rendezvous.address()
                        .getPort());
                    vars.put(ProcessEnv.RENDEZVOUS_SERVER, "launcher");
                    vars.put(ProcessEnv.BIND, spec.hosts().isEmpty() || spec.bind().isLoopbackAddress()
                        ? spec.bind().getHostAddress() : "0.0.0.0");
                    final Process p;
                    if (spec.hosts().isEmpty()) {
                        final ProcessBuilder pb = new ProcessBuilder(cmd);
                        pb.environment().putAll(vars);
                        pb.environment().put(ProcessEnv.SECRET, secret.toHex());
                        pb.environment().put(ProcessEnv.PARENT_PID, Long.toString(ProcessHandle.current().pid()));
                        p = pb.start();
                    } else {
                        p = startOverSsh(spec.hosts().get(i % spec.hosts().size()), cmd, vars, secret);
                    }
                    processes[i] = p;
                    forward(i, p.getInputStream(), spec.out());
                    forward(i, p.getErrorStream(), spec.out() == System.out ? System.err : spec.out());
                    final int rank = i;
                    p.onExit().thenAcceptAsync(x -> exited(rank, x.exitValue()), r -> Thread.ofVirtual()
                        .name("charm4j-exited-" + rank).start(r));
                }
            } catch (final IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** @return how many processes before process {@code i} start on its host (all of them when local). */
        static int localRank(final List<String> hosts, final int i) {
            if (hosts.isEmpty()) {
                return i;
            }
            final String host = hosts.get(i % hosts.size());
            int before = 0;
            for (int j = 0; j < i; j++) {
                if (hosts.get(j % hosts.size()).equals(host)) {
                    before++;
                }
            }
            return before;
        }

        /**
         * Starts a process on another host: {@code ssh HOST sh -c '...'}, which reads the secret from its standard
         * input (so that it never appears on a command line), exports the job's variables, changes to this
         * directory and runs the JVM.
         */
        private Process startOverSsh(final String host, final List<String> cmd, final Map<String, String> vars,
                                     final JobSecret secret) throws IOException {
            final StringBuilder script = new StringBuilder("read -r " + ProcessEnv.SECRET + " && export "
                + ProcessEnv.SECRET);
            vars.forEach((k, v) -> script.append(" && export ").append(k).append('=').append(quote(v)));
            script.append(" && cd ").append(quote(System.getProperty("user.dir"))).append(" && exec");
            for (final String c : cmd) {
                script.append(' ').append(quote(c));
            }
            final List<String> ssh = new ArrayList<>(List.of(spec.ssh().trim().split("\\s+")));
            ssh.add(host);
            ssh.add("sh -c " + quote(script.toString()));
            final Process p = new ProcessBuilder(ssh).start();
            try (var in = p.getOutputStream()) {
                in.write((secret.toHex() + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (final IOException e) {
                // The remote shell ended before reading the secret (host unreachable, login refused): its exit
                // status and what it printed to stderr are forwarded and end the job, which says more than EPIPE.
                spec.out().println("charm4j: the remote shell to " + host + " ended early (" + e.getMessage() + ")");
            }
            return p;
        }

        private static String quote(final String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }

        private void forward(final int rank, final InputStream in, final PrintStream to) {
            final String marker = ExitWatch.marker(rank);
            final Thread t = Thread.ofVirtual().name("charm4j-forward-" + rank).unstarted(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.startsWith(marker)) {
                            synchronized (lock) {
                                onItsOwn[rank] = true;
                            }
                        }
                        to.println(line);
                    }
                } catch (final IOException e) {
                    to.println("charm4j: output of process " + rank + " lost: " + e);
                }
            });
            forwarders.add(t);
            forwardersOf.get(rank).add(t);
            t.start();
        }

        private void exited(final int rank, final int status) {
            try {
                // its last lines (an ExitWatch line among them) are read once its pipes close, normally at once
                for (final Thread t : forwardersOf.get(rank)) {
                    t.join(2000);
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (lock) {
                exited++;
                if (status != 0 && firstFailure == 0) {
                    firstFailure = status;
                }
                // a process that ended on its own ends the job even with code 0 (the others lose it)
                final boolean failed = status != 0 || onItsOwn[rank];
                if (failed && !stopping) {
                    stopping = true;
                    spec.out().println("charm4j: process " + rank + " " + describe(status, onItsOwn[rank])
                        + "; stopping the others within " + spec.killGrace().toMillis() + " ms");
                    killAt = System.nanoTime() + spec.killGrace().toNanos();
                } else if (failed && !killing && (onItsOwn[rank] || signal(status) > 0)) {
                    spec.out().println("charm4j: process " + rank + " " + describe(status, onItsOwn[rank]));
                }
                lock.notifyAll();
            }
        }

        /** @return the signal that a status above 128 stands for (as a shell and {@link Process} give it), else 0. */
        static int signal(final int status) {
            return status > 128 && status < 128 + 32 ? status - 128 : 0;
        }

        /**
         * @param status   a process's exit status.
         * @param onItsOwn whether it exited on its own while the job ran (its {@link ExitWatch} line).
         * @return what ended it, after "process r": "was killed by signal 9 (SIGKILL): ...", "exited with code 3 on
         *     its own (...)", "exited with code 1".
         */
        static String describe(final int status, final boolean onItsOwn) {
            final int sig = signal(status);
            if (sig > 0) {
                final String name = signalName(sig);
                return "was killed by signal " + sig + (name == null ? "" : " (" + name + ")") + switch (sig) {
                    case 9 -> ": kill -9, or the kernel's out-of-memory killer (see dmesg)";
                    case 6 -> ": the JVM aborted (see its hs_err_pid file)";
                    case 11, 7 -> ": a crash in native code (see its hs_err_pid file)";
                    default -> "";
                };
            }
            return "exited with code " + status + (onItsOwn ? " on its own (System.exit? end the job with "
                + "Charm.exit(code))" : "");
        }

        /** @return the Linux name of a common signal, or null. */
        static String signalName(final int sig) {
            return switch (sig) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 3 -> "SIGQUIT";
                case 4 -> "SIGILL";
                case 5 -> "SIGTRAP";
                case 6 -> "SIGABRT";
                case 7 -> "SIGBUS";
                case 8 -> "SIGFPE";
                case 9 -> "SIGKILL";
                case 10 -> "SIGUSR1";
                case 11 -> "SIGSEGV";
                case 12 -> "SIGUSR2";
                case 13 -> "SIGPIPE";
                case 14 -> "SIGALRM";
                case 15 -> "SIGTERM";
                case 24 -> "SIGXCPU";
                case 25 -> "SIGXFSZ";
                default -> null;
            };
        }

        /** @return the process of {@code rank} (e.g. to kill it in a test). */
        public Process process(final int rank) {
            return processes[rank];
        }

        /**
         * Waits until every process has exited (killing the rest once one failed and the grace is over).
         *
         * @return 0 if all exited 0, else the first non-zero status; {@link #TIMED_OUT} if {@code timeout} passed
         *     (then all are killed).
         */
        public int waitFor(final Duration timeout) throws InterruptedException {
            final long end = System.nanoTime() + timeout.toNanos();
            synchronized (lock) {
                while (exited < processes.length) {
                    final long now = System.nanoTime();
                    if (now - end >= 0) {
                        spec.out().println("charm4j: the job ran past its time limit of " + timeout.toMillis()
                            + " ms; killing every process");
                        killAll();
                        waitExited();
                        return TIMED_OUT;
                    }
                    if (now - killAt >= 0) {
                        killAll();
                        killAt = Long.MAX_VALUE;
                    }
                    final long wait = Math.min(end - now, killAt - now);
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.max(1_000_000, Math.min(wait, 100_000_000)));
                }
                final int status = firstFailure;
                joinForwarders();
                return status;
            }
        }

        private void waitExited() throws InterruptedException {
            for (final Process p : processes) {
                if (p != null) {
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }

        private void joinForwarders() throws InterruptedException {
            for (final Thread t : forwarders) {
                t.join(2000);
            }
        }

        private void killAll() {
            synchronized (lock) {
                killing = true;
            }
            for (final Process p : processes) {
                if (p != null && p.isAlive()) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
        }

        /** Kills every process still running and stops the rendezvous. Idempotent. */
        @Override
        public void close() {
            killAll();
            try {
                waitExited();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            rendezvous.close();
        }
    }
}
