package org.charm4j.kernels;

/**
 * The work item a per-work-item kernel runs as: a {@code @Kernel} with a {@code WorkItem} parameter is written for
 * one point of a launch grid, as OpenCL and CUDA kernels are, rather than as {@link Parallel} loops. It reads its
 * ids, shares local memory with the other items of its work-group, and meets them at barriers. Launch it with a
 * {@link WorkGrid} in the {@code WorkItem} parameter's place, on the CPU ({@link Specialization#invoke}) or on a
 * device (the gpu module's {@code GpuKernel.launch}).
 *
 * <pre>{@code
 * @Kernel
 * static void groupSums(WorkItem w, DoubleArray in, DoubleArray sums) {
 *     final double[] part = w.localDoubles(64);       // one array per work-group, in local memory
 *     final int l = w.localId(0);
 *     part[l] = in.get(w.globalId(0));
 *     w.barrier();
 *     for (int k = 1; k <= 6; k++) {                  // a tree: 32, 16, ... 1 (loops are counted)
 *         final int s = 64 >> k;
 *         if (l < s) { part[l] = part[l] + part[l + s]; }
 *         w.barrier();
 *     }
 *     if (l == 0) { sums.set(w.groupId(0), part[0]); }
 * }
 * // groupSums.invoke(WorkGrid.of(n).groups(64), in, sums)
 * }</pre>
 *
 * <p>Rules, checked when the kernel is read: dimensions are constants 0 to 2; {@link #localDoubles} is called at the
 * top of the kernel (not in a loop, a branch or a helper) with a constant length; every item of a group reaches
 * every {@link #barrier()} (as on a GPU: a barrier under a condition that differs between items is undefined there,
 * and deadlocks the CPU runner).
 *
 * <p>Threading: one object per running work item; the kernel does not keep it.
 */
public interface WorkItem {
    /**
     * @param dim 0, 1 or 2.
     * @return this item's index in the whole grid along {@code dim} (OpenCL {@code get_global_id}).
     */
    int globalId(int dim);

    /**
     * @param dim 0, 1 or 2.
     * @return this item's index in its work-group along {@code dim} ({@code get_local_id}, CUDA {@code threadIdx}).
     */
    int localId(int dim);

    /**
     * @param dim 0, 1 or 2.
     * @return its work-group's index along {@code dim} ({@code get_group_id}, CUDA {@code blockIdx}).
     */
    int groupId(int dim);

    /**
     * @param dim 0, 1 or 2.
     * @return the work-group's extent along {@code dim} ({@code get_local_size}, CUDA {@code blockDim}).
     */
    int localSize(int dim);

    /**
     * @param dim 0, 1 or 2.
     * @return the grid's extent along {@code dim} ({@code get_global_size}).
     */
    int globalSize(int dim);

    /**
     * @param dim 0, 1 or 2.
     * @return the number of work-groups along {@code dim} ({@code get_num_groups}, CUDA {@code gridDim}).
     */
    int groups(int dim);

    /**
     * Waits until every item of the work-group has reached this barrier; local memory (and the global memory the
     * group wrote) written before it is then visible to all of them (OpenCL
     * {@code barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)}, CUDA {@code __syncthreads()}).
     */
    void barrier();

    /**
     * The work-group's local (shared) memory: the same array for every item of the group, fresh (zeroed on the CPU,
     * undefined on a device: write before reading) for each group.
     *
     * @param length a constant number of doubles.
     * @return the group's array.
     */
    double[] localDoubles(int length);
}
