package org.charm4j.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.charm4j.gpu.cuda.Cuda;
import org.charm4j.gpu.cuda.CudaDevice;
import org.charm4j.gpu.cuda.Nvrtc;
import org.charm4j.gpu.opencl.OpenCl;
import org.charm4j.gpu.opencl.OpenClDevice;

/**
 * Picks where kernels run from a {@code +device} list ({@code Charm.options().device()}, or the same string from the
 * API): {@code cpu}, {@code opencl[:N]}, {@code cuda[:N]}, tried in order. A device asked for and missing is an error
 * that says why, unless a later entry of the list is there: then {@link Choice#skipped()} says what was skipped and
 * why, for the caller to print once (an app warns once per process). Never a silent fall-back.
 *
 * <pre>{@code
 * Devices.Choice where = Devices.forThisPe();          // +device, chosen once per PE
 * if (where.isCpu()) { ... spec.invoke(...) ... } else { where.kernel(spec).launch(...) ... }
 * }</pre>
 *
 * <p>Threading: {@link #choose} is stateless, any thread; {@link #forThisPe()} keeps one choice per PE (its
 * threaded entry methods included: a {@link org.charm4j.PeLocal}).
 */
public final class Devices {
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    /** Each PE's device, chosen at its first use: each PE that launches has its own queue or stream. */
    private static final org.charm4j.PeLocal<Choice> PER_PE = org.charm4j.PeLocal.withInitial(() -> {
        final Choice c = choose(org.charm4j.Charm.options().device());
        if (!c.skipped().isEmpty() && WARNED.compareAndSet(false, true)) {
            System.err.println("charm4j: kernels run on " + c.name() + ", not on what +device listed first: "
                + String.join("; ", c.skipped()));
        }
        return c;
    });

    private Devices() {
    }

    /**
     * What {@link #choose} picked.
     *
     * @param name    the list entry taken ({@code cpu}, {@code opencl:0}, {@code cuda:0}, ...).
     * @param device  the opened device, owned by the caller (who closes it), or empty for {@code cpu}.
     * @param skipped why each entry before it was not taken (empty when the first one was).
     * @param kernels compiled kernels for this device, kept by {@link #kernel}; confined to the thread that owns the
     *                choice.
     * @param queues  the queues {@link #nextQueue()} handed out; confined likewise.
     */
    public record Choice(String name, Optional<GpuDevice> device, List<String> skipped,
                         java.util.Map<Object, GpuKernel> kernels, List<GpuQueue> queues) implements AutoCloseable {
        /**
         * Releases the kernels and queues this choice made, and closes its device (and with it anything still open
         * on it); the CPU's does nothing. A PE's {@link #forThisPe()} choice is closed by the PE when the job ends.
         */
        @Override
        public void close() {
            kernels.values().forEach(GpuKernel::close);
            kernels.clear();
            queues.forEach(GpuQueue::close);
            queues.clear();
            device.ifPresent(GpuDevice::close);
        }

        /** Queues a PE hands out round robin ({@link #nextQueue()}). */
        static final int QUEUES = 4;

        /** @return whether kernels run on the CPU. */
        public boolean isCpu() {
            return device.isEmpty();
        }

        /**
         * One of this PE's few queues on its device, round robin (made when first asked for): for launches of
         * different chares that should overlap on the device.
         *
         * @return a queue of the device.
         * @throws IllegalStateException if this choice is the CPU.
         */
        public GpuQueue nextQueue() {
            final GpuDevice d = device.orElseThrow(() -> new IllegalStateException("+device chose the CPU: it has no"
                + " queues"));
            if (queues.size() < QUEUES) {
                queues.add(d.newQueue());
                return queues.getLast();
            }
            final GpuQueue q = queues.removeFirst();
            queues.add(q);
            return q;
        }

        /**
         * The kernel compiled for this device, compiled at its first use and kept: one per method, constants and
         * work-group size (the launcher's), so each {@code @Const} combination is translated and built once.
         *
         * @param specialization the kernel with its constants.
         * @return the compiled kernel, owned by this choice.
         * @throws IllegalStateException if this choice is the CPU.
         */
        public GpuKernel kernel(final org.charm4j.kernels.Specialization specialization) {
            final GpuDevice d = device.orElseThrow(() -> new IllegalStateException("+device chose the CPU: "
                + specialization.kernel().name() + " runs there through its Specialization, not a GpuKernel"));
            final Object key = List.of(specialization.kernel().method(), specialization.constants(),
                GpuKernel.groupWidth(d.dialect()));
            return kernels.computeIfAbsent(key, k -> GpuKernel.compile(specialization, d));
        }
    }

