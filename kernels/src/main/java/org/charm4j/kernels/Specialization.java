package org.charm4j.kernels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.charm4j.kernels.internal.InterfaceAdapter;
import org.charm4j.kernels.internal.Specializer;
import org.charm4j.kernels.ir.KernelIr;

/**
 * One specialized copy of a kernel: the kernel with its {@code @Const} parameters fixed to {@link #constants()}.
 *
 * <p>For hot launches keep the object that {@link #as(Class)} returns (or {@link #handle()} in a {@code static final}
 * field) and call it directly: the call goes straight to the specialized code, with no lookup and no boxing.
 *
 * <pre>{@code
 * interface Sweep { void run(DoubleArray in, DoubleArray out); }
 * Sweep sweep = Kernels.of(Stencil.class, "jacobi").specialize(32, 32, 32).as(Sweep.class);
 * for (int it = 0; it < 100; it++) { sweep.run(a, b); sweep.run(b, a); }
 * }</pre>
 *
 * <p>Threading: immutable; any thread (the kernel itself decides what may run concurrently).
 */
public final class Specialization {
    private final KernelHandle kernel;
    private final List<Object> constants;
    private final MethodHandle full;
    private final MethodHandle handle;
    private final MethodHandle launcher;
    private final MethodHandle spreader;
    private final long buildNanos;
    private final String backend;
    private final List<String> notes;
    private final KernelIr ir;
    private final ConcurrentHashMap<Class<?>, Object> adapters = new ConcurrentHashMap<>();
    /** Position of a per-work-item kernel's {@link WorkItem} among the non-{@code @Const} arguments, or -1. */
    private final int workItemAt;

    Specialization(final KernelHandle kernel, final Object[] constants, final Specializer.Compiled compiled,
                   final int[] constParams, final long buildNanos) {
        this.kernel = kernel;
        this.constants = List.of(constants);
        this.full = compiled.handle();
        this.backend = compiled.backend().name().toLowerCase(java.util.Locale.ROOT);
        this.notes = compiled.notes();
        this.ir = compiled.ir();
        MethodHandle h = compiled.handle();
        for (int i = constParams.length - 1; i >= 0; i--) {
            h = MethodHandles.insertArguments(h, constParams[i], constants[i]);
        }
        this.handle = h;
        final int n = compiled.handle().type().parameterCount();
        this.launcher = compiled.handle().asType(MethodType.genericMethodType(n)).asSpreader(Object[].class, n);
        final int m = h.type().parameterCount();
        this.spreader = h.asType(MethodType.genericMethodType(m)).asSpreader(Object[].class, m);
        this.buildNanos = buildNanos;
        int at = -1;
        final Class<?>[] types = kernel.method().getParameterTypes();
        for (int p = 0, k = 0; p < types.length; p++) {
            if (java.util.Arrays.binarySearch(constParams, p) >= 0) {
                continue;
            }
            if (types[p] == WorkItem.class) {
                at = k;
            }
            k++;
        }
        this.workItemAt = at;
    }

    /** @return whether the kernel is written per work item ({@link WorkItem}): launch it with a {@link WorkGrid}. */
    public boolean perWorkItem() {
        return workItemAt >= 0;
    }

    /** @return the kernel this copy was made from. */
    public KernelHandle kernel() {
        return kernel;
    }

    /** @return the values of the {@code @Const} parameters, in parameter order. */
    public List<Object> constants() {
        return constants;
    }

    /** @return a handle on the specialized code taking only the kernel's non-{@code @Const} parameters. */
    public MethodHandle handle() {
        return handle;
    }

    /**
     * @return a handle on the specialized method with the kernel's full type; the {@code @Const} arguments are
     *     ignored (the code uses the folded constants).
     */
    public MethodHandle fullHandle() {
        return full;
    }

    /**
     * Which back end made this copy: {@code "simd"} (innermost loops on {@code jdk.incubator.vector} at the preferred
     * species, with a scalar tail; arrays that a vector loop writes are checked once per launch against the arrays it
     * reads, and the launch runs the scalar copy if they overlap) or {@code "scalar"} (the kernel's bytecode with
     * the constants folded). In a vectorized sum {@code s += e}, lane {@code k} of one accumulator adds iterations
     * {@code k, k + L, k + 2L, ...} of the vector part; the lanes are then added to {@code s} in lane order, then
     * the scalar tail's iterations in order. With {@code @Kernel(strict = true)} such loops stay scalar.
     *
     * @return {@code "simd"} or {@code "scalar"}.
     */
    public String backend() {
        return backend;
    }

    /** @return one line per innermost loop: vectorized, or why it was not (and why the IR refused the kernel). */
    public List<String> notes() {
        return notes;
    }

    /** @return the kernel IR of this copy, as a user may read it; {@code null} if the IR refused the kernel. */
    public KernelIr ir() {
        return ir;
    }

    /** @return how long making this copy took (reading, transforming, defining the class), in nanoseconds. */
    public long buildNanos() {
        return buildNanos;
    }

    /**
     * An instance of a functional interface whose method takes the kernel's non-{@code @Const} parameters (in order,
     * convertible by {@link MethodHandle#asType}) and runs this copy. Made once per interface and kept.
     *
     * @param iface a functional interface accessible from the kernel's package.
     * @param <F>   the interface.
     * @return the instance.
     */
    public <F> F as(final Class<F> iface) {
        return iface.cast(adapters.computeIfAbsent(iface,
            i -> InterfaceAdapter.adapt(kernel.model().lookup(), iface, handle)));
    }

    /**
     * Runs this copy with boxed arguments: convenient, not for hot loops.
     *
     * @param args the kernel's non-{@code @Const} arguments.
     * @return what the kernel returns ({@code null} for {@code void}).
     */
    public Object invoke(final Object... args) {
        if (workItemAt >= 0) {
            org.charm4j.kernels.internal.WorkGridRunner.run(kernel.name(), spreader, args, workItemAt,
                ir == null || ir.hasBarriers());
            return null;
        }
        try {
            return spreader.invokeExact(args);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    Object launch(final Object[] args) {
        final long t0 = org.charm4j.Trace.on() ? System.nanoTime() : 0;
        try {
            final Object r = launcher.invokeExact(args);
            if (t0 != 0) {
                org.charm4j.Trace.span("kernel " + kernel.name() + " (" + backend() + ")", t0, System.nanoTime());
            }
            return r;
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder(kernel.name()).append('[');
        final List<String> names = kernel.constNames();
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(constants.get(i));
        }
        b.append("] ").append(backend).append(", built in ").append(String.format("%.2f ms", buildNanos / 1e6));
        for (final String note : notes) {
            b.append("\n  ").append(note);
        }
        return b.toString();
    }
}
