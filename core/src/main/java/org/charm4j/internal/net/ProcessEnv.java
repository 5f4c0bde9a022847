package org.charm4j.internal.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * This process's place in a job, read from the environment that a launcher set: our own {@code charmrun}/
 * {@link LocalSpawner} ({@code CHARM4J_RANK}, {@code CHARM4J_NODES}), Slurm's {@code srun} ({@code SLURM_PROCID},
 * {@code SLURM_NTASKS}), Open MPI's {@code mpirun} ({@code OMPI_COMM_WORLD_RANK}, {@code OMPI_COMM_WORLD_SIZE}) or a
 * PMI launcher such as MPICH's ({@code PMI_RANK}, {@code PMI_SIZE}), first match wins in that order. The secret
 * ({@code CHARM4J_SECRET}, hex) and the rendezvous ({@code CHARM4J_RENDEZVOUS=host:port}) must be set in every
 * case: a batch script exports them before {@code srun}/{@code mpirun}, which pass the environment on, e.g.
 * <pre>
 * export CHARM4J_SECRET=$(openssl rand -hex 32)
 * export CHARM4J_RENDEZVOUS=$(hostname):47000     # rank 0 runs the rendezvous there
 * srun java ... my.Main
 * </pre>
 *
 * <p>Threading: immutable; any thread.
 *
 * @param rank           this process's node id.
 * @param size           number of processes (nodes) in the job.
 * @param launcher       which variables gave rank and size ("charm4j", "slurm", "openmpi", "pmi").
 * @param secret         the job secret.
 * @param rendezvous     the rendezvous address.
 * @param hostRendezvous true if rank 0 runs the rendezvous ({@code CHARM4J_RENDEZVOUS_SERVER} is not
 *                       {@code launcher}).
 * @param bindAddress    where to listen ({@code CHARM4J_BIND}, default 127.0.0.1).
 */
