package org.charm4j.gpu;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.charm4j.DoubleArray;
import org.charm4j.gpu.opencl.OpenClBuffer;
import org.charm4j.gpu.opencl.OpenClDevice;
import org.charm4j.gpu.opencl.OpenClKernel;
import org.charm4j.gpu.opencl.OpenClProgram;
import org.charm4j.gpu.translate.Dialect;
import org.charm4j.gpu.translate.GpuRefusedException;
import org.charm4j.gpu.translate.GpuSource;
import org.charm4j.gpu.translate.GpuTranslator;
import org.charm4j.gpu.translate.KernelArg;
import org.charm4j.kernels.Const;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.WorkGrid;
import org.charm4j.kernels.ir.KernelIr;
import org.charm4j.kernels.ir.Type;

/**
 * A specialized {@code @Kernel} compiled for an OpenCL device: the same method the CPU path runs, its {@code @Const}
 * values folded in as literals, its {@code @Parallel} loops the work grid ({@link GpuTranslator}), launched
 * asynchronously on the device's in-order queue.
 *
 * <pre>{@code
 * try (OpenClDevice device = OpenClDevice.first().orElseThrow();
 *      GpuKernel sweep = GpuKernel.compile(Kernels.of(Jacobi7.class, "jacobi").specialize(n, n, n), device)) {
 *     sweep.launch(in, out).await();   // out now holds what the CPU kernel would have written, to the bit
 * }
 * }</pre>
 *
 * <p>Arguments are the kernel's parameters that are not {@code @Const}, in the order of its signature (as for
 * {@link Specialization#invoke}). A {@link DeviceArray} stays on the device: the launch moves only what the host
 * changed since and maps nothing back (the way to run many launches on the same data). A {@link DoubleArray} is
 * used by the device in place ({@code CL_MEM_USE_HOST_PTR}: no copy on a CPU device such as PoCL) and made visible
 * to the host again when the launch is awaited; a {@code double[]} is copied to native memory before the launch and
 * back after it. The arrays belong to the launch until {@link GpuLaunch#await()} returns: neither read nor write them
 * before.
 *
 * <p>Threading: one thread at a time (the kernel's arguments are set per launch).
 */
public final class GpuKernel implements AutoCloseable {
    /** Work-items per work-group in dimension 0: PoCL runs a 64 x 1 x 1 group four times faster than its own pick. */
    static final long GROUP_WIDTH = 64;

    private final Specialization specialization;
    private final OpenClDevice device;
    private final GpuSource source;
    private final OpenClProgram program;
    private final OpenClKernel kernel;
    /** For each parameter of the Java signature: its position among the launch arguments, or -1 if {@code @Const}. */
    private final int[] argumentOf;
    private final int arguments;
    /** Position of a per-work-item kernel's {@code WorkGrid} among the launch arguments, or -1. */
    private final int workGridAt;

    private GpuKernel(final Specialization specialization, final OpenClDevice device, final GpuSource source) {
        this.specialization = specialization;
        this.device = device;
        this.source = source;
        final Parameter[] params = specialization.kernel().method().getParameters();
        this.argumentOf = new int[params.length];
        int k = 0;
        for (int i = 0; i < params.length; i++) {
            argumentOf[i] = params[i].isAnnotationPresent(Const.class) ? -1 : k++;
        }
        this.arguments = k;
        final KernelIr ir = specialization.ir();
        this.workGridAt = ir.perWorkItem() ? argumentOf[ir.workItem()] : -1;
        long localBytes = 0;
        for (final KernelIr.LocalArray l : ir.locals()) {
            localBytes += 8L * l.length();
        }
        if (localBytes > device.localMemorySize()) {
            throw new IllegalArgumentException(source.kernel() + " asks for " + localBytes + " bytes of local memory"
                + " per work-group; " + device.name() + " has " + device.localMemorySize());
        }
        this.program = device.compile(source.text(), String.join(" ", source.compilerOptions()));
        this.kernel = program.kernel(source.entryName());
    }

