package org.charm4j.apps.stencil3d;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.DoubleArray;
import org.charm4j.Entry;
import org.charm4j.Index;
import org.charm4j.Reducer;

/**
 * One block of the grid: Charm++ stencil3d's {@code Stencil} chare, an element of a 3D chare array. Each iteration
 * it sends its six faces to its neighbours (periodic) as off-heap arrays, writes the six faces it receives into its
 * ghost layer, runs the update (repeated as {@link Work} says), swaps, re-applies the boundary condition
 * ({@link #constrainBC}) and reports to the main chare, whose barrier starts the next iteration; every
 * {@link Config#LBPERIOD_ITER} iterations it calls {@code atSync()} instead and starts the next iteration itself
 * in {@link #resumeFromSync()}.
 *
 * <p>Faces: Charm++'s original fills its {@code bottomGhost} from the top row ({@code j = blockDimY}) and its
 * {@code topGhost} from the bottom row ({@code j = 1}), so its y neighbours get each other's far rows; here each
 * neighbour gets the row next to it (as in x and z), which makes the grid one periodic 7-point stencil that a serial
 * reference can check. The messages (count, sizes, senders) are the same.
 *
 * <p>Threading: a chare; runs on its PE.
 */
public final class Block extends Chare {
    /** Directions of a ghost face, named by the receiver's side, as in Charm++. */
    static final int LEFT = 1;
    /** The receiver's x = blockX + 1 side. */
    static final int RIGHT = 2;
    /** The receiver's y = blockY + 1 side. */
    static final int TOP = 3;
    /** The receiver's y = 0 side. */
    static final int BOTTOM = 4;
    /** The receiver's z = 0 side. */
    static final int FRONT = 5;
    /** The receiver's z = blockZ + 1 side. */
    static final int BACK = 6;
    /** The value the boundary condition holds (Charm++'s heated faces). */
    static final double HOT = 255.0;

    private final Config cfg;
    private final Stencil3dProxy.Element main;
    private final int bx;
    private final int by;
    private final int bz;
    private double[] temperature;
    private double[] newTemperature;
    /** Iterations begun. */
    private int iterations;
    /** Whether the current iteration has begun and is not computed yet. */
    private boolean inIteration;
    /** Whether its update runs on the device ({@code +device}) and has not called back yet ({@link #updated()}). */
    private boolean updating;
    /** When the update in flight was launched. */
    private long updateStart;
    /** Faces received for the current iteration. */
    private int received;
    /** Faces of the next iteration received after this one was computed (a neighbour went first). */
    private int early;
    /**
     * The faces of the coming update, by side ({@link #LEFT} ... {@link #BACK}), kept until just before it. Written
     * into the grid as they arrived, their cache lines were evicted again by other blocks' updates before this
     * block's, which then read its ghost layers from memory a second time.
     */
    private DoubleArray[] ghostsIn;
    /**
     * Faces of the next iteration received while this one still waits for faces: kept until it begins. A neighbour
     * can be one iteration ahead where no barrier holds it (after an AtSync that resumes at once, as with
     * {@code +LBOff}), as Charm++'s {@code when receiveGhosts[iterations]} buffers them. Empty at every balancing
     * step.
     */
    private final java.util.ArrayList<Face> pending = new java.util.ArrayList<>();
    /** The PE at the last {@code atSync()}. */
    private int peAtSync = -1;
    /** 1 if this block moved at the last balancing step and has not reported it yet. */
    private int movedPending;
    /** Bytes moved between host and device since the last report: of faces, of whole grids (zero on the CPU). */
    private final long[] deviceBytes = new long[2];
    /** Time spent packing and unpacking faces since the last report. */
    private long faceNanos;
    /** The update on the CPU, or null when the block lives on a device. */
    private transient Update.Sweep sweep;
    /**
     * With the plain kernel on the CPU, the update's first repeat, which also writes the x ghost columns from the
     * left and right faces, row by row as it reads them ({@link Update#sweepFillingX}); else null, and
     * {@link #unpackGhosts} writes all six faces.
     */
    private transient Update.FillingSweep filling;
    /** The block's grids on this PE's device ({@code +device}), or null on the CPU. */
    private transient DeviceBlock onDevice;
    /** Faces received, kept to carry this block's own faces of the same size next time (none after a move). */
    private transient java.util.ArrayDeque<DoubleArray> spareX;
    /** See {@link #spareX}: faces of {@code blockX * blockZ} values. */
    private transient java.util.ArrayDeque<DoubleArray> spareY;
    /** See {@link #spareX}: faces of {@code blockX * blockY} values. */
    private transient java.util.ArrayDeque<DoubleArray> spareZ;
    /** A face on the heap, packed here and copied into its off-heap array in one go. */
    private transient double[] scratch;
    /** The opposite face, packed in the same pass. */
    private transient double[] scratch2;
    /**
     * The six faces for the next iteration (left, right, bottom, top, front, back), packed right after the update
     * while the block is still in cache, or null (packed when the iteration begins: after a move, or on a device).
     */
    private transient DoubleArray[] packed;

