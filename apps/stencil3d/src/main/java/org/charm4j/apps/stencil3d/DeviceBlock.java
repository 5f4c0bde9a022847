package org.charm4j.apps.stencil3d;

import org.charm4j.DoubleArray;
import org.charm4j.gpu.DeviceArray;
import org.charm4j.gpu.DeviceArray.Box;
import org.charm4j.gpu.Devices;
import org.charm4j.gpu.GpuDevice;
import org.charm4j.gpu.GpuKernel;
import org.charm4j.gpu.GpuLaunch;
import org.charm4j.gpu.GpuQueue;

/**
 * A block's two grids kept on a device ({@code +device}) between iterations: only the faces cross (six read out, six
 * ghost faces and the three heated faces of {@code constrainBC} written in), and the whole block comes back to the
 * host only when it moves to another PE ({@link Block#aboutToMigrate()}) or for the check. The update is the same plain {@link Update#sweep}
 * kernel, translated, so the grid equals the CPU's to the last bit.
 *
 * <p>Threading: the PE that made it; not serialized (a block that moves makes a new one from its host arrays).
 */
final class DeviceBlock implements AutoCloseable {
    private final int bx;
    private final int by;
    private final int bz;
    private final int nx;
    private final int ny;
    private final GpuKernel sweep;
    private final GpuQueue queue;
    private DeviceArray grid;
    /** The launches of the update in flight ({@link #startUpdate}), empty between updates. */
    private final java.util.ArrayList<GpuLaunch> launches = new java.util.ArrayList<>();
    private DeviceArray next;
    /** The interior faces by receiving side: {@code faces[s - 1]} for side {@code s}. */
    private final Box[] faces;
    /** {@link Block#HOT} in every element, as large as the largest face: the source of {@link #constrainBC()}. */
    private final DoubleArray hot;
    /** Bytes of faces moved (six out, six ghosts and three heated faces in per iteration) since {@link #takeBytes}. */
    private long faceBytes;
    /** Everything moved since {@link #takeBytes}, faces included (the rest is whole grids). */
    private long allBytesTaken;

    /**
     * Copies the block's grids to the device.
     *
     * @param where          this PE's device.
     * @param bx             points in x.
     * @param by             points in y.
     * @param bz             points in z.
     * @param temperature    the grid read next (ghosts included).
     * @param newTemperature the grid written next.
     */
    DeviceBlock(final Devices.Choice where, final int bx, final int by, final int bz, final double[] temperature,
                final double[] newTemperature) {
        this.bx = bx;
        this.by = by;
        this.bz = bz;
        this.nx = bx + 2;
        this.ny = by + 2;
        final GpuDevice device = where.device().orElseThrow();
        this.sweep = where.kernel(Update.PLAIN.specialize(bx, by, bz));
        this.queue = device.newQueue();   // its own: its copies and sweeps overlap other blocks' on the device
        this.grid = DeviceArray.mirror(queue, DoubleArray.of(temperature));
        this.next = DeviceArray.mirror(queue, DoubleArray.of(newTemperature));
        this.hot = DoubleArray.allocate(Math.max(by * bz, Math.max(bx * bz, bx * by)));
        hot.fill(Block.HOT);
        this.faces = new Box[Block.BACK];
        for (int side = Block.LEFT; side <= Block.BACK; side++) {
            faces[side - 1] = interiorFace(side);
        }
    }

    /**
     * Reads the six interior faces, one wait for all: {@code into[s - 1]} gets the face that the neighbour on whose
     * side {@code s} ({@link Block#LEFT} ... {@link Block#BACK}) it is sent to.
     */
    void readFaces(final DoubleArray[] into) {
        grid.readBoxes(faces, into);
        for (final Box b : faces) {
            faceBytes += b.values() * Double.BYTES;
        }
    }

    /**
     * Queues the write of a ghost face received for {@code side} ({@link Block#LEFT} ... {@link Block#BACK}); the
     * face must stay unchanged until the next {@link #readFaces} or {@link #toHost} (both wait for the queue).
     */
    void writeGhosts(final int side, final DoubleArray ghosts) {
        final Box b = ghostFace(side);
        grid.enqueueWriteBox(b, ghosts);
        faceBytes += b.values() * Double.BYTES;
    }

