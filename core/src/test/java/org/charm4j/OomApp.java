package org.charm4j;

import java.util.ArrayList;
import java.util.List;

/**
 * A chare on the last PE that keeps everything it allocates until the JVM runs out of memory: the job must end
 * promptly, non-zero, naming the PE, the chare and the entry method. {@link ReliabilityJobTest} runs it with a small
 * heap, in one process and in two.
 */
public final class OomApp {
    private OomApp() {
    }

    /** Keeps what it allocates. */
    public static class Hog extends Chare {
        private final List<long[]> kept = new ArrayList<>();

        /** Allocates until there is no memory left. */
        @Entry
        public void eat() {
            while (true) {
                kept.add(new long[1 << 14]);
            }
        }
    }

    /**
     * @param args runtime options.
     */
    public static void main(final String[] args) {
        Charm.start(args, a -> {
            OomApp_HogProxy.newChareOn(Charm.numPes() - 1).eat();
            new Future<Void>().get();
        });
    }
}
