package org.charm4j.internal.net;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Tells why a process of a job of several processes ends while its job still runs, when the program calls
 * {@code System.exit} (in an entry method, say) instead of {@code Charm.exit}: the process would just vanish, and the
 * others would only see its connections close. A shutdown hook finds the thread blocked in {@code Runtime.exit} and
 * prints one line to standard error naming the caller, starting with {@link #marker(int)}; the launcher
 * ({@link LocalSpawner}) sees that line and reports the process as having exited on its own, with its exit code. A
 * process ended by a signal (its hook runs on the JVM's signal thread) prints nothing: the launcher reports the
 * signal.
 *
 * <p>Threading: {@link #install} and {@link #uninstall} any thread; the hook runs on its own thread at JVM exit.
 */
public final class ExitWatch {
    private final Thread hook;

    private ExitWatch(final Thread hook) {
        this.hook = hook;
    }

    /**
     * @param rank the process's number.
     * @return how the line that this process prints when it exits on its own begins (whatever follows is for people).
     */
    public static String marker(final int rank) {
        return "charm4j: process " + rank + " exits on its own";
    }

    /**
     * Watches this JVM's exit until {@link #uninstall}.
     *
     * @param rank     this process's number, named in the line.
     * @param jobEnded true once the job has ended (by {@code Charm.exit} or an abort): then exiting is expected.
     * @return the watch; uninstall it when the job ended.
     */
    public static ExitWatch install(final int rank, final BooleanSupplier jobEnded) {
        final Thread t = new Thread(() -> {
            if (!jobEnded.getAsBoolean()) {
                report(rank);
            }
        }, "charm4j-exit-watch");
        Runtime.getRuntime().addShutdownHook(t);
        return new ExitWatch(t);
    }

    /** Stops watching (the job ended as it should). Idempotent; a no-op once the JVM is shutting down. */
    public void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (final IllegalStateException e) {
            // the JVM is shutting down already: the hook runs (and sees that the job ended) or ran
            assert e != null;
        }
    }

    /** @return a stack frame as {@code pkg.Class.method(File.java:12)}, without the class loader's name. */
    public static String frame(final StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName() + "(" + (f.isNativeMethod() ? "native"
            : f.getFileName() == null ? "unknown source" : f.getFileName() + (f.getLineNumber() >= 0 ? ":"
            + f.getLineNumber() : "")) + ")";
    }

    private static void report(final int rank) {
        String caller = null;
        for (final Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            final StackTraceElement[] st = e.getValue();
            for (int i = 0; i < st.length; i++) {
                if (st[i].getClassName().equals("java.lang.Terminator")) {
                    return;   // a signal (SIGTERM, SIGINT, SIGHUP): the launcher reports it
                }
                if (st[i].getClassName().equals("java.lang.Runtime") && st[i].getMethodName().equals("exit")) {
                    int j = i + 1;
                    while (j < st.length && st[j].getClassName().equals("java.lang.System")) {
                        j++;
                    }
                    caller = (j < st.length ? "at " + frame(st[j]) : "") + " on thread " + e.getKey().getName();
                }
            }
        }
        System.out.flush();
        System.err.println(marker(rank) + " while its job runs: " + (caller != null ? "System.exit was called "
            + caller : "System.exit was called (in a threaded entry method?)") + ". End the job with "
            + "Charm.exit(code), which ends every process.");
        System.err.flush();
    }
}
