package org.charm4j.gpu;

import org.charm4j.DoubleArray;
import org.charm4j.gpu.cuda.CudaBuffer;
import org.charm4j.gpu.opencl.OpenClBuffer;
import org.charm4j.gpu.opencl.OpenClDevice;

/**
 * An array of doubles that lives on a device between launches, mirrored by an off-heap {@link DoubleArray} on the
 * host, and moved only when one side has changed it (Numba's and CuPy's device arrays, with the mirror kept for the
 * user). Pass it to {@link GpuKernel#launch} in place of a {@code DoubleArray} or {@code double[]}: the launch then
 * copies nothing and maps nothing; a kernel's writes stay on the device until {@link #toHost()} or a
 * {@link #readBox} asks for them.
 *
 * <p>Where the device works in host memory ({@link GpuDevice#sharesHostMemory()}: PoCL, integrated GPUs under
 * OpenCL) the device buffer <em>is</em> the host array ({@code CL_MEM_USE_HOST_PTR}) and moving is a map, not a copy;
 * elsewhere (CUDA, discrete GPUs) the buffer is in the device's own memory and moving is a copy of what changed
 * (boxes by {@code clEnqueue{Read,Write}BufferRect} or {@code cuMemcpy3DAsync}).
 *
 * <pre>{@code
 * DeviceArray a = DeviceArray.mirror(device, DoubleArray.allocate(n)), b = DeviceArray.mirror(device, ...);
 * for (int it = 0; it < steps; it++) {
 *     a.writeBox(ghosts, face);          // only the face crosses
 *     sweep.launch(a, b);                // no copy: both stay on the device
 *     b.readBox(interiorFace, out);      // only the face crosses back
 *     var t = a; a = b; b = t;
 * }
 * a.toHost();                            // the whole array, once
 * }</pre>
 *
 * <p>Who is newer: after {@link #mirror} and after {@link #hostChanged} the host is (the next launch or box operation
 * moves the changed range over first); after a launch that writes the array, or a {@link #writeBox}, the device is.
 * Writing the host side while the device is newer would lose the device's values, so {@link #hostChanged} refuses
 * it: {@link #toHost()} first.
 *
 * <p>Commands on one device run in order, so a box operation or {@link #toHost()} after a launch waits for the launch
 * by itself.
 *
 * <p>Threading: one thread at a time, the device's (a PE's).
 */
public final class DeviceArray implements AutoCloseable {
    private static final long BYTES = Double.BYTES;

    /** The queue its moves run on, and the launches given it when it is their first array. */
    private final GpuQueue queue;
    /** A queue other than its own that last ran a launch on it (its next move waits for that queue), or null. */
    private GpuQueue usedElsewhere;
    private final DoubleArray host;
    /** The OpenCL buffer, or null on CUDA. */
    private final OpenClBuffer buffer;
    /** The CUDA buffer, or null on OpenCL (it moves on {@code queue.cuda()}). */
    private final CudaBuffer cudaBuffer;
    /** Whether the buffer is the host memory itself ({@code USE_HOST_PTR} on a unified-memory device). */
    private final boolean shared;
    /** Elements {@code [hostChangedFrom, hostChangedTo)} were written on the host since they last moved; empty if from
     *  is not below to. */
    private long hostChangedFrom;
    private long hostChangedTo;
    /** The device holds values the host array has not seen. */
    private boolean deviceNewer;
    private long bytesToDevice;
    private long bytesToHost;

    private DeviceArray(final GpuQueue queue, final DoubleArray host, final boolean inDeviceMemory) {
        final GpuDevice device = queue.device();
        if (host.length() == 0) {
            throw new IllegalArgumentException("DeviceArray: the host array is empty; a device buffer holds at least"
                + " one value");
        }
        this.queue = queue;
        this.host = host;
        this.shared = !inDeviceMemory && device.sharesHostMemory();
        if (device.cuda().isPresent()) {
            this.buffer = null;
            this.cudaBuffer = CudaBuffer.allocate(device.requireCuda(), host.byteSize());
        } else {
            this.cudaBuffer = null;
            this.buffer = shared ? OpenClBuffer.wrap(device.requireOpenCl(), host.segment(), queue.openCl())
                : OpenClBuffer.allocate(device.requireOpenCl(), host.byteSize(), queue.openCl());
        }
        this.hostChangedFrom = 0;
        this.hostChangedTo = host.length();
    }

