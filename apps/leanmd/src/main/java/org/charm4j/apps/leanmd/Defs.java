package org.charm4j.apps.leanmd;

/**
 * The constants of Charm++'s {@code examples/charm++/leanmd/defs.h}, with the same names and values (products such
 * as {@code 1.67 * pow(10.0, -24)} are computed the same way, so they are the same doubles), plus the few that the
 * conservative {@code lj} physics needs ({@link #LJ_MAX_VELOCITY}, {@link #KG_PER_G}).
 *
 * <p>Threading: constants; any thread.
 */
public final class Defs {
    /** {@code HYDROGEN_MASS}: the mass of every atom, in grams. */
    public static final double HYDROGEN_MASS = 1.67 * 1e-24;
    /** {@code VDW_A}: the repulsive Lennard-Jones coefficient, J m^12 (argon's {@code 4 eps sigma^12}). */
    public static final double VDW_A = 1.60694452 * 1e-134;
    /** {@code VDW_B}: the attractive Lennard-Jones coefficient, J m^6 (argon's {@code 4 eps sigma^6}). */
    public static final double VDW_B = 1.031093844 * 1e-77;
    /** {@code PARTICLES_PER_CELL_START}: atoms of cell 0 (the count grows linearly to the END value). */
    public static final int PARTICLES_PER_CELL_START = 300;
    /** {@code PARTICLES_PER_CELL_END}. */
    public static final int PARTICLES_PER_CELL_END = 300;
    /** {@code DEFAULT_DELTA}: the time step, femtoseconds. */
    public static final int DEFAULT_DELTA = 1;
    /** {@code DEFAULT_FIRST_LDB}: the first balancing step. */
    public static final int DEFAULT_FIRST_LDB = 20;
    /** {@code DEFAULT_LDB_PERIOD}: steps between balancing steps. */
    public static final int DEFAULT_LDB_PERIOD = 20;
    /** {@code KAWAY_X} (and Y, Z): a cell interacts with the cells one away. */
    public static final int KAWAY = 1;
    /** {@code NBRS_X} (and Y, Z). */
    public static final int NBRS = 2 * KAWAY + 1;
    /** {@code NUM_NEIGHBORS}: a cell and its 26 neighbours. */
    public static final int NUM_NEIGHBORS = NBRS * NBRS * NBRS;
    /** {@code CELLARRAY_DIM_X} (and Y, Z): cells per dimension when none are given. */
    public static final int CELLARRAY_DIM = 3;
    /** {@code PTP_CUT_OFF}: atoms interact closer than this, Angstrom. */
    public static final int PTP_CUT_OFF = 12;
    /** {@code CELL_MARGIN}: what a cell has beyond the cutoff, Angstrom. */
    public static final int CELL_MARGIN = 4;
    /** {@code CELL_SIZE_X} (and Y, Z), Angstrom: {@code (PTP_CUT_OFF + CELL_MARGIN) / KAWAY_X}, 16. */
    public static final int CELL_SIZE = (PTP_CUT_OFF + CELL_MARGIN) / KAWAY;
    /** {@code CELL_ORIGIN_X} (and Y, Z). */
    public static final int CELL_ORIGIN = 0;
    /** {@code MIGRATE_STEPCOUNT}: atoms move to their new cells every this many steps. */
    public static final int MIGRATE_STEPCOUNT = 20;
    /** {@code DEFAULT_FINALSTEPCOUNT}: steps when none are given. */
    public static final int DEFAULT_FINALSTEPCOUNT = 1001;
    /** {@code MAX_VELOCITY}: the velocity limit of Charm++'s physics, in its units (Angstrom per second). */
    public static final double MAX_VELOCITY = 30.0;
    /**
     * The velocity limit and scale of the initial velocities of the {@code lj} physics, Angstrom per femtosecond:
     * the value of Charm++'s LeanMD mini-app and of charm4py's port ({@code MAX_VELOCITY = .1 # in A/fs}).
     */
    public static final double LJ_MAX_VELOCITY = 0.1;
    /** Kilograms per gram. */
    public static final double KG_PER_G = 1e-3;

    private Defs() {
    }
}
