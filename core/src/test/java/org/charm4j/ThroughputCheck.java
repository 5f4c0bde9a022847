package org.charm4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small messages between processes, as fast as they go: every PE sends its share of {@code total} messages (an int and
 * a sequence number each) to the PEs of the other processes, round-robin, from one entry method (or in steps of
 * {@code chunk} messages, each step a message to itself); every receiver checks that each sender's messages arrive in
 * order. Prints the time, the rate and each process's peak memory (see {@link MemoryPeak}).
 *
 * <pre>{@code
 * bin/charmrun +p4 ++ppn 2 org.charm4j.ThroughputCheck 10000000 0      # with the test classes on CLASSPATH
 * }</pre>
 */
public final class ThroughputCheck {
    private ThroughputCheck() {
    }

    /** One per PE: sends its share, receives and checks the others'. */
    public static class Peer extends Chare {
        private final long expected;
        private final Future<Long> done;
        private final int[] nextFrom;
        private final int[] nextTo;
        private final int[] targets;
        private long got;
        private long errors;
        private long toSend;
        private long sent;

        /**
         * @param perPe how many messages each PE sends and receives.
         * @param done  completed with the number of out-of-order messages once every PE got all of its own.
         */
        public Peer(final long perPe, final Future<Long> done) {
            this.expected = perPe;
            this.done = done;
            final int pes = Charm.numPes();
            nextFrom = new int[pes];
            nextTo = new int[pes];
            final int me = Charm.myPe();
            final int ppn = pes / org.charm4j.runtime.Node.current().topology().numNodes();
            final List<Integer> others = new ArrayList<>();
            for (int p = 0; p < pes; p++) {
                if (p / ppn != me / ppn) {
                    others.add(p);
                }
            }
            targets = others.stream().mapToInt(Integer::intValue).toArray();
            toSend = perPe;
        }

        /**
         * Sends this PE's share.
         *
         * @param chunk 0 to send all from this entry method, else how many before the rest continues in a new step.
         */
        @Entry
        public void run(final int chunk) {
            final ThroughputCheck_PeerProxy all = thisProxy();
            final long n = chunk == 0 ? toSend - sent : Math.min(chunk, toSend - sent);
            for (long i = 0; i < n; i++) {
                final int to = targets[(int) (sent % targets.length)];
                all.at(to).recv(Charm.myPe(), nextTo[to]++);
                sent++;
            }
            if (sent < toSend) {
                all.at(Charm.myPe()).run(chunk);
            }
        }

        /**
         * @param from the sending PE.
         * @param seq  its sequence number for this receiver.
         */
        @Entry
        public void recv(final int from, final int seq) {
            if (seq != nextFrom[from]) {
                errors++;
            }
            nextFrom[from] = seq + 1;
            if (++got == expected) {
                contribute(errors, Reducer.SUM, done);
            }
        }

        /** @return this process's peak memory. */
        @Entry
        public String memory() {
            return "process " + org.charm4j.runtime.Node.current().myNode() + ": " + MemoryPeak.report();
        }
    }

    /**
     * @param args runtime options, then the total number of messages (default 10^7) and the step (default 0: all
     *             from one entry method).
     */
    public static void main(final String[] args) {
        MemoryPeak.start();
        Charm.start(args, a -> {
            final long total = a.length > 0 ? Long.parseLong(a[0]) : 10_000_000L;
            final int chunk = a.length > 1 ? Integer.parseInt(a[1]) : 0;
            final int pes = Charm.numPes();
            final Future<Long> done = new Future<>();
            final var peers = ThroughputCheck_PeerProxy.newGroup(total / pes, done);
            peers.whenDone().memory().get();   // every PE has its chare
            final long t0 = System.nanoTime();
            peers.run(chunk);
            final long errors = done.get();
            final double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%d messages among %d PEs in %d processes (step %s): %.2f s, %.2f M "
                + "messages/s, %d out of order%n", total / pes * pes, pes, org.charm4j.runtime.Node.current().topology().numNodes(),
                chunk == 0 ? "all" : Integer.toString(chunk), s, total / pes * pes / s / 1e6, errors);
            final java.util.TreeMap<String, String> byProcess = new java.util.TreeMap<>();
            for (final String m : peers.gather().memory().get()) {
                byProcess.put(m.substring(0, m.indexOf(':')), m);
            }
            byProcess.values().forEach(System.out::println);
            Charm.exit(errors == 0 ? 0 : 1);
        });
    }
}
