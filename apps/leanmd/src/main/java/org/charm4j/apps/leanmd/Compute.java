package org.charm4j.apps.leanmd;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Index;
import org.charm4j.ReadOnly;
import org.charm4j.Reducer;

/**
 * Charm++ LeanMD's {@code Compute}: an element of the 6D sparse array, the forces between the atoms of two
 * neighbouring cells (or within one cell, for a self compute). Each step it gets both cells' positions
 * ({@link #calculateForces}), keeps the first, computes when the second arrives, and sends each cell the forces on
 * its atoms and, to its owner, the pairs' energy. After the balancing steps of {@link Config#balancesAfter} it calls
 * {@code atSync()}, so the runtime measures and moves computes (which carry nearly all the work).
 *
 * <p>The pair loops run as kernels ({@link ForceKernels}), or with {@code +device} on this PE's device as their
 * gathered form ({@link DeviceForces}: the same forces to the bit as the loops run as Java, so the CPU's compiled
 * loops and the device's differ by the vector sums' rounding only): the launch returns at once, the PE runs other
 * computes while the device works, and {@link #forcesComputed()} sends the forces when it is done
 * ({@code Charm.whenDone}). The owner's atoms are always the first of the pair
 * loop, whichever cell's positions came first, so the numbers
 * do not depend on the order of arrival (Charm++ takes the later message first).
 *
 * <p>Threading: a chare; runs on its PE.
 */
public final class Compute extends Chare {
    private final Config cfg;
    private final CellProxy cells;
    private final LeanMdProxy.Element main;
    private final Index owner;
    private final Index partner;
    private final int ownerSlot;
    private final boolean self;
    private final double sx;
    private final double sy;
    private final double sz;
    /** The step whose first positions are kept, or 0. */
    private int keptStep;
    private boolean keptFromOwner;
    private double[] kept;
    /** The two cells' element proxies, kept so that their route to the cell is looked up once per PE; not migrated. */
    private transient CellProxy.Element ownerCell;
    private transient CellProxy.Element partnerCell;
    /** Scratch forces, reused from step to step (a send copies them); not migrated. */
    private transient double[] forces1;
    private transient double[] forces2;
    /** A launch on the device whose forces are not sent yet, and its step; not migrated (none is at a move). */
    private transient org.charm4j.gpu.GpuLaunch pending;
    private transient int pendingStep;
    /** This compute's queue on the PE's device (one of the PE's few); not migrated. */
    private transient org.charm4j.gpu.GpuQueue queue;

    /**
     * @param cfg   the run.
     * @param cells the cells.
     * @param main  the main chare, where balancing steps end.
     */
    public Compute(final Config cfg, final CellProxy cells, final LeanMdProxy.Element main) {
        this.cfg = cfg;
        this.cells = cells;
        this.main = main;
        final Index me = thisIndex();
        owner = Index.of(me.get(0) - 2, me.get(1) - 2, me.get(2) - 2);
        partner = Neighbours.partner(cfg, me);
        ownerSlot = Neighbours.ownerSlot(me);
        self = ownerSlot == Neighbours.SELF;
        sx = Neighbours.shift(owner.x(), partner.x(), cfg.cellsX());
        sy = Neighbours.shift(owner.y(), partner.y(), cfg.cellsY());
        sz = Neighbours.shift(owner.z(), partner.z(), cfg.cellsZ());
    }

