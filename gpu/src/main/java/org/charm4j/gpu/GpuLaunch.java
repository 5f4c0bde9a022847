package org.charm4j.gpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.charm4j.DoubleArray;
import org.charm4j.Pollable;
import org.charm4j.gpu.cuda.CudaEvent;
import org.charm4j.gpu.opencl.OpenClBuffer;
import org.charm4j.gpu.opencl.OpenClEvent;

/**
 * One launch of a {@link GpuKernel}: running on the device until {@link #await()} (or a poll of {@link #isDone()})
 * sees it complete. Awaiting makes the kernel's writes visible in the arrays passed to it and lets the arrays go.
 * In a chare, hand it to {@code Charm.whenDone(launch)} (a future) or {@code Charm.whenDone(launch, callback)}: the
 * PE polls it between messages and runs other chares while the device works.
 *
 * <p>Threading: the launching thread (or one it hands the launch to).
 */
public final class GpuLaunch implements Pollable {
    /** A {@code double[]} argument staged in native memory, copied back when the launch is awaited. */
    record CopyBack(DoubleArray staged, double[] target) {
    }

    /** CUDA: an array the kernel wrote, copied back into page-locked staging memory, then into its target. */
    record PinnedCopy(DoubleArray pinned, DoubleArray target) {
    }


    /** OpenCL: the kernel's event (null on CUDA, and for an empty grid). */
    private final OpenClEvent event;
    /** The maps of the written buffers, queued behind the kernel: the launch is done when the last one is. */
    private final List<OpenClEvent> maps;
    private final List<OpenClBuffer> buffers;
    private final List<OpenClBuffer> mapped;
    /** CUDA: the event recorded behind the kernel and its copies back (null on OpenCL). */
    private final CudaEvent cudaEvent;
    /** CUDA: what the copies back wrote into staging memory, for its targets. */
    private final List<PinnedCopy> fromPinned;
    /** CUDA: gives the launch's device buffers and staging memory back to its kernel once it is awaited. */
    private final Runnable release;
    private final List<CopyBack> copies;
    /** For a kernel that returns a sum: the work items' parts, and the start they are added to. */
    private final DoubleArray partials;
    private final java.util.OptionalDouble sumStart;
    private double sum;
    private boolean finished;

    private GpuLaunch(final OpenClEvent event, final List<OpenClEvent> maps, final List<OpenClBuffer> buffers,
                      final List<OpenClBuffer> mapped, final CudaEvent cudaEvent, final List<PinnedCopy> fromPinned,
                      final Runnable release, final List<CopyBack> copies,
                      final DoubleArray partials, final java.util.OptionalDouble sumStart) {
        this.fromPinned = fromPinned;
        this.release = release;
        this.partials = partials;
        this.sumStart = sumStart;
        this.sum = sumStart.orElse(0);
        this.event = event;
        this.maps = maps;
        this.buffers = buffers;
        this.mapped = mapped;
        this.cudaEvent = cudaEvent;
        this.copies = copies;
        this.finished = event == null && cudaEvent == null;
    }

    /** @return a launch on an OpenCL queue: the kernel's event, then the maps of what it wrote. */
    static GpuLaunch onOpenCl(final OpenClEvent event, final List<OpenClEvent> maps, final List<OpenClBuffer> buffers,
                              final List<OpenClBuffer> mapped, final List<CopyBack> copies,
                              final DoubleArray partials, final java.util.OptionalDouble sumStart) {
        return new GpuLaunch(event, maps, buffers, mapped, null, List.of(), null, copies, partials, sumStart);
    }

    /**
     * @return a launch on a CUDA stream: an event recorded after the kernel and its copies back into page-locked
     *     staging memory ({@code fromPinned}, copied on to their targets when the launch is awaited).
     */
    static GpuLaunch onCuda(final CudaEvent done, final List<PinnedCopy> fromPinned, final Runnable release,
                            final List<CopyBack> copies, final DoubleArray partials,
                            final java.util.OptionalDouble sumStart) {
        return new GpuLaunch(null, List.of(), List.of(), List.of(), done, fromPinned, release, copies, partials,
            sumStart);
    }

    /** @return a launch of an empty grid: nothing ran (a sum is its start). */
    static GpuLaunch done(final java.util.OptionalDouble sumStart) {
        return new GpuLaunch(null, List.of(), List.of(), List.of(), null, List.of(), null, List.of(), null, sumStart);
    }

    /**
     * @return what the kernel returns: its sum's start plus each work item's part, in work-item order (dimension 0
     *     fastest). Each part is that work item's terms added in the loop's order, so the value equals the CPU's to
     *     the bit when each work item adds one term, and otherwise differs by rounding only.
     * @throws IllegalStateException if the kernel returns nothing, or before {@link #await()} (or a true
     *     {@link #poll()}).
     */
    public double sum() {
        if (sumStart.isEmpty()) {
            throw new IllegalStateException("this kernel returns nothing");
        }
        if (!finished) {
            throw new IllegalStateException("the launch is not done: await() it first");
        }
        return sum;
    }

    /**
     * @return whether the kernel has completed on the device (polls; never waits). After true, {@link #await()}
     *     returns without waiting.
     * @throws RuntimeException from the device API if the kernel failed on the device.
     */
    public boolean isDone() {
        if (finished) {
            return true;
        }
        if (cudaEvent != null) {
            return cudaEvent.isDone();   // cuEventQuery: the stream ran the kernel and its copies back
        }
        // the queue is in order: the kernel, then the maps; the kernel's own status reports its failure
        return event.isComplete() && (maps.isEmpty() || maps.getLast().isComplete());
    }

    /**
     * For {@code Charm.whenDone}: once the kernel has completed, finishes the launch as {@link #await()} does (without
     * waiting) and returns true.
     *
     * @return whether the launch is done and its results visible.
     */
    @Override
    public boolean poll() {
        if (!isDone()) {
            return false;
        }
        await();
        return true;
    }

    /**
     * Waits for the kernel, then makes its writes visible in the arrays it was given (and copies {@code double[]}
     * arguments back). Idempotent.
     *
     * @throws org.charm4j.gpu.opencl.OpenClException if the kernel failed on the device.
     */
    public void await() {
        if (finished) {
            return;
        }
        try {
            if (cudaEvent != null) {
                cudaEvent.await();
                for (final PinnedCopy c : fromPinned) {
                    MemorySegment.copy(c.pinned().segment(), 0, c.target().segment(), 0, c.target().byteSize());
                }
            } else {
                event.await();
                for (final OpenClEvent m : maps) {
                    m.await();
                }
                for (final OpenClBuffer b : mapped) {
                    b.endMap();
                }
            }
            if (partials != null) {
                double total = sumStart.orElse(0);
                for (long i = 0, n = partials.length(); i < n; i++) {
                    total += partials.get(i);
                }
                sum = total;
            }
            for (final CopyBack c : copies) {
                MemorySegment.copy(c.staged().segment(), ValueLayout.JAVA_DOUBLE, 0, c.target(), 0, c.target().length);
            }
        } finally {
            finished = true;
            if (cudaEvent != null) {
                release.run();
                cudaEvent.close();
            } else {
                buffers.forEach(OpenClBuffer::close);
                maps.forEach(OpenClEvent::close);
                event.close();
            }
        }
    }
}