    /**
     * @param cfg  the run's sizes and options.
     * @param main the main chare, target of each iteration's barrier.
     */
    public Block(final Config cfg, final Stencil3dProxy.Element main) {
        this.cfg = cfg;
        this.main = main;
        this.bx = cfg.blockX();
        this.by = cfg.blockY();
        this.bz = cfg.blockZ();
        final int n = (bx + 2) * (by + 2) * (bz + 2);
        this.temperature = new double[n];
        this.newTemperature = new double[n];
        constrainBC();
        placeUpdate();
    }

    @Override
    protected void migrated() {
        placeUpdate();
    }

    /** Before a move: the grids come back from the old PE's device into the fields that travel. */
    @Override
    protected void aboutToMigrate() {
        if (onDevice != null) {
            onDevice.toHost(temperature, newTemperature);
            onDevice.takeBytes(deviceBytes);
            onDevice.close();
            onDevice = null;
        }
    }

    /** The update on the CPU, or the grids on the device that {@code +device} chose for this PE. */
    private void placeUpdate() {
        final org.charm4j.gpu.Devices.Choice where = Update.deviceForThisPe();
        if (where.isCpu()) {
            sweep = Update.of(cfg.kernel(), bx, by, bz);
            filling = "plain".equals(cfg.kernel()) ? Update.filling(bx, by, bz) : null;
            return;
        }
        filling = null;   // a move within the process keeps transient fields
        if (!"plain".equals(cfg.kernel())) {
            throw new IllegalArgumentException("--kernel " + cfg.kernel() + " is hand-written Vector API code for the"
                + " CPU; +device " + where.name() + " runs the plain @Kernel (--kernel plain)");
        }
        onDevice = new DeviceBlock(where, bx, by, bz, temperature, newTemperature);
    }

    private int index(final int a, final int b, final int c) {
        return a + b * (bx + 2) + c * (bx + 2) * (by + 2);
    }

    /** Starts an iteration (Charm++'s {@code doStep}): the barrier's broadcast, or this element after AtSync. */
    @Entry
    public void doStep() {
        beginIteration();
    }

    private void beginIteration() {
        iterations++;
        inIteration = true;
        received = early;
        early = 0;
        for (final Face f : pending) {
            processGhosts(f.dir(), f.height(), f.width(), f.ghosts());
            received++;
        }
        pending.clear();
        ensureBuffers();
        final long packStart = System.nanoTime();
        if (onDevice != null) {
            sendFaces(packStart);
            return;
        }
        DoubleArray[] faces = packed;
        packed = null;
        if (faces == null) {
            faces = packFaces();
            faceNanos += System.nanoTime() - packStart;
        }
        send(faces[0], faces[1], faces[2], faces[3], faces[4], faces[5]);
    }

    /**
     * Copies the block's six boundary layers into off-heap arrays (spare ones where there are).
     *
     * @return left, right, bottom, top, front, back.
     */
    private DoubleArray[] packFaces() {
        final double[] f = scratch;
        final double[] f2 = scratch2;
        final double[] t = temperature;
        for (int k = 0; k < bz; ++k) {
            for (int j = 0; j < by; ++j) {
                f[k * by + j] = t[index(1, j + 1, k + 1)];
                f2[k * by + j] = t[index(bx, j + 1, k + 1)];
            }
        }
        final DoubleArray left = face(spareX, f, by * bz);
        final DoubleArray right = face(spareX, f2, by * bz);
        for (int k = 0; k < bz; ++k) {
            System.arraycopy(t, index(1, 1, k + 1), f, k * bx, bx);
            System.arraycopy(t, index(1, by, k + 1), f2, k * bx, bx);
        }
        final DoubleArray bottom = face(spareY, f, bx * bz);
        final DoubleArray top = face(spareY, f2, bx * bz);
        for (int j = 0; j < by; ++j) {
            System.arraycopy(t, index(1, j + 1, 1), f, j * bx, bx);
            System.arraycopy(t, index(1, j + 1, bz), f2, j * bx, bx);
        }
        final DoubleArray front = face(spareZ, f, bx * by);
        final DoubleArray back = face(spareZ, f2, bx * by);
        return new DoubleArray[] {left, right, bottom, top, front, back};
    }

