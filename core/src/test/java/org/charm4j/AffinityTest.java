package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.charm4j.internal.os.Affinity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class AffinityTest {
    /** Reports the CPUs its PE's thread may run on. */
    public static class Probe extends Chare {
        @Entry
        public List<Integer> cpus() {
            return Affinity.currentCpus();
        }
    }

    @Test
    void setCpuAffinityPinsEachPeToItsOwnCore() {
        final List<Integer> allowed = Affinity.currentCpus();
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        final int code = Charm.run(new String[] {"+p2", "+setcpuaffinity"}, args -> {
            out.add(AffinityTest_ProbeProxy.newGroup().gather().cpus().get());
            Charm.exit();
        });
        assertEquals(0, code);
        @SuppressWarnings("unchecked")
        final List<List<Integer>> perPe = (List<List<Integer>>) out.get(0);
        assertEquals(List.of(allowed.get(0)), perPe.get(0));
        assertEquals(List.of(allowed.get(1 % allowed.size())), perPe.get(1));
    }
}
