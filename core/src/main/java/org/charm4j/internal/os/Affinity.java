package org.charm4j.internal.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Pins the calling thread to a core with Linux's {@code sched_setaffinity} (through {@code java.lang.foreign}), for
 * {@code +setcpuaffinity}. The n-th PE of a process gets the n-th core that the process may run on (its cpuset, as
 * {@code sched_getaffinity} reports it), wrapping around.
 *
 * <p>Threading: any thread; each call affects the calling thread only.
 */
public final class Affinity {
    /** Bytes of the kernel's cpu mask that we pass: 1024 CPUs. */
    private static final long MASK_BYTES = 128;
    private static final MethodHandle SET;
    private static final MethodHandle GET;
    private static final String UNAVAILABLE;

    static {
        MethodHandle set = null;
        MethodHandle get = null;
        String why = null;
        try {
            final Linker linker = Linker.nativeLinker();
            final FunctionDescriptor fd = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
            set = linker.downcallHandle(linker.defaultLookup().find("sched_setaffinity").orElseThrow(), fd);
            get = linker.downcallHandle(linker.defaultLookup().find("sched_getaffinity").orElseThrow(), fd);
        } catch (final RuntimeException e) {
            why = "sched_setaffinity is not available here (" + e + "); +setcpuaffinity needs Linux";
        }
        SET = set;
        GET = get;
        UNAVAILABLE = why;
    }

    private Affinity() {
    }

    /**
     * @return the CPUs the calling thread may run on.
     * @throws IllegalStateException if the system cannot tell.
     */
    public static List<Integer> currentCpus() {
        check();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            final int rc = (int) GET.invokeExact(0, MASK_BYTES, mask);
            if (rc != 0) {
                throw new IllegalStateException("sched_getaffinity failed (" + rc + ")");
            }
            final List<Integer> cpus = new ArrayList<>();
            for (int cpu = 0; cpu < MASK_BYTES * 8; cpu++) {
                if ((mask.get(ValueLayout.JAVA_BYTE, cpu / 8) & 1 << cpu % 8) != 0) {
                    cpus.add(cpu);
                }
            }
            return cpus;
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException("sched_getaffinity failed: " + t, t);
        }
    }

    /**
     * Pins the calling thread to the {@code n}-th CPU of those it may run on (modulo their number).
     *
     * @param n the PE's position in its process.
     * @return the CPU it is pinned to.
     * @throws IllegalStateException naming the CPU and the failure, if the system refuses.
     */
    public static int pinCurrentThread(final int n) {
        final List<Integer> allowed = currentCpus();
        final int cpu = allowed.get(Math.floorMod(n, allowed.size()));
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment mask = arena.allocate(MASK_BYTES, 8);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << cpu % 8));
            final int rc = (int) SET.invokeExact(0, MASK_BYTES, mask);
            if (rc != 0) {
                throw new IllegalStateException("sched_setaffinity to CPU " + cpu + " failed (" + rc + ")");
            }
            return cpu;
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException("sched_setaffinity to CPU " + cpu + " failed: " + t, t);
        }
    }

    private static void check() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException(UNAVAILABLE);
        }
    }
}
