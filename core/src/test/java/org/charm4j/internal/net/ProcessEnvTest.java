package org.charm4j.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rank and size from each launcher's variables, and clear errors. */
@Timeout(10)
class ProcessEnvTest {
    private static final String HEX = JobSecret.random().toHex();

    private static Map<String, String> env(final String... kv) {
        final Map<String, String> m = new HashMap<>();
        m.put(ProcessEnv.SECRET, HEX);
        m.put(ProcessEnv.RENDEZVOUS, "127.0.0.1:4700");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void eachLauncherIsRecognised() {
        final ProcessEnv c = ProcessEnv.from(env("CHARM4J_RANK", "1", "CHARM4J_NODES", "3", "SLURM_PROCID", "0",
            "SLURM_NTASKS", "9"));
        assertEquals(1, c.rank());
        assertEquals(3, c.size());
        assertEquals("charm4j", c.launcher());
        final ProcessEnv s = ProcessEnv.from(env("SLURM_PROCID", "4", "SLURM_NTASKS", "8"));
        assertEquals(4, s.rank());
        assertEquals("slurm", s.launcher());
        assertTrue(s.hostRendezvous(), "rank 0 hosts by default");
        assertEquals(4700, s.rendezvous().getPort());
        final ProcessEnv o = ProcessEnv.from(env("OMPI_COMM_WORLD_RANK", "2", "OMPI_COMM_WORLD_SIZE", "4"));
        assertEquals("openmpi", o.launcher());
        assertEquals(2, o.rank());
        final ProcessEnv p = ProcessEnv.from(env("PMI_RANK", "0", "PMI_SIZE", "2", ProcessEnv.RENDEZVOUS_SERVER,
            "launcher"));
        assertEquals("pmi", p.launcher());
        assertFalse(p.hostRendezvous());
        assertEquals(HEX, p.secret().toHex());
        final TransportConfig cfg = p.configBuilder().build();
        assertEquals(0, cfg.node());
        assertEquals(2, cfg.nodes());
        assertEquals("127.0.0.1", cfg.bindAddress().getHostAddress());
    }

    @Test
    void runtimeOptionsReachTheTransportConfig() {
        final ProcessEnv e = ProcessEnv.from(env("CHARM4J_RANK", "1", "CHARM4J_NODES", "2"));
        final TransportConfig seven = e.configBuilder(org.charm4j.Options.parse(new String[] {"+p2", "++ppn", "1",
            "+peerTimeout", "7", "++port", "47100"})).build();
        assertEquals(java.time.Duration.ofSeconds(7), seven.peerTimeout());
        assertEquals(java.time.Duration.ofSeconds(1), seven.heartbeatInterval());
        assertEquals(47101, seven.listenPort(), "process r listens on ++port + r");
        final TransportConfig one = e.configBuilder(org.charm4j.Options.parse(new String[] {"+peerTimeout", "1"}))
            .build();
        assertEquals(java.time.Duration.ofSeconds(1), one.peerTimeout());
        assertEquals(java.time.Duration.ofMillis(500), one.heartbeatInterval(), "two heartbeats per timeout");
        assertEquals(TransportConfig.DEFAULT_PEER_TIMEOUT,
            e.configBuilder(org.charm4j.Options.defaults()).build().peerTimeout());
        assertEquals(java.time.Duration.ofSeconds(30), TransportConfig.DEFAULT_PEER_TIMEOUT);
    }

    @Test
    void mistakesNameTheVariable() {
        assertTrue(msg(Map.of()).contains("no rank in the environment"));
        assertTrue(msg(env("SLURM_PROCID", "1")).contains("SLURM_NTASKS is not set"));
        assertTrue(msg(env("PMI_RANK", "x", "PMI_SIZE", "2")).contains("PMI_RANK must be an integer"));
        assertTrue(msg(env("CHARM4J_RANK", "3", "CHARM4J_NODES", "3")).contains("rank must be in [0, size)"));
        final Map<String, String> noSecret = env("CHARM4J_RANK", "0", "CHARM4J_NODES", "1");
        noSecret.remove(ProcessEnv.SECRET);
        assertTrue(msg(noSecret).contains("CHARM4J_SECRET is not set"));
        final String bad = msg(env("CHARM4J_RANK", "0", "CHARM4J_NODES", "1", ProcessEnv.SECRET, "zz-not-hex"));
        assertTrue(bad.contains("CHARM4J_SECRET") && !bad.contains("zz-not-hex"), bad);
        assertTrue(msg(env("CHARM4J_RANK", "0", "CHARM4J_NODES", "1", ProcessEnv.RENDEZVOUS, "nohost"))
            .contains("host:port"));
    }

    private static String msg(final Map<String, String> env) {
        return assertThrows(IllegalStateException.class, () -> ProcessEnv.from(env)).getMessage();
    }

    @Test
    void eachProcessOnAHostHasItsOwnLocalRankForCpuAffinity() {
        assertEquals(0, ProcessEnv.localRank(Map.of()));
        assertEquals(3, ProcessEnv.localRank(Map.of(ProcessEnv.LOCAL_RANK, "3")));
        assertEquals(2, ProcessEnv.localRank(Map.of("SLURM_LOCALID", "2")));
        assertEquals(1, ProcessEnv.localRank(Map.of("OMPI_COMM_WORLD_LOCAL_RANK", "1")));
        assertThrows(IllegalStateException.class, () -> ProcessEnv.localRank(Map.of("SLURM_LOCALID", "x")));
        // charm4j's launcher: all on this host, or round-robin over a node list that may name a host twice
        final java.util.List<String> none = java.util.List.of();
        assertEquals(java.util.List.of(0, 1, 2), java.util.stream.IntStream.range(0, 3)
            .mapToObj(i -> LocalSpawner.Job.localRank(none, i)).toList());
        final java.util.List<String> hosts = java.util.List.of("a", "b", "a");
        assertEquals(java.util.List.of(0, 0, 1, 2, 1, 3), java.util.stream.IntStream.range(0, 6)
            .mapToObj(i -> LocalSpawner.Job.localRank(hosts, i)).toList());
    }
}
