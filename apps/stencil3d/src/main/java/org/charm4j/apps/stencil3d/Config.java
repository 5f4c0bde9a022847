package org.charm4j.apps.stencil3d;

import java.io.Serializable;
import java.util.Locale;

/**
 * The parsed command line of stencil3d: Charm++'s {@code array_size block_size} (or the six sizes), plus charm4j's
 * options. Immutable; it travels to every block, as Charm++'s readonly globals do.
 *
 * <p>Threading: immutable, any thread.
 *
 * @param arrayX     grid points in x ({@code array_size_X}).
 * @param arrayY     grid points in y.
 * @param arrayZ     grid points in z.
 * @param blockX     points of one block in x ({@code block_size_X}).
 * @param blockY     points of one block in y.
 * @param blockZ     points of one block in z.
 * @param iterations how many iterations run (Charm++'s {@code MAX_ITER}, 100).
 * @param uneven     whether the update repeats a number of times that depends on the block's index and the
 *                   iteration (Charm++'s deliberately uneven work), or runs once per iteration.
 * @param check      whether the whole grid is compared with a serial reference at the end.
 * @param kernel     which update runs: {@code plain} (the {@link Update#sweep} kernel) or {@code vector}.
 * @param quiet      whether the per-iteration lines are left out.
 */