    /** Sends the six faces to the neighbours (periodic), then computes if this iteration's ghosts are all here. */
    private void send(final DoubleArray left, final DoubleArray right, final DoubleArray bottom,
                      final DoubleArray top, final DoubleArray front, final DoubleArray back) {
        final Index me = thisIndex();
        final int x = me.x();
        final int y = me.y();
        final int z = me.z();
        final int cx = cfg.charesX();
        final int cy = cfg.charesY();
        final int cz = cfg.charesZ();
        final BlockProxy all = thisProxy();
        all.at(wrap(x - 1, cx), y, z).receiveGhosts(iterations, RIGHT, by, bz, left);
        all.at(wrap(x + 1, cx), y, z).receiveGhosts(iterations, LEFT, by, bz, right);
        all.at(x, wrap(y - 1, cy), z).receiveGhosts(iterations, TOP, bx, bz, bottom);
        all.at(x, wrap(y + 1, cy), z).receiveGhosts(iterations, BOTTOM, bx, bz, top);
        all.at(x, y, wrap(z - 1, cz)).receiveGhosts(iterations, BACK, bx, by, front);
        all.at(x, y, wrap(z + 1, cz)).receiveGhosts(iterations, FRONT, bx, by, back);
        if (received == 6) {
            checkAndCompute();
        }
    }

    /** {@link #beginIteration}'s sends for a block on a device: each face read off the device into its message. */
    private void sendFaces(final long packStart) {
        final DoubleArray[] f = new DoubleArray[BACK];
        f[LEFT - 1] = spare(spareX, by * bz);
        f[RIGHT - 1] = spare(spareX, by * bz);
        f[TOP - 1] = spare(spareY, bx * bz);
        f[BOTTOM - 1] = spare(spareY, bx * bz);
        f[FRONT - 1] = spare(spareZ, bx * by);
        f[BACK - 1] = spare(spareZ, bx * by);
        onDevice.readFaces(f);
        faceNanos += System.nanoTime() - packStart;
        send(f[RIGHT - 1], f[LEFT - 1], f[TOP - 1], f[BOTTOM - 1], f[BACK - 1], f[FRONT - 1]);
    }

    private static DoubleArray spare(final java.util.ArrayDeque<DoubleArray> spare, final int n) {
        return spare.isEmpty() ? DoubleArray.allocate(n) : spare.pop();
    }

    private void ensureBuffers() {
        if (scratch == null) {
            spareX = new java.util.ArrayDeque<>();
            spareY = new java.util.ArrayDeque<>();
            spareZ = new java.util.ArrayDeque<>();
            scratch = new double[Math.max(by * bz, Math.max(bx * bz, bx * by))];
            scratch2 = new double[scratch.length];
        }
    }

    /** The first {@code n} values of {@code values} in an off-heap array: a spare one, or a new one. */
    private static DoubleArray face(final java.util.ArrayDeque<DoubleArray> spare, final double[] values,
                                    final int n) {
        final DoubleArray a = spare.isEmpty() ? DoubleArray.allocate(n) : spare.pop();
        java.lang.foreign.MemorySegment.copy(values, 0, a.segment(), DoubleArray.LAYOUT, 0, n);
        return a;
    }

    /** A ghost face kept for the next iteration. */
    private record Face(int dir, int height, int width, DoubleArray ghosts) {
    }

    private static int wrap(final int a, final int n) {
        return (a + n) % n;
    }

    /**
     * One ghost face from a neighbour.
     *
     * @param iter   the sender's iteration.
     * @param dir    the side of this block it belongs to ({@link #LEFT} ... {@link #BACK}).
     * @param height the face's first extent (its fastest index).
     * @param width  the face's second extent.
     * @param ghosts {@code height * width} values, now owned here.
     */
    @Entry
    public void receiveGhosts(final int iter, final int dir, final int height, final int width,
                              final DoubleArray ghosts) {
        if (inIteration && iter == iterations) {
            received++;
        } else if (iter == iterations + 1 && (inIteration || updating)) {   // its grid is not the next one yet
            pending.add(new Face(dir, height, width, ghosts));
            return;
        } else if (iter == iterations + 1) {
            early++;
        } else {
            Charm.abort("stencil3d: block " + thisIndex() + " at iteration " + iterations + (inIteration ? "" : " (done)")
                + " got a face of iteration " + iter);
            return;
        }
        processGhosts(dir, height, width, ghosts);
        if (inIteration && received == 6) {
            checkAndCompute();
        }
    }