    /**
     * Translates a specialization to OpenCL C and builds it for {@code device}.
     *
     * @param specialization the kernel with its constants.
     * @param device         where it runs.
     * @return the compiled kernel; owned by the caller, who closes it.
     * @throws GpuRefusedException if the kernel is outside what the GPU back end translates (naming what and why);
     *     never a silent fall-back to the CPU.
     * @throws org.charm4j.gpu.opencl.OpenClException if the device's compiler refuses the source (with its log).
     */
    public static GpuKernel compile(final Specialization specialization, final OpenClDevice device) {
        if (specialization.ir() == null) {
            throw new GpuRefusedException(specialization.kernel().name(), "the kernel",
                "the kernel compiler could not read it into its IR: " + String.join("; ", specialization.notes()));
        }
        final GpuSource source = GpuTranslator.translate(specialization.ir(), Dialect.OPENCL);
        if (org.charm4j.Charm.inJob() && org.charm4j.Charm.options().kernelSource()) {
            System.out.println("+kernelSource: " + specialization.kernel().name() + " " + specialization.constants()
                + " for " + device.name() + ":\n" + source.text());
        }
        return new GpuKernel(specialization, device, source);
    }

    /** @return the OpenCL C this kernel was built from (what {@code +kernelSource} would show). */
    public GpuSource source() {
        return source;
    }

    /** @return the specialization it was translated from. */
    public Specialization specialization() {
        return specialization;
    }

    /**
     * Starts the kernel on the device and returns at once.
     *
     * @param args the non-{@code @Const} parameters, in signature order.
     * @return the launch: {@link GpuLaunch#await()} it before touching the arrays.
     * @throws IllegalArgumentException if the arguments do not match the kernel's parameters.
     */
    public GpuLaunch launch(final Object... args) {
        if (args.length != arguments) {
            throw new IllegalArgumentException(source.kernel() + " takes " + arguments + " launch arguments (its"
                + " parameters that are not @Const), not " + args.length);
        }
        final Map<String, Object> named = new HashMap<>();
        final List<OpenClBuffer> buffers = new ArrayList<>();
        final List<GpuLaunch.CopyBack> copies = new ArrayList<>();
        final boolean[] writtenBuffer = new boolean[source.arguments().size() + 1];
        try {
            int partialsAt = -1;
            for (final KernelArg a : source.arguments()) {
                if (a.kind() == KernelArg.Kind.PARTIALS) {
                    partialsAt = a.position();   // set below, once the grid's size is known
                    continue;
                }
                final int at = argumentOf[a.sourceIndex()];
                final Object v = args[at];
                named.put(a.name(), v);
                switch (a.kind()) {
                    case ARRAY -> {
                        if (v instanceof DeviceArray d) {
                            kernel.setArg(a.position(), d.bufferForLaunch(device, a.written(), source.kernel()));
                        } else {
                            kernel.setArg(a.position(), buffer(a, v, buffers, copies));
                            writtenBuffer[buffers.size() - 1] = a.written();
                        }
                    }
                    case LENGTH -> {
                        if (v instanceof double[] h) {
                            kernel.setArg(a.position(), h.length);
                        } else if (v instanceof DeviceArray d) {
                            kernel.setArg(a.position(), d.length());
                        } else {
                            kernel.setArg(a.position(), ((DoubleArray) v).length());
                        }
                    }
                    case SCALAR -> setScalar(a, v);
                    case PARTIALS -> throw new IllegalStateException("unreachable");
                }
            }
            final long[] global;
            final long[] local;
            if (workGridAt >= 0) {
                if (!(args[workGridAt] instanceof WorkGrid g)) {
                    throw new IllegalArgumentException(source.kernel() + " is a per-work-item kernel: pass a WorkGrid"
                        + " (WorkGrid.of(n).groups(g)) for its WorkItem parameter (launch argument " + workGridAt
                        + "), not " + (args[workGridAt] == null ? "null" : args[workGridAt].getClass().getName()));
                }
                if (g.groupItems() > device.maxWorkGroupSize()) {
                    throw new IllegalArgumentException(source.kernel() + ": work-groups of " + g.groupItems()
                        + " items; " + device.name() + " runs at most " + device.maxWorkGroupSize());
                }
                global = java.util.Arrays.stream(g.global()).asLongStream().toArray();
                local = java.util.Arrays.stream(g.local()).asLongStream().toArray();
            } else {
                global = source.globalSize(named);
                local = new long[global.length];
                java.util.Arrays.fill(local, 1);
                local[0] = Math.min(GROUP_WIDTH, device.maxWorkGroupSize());
                global[0] = (global[0] + local[0] - 1) / local[0] * local[0];   // the kernel checks its bounds
            }
            long items = 1;
            for (final long g : global) {
                if (g == 0) {
                    buffers.forEach(OpenClBuffer::close);
                    return GpuLaunch.done(source.sumStart());
                }
                items = Math.multiplyExact(items, g);
            }
            DoubleArray partials = null;
            if (partialsAt >= 0) {
                partials = DoubleArray.allocate(items);   // zeroed: the work items outside the loops add nothing
                final OpenClBuffer b = OpenClBuffer.wrap(device, partials.segment());
                buffers.add(b);
                writtenBuffer[buffers.size() - 1] = true;
                kernel.setArg(partialsAt, b);
            }
            final org.charm4j.gpu.opencl.OpenClEvent ran = kernel.enqueue(global, local);
            // the written arrays' maps are queued behind the kernel, so that completion is one event, not a
            // blocking map and unmap per array after it (70-120 us a launch on PoCL here)
            final List<OpenClBuffer> mapped = new ArrayList<>();
            final List<org.charm4j.gpu.opencl.OpenClEvent> maps = new ArrayList<>();
            for (int i = 0; i < buffers.size(); i++) {
                if (writtenBuffer[i]) {
                    maps.add(buffers.get(i).enqueueMapForRead());
                    mapped.add(buffers.get(i));
                }
            }
            return new GpuLaunch(ran, maps, buffers, mapped, copies, partials, source.sumStart());
        } catch (final RuntimeException e) {
            buffers.forEach(OpenClBuffer::close);
            throw e;
        }
    }