public record Config(int arrayX, int arrayY, int arrayZ, int blockX, int blockY, int blockZ, int iterations,
                     boolean uneven, boolean check, String kernel, boolean quiet) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Charm++'s {@code MAX_ITER}. */
    public static final int MAX_ITER = 100;
    /** Iterations in check mode unless {@code --iterations} says otherwise: they cross two balancing steps. */
    public static final int CHECK_ITER = 12;
    /** Charm++'s {@code LBPERIOD_ITER}: {@code AtSync} every this many iterations. */
    public static final int LBPERIOD_ITER = 5;
    /** The size of the grid and of a block when no sizes are given: {@code 128 32}. */
    public static final int DEFAULT_ARRAY = 128;
    /** See {@link #DEFAULT_ARRAY}. */
    public static final int DEFAULT_BLOCK = 32;

    /** The usage text of {@code --help}. */
    public static final String USAGE = """
        Usage: charmrun [runtime options] stencil3d [array_size block_size] [options]
           or: charmrun [runtime options] stencil3d array_size_X array_size_Y array_size_Z \
        block_size_X block_size_Y block_size_Z [options]
        Charm++'s stencil3d (examples/charm++/load_balancing/stencil3d): a 3D grid cut into blocks, one chare per
        block, a 7-point Jacobi update per iteration with ghost faces from the six neighbours (periodic), a barrier
        per iteration and AtSync load balancing every 5 iterations. Sizes default to 128 32.
        Options:
          --iterations N, -i N   iterations to run (default 100; 12 with --check)
          --uniform              one update per iteration (turns Charm++'s uneven work off: pure stencil speed)
          --check                compare the whole grid at the end with a serial Java reference, to the last bit
          --kernel plain|vector  the update: the plain @Kernel loop (default) or the Vector API kernel Jacobi7
          --quiet, -q            leave out the per-iteration lines
          --help, -h             this text
        Runtime options of interest: +p N, ++ppn K, +balancer NAME (OrbLB if none; GreedyLB, RefineLB, ...),
        +LBOff, +LBPeriod S, +LBDebug 1.
        Example: charmrun +p2 stencil3d 128 32 +balancer RefineLB
        """;

    /** Thrown for a command line that cannot run; its message says what is wrong. */
    public static final class BadArguments extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadArguments(final String message) {
            super(message);
        }
    }

    /**
     * Checks the sizes as Charm++ does.
     *
     * @throws BadArguments if a block does not divide the grid, or a size is not positive.
     */
    public Config {
        final int[] a = {arrayX, arrayY, arrayZ};
        final int[] b = {blockX, blockY, blockZ};
        final String[] axis = {"X", "Y", "Z"};
        for (int d = 0; d < 3; d++) {
            if (a[d] < 1 || b[d] < 1) {
                throw new BadArguments("sizes must be positive: array_size_" + axis[d] + " " + a[d] + ", block_size_"
                    + axis[d] + " " + b[d]);
            }
            if (a[d] < b[d] || a[d] % b[d] != 0) {
                throw new BadArguments("array_size_" + axis[d] + " % block_size_" + axis[d] + " != 0: " + a[d]
                    + " is not a multiple of " + b[d]);
            }
        }
        if (iterations < 1) {
            throw new BadArguments("--iterations must be at least 1, not " + iterations);
        }
        if (!kernel.equals("plain") && !kernel.equals("vector")) {
            throw new BadArguments("--kernel must be plain or vector, not '" + kernel + "'");
        }
        final long blockPoints = (long) (blockX + 2) * (blockY + 2) * (blockZ + 2);
        if (blockPoints > Integer.MAX_VALUE - 8) {
            throw new BadArguments("a block of " + blockX + " x " + blockY + " x " + blockZ + " is too large");
        }
    }

    /**
     * Parses the program's arguments (those left after the runtime's options).
     *
     * @param args none (128 32), two sizes, or six, and the options of {@link #USAGE}.
     * @return the configuration; {@code null} if {@code --help} was asked.
     * @throws BadArguments with what is wrong.
     */
    public static Config parse(final String... args) {
        final java.util.List<Integer> sizes = new java.util.ArrayList<>();
        int iterations = 0;
        boolean iterationsGiven = false;
        boolean uneven = true;
        boolean check = false;
        boolean quiet = false;
        String kernel = "plain";
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--uniform" -> uneven = false;
                case "--check" -> check = true;
                case "--quiet", "-q" -> quiet = true;
                case "--iterations", "-i" -> {
                    iterations = number(a, value(args, i++));
                    iterationsGiven = true;
                }
                case "--kernel" -> kernel = value(args, i++).toLowerCase(Locale.ROOT);
                default -> {
                    if (a.startsWith("-")) {
                        throw new BadArguments("unknown option '" + a + "' (see --help)");
                    }
                    sizes.add(number("size", a));
                }
            }
        }
        final int[] s;
        switch (sizes.size()) {
            case 0 -> s = new int[] {DEFAULT_ARRAY, DEFAULT_ARRAY, DEFAULT_ARRAY, DEFAULT_BLOCK, DEFAULT_BLOCK,
                DEFAULT_BLOCK};
            case 2 -> s = new int[] {sizes.get(0), sizes.get(0), sizes.get(0), sizes.get(1), sizes.get(1),
                sizes.get(1)};
            case 6 -> s = sizes.stream().mapToInt(Integer::intValue).toArray();
            default -> throw new BadArguments("give [array_size] [block_size] or [array_size_X] [array_size_Y]"
                + " [array_size_Z] [block_size_X] [block_size_Y] [block_size_Z], not " + sizes.size() + " sizes "
                + sizes);
        }
        return new Config(s[0], s[1], s[2], s[3], s[4], s[5],
            iterationsGiven ? iterations : check ? CHECK_ITER : MAX_ITER,
            uneven, check, kernel, quiet);
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

    /** @return chares in x ({@code num_chare_x}). */
    public int charesX() {
        return arrayX / blockX;
    }

    /** @return chares in y. */
    public int charesY() {
        return arrayY / blockY;
    }

    /** @return chares in z. */
    public int charesZ() {
        return arrayZ / blockZ;
    }

    /** @return chares in all. */
    public int chares() {
        return charesX() * charesY() * charesZ();
    }

    /** @return points of the grid. */
    public long points() {
        return (long) arrayX * arrayY * arrayZ;
    }

    /** @return points of one block (without ghosts). */
    public long blockPoints() {
        return (long) blockX * blockY * blockZ;
    }

    /**
     * @param iteration 1 to {@link #iterations()}.
     * @return whether the blocks call {@code atSync()} after this iteration (every {@link #LBPERIOD_ITER}, not the
     *     last).
     */
    public boolean balancesAfter(final int iteration) {
        return iteration % LBPERIOD_ITER == 0 && iteration < iterations;
    }
}