    /**
     * Keeps a face of the coming update for {@link #unpackGhosts}, once it is checked: a known side, the first from
     * it, of this block's extents for that side ({@link #faceHeight}, {@link #faceWidth}) and as many values.
     */
    private void processGhosts(final int dir, final int height, final int width, final DoubleArray gh) {
        if (ghostsIn == null) {
            ghostsIn = new DoubleArray[BACK + 1];
        }
        final String wrong = dir < LEFT || dir > BACK ? "a face of unknown direction " + dir
            : ghostsIn[dir] != null ? "a second face from side " + dir
            : height != faceHeight(dir) || width != faceWidth(dir) || gh.length() != (long) height * width
                ? "a face of " + gh.length() + " values for " + height + " x " + width + " from side " + dir
                + " (its " + faceHeight(dir) + " x " + faceWidth(dir) + ")"
            : null;
        if (wrong != null) {
            Charm.abort("stencil3d: block " + thisIndex() + " at iteration " + iterations + " got " + wrong);
            return;
        }
        ghostsIn[dir] = gh;
    }

    /** @return the first extent (the fastest index) of this block's faces on side {@code dir}. */
    private int faceHeight(final int dir) {
        return dir <= RIGHT ? by : bx;
    }

    /** @return the second extent of this block's faces on side {@code dir}. */
    private int faceWidth(final int dir) {
        return dir <= BOTTOM ? bz : by;
    }

    /** Writes the six faces kept by {@link #processGhosts} into the grid (or onto the device), before the update. */
    private void unpackGhosts() {
        final long start = System.nanoTime();
        for (int dir = LEFT; dir <= BACK; dir++) {
            if (filling != null && dir <= RIGHT) {
                continue;   // the update writes these
            }
            final DoubleArray gh = ghostsIn[dir];
            ghostsIn[dir] = null;
            unpack(dir, faceHeight(dir), faceWidth(dir), gh);
        }
        faceNanos += System.nanoTime() - start;
    }

    private void unpack(final int dir, final int height, final int width, final DoubleArray gh) {
        final double[] t = temperature;
        final int n = height * width;
        ensureBuffers();
        if (scratch.length < n || n != gh.length()) {
            Charm.abort("stencil3d: block " + thisIndex() + " got a face of " + gh.length() + " values for " + height
                + " x " + width);
            return;
        }
        if (onDevice != null) {
            if (dir < LEFT || dir > BACK) {
                Charm.abort("stencil3d: block " + thisIndex() + " got a face of unknown direction " + dir);
                return;
            }
            onDevice.writeGhosts(dir, gh);
            (dir <= RIGHT ? spareX : dir <= BOTTOM ? spareY : spareZ).push(gh);
            return;
        }
        final double[] g = scratch;
        java.lang.foreign.MemorySegment.copy(gh.segment(), DoubleArray.LAYOUT, 0, g, 0, n);
        switch (dir) {
            case LEFT -> {
                for (int k = 0; k < width; ++k) {
                    for (int j = 0; j < height; ++j) {
                        t[index(0, j + 1, k + 1)] = g[k * height + j];
                    }
                }
                spareX.push(gh);
            }
            case RIGHT -> {
                for (int k = 0; k < width; ++k) {
                    for (int j = 0; j < height; ++j) {
                        t[index(bx + 1, j + 1, k + 1)] = g[k * height + j];
                    }
                }
                spareX.push(gh);
            }
            case BOTTOM -> {
                for (int k = 0; k < width; ++k) {
                    System.arraycopy(g, k * height, t, index(1, 0, k + 1), height);
                }
                spareY.push(gh);
            }
            case TOP -> {
                for (int k = 0; k < width; ++k) {
                    System.arraycopy(g, k * height, t, index(1, by + 1, k + 1), height);
                }
                spareY.push(gh);
            }
            case FRONT -> {
                for (int j = 0; j < width; ++j) {
                    System.arraycopy(g, j * height, t, index(1, j + 1, 0), height);
                }
                spareZ.push(gh);
            }
            case BACK -> {
                for (int j = 0; j < width; ++j) {
                    System.arraycopy(g, j * height, t, index(1, j + 1, bz + 1), height);
                }
                spareZ.push(gh);
            }
            default -> Charm.abort("stencil3d: block " + thisIndex() + " got a face of unknown direction " + dir);
        }
    }