    private OpenClBuffer buffer(final KernelArg a, final Object v, final List<OpenClBuffer> buffers,
                                final List<GpuLaunch.CopyBack> copies) {
        final OpenClBuffer b;
        if (v instanceof DoubleArray d) {
            b = OpenClBuffer.wrap(device, d.segment());
        } else if (v instanceof double[] h) {
            final DoubleArray staged = DoubleArray.of(h);
            b = OpenClBuffer.wrap(device, staged.segment());
            if (a.written()) {
                copies.add(new GpuLaunch.CopyBack(staged, h));
            }
        } else {
            throw new IllegalArgumentException("argument " + a.name() + " of " + source.kernel() + " is an array of"
                + " doubles (a DeviceArray, DoubleArray or double[]), not " + (v == null ? "null" : v.getClass().getName()));
        }
        buffers.add(b);
        return b;
    }

    private void setScalar(final KernelArg a, final Object v) {
        if (a.type() == Type.DOUBLE && v instanceof Double d) {
            kernel.setArg(a.position(), d.doubleValue());
        } else if (a.type() == Type.LONG && v instanceof Long l) {
            kernel.setArg(a.position(), l.longValue());
        } else if ((a.type() == Type.INT || a.type() == Type.BOOLEAN) && v instanceof Integer i) {
            kernel.setArg(a.position(), i.intValue());
        } else if (a.type() == Type.BOOLEAN && v instanceof Boolean z) {
            kernel.setArg(a.position(), z ? 1 : 0);
        } else {
            throw new IllegalArgumentException("argument " + a.name() + " of " + source.kernel() + " is a "
                + a.type().name().toLowerCase(java.util.Locale.ROOT) + ", not " + (v == null ? "null"
                : v.getClass().getSimpleName()));
        }
    }

    /** Releases the program and kernel (the device stays open: its owner closes it). */
    @Override
    public void close() {
        kernel.close();
        program.close();
    }

    @Override
    public String toString() {
        return "GpuKernel " + source.entryName() + " on " + device.name();
    }
}
