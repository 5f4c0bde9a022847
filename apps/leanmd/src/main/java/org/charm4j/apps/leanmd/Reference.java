package org.charm4j.apps.leanmd;

import org.charm4j.Index;

/**
 * LeanMD serially, in one thread and without chares: the same cells, computes, sums and migrations as the parallel
 * run, in a fixed order, so that a run of the chares can be checked against it to the bit. The pair loops are the
 * computes' compiled kernels ({@link ForceKernels}), so the check is of the parallel run's order and data; the
 * kernels are checked against the same loops run as Java in {@code ForcesTest}.
 *
 * <p>Threading: not thread-safe; one run per instance.
 */
public final class Reference {
    private final Config cfg;
    private final Atoms[] atoms;
    private final double[] report;

    /**
     * Runs the whole simulation.
     *
     * @param cfg the run (balancing steps change nothing here).
     */
    public Reference(final Config cfg) {
        this.cfg = cfg;
        final int cells = cfg.cells();
        atoms = new Atoms[cells];
        for (int x = 0; x < cfg.cellsX(); x++) {
            for (int y = 0; y < cfg.cellsY(); y++) {
                for (int z = 0; z < cfg.cellsZ(); z++) {
                    atoms[cfg.cellId(x, y, z)] = Atoms.initial(cfg, x, y, z);
                }
            }
        }
        report = new double[4 * cells];
        for (int step = 1; step <= cfg.steps(); step++) {
            step(step);
        }
    }

    private void step(final int step) {
        final int cells = cfg.cells();
        final int nb = Defs.NUM_NEIGHBORS;
        final double[][] pos = new double[cells][];
        for (int c = 0; c < cells; c++) {
            pos[c] = Layout.toBlocks(atoms[c].positions());
        }
        final double[][][] forces = new double[cells][nb][];
        final double[][] energies = new double[cells][nb];
        for (int x = 0; x < cfg.cellsX(); x++) {
            for (int y = 0; y < cfg.cellsY(); y++) {
                for (int z = 0; z < cfg.cellsZ(); z++) {
                    final int o = cfg.cellId(x, y, z);
                    for (int num = Neighbours.SELF; num < nb; num++) {
                        final Index ci = Neighbours.compute(cfg, x, y, z, num);
                        if (num == Neighbours.SELF) {
                            final double[] f = new double[pos[o].length];
                            energies[o][num] = ForceKernels.self(cfg.physics()).run(pos[o], pos[o].length / 3, f);
                            forces[o][num] = f;
                            continue;
                        }
                        final Index p = Neighbours.partner(cfg, ci);
                        final int q = cfg.cellId(p.x(), p.y(), p.z());
                        final double[] f1 = new double[pos[o].length];
                        final double[] f2 = new double[pos[q].length];
                        energies[o][num] = ForceKernels.pair(cfg.physics()).run(pos[o], pos[o].length / 3,
                            Neighbours.shift(x, p.x(), cfg.cellsX()), Neighbours.shift(y, p.y(), cfg.cellsY()),
                            Neighbours.shift(z, p.z(), cfg.cellsZ()), pos[q], pos[q].length / 3, f1, f2);
                        forces[o][num] = f1;
                        forces[q][nb - 1 - num] = f2;
                    }
                }
            }
        }
        for (int c = 0; c < cells; c++) {
            final double[] total = new double[pos[c].length];
            double potential = 0;
            for (int s = 0; s < nb; s++) {
                for (int k = 0; k < total.length; k++) {
                    total[k] += forces[c][s][k];
                }
                potential += energies[c][s];
            }
            if (step == 1) {
                report[4 * c] = atoms[c].kinetic(cfg.physics());
                report[4 * c + 1] = potential;
            }
            if (step == cfg.steps()) {
                report[4 * c + 2] = atoms[c].kinetic(cfg.physics());
                report[4 * c + 3] = potential;
            }
            atoms[c].integrate(cfg.physics(), Layout.toInterleaved(total));
        }
        if (Config.migratesAfter(step)) {
            final double[][][] arriving = new double[cells][nb][];
            for (int x = 0; x < cfg.cellsX(); x++) {
                for (int y = 0; y < cfg.cellsY(); y++) {
                    for (int z = 0; z < cfg.cellsZ(); z++) {
                        final double[][] out = atoms[cfg.cellId(x, y, z)].leaving(cfg, x, y, z);
                        for (int num = 0; num < nb; num++) {
                            final int d = cfg.cellId(Neighbours.wrap(x + Neighbours.dx(num), cfg.cellsX()),
                                Neighbours.wrap(y + Neighbours.dy(num), cfg.cellsY()),
                                Neighbours.wrap(z + Neighbours.dz(num), cfg.cellsZ()));
                            arriving[d][nb - 1 - num] = out[num];
                        }
                    }
                }
            }
            for (int c = 0; c < cells; c++) {
                for (int s = 0; s < nb; s++) {
                    atoms[c].append(arriving[c][s]);
                }
            }
        }
    }

    /** @return four values per cell, as the cells report them: kinetic and potential at step 1, then at the end. */
    public double[] report() {
        return report.clone();
    }

    /**
     * @param id a cell's number.
     * @return its atoms at the end: count, positions, velocities (as {@link Cell#state()}).
     */
    public double[] state(final int id) {
        final Atoms a = atoms[id];
        final int n = a.count();
        final double[] s = new double[1 + 6 * n];
        s[0] = n;
        System.arraycopy(a.positions(), 0, s, 1, 3 * n);
        System.arraycopy(a.velocities(), 0, s, 1 + 3 * n, 3 * n);
        return s;
    }

    /** @return atoms in the box (they never disappear). */
    public int atoms() {
        int n = 0;
        for (final Atoms a : atoms) {
            n += a.count();
        }
        return n;
    }
}
