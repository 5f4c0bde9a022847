package org.charm4j.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.charm4j.gpu.opencl.OpenCl;
import org.charm4j.gpu.opencl.OpenClDevice;

/**
 * Picks where kernels run from a {@code +device} list ({@code Charm.options().device()}, or the same string from the
 * API): {@code cpu}, {@code opencl[:N]}, {@code cuda[:N]}, tried in order. A device asked for and missing is an error
 * that says why, unless a later entry of the list is there: then {@link Choice#skipped()} says what was skipped and
 * why, for the caller to print once (an app warns once per process). Never a silent fall-back.
 *
 * <pre>{@code
 * Devices.Choice where = Devices.choose(Charm.options().device());
 * if (where.openCl().isPresent()) { ... GpuKernel.compile(spec, where.openCl().get()) ... } else { ... CPU ... }
 * }</pre>
 *
 * <p>Threading: stateless; any thread.
 */
public final class Devices {
    private Devices() {
    }

    /**
     * What {@link #choose} picked.
     *
     * @param name    the list entry taken ({@code cpu}, {@code opencl:0}, ...).
     * @param openCl  the opened OpenCL device, owned by the caller (who closes it), or empty for {@code cpu}.
     * @param skipped why each entry before it was not taken (empty when the first one was).
     * @param kernels  compiled kernels for this device, for its user to keep by whatever key it likes (its
     *                 specializations); confined to the thread that owns the choice.
     */
    public record Choice(String name, Optional<OpenClDevice> openCl, List<String> skipped,
                         java.util.Map<Object, GpuKernel> kernels) {
        /** @return whether kernels run on the CPU. */
        public boolean isCpu() {
            return openCl.isEmpty();
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
            final OpenClDevice device = openCl.orElseThrow(() -> new IllegalStateException("+device chose the CPU: "
                + specialization.kernel().name() + " runs there through its Specialization, not a GpuKernel"));
            final Object key = List.of(specialization.kernel().method(), specialization.constants(),
                GpuKernel.GROUP_WIDTH);
            return kernels.computeIfAbsent(key, k -> GpuKernel.compile(specialization, device));
        }
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
                    return taken(raw, Optional.empty(), skipped);
                }
                case "opencl" -> {
                    final Optional<OpenClDevice> d = OpenClDevice.open(index);
                    if (d.isPresent()) {
                        return taken(kind.length == 2 ? raw : "opencl:0", d, skipped);
                    }
                    skipped.add(raw + ": " + (OpenCl.available() ? "there are " + OpenClDevice.count()
                        + " OpenCL device(s), numbered from 0 (" + String.join("; ", OpenClDevice.describeAll()) + ")"
                        : OpenCl.unavailableReason().orElse("no OpenCL device")));
                }
                case "cuda" -> skipped.add(raw + ": this build of charm4j has no CUDA back end yet (the translator"
                    + " writes CUDA C; the driver-API launcher is not there)");
                default -> throw new IllegalArgumentException("+device " + list + ": '" + raw + "' is not a device:"
                    + " use cpu, opencl, opencl:N, cuda or cuda:N");
            }
        }
        throw new IllegalStateException("+device " + list + ": none of these is available here: "
            + String.join("; ", skipped) + ". Add cpu to the list to run kernels on the CPU instead");
    }

    private static Choice taken(final String name, final Optional<OpenClDevice> d, final List<String> skipped) {
        return new Choice(name, d, List.copyOf(skipped), new java.util.HashMap<>());
    }
}