    /**
     * The device {@code +device} chose for the calling PE, chosen at its first call and kept for the job; a device
     * listed first and missing is reported once per process (on standard error) when a later entry is taken. In a
     * job only, on a PE's thread.
     *
     * @return this PE's choice.
     * @throws IllegalStateException if no entry of {@code +device} is available (saying why for each).
     */
    public static Choice forThisPe() {
        return PER_PE.get();
    }

    /**
     * @param list a {@code +device} value: entries separated by commas.
     * @return the first entry that is available here.
     * @throws IllegalArgumentException if an entry is not a device name.
     * @throws IllegalStateException    if none is available, saying why for each.
     */
    public static Choice choose(final String list) {
        final List<String> skipped = new ArrayList<>();
        for (final String raw : list.toLowerCase(java.util.Locale.ROOT).replace(" ", "").split(",", -1)) {
            final String[] kind = raw.split(":", 2);
            final int index;
            try {
                index = kind.length == 2 ? Integer.parseInt(kind[1]) : 0;
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("+device " + list + ": '" + raw + "' has no device number");
            }
            switch (kind[0]) {
                case "cpu" -> {
                    return taken(raw, null, skipped);
                }
                case "opencl" -> {
                    final Optional<OpenClDevice> d = OpenClDevice.open(index);
                    if (d.isPresent()) {
                        return taken(kind.length == 2 ? raw : "opencl:0", GpuDevice.of(d.get()), skipped);
                    }
                    skipped.add(raw + ": " + (OpenCl.available() ? "there are " + OpenClDevice.count()
                        + " OpenCL device(s), numbered from 0 (" + String.join("; ", OpenClDevice.describeAll()) + ")"
                        : OpenCl.unavailableReason().orElse("no OpenCL device")));
                }
                case "cuda" -> {
                    final String why = cudaMissing(index);
                    if (why == null) {
                        final Optional<CudaDevice> d = CudaDevice.open(index);
                        if (d.isPresent()) {
                            return taken(kind.length == 2 ? raw : "cuda:0", GpuDevice.of(d.get()), skipped);
                        }
                        skipped.add(raw + ": CUDA device " + index + " could not be opened");
                    } else {
                        skipped.add(raw + ": " + why);
                    }
                }
                default -> throw new IllegalArgumentException("+device " + list + ": '" + raw + "' is not a device:"
                    + " use cpu, opencl, opencl:N, cuda or cuda:N");
            }
        }
        throw new IllegalStateException("+device " + list + ": none of these is available here: "
            + String.join("; ", skipped) + ". Add cpu to the list to run kernels on the CPU instead");
    }

    /** @return why CUDA device {@code index} cannot run kernels here, or null if it can. */
    private static String cudaMissing(final int index) {
        if (!Cuda.available()) {
            return Cuda.unavailableReason().orElse("the CUDA driver is not available");
        }
        if (!Nvrtc.available()) {
            return "the CUDA driver is here but NVRTC, which compiles the kernels, is not: "
                + Nvrtc.unavailableReason().orElse("?");
        }
        final int n = CudaDevice.count();
        if (index < 0 || index >= n) {
            return "there are " + n + " CUDA device(s), numbered from 0 (" + String.join("; ",
                CudaDevice.describeAll()) + ")";
        }
        return null;
    }

    private static Choice taken(final String name, final GpuDevice d, final List<String> skipped) {
        return new Choice(name, Optional.ofNullable(d), List.copyOf(skipped), new java.util.HashMap<>(),
            new ArrayList<>());
    }
}