    private void checkAndCompute() {
        inIteration = false;
        unpackGhosts();
        final int reps;
        if (cfg.uneven()) {
            final Index me = thisIndex();
            reps = Work.repeats(me.x(), me.y(), me.z(), cfg.charesX(), cfg.charesY(), cfg.charesZ(), iterations);
        } else {
            reps = 1;
        }
        final long t0 = System.nanoTime();
        if (onDevice != null) {
            updating = true;
            updateStart = t0;
            Charm.whenDone(onDevice.startUpdate(reps), BlockProxy.elementOf(this)::updated);
            return;   // the PE runs other blocks meanwhile; updated() goes on when the device is done
        } else {
            final Update.Sweep s = sweep;
            final double[] in = temperature;
            final double[] out = newTemperature;
            int w = 0;
            if (filling != null) {   // every block repeats its update at least once (Work.repeats)
                filling.run(ghostsIn[LEFT], ghostsIn[RIGHT], in, out);
                spareX.push(ghostsIn[LEFT]);
                spareX.push(ghostsIn[RIGHT]);
                ghostsIn[LEFT] = null;
                ghostsIn[RIGHT] = null;
                w = 1;
            }
            for (; w < reps; w++) {
                s.run(in, out);
            }
            temperature = out;
            newTemperature = in;
        }
        final long t1 = System.nanoTime();
        if (org.charm4j.Trace.on()) {
            org.charm4j.Trace.span("kernel " + cfg.kernel() + " update x" + reps, t0, t1);
        }
        constrainBC();
        if (iterations < cfg.iterations()) {
            // the next iteration's faces, read now while the block is in cache: when it begins (after the barrier,
            // with other blocks' updates in between) they would come from memory; nothing writes the interior before
            final long packStart = System.nanoTime();
            ensureBuffers();
            packed = packFaces();
            faceNanos += System.nanoTime() - packStart;
        }
        report(t1 - t0);
    }

    /** The device finished this block's update ({@code Charm.whenDone}): the iteration ends as on the CPU. */
    @Entry
    public void updated() {
        final long t1 = System.nanoTime();
        updating = false;
        onDevice.finishUpdate();
        if (org.charm4j.Trace.on()) {
            org.charm4j.Trace.span("kernel " + cfg.kernel() + " update on the device", updateStart, t1);
        }
        onDevice.constrainBC();
        onDevice.takeBytes(deviceBytes);
        report(t1 - updateStart);
    }

    /** Reports the iteration to the main chare's barrier, and calls {@code atSync()} at a balancing step. */
    private void report(final long updateNanos) {
        final long[] report = {updateNanos, movedPending, faceNanos, deviceBytes[0], deviceBytes[1]};
        deviceBytes[0] = 0;
        deviceBytes[1] = 0;
        movedPending = 0;
        faceNanos = 0;
        contribute(report, Reducer.SUM, main::iterationDone);
        if (cfg.balancesAfter(iterations)) {
            peAtSync = Charm.myPe();
            atSync();
        }
    }

    /** After a balancing step: the next iteration starts here, as in Charm++ ({@code thisProxy[thisIndex].doStep()}). */
    @Override
    protected void resumeFromSync() {
        movedPending = Charm.myPe() != peAtSync ? 1 : 0;
        beginIteration();
    }

    /** Heats the left, top and front faces of the block's interior (Charm++'s {@code constrainBC}). */
    private void constrainBC() {
        final double[] t = temperature;
        for (int k = 1; k < bz + 1; ++k) {
            for (int i = 1; i < bx + 1; ++i) {
                t[index(i, 1, k)] = HOT;
            }
        }
        for (int k = 1; k < bz + 1; ++k) {
            for (int j = 1; j < by + 1; ++j) {
                t[index(1, j, k)] = HOT;
            }
        }
        for (int j = 1; j < by + 1; ++j) {
            for (int i = 1; i < bx + 1; ++i) {
                t[index(i, j, 1)] = HOT;
            }
        }
    }

    /** @return the block's interior, x fastest ({@code blockX * blockY * blockZ} values): for the check. */
    @Entry
    public double[] interior() {
        if (onDevice != null) {
            onDevice.toHost(temperature, newTemperature);
        }
        final double[] v = new double[bx * by * bz];
        int p = 0;
        for (int k = 1; k <= bz; k++) {
            for (int j = 1; j <= by; j++) {
                for (int i = 1; i <= bx; i++) {
                    v[p++] = temperature[index(i, j, k)];
                }
            }
        }
        return v;
    }
}
