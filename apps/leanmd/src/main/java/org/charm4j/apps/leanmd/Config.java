package org.charm4j.apps.leanmd;

import java.io.Serializable;
import java.util.Locale;

/**
 * The parsed command line of LeanMD: Charm++'s {@code X Y Z steps} and the mini-app's optional
 * {@code firstLdbStep ldbPeriod}, plus charm4j's options. Immutable; it travels to every cell and compute, as
 * Charm++'s readonly globals do.
 *
 * <p>Threading: immutable, any thread.
 *
 * @param cellsX        cells in x ({@code cellArrayDimX}), at least 3.
 * @param cellsY        cells in y.
 * @param cellsZ        cells in z.
 * @param steps         steps to run ({@code finalStepCount}).
 * @param firstLdbStep  the first step after which the cells and computes balance ({@code firstLdbStep}).
 * @param ldbPeriod     steps between balancing steps ({@code ldbPeriod}).
 * @param atomsStart    atoms of cell 0 ({@code PARTICLES_PER_CELL_START}, 300 unless {@code --atoms}).
 * @param atomsEnd      atoms of the last cell ({@code PARTICLES_PER_CELL_END}); cells between get a linear share.
 * @param physics       {@link Physics#CHARM} (Charm++'s arithmetic) or {@link Physics#LJ} (a conservative one).
 * @param lattice       whether the atoms start on a grid in each cell instead of Charm++'s random places.
 * @param printEvery    a time-per-step line every this many steps (0: none).
 * @param roundRobin    whether computes are dealt round-robin over the PEs as Charm++ does, not put on their owner
 *                      cell's PE ({@link ComputeMap}).
 */
