package org.charm4j.examples.bigmessage;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.DoubleArray;
import org.charm4j.Entry;

/**
 * Sends a DoubleArray of the given size (MiB, default 1024) to a chare on the last PE (another process with
 * {@code ++ppn}), which sums it; main checks the sum and prints the time and bandwidth.
 * {@code bin/charmrun +p2 ++ppn 1 org.charm4j.examples.bigmessage.BigMessage 3072}.
 */
public class BigMessage extends Chare {
    /**
     * @param a the array, now owned here.
     * @return the sum of its elements.
     */
    @Entry
    public double sum(DoubleArray a) {
        double s = 0;
        for (long i = 0, n = a.length(); i < n; i++) {
            s += a.get(i);
        }
        return s;
    }

    /**
     * @param args runtime options, then the size in MiB.
     */
    public static void main(String[] args) {
        Charm.start(args, a -> {
            final long mib = a.length > 0 ? Long.parseLong(a[0]) : 1024;
            final long n = mib * 1024 * 1024 / Double.BYTES;
            final DoubleArray data = DoubleArray.allocate(n);
            for (long i = 0; i < n; i++) {
                data.set(i, i % 1000);
            }
            final double expected = (double) (n / 1000) * 999 * 1000 / 2 + (double) ((n % 1000) * (n % 1000 - 1) / 2);
            final var sink = BigMessageProxy.newChareOn(Charm.numPes() - 1);
            sink.sum(DoubleArray.of(0)).get(); // the sink exists and the connection is warm
            final long t0 = System.nanoTime();
            final double got = sink.sum(data).get();
            final double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d MiB to PE %d: sum %s (%s), %.2f s, %.0f MB/s including the sum%n", mib,
                Charm.numPes() - 1, got, got == expected ? "correct" : "WRONG, expected " + expected, s,
                mib * 1.048576 / s);
            Charm.exit(got == expected ? 0 : 1);
        });
    }
}
