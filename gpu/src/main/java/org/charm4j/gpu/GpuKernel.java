package org.charm4j.gpu;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.charm4j.DoubleArray;
import org.charm4j.gpu.cuda.CudaBuffer;
import org.charm4j.gpu.cuda.CudaDevice;
import org.charm4j.gpu.cuda.CudaEvent;
import org.charm4j.gpu.cuda.CudaFunction;
import org.charm4j.gpu.cuda.CudaHostRegistration;
import org.charm4j.gpu.cuda.CudaModule;
import org.charm4j.gpu.cuda.CudaStream;
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
 * A specialized {@code @Kernel} compiled for a device ({@link GpuDevice}: OpenCL, or CUDA through the driver API and
 * NVRTC): the same method the CPU path runs, its {@code @Const} values folded in as literals, its {@code @Parallel}
 * loops the work grid ({@link GpuTranslator}), launched asynchronously on the device's in-order queue or stream.
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
 * used by an OpenCL device in place ({@code CL_MEM_USE_HOST_PTR}: no copy on a CPU device such as PoCL) and made
 * visible to the host again when the launch is awaited (on CUDA: copied to device memory before the kernel and back
 * after it, on the same stream); a {@code double[]} is copied to native memory before the launch and back after it. The arrays belong to the launch until {@link GpuLaunch#await()} returns: neither read nor write them
 * before.
 *
 * <p>Threading: one thread at a time (the kernel's arguments are set per launch).
 */
public final class GpuKernel implements AutoCloseable {
    /** Work-items per work-group in dimension 0 on OpenCL: PoCL runs a 64 x 1 x 1 group four times faster than its
     *  own pick. */
    static final long GROUP_WIDTH = 64;
    /** Threads per block in dimension 0 on CUDA for a kernel of {@code @Parallel} loops. */
    static final int CUDA_BLOCK = 128;

    /** @return the work-group width (dimension 0) of a {@code @Parallel} kernel's launch in {@code dialect}. */
    static long groupWidth(final Dialect dialect) {
        return dialect == Dialect.CUDA ? CUDA_BLOCK : GROUP_WIDTH;
    }

    private final Specialization specialization;
    private final GpuDevice device;
    private final GpuSource source;
    /** OpenCL: the program and its kernel; null on CUDA. */
    private final OpenClProgram program;
    private final OpenClKernel kernel;
    /** CUDA: the module and its function; null on OpenCL. */
    private final CudaModule module;
    private final CudaFunction function;
    /** For each parameter of the Java signature: its position among the launch arguments, or -1 if {@code @Const}. */
    private final int[] argumentOf;
    private final int arguments;
    /** Position of a per-work-item kernel's {@code WorkGrid} among the launch arguments, or -1. */
    private final int workGridAt;
    /** CUDA: device buffers of finished launches, by size, for the next launches' staged arrays. */
    private final Map<Long, java.util.ArrayDeque<CudaBuffer>> spare = new HashMap<>();
    /** CUDA: page-locked host staging memory of finished launches, by size (copies to and from it are truly async). */
    private final Map<Long, java.util.ArrayDeque<Pinned>> pinnedSpare = new HashMap<>();

    /** A staging array and its page lock ({@code cuMemHostRegister}), kept for many launches. */
    private record Pinned(DoubleArray array, CudaHostRegistration registration) {
    }

    /** Spare buffers kept per size at most: a launch that has more staged arrays of one size allocates the rest. */
    private static final int SPARE_PER_SIZE = 8;
    private boolean closed;

    private GpuKernel(final Specialization specialization, final GpuDevice device, final GpuSource source) {
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
        if (localBytes > device.localMemoryBytes()) {
            throw new IllegalArgumentException(source.kernel() + " asks for " + localBytes + " bytes of local memory"
                + " per work-group; " + device.name() + " has " + device.localMemoryBytes());
        }
        if (device.dialect() == Dialect.CUDA) {
            this.program = null;
            this.kernel = null;
            this.module = device.requireCuda().compile(source.text(), source.entryName(), source.compilerOptions());
            this.function = module.function(source.entryName());
        } else {
            this.module = null;
            this.function = null;
            this.program = device.requireOpenCl().compile(source.text(), String.join(" ", source.compilerOptions()));
            this.kernel = program.kernel(source.entryName());
        }
    }

    /**
     * Translates a specialization to the device's C dialect (OpenCL C or CUDA C) and builds it for the device.
     *
     * @param specialization the kernel with its constants.
     * @param device         where it runs.
     * @return the compiled kernel; owned by the caller, who closes it.
     * @throws GpuRefusedException if the kernel is outside what the GPU back end translates (naming what and why);
     *     never a silent fall-back to the CPU.
     * @throws RuntimeException from the device's compiler if it refuses the source
     *     ({@link org.charm4j.gpu.opencl.OpenClException}, {@link org.charm4j.gpu.cuda.CudaException}: with its log).
     */
    public static GpuKernel compile(final Specialization specialization, final GpuDevice device) {
        if (specialization.ir() == null) {
            throw new GpuRefusedException(specialization.kernel().name(), "the kernel",
                "the kernel compiler could not read it into its IR: " + String.join("; ", specialization.notes()));
        }
        final GpuSource source = GpuTranslator.translate(specialization.ir(), device.dialect());
        if (org.charm4j.Charm.inJob() && org.charm4j.Charm.options().kernelSource()) {
            System.out.println("+kernelSource: " + specialization.kernel().name() + " " + specialization.constants()
                + " for " + device.name() + ":\n" + source.text());
        }
        return new GpuKernel(specialization, device, source);
    }

    /**
     * {@link #compile(Specialization, GpuDevice)} on an OpenCL device.
     *
     * @param specialization the kernel with its constants.
     * @param device         where it runs (its owner keeps it).
     * @return the compiled kernel.
     */
    public static GpuKernel compile(final Specialization specialization, final OpenClDevice device) {
        return compile(specialization, GpuDevice.of(device));
    }

    /**
     * {@link #compile(Specialization, GpuDevice)} on a CUDA device.
     *
     * @param specialization the kernel with its constants.
     * @param device         where it runs (its owner keeps it).
     * @return the compiled kernel.
     */
    public static GpuKernel compile(final Specialization specialization, final CudaDevice device) {
        return compile(specialization, GpuDevice.of(device));
    }

    /** @return the C source this kernel was built from (what {@code +kernelSource} would show). */
    public GpuSource source() {
        return source;
    }

    /** @return the specialization it was translated from. */
    public Specialization specialization() {
        return specialization;
    }

    /** @return the device it runs on. */
    public GpuDevice device() {
        return device;
    }

    /**
     * Starts the kernel on the device and returns at once: on the queue of its first {@link DeviceArray} argument
     * (arrays of other queues are made consistent with it), else on the device's default queue.
     *
     * @param args the non-{@code @Const} parameters, in signature order (a {@code WorkGrid} for a {@code WorkItem}).
     * @return the launch: {@link GpuLaunch#await()} it before touching the arrays.
     * @throws IllegalArgumentException if the arguments do not match the kernel's parameters.
     */
    public GpuLaunch launch(final Object... args) {
        return launchOn(null, args);
    }

    /**
     * {@link #launch} on {@code queue}: for launches whose arrays are on the host (staged for the launch), so that
     * launches of different chares on one PE overlap on the device.
     *
     * @param queue a queue of this kernel's device, or null for the rule of {@link #launch}.
     * @param args  the non-{@code @Const} parameters, in signature order.
     * @return the launch.
     */
    public GpuLaunch launchOn(final GpuQueue queue, final Object... args) {
        if (queue != null && !queue.device().isSame(device)) {
            throw new IllegalArgumentException(source.kernel() + " runs on " + device.name() + ", not on the device"
                + " of " + queue);
        }
        if (args.length != arguments) {
            throw new IllegalArgumentException(source.kernel() + " takes " + arguments + " launch arguments (its"
                + " parameters that are not @Const), not " + args.length);
        }
        final Map<String, Object> named = new HashMap<>();
        for (final KernelArg a : source.arguments()) {
            if (a.kind() != KernelArg.Kind.PARTIALS) {
                named.put(a.name(), args[argumentOf[a.sourceIndex()]]);
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
            if (g.groupItems() > device.maxGroupItems()) {
                throw new IllegalArgumentException(source.kernel() + ": work-groups of " + g.groupItems()
                    + " items; " + device.name() + " runs at most " + device.maxGroupItems());
            }
            global = java.util.Arrays.stream(g.global()).asLongStream().toArray();
            local = java.util.Arrays.stream(g.local()).asLongStream().toArray();
        } else {
            global = source.globalSize(named);
            local = new long[global.length];
            java.util.Arrays.fill(local, 1);
            local[0] = Math.min(groupWidth(device.dialect()), device.maxGroupItems());
            if (global.length > 0) {
                global[0] = (global[0] + local[0] - 1) / local[0] * local[0];   // the kernel checks its bounds
            }
        }
        long items = 1;
        for (final long g : global) {
            if (g == 0) {
                return GpuLaunch.done(source.sumStart());
            }
            items = Math.multiplyExact(items, g);
        }
        GpuQueue on = queue;
        for (final Object a : args) {
            if (a instanceof DeviceArray d) {   // the first array on the device chooses the queue
                d.requireDevice(device, source.kernel());
                if (on == null) {
                    on = d.queue();
                }
                break;
            }
        }
        if (on == null) {
            on = device.defaultQueue();
        }
        return device.dialect() == Dialect.CUDA ? launchCuda(on, named, global, local, items)
            : launchOpenCl(on, named, global, local, items);
    }

    private GpuLaunch launchOpenCl(final GpuQueue queue, final Map<String, Object> named, final long[] global,
                                   final long[] local, final long items) {
        final List<OpenClBuffer> buffers = new ArrayList<>();
        final List<GpuLaunch.CopyBack> copies = new ArrayList<>();
        final boolean[] writtenBuffer = new boolean[source.arguments().size() + 1];
        try {
            final int partialsAt = bind(named, copies, new ArgSink() {
                @Override
                public void deviceArray(final int at, final DeviceArray d, final boolean written) {
                    kernel.setArg(at, d.openClBufferForLaunch(queue, written, source.kernel()));
                }

                @Override
                public void hostArray(final int at, final DoubleArray host, final boolean written) {
                    buffers.add(OpenClBuffer.wrap(device.requireOpenCl(), host.segment(), queue.openCl()));
                    writtenBuffer[buffers.size() - 1] = written;
                    kernel.setArg(at, buffers.getLast());
                }

                @Override
                public void intArg(final int at, final int v) {
                    kernel.setArg(at, v);
                }

                @Override
                public void longArg(final int at, final long v) {
                    kernel.setArg(at, v);
                }

                @Override
                public void doubleArg(final int at, final double v) {
                    kernel.setArg(at, v);
                }
            });
            DoubleArray partials = null;
            if (partialsAt >= 0) {
                partials = DoubleArray.allocate(items);   // zeroed: the work items outside the loops add nothing
                buffers.add(OpenClBuffer.wrap(device.requireOpenCl(), partials.segment(), queue.openCl()));
                writtenBuffer[buffers.size() - 1] = true;
                kernel.setArg(partialsAt, buffers.getLast());
            }
            final org.charm4j.gpu.opencl.OpenClEvent ran = kernel.enqueue(queue.openCl(), global, local);
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
            return GpuLaunch.onOpenCl(ran, maps, buffers, mapped, copies, partials, source.sumStart());
        } catch (final RuntimeException e) {
            buffers.forEach(OpenClBuffer::close);
            throw e;
        }
    }

    private GpuLaunch launchCuda(final GpuQueue queue, final Map<String, Object> named, final long[] global,
                                 final long[] local, final long items) {
        final CudaDevice cuda = device.requireCuda();
        final CudaStream stream = queue.cuda();
        final List<CudaBuffer> buffers = new ArrayList<>();
        final List<Pinned> pinned = new ArrayList<>();
        final List<CudaBuffer> back = new ArrayList<>();
        final List<DoubleArray> backTo = new ArrayList<>();
        final List<GpuLaunch.PinnedCopy> fromPinned = new ArrayList<>();
        final List<GpuLaunch.CopyBack> copies = new ArrayList<>();
        try {
            final int partialsAt = bind(named, copies, new ArgSink() {
                @Override
                public void deviceArray(final int at, final DeviceArray d, final boolean written) {
                    function.setArg(at, d.cudaBufferForLaunch(queue, written, source.kernel()));
                }

                @Override
                public void hostArray(final int at, final DoubleArray host, final boolean written) {
                    final CudaBuffer b = staging(cuda, host.byteSize());
                    buffers.add(b);
                    // through page-locked memory: a copy from or to pageable memory would make the launch wait
                    final Pinned p = pinned(cuda, host.byteSize());
                    pinned.add(p);
                    MemorySegment.copy(host.segment(), 0, p.array().segment(), 0, host.byteSize());
                    b.copyFromHostAsync(p.array().segment(), 0, 0, host.byteSize(), stream);
                    if (written) {
                        back.add(b);
                        backTo.add(p.array());
                        fromPinned.add(new GpuLaunch.PinnedCopy(p.array(), host));
                    }
                    function.setArg(at, b);
                }

                @Override
                public void intArg(final int at, final int v) {
                    function.setArg(at, v);
                }

                @Override
                public void longArg(final int at, final long v) {
                    function.setArg(at, v);
                }

                @Override
                public void doubleArg(final int at, final double v) {
                    function.setArg(at, v);
                }
            });
            final int[] block = {1, 1, 1};
            for (int d = 0; d < local.length; d++) {
                block[d] = (int) local[d];
            }
            final int[] grid = CudaFunction.blocksFor(global, block);
            DoubleArray partials = null;
            if (partialsAt >= 0) {
                partials = DoubleArray.allocate(items);
                final CudaBuffer b = staging(cuda, partials.byteSize());
                buffers.add(b);
                b.fillZeroAsync(stream);
                final Pinned p = pinned(cuda, partials.byteSize());
                pinned.add(p);
                back.add(b);
                backTo.add(p.array());
                fromPinned.add(new GpuLaunch.PinnedCopy(p.array(), partials));
                function.setArg(partialsAt, b);
            }
            function.launch(grid, block, 0, stream);
            for (int i = 0; i < back.size(); i++) {
                back.get(i).copyToHostAsync(backTo.get(i).segment(), 0, 0, backTo.get(i).byteSize(), stream);
            }
            final CudaEvent done = cuda.newEvent().record(stream);
            return GpuLaunch.onCuda(done, fromPinned, () -> {
                buffers.forEach(this::giveBack);
                pinned.forEach(this::givePinned);
            }, copies, partials, source.sumStart());
        } catch (final RuntimeException e) {
            buffers.forEach(CudaBuffer::close);
            pinned.forEach(p -> p.registration().close());
            throw e;
        }
    }

    /** Page-locked staging memory of {@code bytes}: a spare one, or a new one (pinning costs; it is kept). */
    private Pinned pinned(final CudaDevice cuda, final long bytes) {
        final java.util.ArrayDeque<Pinned> q = pinnedSpare.get(bytes);
        final Pinned p = q == null ? null : q.poll();
        if (p != null) {
            return p;
        }
        final DoubleArray a = DoubleArray.allocate(bytes / Double.BYTES);
        return new Pinned(a, CudaHostRegistration.register(cuda, a.segment()));
    }

    private void givePinned(final Pinned p) {
        final java.util.ArrayDeque<Pinned> q = pinnedSpare.computeIfAbsent(p.array().byteSize(),
            k -> new java.util.ArrayDeque<>());
        if (q.size() < SPARE_PER_SIZE && !closed) {
            q.push(p);
        } else {
            p.registration().close();
        }
    }

    /** A device buffer of {@code bytes} for one launch: a spare one (cuMemAlloc is costly per launch), or a new one. */
    private CudaBuffer staging(final CudaDevice cuda, final long bytes) {
        final java.util.ArrayDeque<CudaBuffer> q = spare.get(bytes);
        final CudaBuffer b = q == null ? null : q.poll();
        return b != null ? b : CudaBuffer.allocate(cuda, bytes);
    }

    /** Takes a finished launch's buffer back for the next launches, or frees it. */
    private void giveBack(final CudaBuffer b) {
        final java.util.ArrayDeque<CudaBuffer> q = spare.computeIfAbsent(b.byteSize(), k -> new java.util.ArrayDeque<>());
        if (q.size() < SPARE_PER_SIZE && !closed) {
            q.push(b);
        } else {
            b.close();
        }
    }

    /** A {@code DoubleArray} argument itself, or a {@code double[]} staged in a new one (copied back if written). */
    private DoubleArray hostArray(final KernelArg a, final Object v, final List<GpuLaunch.CopyBack> copies) {
        if (v instanceof DoubleArray d) {
            return d;
        }
        if (v instanceof double[] h) {
            final DoubleArray staged = DoubleArray.of(h);
            if (a.written()) {
                copies.add(new GpuLaunch.CopyBack(staged, h));
            }
            return staged;
        }
        throw new IllegalArgumentException("argument " + a.name() + " of " + source.kernel() + " is an array of"
            + " doubles (a DeviceArray, DoubleArray or double[]), not " + (v == null ? "null" : v.getClass().getName()));
    }

    private static long length(final Object v) {
        if (v instanceof double[] h) {
            return h.length;
        } else if (v instanceof DeviceArray d) {
            return d.length();
        }
        return ((DoubleArray) v).length();
    }

    /** Where a launch's arguments go: the OpenCL kernel's or the CUDA function's slots, with the API's buffers. */
    private interface ArgSink {
        void deviceArray(int at, DeviceArray d, boolean written);

        void hostArray(int at, DoubleArray host, boolean written);

        void intArg(int at, int v);

        void longArg(int at, long v);

        void doubleArg(int at, double v);
    }

    /**
     * Binds every launch argument through {@code sink}, in the source's order, checking each value against its
     * parameter's kind.
     *
     * @return the position of the sum's partials argument, or -1.
     */
    private int bind(final Map<String, Object> named, final List<GpuLaunch.CopyBack> copies, final ArgSink sink) {
        int partialsAt = -1;
        for (final KernelArg a : source.arguments()) {
            final Object v = named.get(a.name());
            switch (a.kind()) {
                case PARTIALS -> partialsAt = a.position();   // set by the launch, once the grid's size is known
                case ARRAY -> {
                    if (v instanceof DeviceArray d) {
                        sink.deviceArray(a.position(), d, a.written());
                    } else {
                        sink.hostArray(a.position(), hostArray(a, v, copies), a.written());
                    }
                }
                case LENGTH -> {
                    if (a.type() == Type.INT) {
                        sink.intArg(a.position(), (int) length(v));
                    } else {
                        sink.longArg(a.position(), length(v));
                    }
                }
                case SCALAR -> scalar(a, v, sink);
            }
        }
        return partialsAt;
    }

    private void scalar(final KernelArg a, final Object v, final ArgSink sink) {
        if (a.type() == Type.DOUBLE && v instanceof Double d) {
            sink.doubleArg(a.position(), d);
        } else if (a.type() == Type.LONG && v instanceof Long l) {
            sink.longArg(a.position(), l);
        } else if ((a.type() == Type.INT || a.type() == Type.BOOLEAN) && (v instanceof Integer || v instanceof Boolean)) {
            sink.intArg(a.position(), v instanceof Boolean z ? (z ? 1 : 0) : (Integer) v);
        } else {
            throw new IllegalArgumentException("argument " + a.name() + " of " + source.kernel() + " is a "
                + a.type().name().toLowerCase(java.util.Locale.ROOT) + ", not " + (v == null ? "null"
                : v.getClass().getSimpleName()));
        }
    }

    /** Releases the program and kernel, or the module (the device stays open: its owner closes it). */
    @Override
    public void close() {
        closed = true;
        if (kernel != null) {
            kernel.close();
            program.close();
        } else {
            spare.values().forEach(q -> q.forEach(CudaBuffer::close));
            spare.clear();
            pinnedSpare.values().forEach(q -> q.forEach(p -> p.registration().close()));
            pinnedSpare.clear();
            module.close();
        }
    }

    @Override
    public String toString() {
        return "GpuKernel " + source.entryName() + " on " + device.name();
    }
}
