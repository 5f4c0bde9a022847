package org.charm4j;

/**
 * Floods between two processes, for the back-pressure tests ({@link BackpressureJobTest}): off-heap arrays of a given
 * size, each carrying its sequence number in its first and last element, so the receiver checks that every one
 * arrives, in order and intact.
 *
 * <ul>
 *   <li>{@code oneway N KIB MICROS plain|threaded}: a chare on PE 0 sends N arrays from one plain (or threaded) entry
 *       method to a slow chare on the last PE, which spins MICROS per array.</li>
 *   <li>{@code both N KIB}: a chare on PE 0 and one on the last PE each send N arrays to the other, at once, each from
 *       one plain entry method that does not return before all are sent.</li>
 * </ul>
 *
 * <p>Prints "flood done: ..." with what each receiver saw, then each process's peak memory ({@link MemoryPeak}), and
 * exits 0 only if everything arrived in order.
 */
public final class FloodApp {
    private FloodApp() {
    }

    /** Sends a flood, receives one, reports. */
    public static class Peer extends Chare {
        private final int expected;
        private final long micros;
        private final Future<String> done;
        private int next;
        private int wrong;

        /**
         * @param expected how many arrays it receives.
         * @param micros   how long it spins per array received.
         * @param done     completed with what it saw once all arrived.
         */
        public Peer(final int expected, final long micros, final Future<String> done) {
            this.expected = expected;
            this.micros = micros;
            this.done = done;
        }

        /**
         * Sends {@code n} arrays of {@code kib} KiB to {@code to} from this one plain entry method.
         *
         * @param to  the receiver.
         * @param n   how many.
         * @param kib the size of each.
         */
        @Entry
        public void flood(final FloodApp_PeerProxy.Element to, final int n, final int kib) {
            send(to, n, kib);
        }

        /**
         * As {@link #flood}, from a threaded entry method.
         *
         * @param to  the receiver.
         * @param n   how many.
         * @param kib the size of each.
         */
        @Entry
        @Threaded
        public void floodThreaded(final FloodApp_PeerProxy.Element to, final int n, final int kib) {
            send(to, n, kib);
        }

        private static void send(final FloodApp_PeerProxy.Element to, final int n, final int kib) {
            final long len = kib * 1024L / Double.BYTES;
            for (int i = 0; i < n; i++) {
                final DoubleArray a = DoubleArray.allocate(len);
                a.set(0, i);
                a.set(len - 1, i);
                to.got(i, a);
            }
        }

        /**
         * One array of a flood.
         *
         * @param seq its number.
         * @param a   the array, owned here now.
         */
        @Entry
        public void got(final int seq, final DoubleArray a) {
            if (seq != next || a.get(0) != seq || a.get(a.length() - 1) != seq) {
                wrong++;
            }
            next = seq + 1;
            if (micros > 0) {
                final long end = System.nanoTime() + micros * 1000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
            if (next == expected) {
                done.complete("PE " + Charm.myPe() + " got " + next + " arrays, " + wrong + " out of order or damaged");
            }
        }

        /** @return this process's peak memory, named. */
        @Entry
        public String memory() {
            return "process " + org.charm4j.runtime.Node.current().myNode() + " " + MemoryPeak.report();
        }
    }

    /**
     * @param args runtime options, then the mode and its numbers (see the class comment).
     */
    public static void main(final String[] args) {
        MemoryPeak.start();
        Charm.start(args, a -> {
            final String mode = a[0];
            final int n = Integer.parseInt(a[1]);
            final int kib = Integer.parseInt(a[2]);
            final int last = Charm.numPes() - 1;
            final Future<String> atLast = new Future<>();
            final Future<String> atFirst = new Future<>();
            final long t0 = System.nanoTime();
            final FloodApp_PeerProxy.Element first;
            final FloodApp_PeerProxy.Element sink;
            if (mode.equals("oneway")) {
                final long micros = Long.parseLong(a[3]);
                first = FloodApp_PeerProxy.newChareOn(0, 0, 0L, atFirst);
                sink = FloodApp_PeerProxy.newChareOn(last, n, micros, atLast);
                if (a[4].equals("threaded")) {
                    first.floodThreaded(sink, n, kib);
                } else {
                    first.flood(sink, n, kib);
                }
            } else {
                first = FloodApp_PeerProxy.newChareOn(0, n, 0L, atFirst);
                sink = FloodApp_PeerProxy.newChareOn(last, n, 0L, atLast);
                first.flood(sink, n, kib);
                sink.flood(first, n, kib);
            }
            final String got = atLast.get();
            final String back = mode.equals("oneway") ? null : atFirst.get();
            final double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "flood done: %s%s; %d x %d KiB %s in %.1f s%n", got,
                back == null ? "" : "; " + back, n, kib, mode.equals("oneway") ? "one way" : "each way", s);
            System.out.println(first.memory().get());
            System.out.println(sink.memory().get());
            final boolean ok = got.endsWith(" 0 out of order or damaged")
                && (back == null || back.endsWith(" 0 out of order or damaged"));
            Charm.exit(ok ? 0 : 1);
        });
    }
}