    /**
     * Mirrors {@code host} on {@code device}: in place where the device shares host memory, else in device memory.
     * The host is newer: the first use on the device moves it all over.
     *
     * @param device the device.
     * @param host   the host side, now borrowed by the mirror until {@link #close()} (do not send it away).
     * @return the mirror; closed by its owner.
     */
    public static DeviceArray mirror(final GpuDevice device, final DoubleArray host) {
        return new DeviceArray(device.defaultQueue(), host, false);
    }

    /**
     * Mirrors {@code host} on the device of {@code queue}, its moves and its launches on that queue: arrays of
     * different queues move and compute at the same time on the device.
     *
     * @param queue the queue (a chare's own, say).
     * @param host  the host side, borrowed until {@link #close()}.
     * @return the mirror.
     */
    public static DeviceArray mirror(final GpuQueue queue, final DoubleArray host) {
        return new DeviceArray(queue, host, false);
    }

    /**
     * {@link #mirror(GpuDevice, DoubleArray)} on an OpenCL device.
     *
     * @param device the device (its owner keeps it).
     * @param host   the host side.
     * @return the mirror.
     */
    public static DeviceArray mirror(final OpenClDevice device, final DoubleArray host) {
        return new DeviceArray(GpuDevice.of(device).defaultQueue(), host, false);
    }

    /**
     * Mirrors {@code host} in the device's own memory even where the device could use host memory in place: what a
     * discrete GPU always gets, for a test of that path on a CPU device, or for a device whose shared memory is slow.
     *
     * @param device the device.
     * @param host   the host side.
     * @return the mirror.
     */
    public static DeviceArray mirrorInDeviceMemory(final GpuDevice device, final DoubleArray host) {
        return new DeviceArray(device.defaultQueue(), host, true);
    }

    /**
     * {@link #mirrorInDeviceMemory(GpuDevice, DoubleArray)} on an OpenCL device.
     *
     * @param device the device (its owner keeps it).
     * @param host   the host side.
     * @return the mirror.
     */
    public static DeviceArray mirrorInDeviceMemory(final OpenClDevice device, final DoubleArray host) {
        return new DeviceArray(GpuDevice.of(device).defaultQueue(), host, true);
    }

    /** @return the number of doubles. */
    public long length() {
        return host.length();
    }

    /** @return the device it lives on. */
    public GpuDevice device() {
        return queue.device();
    }

    /** @return the queue its moves run on. */
    public GpuQueue queue() {
        return queue;
    }

    /**
     * @return the host side: current after {@link #toHost()} (until the next launch that writes it); write it, then
     *     say so with {@link #hostChanged}.
     */
    public DoubleArray host() {
        return host;
    }

    /** @return whether the device buffer is the host memory itself (a unified-memory device), so moves are maps. */
    public boolean sharesHostMemory() {
        return shared;
    }

    /** @return whether the device holds values the host side has not seen ({@link #toHost()} would move them). */
    public boolean deviceIsNewer() {
        return deviceNewer;
    }

    /** @return bytes moved host to device so far (maps of shared memory count as their size). */
    public long bytesToDevice() {
        return bytesToDevice;
    }

    /** @return bytes moved device to host so far. */
    public long bytesToHost() {
        return bytesToHost;
    }

    /**
     * Says the host side was written, all of it: the next use on the device moves it over.
     *
     * @throws IllegalStateException if the device is newer (its values would be lost): {@link #toHost()} first.
     */
    public void hostChanged() {
        hostChanged(0, host.length());
    }

    /**
     * Says elements {@code from} to {@code from + count} of the host side were written; the next use on the device
     * moves the smallest range that holds every range said so far.
     *
     * @param from  first element written.
     * @param count elements written.
     * @throws IllegalStateException if the device is newer: {@link #toHost()} first.
     */
    public void hostChanged(final long from, final long count) {
        if (from < 0 || count < 0 || from > host.length() - count) {
            throw new IndexOutOfBoundsException("DeviceArray.hostChanged: elements " + from + " to " + (from + count)
                + " of " + host.length());
        }
        if (deviceNewer) {
            throw new IllegalStateException("DeviceArray.hostChanged: the device holds values the host has not seen"
                + " (a launch wrote it, or writeBox); call toHost() before writing the host side, or write on the"
                + " device with writeBox");
        }
        if (count == 0) {
            return;
        }
        if (hostChangedFrom >= hostChangedTo) {
            hostChangedFrom = from;
            hostChangedTo = from + count;
        } else {
            hostChangedFrom = Math.min(hostChangedFrom, from);
            hostChangedTo = Math.max(hostChangedTo, from + count);
        }
    }