    /**
     * Queues the update {@code reps} times (Charm++'s repeats, each of the same input) and returns at once; the device
     * runs them in order. Call {@link #finishUpdate()} once the returned launch is done.
     *
     * @return the last launch.
     */
    GpuLaunch startUpdate(final int reps) {
        if (!launches.isEmpty()) {
            throw new IllegalStateException("an update of this block is still running on the device");
        }
        for (int w = 0; w < reps; w++) {
            launches.add(sweep.launch(grid, next));
        }
        return launches.getLast();
    }

    /** After the last launch of {@link #startUpdate} is done: lets the launches go and swaps the grids. */
    void finishUpdate() {
        for (final GpuLaunch l : launches) {
            l.await();
        }
        launches.clear();
        final DeviceArray t = grid;
        grid = next;
        next = t;
    }

    /** Charm++'s {@code constrainBC} on the device: the heated faces of the grid read next. */
    void constrainBC() {
        grid.enqueueWriteBox(new Box(nx, ny, 1, 1, 1, bx, 1, bz), hot);
        grid.enqueueWriteBox(new Box(nx, ny, 1, 1, 1, 1, by, bz), hot);
        grid.enqueueWriteBox(new Box(nx, ny, 1, 1, 1, bx, by, 1), hot);
        faceBytes += ((long) bx * bz + (long) by * bz + (long) bx * by) * Double.BYTES;
    }

    /** Copies both grids back into the block's host arrays (for a balancing step or the check). */
    void toHost(final double[] temperature, final double[] newTemperature) {
        grid.toHost();
        next.toHost();
        java.lang.foreign.MemorySegment.copy(grid.host().segment(), DoubleArray.LAYOUT, 0, temperature, 0,
            temperature.length);
        java.lang.foreign.MemorySegment.copy(next.host().segment(), DoubleArray.LAYOUT, 0, newTemperature, 0,
            newTemperature.length);
    }

    /**
     * @param into {@code into[0]} gets the bytes of faces moved since the last call, {@code into[1]} those of whole
     *             grids (the first copy to the device, the copies back for balancing steps and the check).
     */
    void takeBytes(final long[] into) {
        final long all = grid.bytesToDevice() + grid.bytesToHost() + next.bytesToDevice() + next.bytesToHost();
        into[0] += faceBytes;
        into[1] += all - allBytesTaken - faceBytes;
        allBytesTaken = all;
        faceBytes = 0;
    }

    /** The interior face a block sends to its neighbour on {@code side} of that neighbour. */
    private Box interiorFace(final int side) {
        return switch (side) {
            case Block.RIGHT -> new Box(nx, ny, 1, 1, 1, 1, by, bz);     // left neighbour's right ghosts
            case Block.LEFT -> new Box(nx, ny, bx, 1, 1, 1, by, bz);
            case Block.TOP -> new Box(nx, ny, 1, 1, 1, bx, 1, bz);       // the neighbour below gets row 1
            case Block.BOTTOM -> new Box(nx, ny, 1, by, 1, bx, 1, bz);
            case Block.BACK -> new Box(nx, ny, 1, 1, 1, bx, by, 1);
            case Block.FRONT -> new Box(nx, ny, 1, 1, bz, bx, by, 1);
            default -> throw new IllegalArgumentException("no side " + side);
        };
    }

    private Box ghostFace(final int side) {
        return switch (side) {
            case Block.LEFT -> new Box(nx, ny, 0, 1, 1, 1, by, bz);
            case Block.RIGHT -> new Box(nx, ny, bx + 1, 1, 1, 1, by, bz);
            case Block.BOTTOM -> new Box(nx, ny, 1, 0, 1, bx, 1, bz);
            case Block.TOP -> new Box(nx, ny, 1, by + 1, 1, bx, 1, bz);
            case Block.FRONT -> new Box(nx, ny, 1, 1, 0, bx, by, 1);
            case Block.BACK -> new Box(nx, ny, 1, 1, bz + 1, bx, by, 1);
            default -> throw new IllegalArgumentException("no side " + side);
        };
    }

    /** Releases the device buffers and the queue (the kernel belongs to the PE's device choice). */
    @Override
    public void close() {
        grid.close();
        next.close();
        queue.close();
    }
}
