package org.charm4j.gpu.translate;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A kernel translated to GPU C source, with what a launcher needs: the entry point, the arguments in order, the grid
 * and the compiler options that keep the results the CPU's.
 *
 * <p>Threading: immutable; any thread.
 */
public final class GpuSource {
    private final Double sumStart;
    private final String kernel;
    private final Dialect dialect;
    private final String text;
    private final String entryName;
    private final List<KernelArg> arguments;
    private final List<GridDim> grid;
    private final List<String> compilerOptions;
    private final List<String> notes;
    private final boolean perWorkItem;

    GpuSource(final String kernel, final Dialect dialect, final String text, final String entryName,
              final List<KernelArg> arguments, final List<GridDim> grid, final List<String> compilerOptions,
              final List<String> notes, final Double sumStart, final boolean perWorkItem) {
        this.perWorkItem = perWorkItem;
        this.sumStart = sumStart;
        this.kernel = kernel;
        this.dialect = dialect;
        this.text = text;
        this.entryName = entryName;
        this.arguments = List.copyOf(arguments);
        this.grid = List.copyOf(grid);
        this.compilerOptions = List.copyOf(compilerOptions);
        this.notes = List.copyOf(notes);
    }

    /** @return the Java kernel's name, {@code Owner.method}. */
    public String kernel() {
        return kernel;
    }

    /** @return the dialect of {@link #text()}. */
    public Dialect dialect() {
        return dialect;
    }

    /** @return the C source: one kernel and the helper functions it calls. */
    public String text() {
        return text;
    }

    /** @return the kernel function's name in {@link #text()} (for {@code clCreateKernel} / {@code cuModuleGetFunction}). */
    public String entryName() {
        return entryName;
    }

    /** @return the kernel's arguments, in order. */
    public List<KernelArg> arguments() {
        return arguments;
    }

    /** @return each argument's C declaration, in order, e.g. {@code __global const double* in}, {@code int n}. */
    public List<String> parameterOrder() {
        return arguments.stream().map(KernelArg::declaration).toList();
    }

    /** @return the grid dimensions, index {@code d} for dimension {@code d} (0 is the innermost parallel loop). */
    public List<GridDim> grid() {
        return grid;
    }

    /** @return how many dimensions the grid has, 1 to 3. */
    public int gridDims() {
        return grid.size();
    }

    /**
     * @return the number of work items in each dimension, index {@code d} for dimension {@code d}.
     * @throws IllegalStateException if a dimension's extent depends on the launch arguments (use
     *                               {@link #globalSize(Map)}).
     */
    public long[] globalSize() {
        final long[] out = new long[grid.size()];
        for (int d = 0; d < out.length; d++) {
            final OptionalLong e = grid.get(d).constantExtent();
            if (e.isEmpty()) {
                throw new IllegalStateException("grid dimension " + d + " of " + kernel + " depends on the launch"
                    + " arguments (" + grid.get(d) + "); use globalSize(args)");
            }
            out[d] = e.getAsLong();
        }
        return out;
    }

    /**
     * @param args the launch arguments by Java parameter name (see {@link GridDim#extent(Map)}).
     * @return the number of work items in each dimension, index {@code d} for dimension {@code d}.
     */
    public long[] globalSize(final Map<String, ?> args) {
        final long[] out = new long[grid.size()];
        for (int d = 0; d < out.length; d++) {
            out[d] = grid.get(d).extent(args);
        }
        return out;
    }

    /**
     * @return the options to compile {@link #text()} with so that the results are the CPU's bit for bit: none for
     *         OpenCL (the source says {@code FP_CONTRACT OFF}; never add {@code -cl-mad-enable} or
     *         {@code -cl-fast-relaxed-math}), {@code --fmad=false} for nvrtc.
     */
    public List<String> compilerOptions() {
        return compilerOptions;
    }

    /**
     * @return for a kernel that returns a sum: its start, to which the launcher adds the work items' parts (the
     *     {@link KernelArg.Kind#PARTIALS} argument, one double per work item of the grid, dimension 0 fastest); empty
     *     for a void kernel.
     */
    public java.util.OptionalDouble sumStart() {
        return sumStart == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(sumStart);
    }

    /** @return remarks on the translation: where the GPU may differ from the CPU, loops kept sequential. */
    public List<String> notes() {
        return notes;
    }

    /**
     * @return whether the kernel is written per work item ({@code WorkItem}): its launch passes a {@code WorkGrid}
     *     and {@link #grid()} is empty.
     */
    public boolean perWorkItem() {
        return perWorkItem;
    }

    @Override
    public String toString() {
        return text;
    }
}