    /**
     * Makes the host side current: moves the device's values back if it is newer (waiting for the launches queued
     * before), else does nothing.
     */
    public void toHost() {
        if (!deviceNewer) {
            return;
        }
        awaitElsewhere();
        if (cudaBuffer != null) {
            cudaBuffer.copyToHostAsync(host.segment(), 0, 0, host.byteSize(), queue.cuda());
            queue.cuda().synchronize();
        } else if (shared) {
            buffer.sync();
        } else {
            buffer.read(0, host.segment());
        }
        bytesToHost += host.byteSize();
        deviceNewer = false;
    }

    /**
     * Reads a box of the array, seen as {@code box.nx() x box.ny() x ...} doubles with x fastest, into {@code into}
     * (packed, x fastest), from whichever side is current; waits for launches queued before.
     *
     * @param box  the box.
     * @param into at least {@code box.values()} doubles.
     */
    public void readBox(final Box box, final DoubleArray into) {
        readBoxes(new Box[] {box}, new DoubleArray[] {into});
    }

    /**
     * Reads several boxes, each into its own array, waiting once for them all (one round trip to the device instead
     * of one per box).
     *
     * @param boxes the boxes.
     * @param into  one array per box, at least its {@link Box#values()} long.
     */
    public void readBoxes(final Box[] boxes, final DoubleArray[] into) {
        if (boxes.length != into.length) {
            throw new IllegalArgumentException("DeviceArray.readBoxes: " + boxes.length + " boxes, " + into.length
                + " arrays");
        }
        for (int i = 0; i < boxes.length; i++) {
            boxes[i].check(host.length(), into[i].length(), "readBoxes");
        }
        moveHostChanges();
        for (int i = 0; i < boxes.length; i++) {
            copyBox(true, boxes[i], into[i]);
        }
        queue.finish();
    }

    /**
     * Queues a write of {@code from} into a box on the device and returns at once: the device reads {@code from}
     * when the write runs, so leave it unchanged until a later blocking call on this device returns ({@link #readBox},
     * {@link #readBoxes}, {@link #toHost()}, or a launch's {@code await()}). The device is newer afterwards.
     *
     * @param box  the box.
     * @param from at least {@code box.values()} doubles, left untouched until then.
     */
    public void enqueueWriteBox(final Box box, final DoubleArray from) {
        box.check(host.length(), from.length(), "enqueueWriteBox");
        moveHostChanges();
        copyBox(false, box, from);
        deviceNewer = true;
    }

    /**
     * Writes {@code from} (packed, x fastest) into a box of the array on the device; the device is newer afterwards.
     *
     * @param box  the box.
     * @param from at least {@code box.values()} doubles.
     */
    public void writeBox(final Box box, final DoubleArray from) {
        box.check(host.length(), from.length(), "writeBox");
        moveHostChanges();
        copyBox(false, box, from);
        queue.finish();
        deviceNewer = true;
    }

    /** Queues a box copy between the packed host array and the device buffer (not waiting). */
    private void copyBox(final boolean toHost, final Box box, final DoubleArray packed) {
        final long x = box.x() * BYTES;
        final long width = box.width() * BYTES;
        final long rowBytes = box.nx() * BYTES;
        final long sliceBytes = box.nx() * box.ny() * BYTES;
        if (cudaBuffer != null) {
            cudaBuffer.copyBoxAsync(toHost, packed.segment(), x, box.y(), box.z(), width, box.height(), box.depth(),
                rowBytes, sliceBytes, queue.cuda());
        } else if (toHost) {
            buffer.enqueueReadBox(x, box.y(), box.z(), width, box.height(), box.depth(), rowBytes, sliceBytes,
                packed.segment());
        } else {
            buffer.enqueueWriteBox(x, box.y(), box.z(), width, box.height(), box.depth(), rowBytes, sliceBytes,
                packed.segment());
        }
        if (toHost) {
            bytesToHost += box.values() * BYTES;
        } else {
            bytesToDevice += box.values() * BYTES;
        }
    }

    /**
     * The OpenCL buffer a launch passes, after moving the host's changes over.
     *
     * @param on      the launch's device.
     * @param written whether the kernel writes the array (the device is newer afterwards).
     * @param kernel  the kernel's name, for the error.
     * @return the buffer.
     */
    OpenClBuffer openClBufferForLaunch(final GpuQueue on, final boolean written, final String kernel) {
        forLaunch(on, written, kernel);
        return buffer;
    }

