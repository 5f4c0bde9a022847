package org.charm4j.apps.leanmd;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Index;
import org.charm4j.Reducer;

/**
 * Charm++ LeanMD's {@code Cell}: an element of the 3D array, the atoms in one 16 Angstrom cube of the box. Each step
 * it multicasts its positions to its 27 computes (a section of them, as Charm++'s multicast: one copy of the
 * positions a process, {@code @ReadOnly}), sums the 27 force arrays that come back, integrates ({@code updateProperties}) and, every {@link Defs#MIGRATE_STEPCOUNT} steps, sends the atoms
 * that left it to its 26 neighbours (and an empty list to itself, as Charm++ does) and takes theirs. After the
 * balancing steps of {@link Config#balancesAfter} it calls {@code atSync()}; the main chare starts the next step once
 * cells and computes are back. Cell (0, 0, 0) reports each step to the main chare, for the time per step.
 *
 * <p>Order: forces are summed, and arriving atoms appended, in neighbour order (not in order of arrival), so a run
 * gives the same numbers, to the bit, on any number of PEs and processes, with or without balancing.
 *
 * <p>Threading: a chare; runs on its PE.
 */
public final class Cell extends Chare {
    private final Config cfg;
    private final LeanMdProxy.Element main;
    private final Atoms atoms;
    private final int cx;
    private final int cy;
    private final int cz;
    /** This cell's 27 computes as a section: one multicast of the positions a step. */
    private ComputeProxy neighbourhood;
    /** The step under way, 1 to {@code cfg.steps()}. */
    private int step;
    private int forcesIn;
    private final double[][] forces = new double[Defs.NUM_NEIGHBORS][];
    private final double[] energies = new double[Defs.NUM_NEIGHBORS];
    private int atomsIn;
    private final double[][] arriving = new double[Defs.NUM_NEIGHBORS][];
    private boolean migrating;
    /** Kinetic and potential energy at the first step, then at the last. */
    private final double[] reported = new double[4];

    /**
     * Charm++'s {@code Cell::Cell}: the cell's initial atoms ({@link Atoms#initial}).
     *
     * @param cfg  the run.
     * @param main the main chare.
     */
    public Cell(final Config cfg, final LeanMdProxy.Element main) {
        this.cfg = cfg;
        this.main = main;
        final Index me = thisIndex();
        cx = me.x();
        cy = me.y();
        cz = me.z();
        atoms = Atoms.initial(cfg, cx, cy, cz);
    }

    /**
     * Starts the simulation (Charm++'s {@code Cell::run}).
     *
     * @param computes the computes, all inserted.
     */
    @Entry
    public void run(final ComputeProxy computes) {
        final Index[] mine = new Index[Defs.NUM_NEIGHBORS];
        for (int num = 0; num < Defs.NUM_NEIGHBORS; num++) {
            mine[num] = Neighbours.compute(cfg, cx, cy, cz, num);
        }
        neighbourhood = computes.section(java.util.List.of(mine));
        step = 1;
        sendPositions();
    }

    private void sendPositions() {
        neighbourhood.calculateForces(step, thisIndex(), Layout.toBlocks(atoms.positions()));
    }

    /**
     * Forces from one compute (Charm++'s {@code receiveForces}).
     *
     * @param iter   the step.
     * @param slot   the compute's number in this cell's neighbourhood.
     * @param f      the forces on this cell's atoms, all x, then all y, then all z ({@link Layout}).
     * @param energy the energy of the compute's pairs if this cell owns it, else 0.
     */
    @Entry
    public void receiveForces(final int iter, final int slot, final double[] f, final double energy) {
        if (iter != step || forces[slot] != null || migrating || f.length != 3 * atoms.count()) {
            Charm.abort("leanmd: cell " + thisIndex() + " at step " + step + (migrating ? " (moving atoms)" : "")
                + " with " + atoms.count() + " atoms got " + f.length / 3 + " forces of step " + iter
                + " from neighbour " + slot + (forces[slot] != null ? " twice" : ""));
            return;
        }
        forces[slot] = f;
        energies[slot] = energy;
        if (++forcesIn < Defs.NUM_NEIGHBORS) {
            return;
        }
        forcesIn = 0;
        final double[] total = new double[3 * atoms.count()];
        double potential = 0;
        for (int s = 0; s < Defs.NUM_NEIGHBORS; s++) {
            final double[] g = forces[s];
            for (int k = 0; k < total.length; k++) {
                total[k] += g[k];
            }
            potential += energies[s];
            forces[s] = null;
        }
        if (step == 1) {
            reported[0] = atoms.kinetic(cfg.physics());
            reported[1] = potential;
        }
        if (step == cfg.steps()) {
            reported[2] = atoms.kinetic(cfg.physics());
            reported[3] = potential;
        }
        atoms.integrate(cfg.physics(), Layout.toInterleaved(total));
        if (Config.migratesAfter(step)) {
            migrateParticles();
        } else {
            endStep();
        }
    }

    private void migrateParticles() {
        final double[][] out = atoms.leaving(cfg, cx, cy, cz);
        migrating = true;
        final CellProxy all = thisProxy();
        for (int num = 0; num < Defs.NUM_NEIGHBORS; num++) {
            all.at(Neighbours.wrap(cx + Neighbours.dx(num), cfg.cellsX()),
                Neighbours.wrap(cy + Neighbours.dy(num), cfg.cellsY()),
                Neighbours.wrap(cz + Neighbours.dz(num), cfg.cellsZ()))
                .receiveParticles(step, Defs.NUM_NEIGHBORS - 1 - num, out[num]);
        }
        if (atomsIn == Defs.NUM_NEIGHBORS) {
            takeParticles();
        }
    }

    /**
     * Atoms that moved here from a neighbour (Charm++'s {@code receiveParticles}); they may come before this cell
     * has finished the step, and are kept until it has.
     *
     * @param iter  the step.
     * @param slot  the sender's number in this cell's neighbourhood.
     * @param moved {@code x y z vx vy vz} per atom.
     */
    @Entry
    public void receiveParticles(final int iter, final int slot, final double[] moved) {
        if (iter != step || arriving[slot] != null) {
            Charm.abort("leanmd: cell " + thisIndex() + " at step " + step + " got atoms of step " + iter
                + " from neighbour " + slot + (arriving[slot] != null ? " twice" : ""));
            return;
        }
        arriving[slot] = moved;
        if (++atomsIn == Defs.NUM_NEIGHBORS && migrating) {
            takeParticles();
        }
    }

    private void takeParticles() {
        for (int s = 0; s < Defs.NUM_NEIGHBORS; s++) {
            atoms.append(arriving[s]);
            arriving[s] = null;
        }
        atomsIn = 0;
        migrating = false;
        endStep();
    }

    private void endStep() {
        if (cx == 0 && cy == 0 && cz == 0) {
            main.stepDone(step);
        }
        if (step == cfg.steps()) {
            final double[] all = new double[4 * cfg.cells()];
            System.arraycopy(reported, 0, all, 4 * cfg.cellId(cx, cy, cz), 4);
            contribute(all, Reducer.SUM, main::done);
        } else if (cfg.balancesAfter(step)) {
            atSync();
        } else {
            nextStep();
        }
    }

    /** Starts the next step: after a balancing step, from the main chare once cells and computes are back. */
    @Entry
    public void nextStep() {
        step++;
        sendPositions();
    }

    /** After a balancing step: tells the main chare, which starts the next step once cells and computes are back. */
    @Override
    protected void resumeFromSync() {
        contribute(Reducer.BARRIER, main::cellsResumed);
    }
}
