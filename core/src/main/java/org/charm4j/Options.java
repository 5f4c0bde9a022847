package org.charm4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runtime's options, parsed from Charm++-style flags ({@code +p4}, {@code ++ppn 2}, {@code +idle backoff}) found
 * anywhere in the command line before a {@code --}; what remains goes to the program. Each flag is declared once in
 * {@link #FLAGS} (name, argument, default, help), which feeds the parser, {@code --help} and {@link #toString()}.
 *
 * @param numPes         number of PEs (scheduler threads) of the job.
 * @param pesPerNode     PEs per process ({@code ++ppn}); divides {@code numPes}.
 * @param idle           how an idle PE waits: {@code backoff}, {@code spin} or {@code yield}.
 * @param batch          the most messages a PE handles per duty cycle before it looks at other work.
 * @param printOptions   print these options on PE 0 at start.
 * @param setCpuAffinity pin each PE's thread to one core ({@code +setcpuaffinity}).
 * @param nodelist       a Charm++ nodelist file whose hosts run the processes over ssh, or {@code null}.
 * @param ip             the address processes listen on and advertise ({@code ++ip}), or {@code null} for the
 *                       default (loopback when all processes are local).
 * @param port           the first port processes listen on (process r listens on port + r), 0 for any free port.
 * @param peerTimeoutSeconds a process from which nothing arrives for this long (no message, no heartbeat) is taken
 *                       for hung and the job ends naming it ({@code +peerTimeout}; default 30, see
 *                       {@link org.charm4j.internal.net.TransportConfig#peerTimeout()}).
 * @param timeoutSeconds the job's time limit ({@code +timeout}): once it has run that long, every process ends with
 *                       exit code {@link #TIMEOUT_EXIT_CODE}; 0 for none.
 * @param commThread     how each process of several runs its network: {@code "on"} on a thread of its own
 *                       ({@code +commthread}, Charm++ SMP's comm thread: no entry method can stall it), {@code "off"}
 *                       driven by its first PE ({@code +nocommthread}, Charm++ non-SMP), or {@code "auto"} (the
 *                       default: see {@link #usesCommThread()}).
 * @param balancers      the load-balancing strategies that each AtSync step applies in turn ({@code +balancer NAME},
 *                       repeatable: GreedyLB, RefineLB, GreedyRefineLB, OrbLB, RotateLB, RandomLB, DummyLB, a name
 *                       given to {@link org.charm4j.lb.Strategies#register}, or a class implementing
 *                       {@link org.charm4j.lb.Strategy}); empty for GreedyLB.
 * @param lbPeriodSeconds the shortest time between two balancing steps ({@code +LBPeriod}); an AtSync sooner than
 *                       that resumes without balancing.
 * @param lbTolerance    {@code +LBTolerance RATIO}: a balancing step whose measured max/avg PE load is at most this
 *                       runs no strategy and moves nothing (GreedyLB reassigns every element, so a balanced
 *                       collection otherwise moves half its elements for nothing); 1, the default, always balances.
 * @param lbOff          {@code +LBOff}: atSync() resumes at once, nothing is measured or moved.
 * @param lbDebug        {@code +LBDebug N}: 0 silent; 1 prints one line per balancing step (max/avg PE load before and
 *                       after, elements moved, the strategy's cost); 2 also each strategy's own figures.
 * @param maxQueuedMiB   the most memory, in MiB, that a process may hold in messages queued between processes
 *                       ({@code +maxQueued}: received for its PEs and not yet taken, plus sent and not yet written)
 *                       where back-pressure cannot hold the senders back; 0 for the default
 *                       ({@link #maxQueuedBytes()}).
 * @param stats          {@code +stats}: print, at exit, each PE's busy, idle and runtime fractions, its messages and
 *                       bytes, and a table of entry methods summed over processes.
 * @param traceFile      {@code +trace FILE}: write a timeline of the run in Chrome's trace-event JSON (Perfetto,
 *                       {@code chrome://tracing}), or {@code null}.
 * @param reportDir      {@code +report DIR}: write a self-contained HTML page of the run into DIR, or {@code null}.
 * @param device         {@code +device LIST}: where kernels run, devices tried in order ({@code cpu}, the default;
 *                       {@code opencl[:N]}; {@code cuda[:N]}), comma-separated, lower case.
 * @param kernelSource   {@code +kernelSource}: print each kernel's device source when it is compiled.
 * @param programArgs    the arguments left for the program.
 */
public record Options(int numPes, int pesPerNode, String idle, int batch, boolean printOptions,
                      boolean setCpuAffinity, String nodelist, String ip, int port, int peerTimeoutSeconds,
                      int timeoutSeconds, String commThread, List<String> balancers, double lbPeriodSeconds,
                      double lbTolerance, boolean lbOff, int lbDebug, int maxQueuedMiB, boolean stats, String traceFile,
                      String reportDir, String device, boolean kernelSource, List<String> programArgs) {
    /** Exit code of a job ended by {@code +timeout}, as timeout(1)'s. */
    public static final int TIMEOUT_EXIT_CODE = 124;
    /** The most {@code +maxQueued} defaults to, in MiB (less where the JVM has less memory: {@link #maxQueuedBytes}). */
    public static final int DEFAULT_MAX_QUEUED_MIB = 1024;
    /** The default {@code +LBTolerance}: 1, every step balances (as Charm++'s). */
    public static final double DEFAULT_LB_TOLERANCE = 1.0;
    private static final int DEFAULT_PEER_TIMEOUT = (int) org.charm4j.internal.net.TransportConfig.DEFAULT_PEER_TIMEOUT
        .toSeconds();

    /**
     * One runtime flag: its name, argument name (or null), default, and help text.
     *
     * @param name         the flag, with its {@code +} or {@code ++}.
     * @param arg          the name of its value, or {@code null} for a switch.
     * @param defaultValue what applies without it.
     * @param help         one line for {@code --help}.
     */
    public record Flag(String name, String arg, String defaultValue, String help) {
    }

    /** Every flag the runtime takes, in the order {@code --help} lists them. */
    public static final List<Flag> FLAGS = List.of(
        new Flag("+p", "N", "all cores (" + Runtime.getRuntime().availableProcessors() + ")",
            "number of PEs (scheduler threads), e.g. +p4 or +p 4"),
        new Flag("++ppn", "K", "all PEs in one process",
            "PEs per process: +p8 ++ppn 2 runs 4 processes of 2 PEs (K must divide N)"),
        new Flag("++nodelist", "FILE", "this machine",
            "start the processes over ssh on the hosts of a Charm++ nodelist ('host NAME' lines), round-robin"),
        new Flag("++ip", "ADDR", "127.0.0.1 (all local), else any",
            "address the processes listen on and tell each other"),
        new Flag("++port", "P", "any free port", "process r listens on port P + r"),
        new Flag("+setcpuaffinity", null, "off", "pin each PE's thread to its own core (Linux)"),
        new Flag("+idle", "backoff|spin|yield", "backoff",
            "how an idle PE waits: spin, then yield, then park (backoff); spin only; yield only"),
        new Flag("+batch", "N", "64", "most messages a PE handles before it looks at other work"),
        new Flag("+printOptions", null, "off", "print the runtime options on PE 0 at start"),
        new Flag("+peerTimeout", "SECONDS", Integer.toString(DEFAULT_PEER_TIMEOUT),
            "a process from which nothing arrives for this long is taken for hung: the job ends naming it"),
        new Flag("+timeout", "SECONDS", "none",
            "end the whole job (every process) after that long, with exit code " + TIMEOUT_EXIT_CODE
                + " (as timeout(1))"),
        new Flag("+commthread", null, "auto: on when a process has several PEs",
            "run each process's network on a thread of its own, so that no entry method can stall it"),
        new Flag("+nocommthread", null, "auto",
            "let each process's first PE drive its network (lowest latency; a long entry method there stalls it)"),
        new Flag("+balancer", "NAME", "GreedyLB",
            "load-balancing strategy of each AtSync step: GreedyLB, RefineLB, GreedyRefineLB, OrbLB, RotateLB,"
                + " RandomLB, DummyLB or a class implementing org.charm4j.lb.Strategy; repeat to apply several in"
                + " turn"),
        new Flag("+LBPeriod", "SECONDS", "0", "shortest time between two balancing steps (an AtSync sooner resumes"
            + " without balancing)"),
        new Flag("+LBTolerance", "RATIO", "1: always balance", "a balancing step whose max/avg PE load is at most"
            + " RATIO (e.g. 1.05) runs no strategy and moves nothing"),
        new Flag("+LBOff", null, "off", "turn load balancing off: atSync() resumes at once"),
        new Flag("+LBDebug", "N", "0", "print each balancing step: max/avg PE load before and after, elements moved,"
            + " the strategy's cost (2: per strategy too)"),
        new Flag("+maxQueued", "MiB", DEFAULT_MAX_QUEUED_MIB + ", or half of -Xmx or -XX:MaxDirectMemorySize if less",
            "most a process may hold in messages between processes that back-pressure cannot hold back (received for"
                + " a PE that is itself waiting to send); past it the job ends naming sender, receiver and bytes"),
        new Flag("+stats", null, "off", "at exit, print per PE busy/idle/runtime time, messages and bytes, and a"
            + " table of entry methods (calls, total and mean time), summed over processes"),
        new Flag("+trace", "FILE", "off", "write a timeline (Chrome trace-event JSON: open it in ui.perfetto.dev or"
            + " chrome://tracing) of entry methods, messages, reductions and balancing steps, every process"),
        new Flag("+report", "DIR", "off", "write DIR/index.html: PE utilization over time, balancing steps, the"
            + " entry-method table and the options, in one page that needs no network"),
        new Flag("+device", "LIST", "cpu", "where kernels run: cpu, opencl[:N], cuda[:N], or a comma-separated list"
            + " tried in order (opencl,cpu): a device asked for and missing is an error unless a later one is listed"),
        new Flag("+kernelSource", null, "off", "print the OpenCL C (or CUDA C) of each kernel translated for a device,"
            + " when it is compiled (once per PE that compiles it)"));

    /** Validates the values. */
    public Options {
        if (numPes < 1 || numPes > 1 << 16) {
            throw new IllegalArgumentException("+p must be between 1 and 65536, not " + numPes);
        }
        if (pesPerNode < 1 || numPes % pesPerNode != 0) {
            throw new IllegalArgumentException("++ppn " + pesPerNode + " must be at least 1 and divide +p " + numPes);
        }
        if (!List.of("backoff", "spin", "yield").contains(idle)) {
            throw new IllegalArgumentException("+idle takes backoff, spin or yield, not '" + idle + "'");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("+batch must be at least 1, not " + batch);
        }
        if (port < 0 || port > 65535 || port > 0 && port + numPes / pesPerNode - 1 > 65535) {
            throw new IllegalArgumentException("++port " + port + " leaves no room for " + numPes / pesPerNode
                + " processes below 65536");
        }
        if (peerTimeoutSeconds < 1) {
            throw new IllegalArgumentException("+peerTimeout takes a positive number of seconds, not "
                + peerTimeoutSeconds);
        }
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("+timeout takes a positive number of seconds, not " + timeoutSeconds);
        }
        if (maxQueuedMiB < 0) {
            throw new IllegalArgumentException("+maxQueued takes a positive number of MiB, not " + maxQueuedMiB);
        }
        if (!List.of("auto", "on", "off").contains(commThread)) {
            throw new IllegalArgumentException("the comm thread is auto, on (+commthread) or off (+nocommthread), not '"
                + commThread + "'");
        }
        for (final String b : balancers) {
            org.charm4j.lb.Strategies.check(b);
        }
        if (!(lbPeriodSeconds >= 0)) {
            throw new IllegalArgumentException("+LBPeriod takes a number of seconds, at least 0, not " + lbPeriodSeconds);
        }
        if (!(lbTolerance >= 1)) {
            throw new IllegalArgumentException("+LBTolerance takes a ratio of max to average PE load, at least 1 (1:"
                + " always balance), not " + lbTolerance);
        }
        if (lbDebug < 0) {
            throw new IllegalArgumentException("+LBDebug takes 0, 1 or 2, not " + lbDebug);
        }
        balancers = List.copyOf(balancers);
        programArgs = List.copyOf(programArgs);
    }

    /** @return whether the run is observed: {@code +stats}, {@code +trace} or {@code +report}. */
    public boolean observed() {
        return stats || traceFile != null || reportDir != null;
    }

    /**
     * @return whether each process of a job of several runs its network on a thread of its own: as asked
     *     ({@code +commthread}, {@code +nocommthread}), else when a process has several PEs, so that a long entry
     *     method on one of them does not stall the others' messages, while a process of one PE keeps the lower
     *     latency of driving its network itself (measured with {@code bin/bench-pingpong}: README, Benchmarks).
     */
    public boolean usesCommThread() {
        return switch (commThread) {
            case "on" -> true;
            case "off" -> false;
            default -> pesPerNode > 1;
        };
    }

    /**
     * @return {@code +maxQueued} in bytes; by default {@value #DEFAULT_MAX_QUEUED_MIB} MiB, or half of this JVM's
     *     maximum heap ({@code -Xmx}) or of its maximum direct memory ({@code -XX:MaxDirectMemorySize}, where
     *     received off-heap arrays and the network's buffers live), whichever is least: what may pile up is both.
     */
    public long maxQueuedBytes() {
        if (maxQueuedMiB > 0) {
            return (long) maxQueuedMiB << 20;
        }
        final long heap = Runtime.getRuntime().maxMemory();
        return Math.min((long) DEFAULT_MAX_QUEUED_MIB << 20, Math.min(heap, maxDirectMemory(heap)) / 2);
    }

    /** @return {@code -XX:MaxDirectMemorySize}, or {@code heap} when it is not set (the JVM's default then). */
    private static long maxDirectMemory(final long heap) {
        try {
            final String v = java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("MaxDirectMemorySize").getValue();
            final long n = Long.parseLong(v);
            return n > 0 ? n : heap;
        } catch (final RuntimeException | LinkageError e) {
            return heap;
        }
    }

    /** @return the number of processes: {@code numPes / pesPerNode}. */
    public int numNodes() {
        return numPes / pesPerNode;
    }

    /** @return the defaults, with no program arguments. */
    public static Options defaults() {
        return parse(new String[0]);
    }

    /**
     * Parses runtime flags out of a command line.
     *
     * @param args the command line: runtime flags anywhere before {@code --}, the rest for the program.
     * @return the options.
     * @throws IllegalArgumentException naming the flag and what it takes, for an unknown flag or a bad value.
     */
    public static Options parse(final String[] args) {
        int numPes = Runtime.getRuntime().availableProcessors();
        int ppn = -1;
        String idle = "backoff";
        int batch = 64;
        boolean print = false;
        boolean affinity = false;
        String nodelist = null;
        String ip = null;
        int port = 0;
        int peerTimeout = DEFAULT_PEER_TIMEOUT;
        int timeout = 0;
        String commThread = "auto";
        final List<String> balancers = new ArrayList<>();
        double lbPeriod = 0;
        double lbTolerance = DEFAULT_LB_TOLERANCE;
        boolean lbOff = false;
        int lbDebug = 0;
        int maxQueued = 0;
        boolean stats = false;
        String trace = null;
        String report = null;
        String device = "cpu";
        boolean kernelSource = false;
        final List<String> rest = new ArrayList<>();
        boolean runtimeFlags = true;
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            if (!runtimeFlags || !a.startsWith("+")) {
                if (runtimeFlags && a.equals("--")) {
                    runtimeFlags = false;
                } else {
                    rest.add(a);
                }
                continue;
            }
            switch (a) {
                case "++ppn" -> ppn = intValue(a, value(args, ++i, a));
                case "++nodelist" -> nodelist = value(args, ++i, a);
                case "++ip" -> ip = value(args, ++i, a);
                case "++port" -> port = intValue(a, value(args, ++i, a));
                case "+setcpuaffinity" -> affinity = true;
                case "+idle" -> idle = value(args, ++i, a).toLowerCase(Locale.ROOT);
                case "+batch" -> batch = intValue(a, value(args, ++i, a));
                case "+printOptions" -> print = true;
                case "+p" -> numPes = intValue(a, value(args, ++i, a));
                case "+peerTimeout" -> peerTimeout = seconds(a, value(args, ++i, a));
                case "+timeout" -> timeout = seconds(a, value(args, ++i, a));
                case "+commthread" -> commThread = "on";
                case "+nocommthread" -> commThread = "off";
                case "+balancer" -> balancers.add(value(args, ++i, a));
                case "+LBPeriod" -> lbPeriod = doubleValue(a, value(args, ++i, a), "a number of seconds");
                case "+LBTolerance" -> lbTolerance = doubleValue(a, value(args, ++i, a), "a ratio such as 1.05");
                case "+LBOff" -> lbOff = true;
                case "+LBDebug" -> lbDebug = intValue(a, value(args, ++i, a));
                case "+maxQueued" -> maxQueued = positive(a, value(args, ++i, a), "MiB");
                case "+stats" -> stats = true;
                case "+trace" -> trace = value(args, ++i, a);
                case "+report" -> report = value(args, ++i, a);
                case "+device" -> device = deviceList(a, value(args, ++i, a));
                case "+kernelSource" -> kernelSource = true;
                default -> {
                    if (a.startsWith("++ppn")) {
                        ppn = intValue("++ppn", a.substring(5));
                    } else if (a.startsWith("+p") && a.length() > 2) {
                        numPes = intValue("+p", a.substring(2));
                    } else {
                        throw new IllegalArgumentException("unknown runtime option '" + a + "'. Known options:\n"
                            + help() + "(put program arguments that start with '+' after --)");
                    }
                }
            }
        }
        return new Options(numPes, ppn < 0 ? numPes : ppn, idle, batch, print, affinity, nodelist, ip, port,
            peerTimeout, timeout, commThread, balancers, lbPeriod, lbTolerance, lbOff, lbDebug, maxQueued, stats, trace,
            report, device, kernelSource, rest);
    }

    /** The devices a kernel may run on, in the order to try them: {@code cpu}, {@code opencl[:N]}, {@code cuda[:N]}. */
    private static final java.util.regex.Pattern DEVICE = java.util.regex.Pattern.compile("cpu|(opencl|cuda)(:\\d+)?");

    private static String deviceList(final String flag, final String value) {
        final String list = value.toLowerCase(Locale.ROOT).replace(" ", "");
        for (final String d : list.split(",", -1)) {
            if (!DEVICE.matcher(d).matches()) {
                throw new IllegalArgumentException(flag + " " + value + ": '" + d + "' is not a device: use cpu,"
                    + " opencl, opencl:N, cuda or cuda:N, or a comma-separated list of them tried in order");
            }
        }
        return list;
    }

    /**
     * @param flag a runtime flag.
     * @return whether it takes a value (the next argument), for launchers that skip over flags.
     */
    public static boolean takesValue(final String flag) {
        for (final Flag f : FLAGS) {
            if (f.name().equals(flag)) {
                return f.arg() != null;
            }
        }
        return false;
    }

    private static String value(final String[] args, final int i, final String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value: " + flagOf(flag).arg());
        }
        return args[i];
    }

    private static double doubleValue(final String flag, final String v, final String what) {
        try {
            return Double.parseDouble(v);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes " + what + ", not '" + v + "'", e);
        }
    }

    private static int intValue(final String flag, final String v) {
        try {
            return Integer.parseInt(v);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes an integer, not '" + v + "'", e);
        }
    }

    /** A whole number of {@code unit}, at least 1. */
    private static int positive(final String flag, final String v, final String unit) {
        final int n;
        try {
            n = Integer.parseInt(v);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number of " + unit + ", not '" + v + "'", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException(flag + " takes a positive number of " + unit + ", not " + n);
        }
        return n;
    }

    /** A number of seconds, at least 1. */
    private static int seconds(final String flag, final String v) {
        final int s;
        try {
            s = Integer.parseInt(v);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number of seconds, not '" + v + "'", e);
        }
        if (s < 1) {
            throw new IllegalArgumentException(flag + " takes a positive number of seconds, not " + s);
        }
        return s;
    }

    private static Flag flagOf(final String name) {
        return FLAGS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** @return the help text of every flag, one per line. */
    public static String help() {
        final StringBuilder b = new StringBuilder();
        for (final Flag f : FLAGS) {
            final String left = f.name() + (f.arg() == null ? "" : " " + f.arg());
            b.append(String.format(Locale.ROOT, "  %-26s %s (default: %s)%n", left, f.help(), f.defaultValue()));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "charm4j options: +p " + numPes + ", ++ppn " + pesPerNode + " (" + numNodes() + " processes)"
            + (nodelist != null ? ", ++nodelist " + nodelist : "") + (ip != null ? ", ++ip " + ip : "")
            + (port != 0 ? ", ++port " + port : "") + (setCpuAffinity ? ", +setcpuaffinity" : "")
            + ", +idle " + idle + ", +batch " + batch + (printOptions ? ", +printOptions" : "")
            + ", +peerTimeout " + peerTimeoutSeconds + (timeoutSeconds > 0 ? ", +timeout " + timeoutSeconds : "")
            + (numNodes() > 1 ? (usesCommThread() ? ", +commthread" : ", +nocommthread")
            + (commThread.equals("auto") ? " (auto)" : "") : "")
            + (lbOff ? ", +LBOff" : ", +balancer " + (balancers.isEmpty() ? "GreedyLB" : String.join(" +balancer ",
            balancers)) + (lbPeriodSeconds > 0 ? ", +LBPeriod " + lbPeriodSeconds : "")
            + (lbTolerance != DEFAULT_LB_TOLERANCE ? ", +LBTolerance " + lbTolerance : ""))
            + (lbDebug > 0 ? ", +LBDebug " + lbDebug : "")
            + ", +maxQueued " + (maxQueuedBytes() >> 20) + (maxQueuedMiB == 0 ? " (default)" : "")
            + (stats ? ", +stats" : "") + (traceFile != null ? ", +trace " + traceFile : "")
            + (reportDir != null ? ", +report " + reportDir : "")
            + ", program arguments " + programArgs;
    }
}