public record ProcessEnv(int rank, int size, String launcher, JobSecret secret, InetSocketAddress rendezvous,
                         boolean hostRendezvous, InetAddress bindAddress) {
    /** Rank set by charm4j's own launcher. */
    public static final String RANK = "CHARM4J_RANK";
    /** Number of processes set by charm4j's own launcher. */
    public static final String NODES = "CHARM4J_NODES";
    /** The job secret, hexadecimal. */
    public static final String SECRET = "CHARM4J_SECRET";
    /** The rendezvous, {@code host:port}. */
    public static final String RENDEZVOUS = "CHARM4J_RENDEZVOUS";
    /** Who runs the rendezvous: {@code rank0} (default) or {@code launcher}. */
    public static final String RENDEZVOUS_SERVER = "CHARM4J_RENDEZVOUS_SERVER";
    /** Interface to listen on (default 127.0.0.1). */
    public static final String BIND = "CHARM4J_BIND";
    /** Process id of the launcher; a child exits when it is gone (see {@link #exitWithParent}). */
    public static final String PARENT_PID = "CHARM4J_PARENT_PID";
    /** This process's position among the job's processes on its host, set by charm4j's own launcher. */
    public static final String LOCAL_RANK = "CHARM4J_LOCAL_RANK";
    private static final String[] LOCAL_RANKS = {LOCAL_RANK, "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK",
        "MPI_LOCALRANKID", "PMI_LOCAL_RANK"};

    /**
     * @param env the process's environment.
     * @return this process's position among the job's processes on its host (charm4j's launcher, Slurm, Open MPI,
     *     MPICH/Hydra), or 0 if none says: so that {@code +setcpuaffinity} gives each process on a host its own cores.
     */
    public static int localRank(final Map<String, String> env) {
        for (final String k : LOCAL_RANKS) {
            final String v = env.get(k);
            if (v != null) {
                try {
                    return Math.max(0, Integer.parseInt(v.trim()));
                } catch (final NumberFormatException e) {
                    throw new IllegalStateException(k + "=" + v + " is not a process's local rank (a number)", e);
                }
            }
        }
        return 0;
    }

    private static final String[][] SOURCES = {
        {"charm4j", RANK, NODES},
        {"slurm", "SLURM_PROCID", "SLURM_NTASKS"},
        {"openmpi", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"},
        {"pmi", "PMI_RANK", "PMI_SIZE"},
    };

    /** @return true if the environment names a rank (this process is part of a multi-process job). */
    public static boolean isPresent(final Map<String, String> env) {
        for (final String[] s : SOURCES) {
            if (env.containsKey(s[1])) {
                return true;
            }
        }
        return false;
    }

    /** @return the job as {@link System#getenv()} describes it. */
    public static ProcessEnv fromSystem() {
        return from(System.getenv());
    }

    /**
     * @param env the environment.
     * @return the job it describes.
     * @throws IllegalStateException naming the variable and what it should hold, if one is missing or malformed.
     */
    public static ProcessEnv from(final Map<String, String> env) {
        for (final String[] s : SOURCES) {
            if (env.containsKey(s[1]) || env.containsKey(s[2])) {
                final int rank = integer(env, s[1], s[0]);
                final int size = integer(env, s[2], s[0]);
                if (size < 1 || rank < 0 || rank >= size) {
                    throw new IllegalStateException(s[1] + "=" + rank + " and " + s[2] + "=" + size + " do not "
                        + "describe a job: the rank must be in [0, size)");
                }
                return finish(env, rank, size, s[0]);
            }
        }
        throw new IllegalStateException("no rank in the environment: start the job with bin/charmrun, srun or "
            + "mpirun (looked for " + RANK + ", SLURM_PROCID, OMPI_COMM_WORLD_RANK, PMI_RANK)");
    }

    private static ProcessEnv finish(final Map<String, String> env, final int rank, final int size,
                                     final String launcher) {
        final String hex = env.get(SECRET);
        if (hex == null || hex.isBlank()) {
            throw new IllegalStateException(SECRET + " is not set: every process of a job needs the job secret "
                + "(export " + SECRET + "=$(openssl rand -hex 32) before starting the job)");
        }
        final JobSecret secret;
        try {
            secret = JobSecret.fromHex(hex);
        } catch (final IllegalArgumentException e) {
            throw new IllegalStateException(SECRET + ": " + e.getMessage(), e);
        }
        final String rv = env.get(RENDEZVOUS);
        if (rv == null || rv.isBlank()) {
            throw new IllegalStateException(RENDEZVOUS + " is not set: give host:port of the rendezvous (the host of "
                + "rank 0 and a free port, e.g. " + RENDEZVOUS + "=$(hostname):47000)");
        }
        final String server = env.getOrDefault(RENDEZVOUS_SERVER, "rank0");
        if (!server.equals("rank0") && !server.equals("launcher")) {
            throw new IllegalStateException(RENDEZVOUS_SERVER + " must be rank0 or launcher, got '" + server + "'");
        }
        final String bind = env.getOrDefault(BIND, "127.0.0.1");
        final InetAddress bindAddress;
        try {
            bindAddress = InetAddress.getByName(bind);
        } catch (final UnknownHostException e) {
            throw new IllegalStateException(BIND + "=" + bind + " does not resolve: " + e.getMessage(), e);
        }
        return new ProcessEnv(rank, size, launcher, secret, hostPort(rv), server.equals("rank0"), bindAddress);
    }

    private static int integer(final Map<String, String> env, final String name, final String launcher) {
        final String v = env.get(name);
        if (v == null) {
            throw new IllegalStateException(name + " is not set, but other " + launcher + " variables are");
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (final NumberFormatException e) {
            throw new IllegalStateException(name + " must be an integer, got '" + v + "'", e);
        }
    }

    /** @return {@code host:port} parsed (IPv6 as {@code [addr]:port}); throws naming the variable if malformed. */
    static InetSocketAddress hostPort(final String s) {
        final int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalStateException(RENDEZVOUS + " must be host:port, got '" + s + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        final int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (final NumberFormatException e) {
            throw new IllegalStateException(RENDEZVOUS + " must be host:port with a numeric port, got '" + s + "'", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalStateException(RENDEZVOUS + " port must be in [0, 65535], got " + port);
        }
        return new InetSocketAddress(host, port);
    }

    /** @return a transport configuration for this process with every other option at its default. */
    public TransportConfig.Builder configBuilder() {
        return TransportConfig.builder(rank, size, secret).rendezvous(rendezvous, hostRendezvous)
            .bindAddress(bindAddress);
    }

    /**
     * @param options the job's runtime options.
     * @return a transport configuration for this process with what the runtime options set ({@code ++ip},
     *     {@code ++port}, {@code +peerTimeout}) and every other option at its default.
     * @throws IllegalArgumentException naming the option, if {@code ++ip} does not resolve.
     */
    public TransportConfig.Builder configBuilder(final org.charm4j.Options options) {
        final TransportConfig.Builder b = configBuilder()
            .peerTimeout(java.time.Duration.ofSeconds(options.peerTimeoutSeconds()));
        if (options.ip() != null) {
            try {
                b.bindAddress(InetAddress.getByName(options.ip()));
            } catch (final UnknownHostException e) {
                throw new IllegalArgumentException("++ip " + options.ip() + " does not resolve", e);
            }
        }
        if (options.port() > 0) {
            b.listenPort(options.port() + rank);
        }
        return b;
    }

    /**
     * If the launcher passed its process id ({@code CHARM4J_PARENT_PID}), halts this JVM with status 1 when that
     * process is gone, so that no process outlives a killed launcher.
     */
    public static void exitWithParent(final Map<String, String> env) {
        final String pid = env.get(PARENT_PID);
        if (pid == null) {
            return;
        }
        final long p;
        try {
            p = Long.parseLong(pid.strip());
        } catch (final NumberFormatException e) {
            throw new IllegalStateException(PARENT_PID + " must be a process id, got '" + pid + "'", e);
        }
        ProcessHandle.of(p).ifPresentOrElse(h -> h.onExit().thenRun(() -> {
            System.err.println("charm4j: the launcher (pid " + p + ") is gone; exiting");
            Runtime.getRuntime().halt(1);
        }), () -> {
            System.err.println("charm4j: the launcher (pid " + p + ") is gone; exiting");
            Runtime.getRuntime().halt(1);
        });
    }
}