public record Config(int cellsX, int cellsY, int cellsZ, int steps, int firstLdbStep, int ldbPeriod, int atomsStart,
                     int atomsEnd, Physics physics, boolean lattice, int printEvery,
                     boolean roundRobin) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The usage text of {@code --help}. */
    public static final String USAGE = """
        Usage: charmrun [runtime options] leanmd [X Y Z [steps [firstLdbStep ldbPeriod]]] [options]
        Charm++'s LeanMD (examples/charm++/leanmd): Lennard-Jones molecular dynamics of atoms in a periodic box of
        X x Y x Z cells (16 Angstrom each, at least 3 per dimension), a 3D chare array of cells and a 6D sparse array
        of computes (one per pair of neighbouring cells, 14 per cell); atoms move between cells every 20 steps, and
        cells and computes balance load (AtSync) after step firstLdbStep and every ldbPeriod steps after it.
        Defaults: 3 3 3 1001 20 20, 300 atoms per cell.
        Options:
          --atoms N[:M]        N atoms per cell instead of 300 (N:M: N in cell 0, growing linearly to M in the last)
          --physics charm|lj   charm (default): Charm++'s physics.h arithmetic, for the same numbers as Charm++;
                               lj: forces that are minus the gradient of the Lennard-Jones energy, in SI units, with
                               velocities in Angstrom/fs (it conserves energy from a stable start: --lattice)
          --lattice            start atoms on a grid in each cell (not Charm++'s random places; with lj, a stable start)
          --print-every N      a time-per-step line every N steps (default 10; 0: none)
          --map roundrobin|owner  computes dealt round-robin over the PEs as Charm++ does (default), or each on its
                               owner cell's PE (cells in blocks), which keeps most positions within a PE
          --help, -h           this text
        Runtime options of interest: +p N, ++ppn K, +balancer GreedyLB|RefineLB|..., +LBOff, +LBDebug 1.
        Example: charmrun +p2 leanmd 3 3 3 101
        """;

    /** Thrown for a command line that cannot run; its message says what is wrong. */
    public static final class BadArguments extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadArguments(final String message) {
            super(message);
        }
    }

    /**
     * Checks the values.
     *
     * @throws BadArguments naming the value that cannot run.
     */
    public Config {
        if (cellsX < 3 || cellsY < 3 || cellsZ < 3) {
            throw new BadArguments("each dimension needs at least 3 cells (a cell's 26 neighbours must be distinct"
                + " cells), not " + cellsX + " " + cellsY + " " + cellsZ);
        }
        if ((long) cellsX * cellsY * cellsZ > 1_000_000) {
            throw new BadArguments("at most 1000000 cells, not " + cellsX + " x " + cellsY + " x " + cellsZ);
        }
        if (steps < 1) {
            throw new BadArguments("steps must be at least 1, not " + steps);
        }
        if (firstLdbStep < 1 || ldbPeriod < 1) {
            throw new BadArguments("firstLdbStep and ldbPeriod must be at least 1, not " + firstLdbStep + " "
                + ldbPeriod);
        }
        if (atomsStart < 1 || atomsEnd < 1 || atomsStart > 100_000 || atomsEnd > 100_000) {
            throw new BadArguments("atoms per cell must be 1 to 100000, not " + atomsStart
                + (atomsEnd != atomsStart ? " to " + atomsEnd : ""));
        }
        if (physics == null) {
            throw new BadArguments("--physics must be charm or lj");
        }
        if (printEvery < 0) {
            throw new BadArguments("--print-every must be 0 or more, not " + printEvery);
        }
    }

    /**
     * Parses the program's arguments (those left after the runtime's options).
     *
     * @param args {@code [X Y Z [steps [firstLdbStep ldbPeriod]]]} and the options of {@link #USAGE}.
     * @return the configuration; {@code null} if {@code --help} was asked.
     * @throws BadArguments with what is wrong.
     */
    public static Config parse(final String... args) {
        final java.util.List<Integer> numbers = new java.util.ArrayList<>();
        int atomsStart = Defs.PARTICLES_PER_CELL_START;
        int atomsEnd = Defs.PARTICLES_PER_CELL_END;
        Physics physics = Physics.CHARM;
        boolean lattice = false;
        int printEvery = 10;
        boolean roundRobin = true;
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--lattice" -> lattice = true;
                case "--atoms" -> {
                    final String v = value(args, i++);
                    final int colon = v.indexOf(':');
                    atomsStart = number(a, colon < 0 ? v : v.substring(0, colon));
                    atomsEnd = colon < 0 ? atomsStart : number(a, v.substring(colon + 1));
                }
                case "--physics" -> {
                    final String p = value(args, i++).toLowerCase(Locale.ROOT);
                    physics = switch (p) {
                        case "charm" -> Physics.CHARM;
                        case "lj" -> Physics.LJ;
                        default -> throw new BadArguments("--physics must be charm or lj, not '" + p + "'");
                    };
                }
                case "--print-every" -> printEvery = number(a, value(args, i++));
                case "--map" -> {
                    final String m = value(args, i++).toLowerCase(Locale.ROOT);
                    if (!m.equals("owner") && !m.equals("roundrobin")) {
                        throw new BadArguments("--map must be owner or roundrobin, not '" + m + "'");
                    }
                    roundRobin = m.equals("roundrobin");
                }
                default -> {
                    if (a.startsWith("-") && !a.matches("-\\d+")) {
                        throw new BadArguments("unknown option '" + a + "' (see --help)");
                    }
                    numbers.add(number("argument " + (numbers.size() + 1), a));
                }
            }
        }
        final int n = numbers.size();
        if (n != 0 && n != 3 && n != 4 && n != 6) {
            throw new BadArguments("give X Y Z, X Y Z steps, or X Y Z steps firstLdbStep ldbPeriod; not " + n
                + " numbers " + numbers);
        }
        final int d = Defs.CELLARRAY_DIM;
        return new Config(n > 0 ? numbers.get(0) : d, n > 0 ? numbers.get(1) : d, n > 0 ? numbers.get(2) : d,
            n > 3 ? numbers.get(3) : Defs.DEFAULT_FINALSTEPCOUNT, n > 4 ? numbers.get(4) : Defs.DEFAULT_FIRST_LDB,
            n > 5 ? numbers.get(5) : Defs.DEFAULT_LDB_PERIOD, atomsStart, atomsEnd, physics, lattice, printEvery,
            roundRobin);
    }

    private static String value(final String[] args, final int i) {
        if (i + 1 >= args.length) {
            throw new BadArguments(args[i] + " needs a value (see --help)");
        }
        return args[i + 1];
    }

    private static int number(final String what, final String text) {
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw new BadArguments(what + " must be an integer, not '" + text + "'");
        }
    }

    /** @return cells in all. */
    public int cells() {
        return cellsX * cellsY * cellsZ;
    }

    /**
     * @param x cell x.
     * @param y cell y.
     * @param z cell z.
     * @return the cell's number, x fastest: Charm++'s {@code myid} and its {@code srand48} seed.
     */
    public int cellId(final int x, final int y, final int z) {
        return x + cellsX * (y + z * cellsY);
    }

    /**
     * @param id a cell's number ({@link #cellId}).
     * @return its atoms at the start: Charm++'s {@code START + (myid * (END - START)) / cells}.
     */
    public int atomsOf(final int id) {
        return atomsStart + (int) ((long) id * (atomsEnd - atomsStart) / cells());
    }

    /**
     * @param step 1 to {@link #steps()}.
     * @return whether the cells and computes call {@code atSync()} after this step: from {@link #firstLdbStep()},
     *     every {@link #ldbPeriod()}, not after the last.
     */
    public boolean balancesAfter(final int step) {
        return step >= firstLdbStep && (step - firstLdbStep) % ldbPeriod == 0 && step < steps;
    }

    /**
     * @param step 1 to {@link #steps()}.
     * @return whether atoms move to their new cells after this step (every {@link Defs#MIGRATE_STEPCOUNT}).
     */
    public static boolean migratesAfter(final int step) {
        return step % Defs.MIGRATE_STEPCOUNT == 0;
    }
}
