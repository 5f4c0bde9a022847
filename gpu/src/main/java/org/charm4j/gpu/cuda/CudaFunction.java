package org.charm4j.gpu.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One {@code __global__} function of a {@link CudaModule}: set its arguments and {@link #launch} it on a stream. The
 * launch returns once queued; record an event on the same stream after it ({@link CudaStream#record()} or
 * {@link CudaEvent#record(CudaStream)}) to learn when it is done.
 *
 * <p>Arguments are packed into a native {@code void **kernelParams} block owned by this function and reused from
 * launch to launch: with {@link #setArg} and {@link #launch(int[], int[], int, CudaStream)} a launch allocates nothing
 * on the Java heap. Where the driver can say (CUDA 12.4+, {@code cuFuncGetParamInfo}) each argument is checked against
 * the kernel's parameter sizes and the launch against their count, so that a wrong argument fails here, naming it,
 * rather than on the device.
 *
 * <p>Valid while its module is open. Threading: one thread at a time.
 */
public final class CudaFunction {
    private final CudaModule module;
    private final String name;
    private final MemorySegment handle;
    private final Arena arena;
    private final KernelParams params;

    CudaFunction(final CudaModule module, final String name, final MemorySegment handle) {
        this.module = module;
        this.name = name;
        this.handle = handle;
        this.arena = Arena.ofShared();
        this.params = new KernelParams(arena, name, parameterSizes(handle, name));
    }

    /** @return each parameter's size in bytes ({@code cuFuncGetParamInfo}), or {@code null} if the driver lacks it. */
    private static long[] parameterSizes(final MemorySegment function, final String name) {
        if (!Cuda.hasParamInfo()) {
            return null;
        }
        try (Arena a = Arena.ofConfined()) {
            final MemorySegment offset = a.allocate(JAVA_LONG);
            final MemorySegment size = a.allocate(JAVA_LONG);
            final long[] sizes = new long[256];
            for (int i = 0; i < sizes.length; i++) {
                final int code = Cuda.cuFuncGetParamInfo(function, i, offset, size);
                if (code == Cuda.CUDA_ERROR_INVALID_VALUE) {
                    return Arrays.copyOf(sizes, i);
                }
                Cuda.check(code, "cuFuncGetParamInfo(kernel '" + name + "', parameter " + i + ")");
                sizes[i] = size.get(JAVA_LONG, 0);
            }
            return null;
        }
    }

    /** @return the function's name. */
    public String name() {
        return name;
    }

    /** @return the module it comes from. */
    public CudaModule module() {
        return module;
    }

    /** @return how many parameters the kernel takes, or -1 where the driver cannot say (before CUDA 12.4). */
    public int parameterCount() {
        return params.parameterCount();
    }

    /**
     * Sets a pointer parameter ({@code double*}, {@code const double*}, ...) to a buffer's device address.
     *
     * @param index  0-based parameter index.
     * @param buffer an open buffer of this function's device.
     * @return this function.
     * @throws IllegalArgumentException if the kernel's parameter {@code index} is not 8 bytes or does not exist.
     */
    public CudaFunction setArg(final int index, final CudaBuffer buffer) {
        requireOpen();
        if (buffer.device != module.device) {
            throw new IllegalArgumentException("kernel '" + name + "' argument " + index + ": " + buffer
                + " belongs to another device than this kernel's " + module.device);
        }
        params.setPointer(index, buffer.pointer(), "a CudaBuffer");
        return this;
    }

    /**
     * Sets an {@code int} (or {@code unsigned int}) parameter.
     *
     * @param index 0-based parameter index.
     * @param value the value.
     * @return this function.
     * @throws IllegalArgumentException if the kernel's parameter {@code index} is not 4 bytes or does not exist.
     */
    public CudaFunction setArg(final int index, final int value) {
        requireOpen();
        params.setInt(index, value);
        return this;
    }

    /**
     * Sets a {@code long long} parameter.
     *
     * @param index 0-based parameter index.
     * @param value the value.
     * @return this function.
     * @throws IllegalArgumentException if the kernel's parameter {@code index} is not 8 bytes or does not exist.
     */
    public CudaFunction setArg(final int index, final long value) {
        requireOpen();
        params.setLong(index, value);
        return this;
    }

    /**
     * Sets a {@code float} parameter.
     *
     * @param index 0-based parameter index.
     * @param value the value.
     * @return this function.
     * @throws IllegalArgumentException if the kernel's parameter {@code index} is not 4 bytes or does not exist.
     */
    public CudaFunction setArg(final int index, final float value) {
        requireOpen();
        params.setFloat(index, value);
        return this;
    }

    /**
     * Sets a {@code double} parameter.
     *
     * @param index 0-based parameter index.
     * @param value the value.
     * @return this function.
     * @throws IllegalArgumentException if the kernel's parameter {@code index} is not 8 bytes or does not exist.
     */
    public CudaFunction setArg(final int index, final double value) {
        requireOpen();
        params.setDouble(index, value);
        return this;
    }

    /**
     * Sets every argument, in order, from {@code args} (a {@link CudaBuffer}, {@link Integer}, {@link Long},
     * {@link Float} or {@link Double} each), then queues the launch. Boxing allocates; on a hot path use
     * {@link #setArg} and {@link #launch(int[], int[], int, CudaStream)}.
     *
     * @param grid        blocks per dimension, {@code {x, y, z}}, each at least 1 ({@link #blocksFor}).
     * @param block       threads per block, {@code {x, y, z}}, each at least 1, at most the device's maximum threads
     *                    per block in all.
     * @param sharedBytes dynamic shared memory per block, 0 for none.
     * @param stream      a stream of this function's device.
     * @param args        one per kernel parameter.
     * @throws IllegalArgumentException if an argument is of another type, or does not match the kernel's parameter.
     * @throws CudaException            if the launch cannot be queued.
     */
    public void launch(final int[] grid, final int[] block, final int sharedBytes, final CudaStream stream,
                       final Object... args) {
        requireOpen();
        params.clear();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof CudaBuffer b && b.device != module.device) {
                throw new IllegalArgumentException("kernel '" + name + "' argument " + i + ": " + b
                    + " belongs to another device than this kernel's " + module.device);
            }
            params.set(i, args[i]);
        }
        launch(grid, block, sharedBytes, stream);
    }

    /**
     * Queues the launch with the arguments set by {@link #setArg} (they keep their values between launches).
     *
     * @param grid        blocks per dimension, {@code {x, y, z}}, each at least 1 ({@link #blocksFor}).
     * @param block       threads per block, {@code {x, y, z}}, each at least 1, at most the device's maximum threads
     *                    per block in all.
     * @param sharedBytes dynamic shared memory per block, 0 for none.
     * @param stream      a stream of this function's device.
     * @throws IllegalArgumentException if an argument is unset, or their number is not the kernel's.
     * @throws CudaException            if the launch cannot be queued (e.g. {@code CUDA_ERROR_INVALID_VALUE} for a
     *                                  block beyond the kernel's register budget).
     */
    public void launch(final int[] grid, final int[] block, final int sharedBytes, final CudaStream stream) {
        requireOpen();
        stream.requireOpen();
        final CudaDevice device = module.device;
        if (stream.device != device) {
            throw new IllegalArgumentException("kernel '" + name + "': " + stream + " belongs to another device");
        }
        checkDims(grid, block, device);
        if (sharedBytes < 0) {
            throw new IllegalArgumentException("kernel '" + name + "': shared memory " + sharedBytes + " bytes");
        }
        final MemorySegment kernelParams = params.array();
        device.makeCurrent();
        final int code = Cuda.cuLaunchKernel(handle, grid[0], grid[1], grid[2], block[0], block[1], block[2],
            sharedBytes, stream.handle(), kernelParams, MemorySegment.NULL);
        if (code != Cuda.CUDA_SUCCESS) {
            throw new CudaException(code, "cuLaunchKernel(kernel '" + name + "', grid " + Arrays.toString(grid)
                + ", block " + Arrays.toString(block) + ", " + sharedBytes + " shared bytes, " + params.count()
                + " arguments, on " + stream + ")");
        }
    }

    private void checkDims(final int[] grid, final int[] block, final CudaDevice device) {
        if (grid == null || grid.length != 3 || block == null || block.length != 3) {
            throw new IllegalArgumentException("kernel '" + name + "': grid and block need 3 dimensions each ({x, y,"
                + " z}, 1 for unused), got " + (grid == null ? "null" : Arrays.toString(grid)) + " and "
                + (block == null ? "null" : Arrays.toString(block)));
        }
        long threads = 1;
        for (int d = 0; d < 3; d++) {
            if (grid[d] < 1 || block[d] < 1) {
                throw new IllegalArgumentException("kernel '" + name + "': grid " + Arrays.toString(grid)
                    + " and block " + Arrays.toString(block) + " must be at least 1 in every dimension");
            }
            if (grid[d] > device.maxGridDim(d) || block[d] > device.maxBlockDim(d)) {
                throw new IllegalArgumentException("kernel '" + name + "': grid " + Arrays.toString(grid) + " / block "
                    + Arrays.toString(block) + " exceed " + device + "'s maximum in dimension " + "xyz".charAt(d)
                    + " (grid " + device.maxGridDim(d) + ", block " + device.maxBlockDim(d) + ")");
            }
            threads *= block[d];
        }
        if (threads > device.maxThreadsPerBlock()) {
            throw new IllegalArgumentException("kernel '" + name + "': block " + Arrays.toString(block) + " has "
                + threads + " threads, more than " + device + "'s " + device.maxThreadsPerBlock() + " per block");
        }
    }

    /**
     * @param workItems threads wanted per dimension, 1 to 3 dimensions (e.g. {@code GpuSource.globalSize()}).
     * @param block     threads per block, {@code {x, y, z}}.
     * @return the blocks per dimension, {@code {x, y, z}}, rounded up so that the grid covers every work item (the
     *         kernel must ignore the threads past the end, as the translator's kernels do).
     */
    public static int[] blocksFor(final long[] workItems, final int[] block) {
        if (workItems.length < 1 || workItems.length > 3 || block.length != 3) {
            throw new IllegalArgumentException("blocksFor: 1 to 3 work-item dimensions and a 3-dimensional block,"
                + " got " + Arrays.toString(workItems) + " and " + Arrays.toString(block));
        }
        final int[] grid = {1, 1, 1};
        for (int d = 0; d < workItems.length; d++) {
            if (workItems[d] < 1 || block[d] < 1) {
                throw new IllegalArgumentException("blocksFor: work items " + Arrays.toString(workItems)
                    + " and block " + Arrays.toString(block) + " must be at least 1");
            }
            final long g = (workItems[d] + block[d] - 1) / block[d];
            if (g > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("blocksFor: " + workItems[d] + " work items in dimension " + d
                    + " need " + g + " blocks of " + block[d] + ", more than a grid holds");
            }
            grid[d] = (int) g;
        }
        return grid;
    }

    /** Frees the parameter block; the module does this when it unloads. */
    void release() {
        arena.close();
    }

    private void requireOpen() {
        module.requireOpen();
    }

    /** @return the packed arguments (for tests). */
    KernelParams params() {
        return params;
    }

    @Override
    public String toString() {
        return "CudaFunction '" + name + "'";
    }
}