    /**
     * One cell's positions for a step (Charm++'s {@code calculateForces}).
     *
     * @param step the cell's step.
     * @param from the sending cell: the owner or the partner.
     * @param pos  the sender's positions, all x, then all y, then all z ({@link Layout}); read only, as the cell's
     *             27 computes on a process share one copy (the cell multicasts it to its section of them).
     */
    @Entry
    public void calculateForces(final int step, final Index from, @ReadOnly final double[] pos) {
        final boolean fromOwner = from.equals(owner);
        if (ownerCell == null) {   // first call, or first on this PE after a move
            ownerCell = cells.at(owner);
            partnerCell = cells.at(partner);
        }
        final org.charm4j.gpu.Devices.Choice where = org.charm4j.gpu.Devices.forThisPe();
        if (self && !where.isCpu()) {
            forces1 = zeroed(forces1, pos.length);
            launch(where, step, "self", pos, pos.length / 3, forces1);
            return;
        }
        if (self) {
            forces1 = zeroed(forces1, pos.length);
            final double[] f = forces1;
            final double energy = ForceKernels.self(cfg.physics()).run(pos, pos.length / 3, f);
            ownerCell.receiveForces(step, Neighbours.SELF, f, energy);
            done(step);
            return;
        }
        if (kept == null) {
            keptStep = step;
            keptFromOwner = fromOwner;
            kept = pos;
            return;
        }
        if (keptStep != step || keptFromOwner == fromOwner) {
            Charm.abort("leanmd: compute " + thisIndex() + " got positions of step " + step + " from its "
                + (fromOwner ? "owner" : "partner") + " while it kept those of step " + keptStep + " from its "
                + (keptFromOwner ? "owner" : "partner"));
            return;
        }
        final double[] p1 = fromOwner ? pos : kept;
        final double[] p2 = fromOwner ? kept : pos;
        kept = null;
        keptStep = 0;
        forces1 = zeroed(forces1, p1.length);
        forces2 = zeroed(forces2, p2.length);
        final double[] f1 = forces1;
        final double[] f2 = forces2;
        if (!where.isCpu()) {
            launch(where, step, "pair", p1, p1.length / 3, sx, sy, sz, p2, p2.length / 3, f1, f2);
            return;
        }
        final double energy = ForceKernels.pair(cfg.physics()).run(p1, p1.length / 3, sx, sy, sz, p2, p2.length / 3,
            f1, f2);
        ownerCell.receiveForces(step, ownerSlot, f1, energy);
        partnerCell.receiveForces(step, Defs.NUM_NEIGHBORS - 1 - ownerSlot, f2, 0.0);
        done(step);
    }

    /** Starts a {@link DeviceForces} kernel on this PE's device; {@link #forcesComputed()} follows when it is done. */
    private void launch(final org.charm4j.gpu.Devices.Choice where, final int step, final String kernel,
                        final Object... args) {
        if (pending != null) {
            Charm.abort("leanmd: compute " + thisIndex() + " got the positions of step " + step + " while its"
                + " forces of step " + pendingStep + " are still on the device");
            return;
        }
        if (queue == null) {
            queue = where.nextQueue();   // computes of a PE spread over a few queues: their launches overlap
        }
        pending = where.kernel(org.charm4j.kernels.Kernels.of(DeviceForces.class, kernel)
            .specialize(DeviceForces.of(cfg.physics()))).launchOn(queue, args);
        pendingStep = step;
        Charm.whenDone(pending, ComputeProxy.elementOf(this)::forcesComputed);
    }

    /** The device finished this compute's forces ({@link #launch}): sends them, as the CPU path does at once. */
    @Entry
    public void forcesComputed() {
        final double energy = pending.sum();
        final int step = pendingStep;
        pending = null;
        if (self) {
            ownerCell.receiveForces(step, Neighbours.SELF, forces1, energy);
        } else {
            ownerCell.receiveForces(step, ownerSlot, forces1, energy);
            partnerCell.receiveForces(step, Defs.NUM_NEIGHBORS - 1 - ownerSlot, forces2, 0.0);
        }
        done(step);
    }

    /** @return {@code a} zeroed, or a new array where {@code a} is missing or of another length. */
    private static double[] zeroed(final double[] a, final int length) {
        if (a == null || a.length != length) {
            return new double[length];
        }
        java.util.Arrays.fill(a, 0.0);
        return a;
    }

    private void done(final int step) {
        if (cfg.balancesAfter(step)) {
            atSync();
        }
    }

    /** Before a move: the queue is the old PE's device's (a move within the process keeps transient fields). */
    @Override
    protected void aboutToMigrate() {
        queue = null;
    }

    /** After a balancing step: tells the main chare, which starts the next step once cells and computes are back. */
    @Override
    protected void resumeFromSync() {
        contribute(Reducer.BARRIER, main::computesResumed);
    }
}