    /** The CUDA buffer a launch passes; see {@link #openClBufferForLaunch}. */
    CudaBuffer cudaBufferForLaunch(final GpuQueue on, final boolean written, final String kernel) {
        forLaunch(on, written, kernel);
        return cudaBuffer;
    }

    /** @throws IllegalArgumentException unless this array lives on {@code d}, naming the kernel. */
    void requireDevice(final GpuDevice d, final String kernel) {
        if (!d.isSame(queue.device())) {
            throw new IllegalArgumentException(kernel + " runs on " + d.name() + ", but a DeviceArray argument lives"
                + " on another device (" + queue.device().name() + "); mirror it on the kernel's device");
        }
    }

    private void forLaunch(final GpuQueue on, final boolean written, final String kernel) {
        requireDevice(on.device(), kernel);
        moveHostChanges();
        if (on != queue) {
            // a launch on another queue: what is queued on ours (a box write, say) goes first, and our next work
            // waits for that queue; both on the device, so the launching PE does not wait
            on.waitFor(queue);
            usedElsewhere = on;
        }
        if (written) {
            deviceNewer = true;
        }
    }

    /**
     * Orders this array's queue after the other queue that last ran a launch on it, if one did (on the device: what
     * the host must see, it then waits for on this queue).
     */
    private void awaitElsewhere() {
        final GpuQueue q = usedElsewhere;
        if (q != null) {
            usedElsewhere = null;
            queue.waitFor(q);
        }
    }

    private void moveHostChanges() {
        awaitElsewhere();
        if (hostChangedFrom >= hostChangedTo) {
            return;
        }
        final long offset = hostChangedFrom * BYTES;
        final long bytes = (hostChangedTo - hostChangedFrom) * BYTES;
        if (cudaBuffer != null) {
            cudaBuffer.copyFromHostAsync(host.segment(), offset, offset, bytes, queue.cuda());
        } else if (shared) {
            buffer.publishHostWrites(offset, bytes);
        } else {
            buffer.write(offset, host.segment().asSlice(offset, bytes));
        }
        bytesToDevice += bytes;
        hostChangedFrom = 0;
        hostChangedTo = 0;
    }

    /** Releases the device buffer (the host side is untouched, and holds what it last received). */
    @Override
    public void close() {
        if (cudaBuffer != null) {
            cudaBuffer.close();
        } else {
            buffer.close();
        }
    }

    @Override
    public String toString() {
        return "DeviceArray (" + host.length() + " doubles on " + queue.device().name() + (shared ? ", shared" : "")
            + (deviceNewer ? ", device newer)" : ")");
    }

    /**
     * A box in an array seen as {@code nx x ny x (length / (nx ny))} doubles, x fastest: its origin {@code (x, y, z)}
     * and its extents {@code width x height x depth}.
     *
     * @param nx     the array's extent in x.
     * @param ny     the array's extent in y.
     * @param x      the box's first x.
     * @param y      the box's first y.
     * @param z      the box's first z.
     * @param width  the box's extent in x.
     * @param height the box's extent in y.
     * @param depth  the box's extent in z.
     */
    public record Box(int nx, int ny, int x, int y, int z, int width, int height, int depth) {
        /** Checks the extents. */
        public Box {
            if (nx <= 0 || ny <= 0 || width <= 0 || height <= 0 || depth <= 0 || x < 0 || y < 0 || z < 0
                || x + width > nx || y + height > ny) {
                throw new IllegalArgumentException("not a box of a " + nx + " x " + ny + " x ... array: origin ("
                    + x + ", " + y + ", " + z + "), extents " + width + " x " + height + " x " + depth);
            }
        }

        /** @return the doubles in the box. */
        public long values() {
            return (long) width * height * depth;
        }

        void check(final long arrayLength, final long packedLength, final String operation) {
            final long end = ((long) (z + depth - 1) * ny + (y + height - 1)) * nx + x + width;
            if (end > arrayLength) {
                throw new IndexOutOfBoundsException("DeviceArray." + operation + ": " + this + " ends at element "
                    + end + " of " + arrayLength);
            }
            if (packedLength < values()) {
                throw new IllegalArgumentException("DeviceArray." + operation + ": the box holds " + values()
                    + " values, the host array " + packedLength);
            }
        }
    }
}
