package org.charm4j;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Samples this process's memory every few milliseconds from a daemon thread: heap in use (garbage included) and
 * direct memory in use (Netty's buffers and off-heap arrays, from the {@code direct} {@link BufferPoolMXBean}); at the
 * end, the peak resident set size from the kernel ({@code VmHWM}). For the programs of the back-pressure tests and
 * benchmarks, which print {@link #report()} from every process.
 *
 * <p>Threading: {@link #start()} once per process, {@link #report()} any thread.
 */
public final class MemoryPeak {
    private static volatile long peakHeap;
    private static volatile long peakDirect;
    private static Thread sampler;

    private MemoryPeak() {
    }

    /** Starts the sampler (once; later calls do nothing). */
    public static synchronized void start() {
        if (sampler != null) {
            return;
        }
        final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        final var heap = ManagementFactory.getMemoryMXBean();
        sampler = Thread.ofPlatform().daemon().name("memory-peak").start(() -> {
            while (true) {
                peakHeap = Math.max(peakHeap, heap.getHeapMemoryUsage().getUsed());
                peakDirect = Math.max(peakDirect, direct.getMemoryUsed());
                try {
                    Thread.sleep(5);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** @return "peak heap H MiB, direct D MiB, RSS R MiB" for this process. */
    public static String report() {
        return String.format(Locale.ROOT, "peak heap %d MiB, direct %d MiB, RSS %d MiB", peakHeap >> 20,
            peakDirect >> 20, peakRssKib() >> 10);
    }

    /** @return the peak direct memory sampled so far, in bytes. */
    public static long peakDirect() {
        return peakDirect;
    }

    /** @return the kernel's peak resident set size of this process (VmHWM), in KiB; -1 where unknown. */
    public static long peakRssKib() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (final java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
