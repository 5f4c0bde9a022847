package org.charm4j.apps.leanmd;

/**
 * The two physics LeanMD can run: the pair loops ({@link Forces}) and the integration that goes with them. Both use
 * Charm++'s update order (velocity from the force, the limit on each component, then position from the velocity).
 *
 * <ul>
 *   <li>{@link #CHARM}: Charm++'s {@code physics.h} and {@code Cell::updateProperties} as they are: mass in grams,
 *       a time step of {@code 1e-15}, velocities limited to {@link Defs#MAX_VELOCITY}. Its "force" is not the
 *       gradient of an energy (and within a cell it has the opposite sign), so it does not conserve energy: it runs
 *       Charm++'s numbers, for the same work as Charm++.</li>
 *   <li>{@link #LJ}: forces are minus the gradient of the Lennard-Jones energy of the same {@code VDW_A},
 *       {@code VDW_B}, in SI units; the mass {@code HYDROGEN_MASS} grams; velocities in Angstrom per femtosecond
 *       (initial ones and the limit scaled by {@link Defs#LJ_MAX_VELOCITY}, as in the LeanMD mini-app); a time step
 *       of {@link Defs#DEFAULT_DELTA} femtosecond. Semi-implicit Euler, so total energy is conserved up to a bounded
 *       error while no velocity reaches the limit.</li>
 * </ul>
 *
 * <p>Threading: immutable; any thread.
 */
public enum Physics {
    /** Charm++'s arithmetic. */
    CHARM(Defs.MAX_VELOCITY, 1 / Defs.HYDROGEN_MASS, Defs.DEFAULT_DELTA * 1e-15, Defs.DEFAULT_DELTA * 1e-15, 1e-10),
    /** Conservative Lennard-Jones, velocities in Angstrom/fs. */
    LJ(Defs.LJ_MAX_VELOCITY, 1 / (Defs.HYDROGEN_MASS * Defs.KG_PER_G), Defs.DEFAULT_DELTA * 1e-20, Defs.DEFAULT_DELTA,
        1e5);

    private final double maxVelocity;
    private final double invMass;
    private final double kick;
    private final double drift;
    private final double toMetresPerSecond;

    Physics(final double maxVelocity, final double invMass, final double kick, final double drift,
            final double toMetresPerSecond) {
        this.maxVelocity = maxVelocity;
        this.invMass = invMass;
        this.kick = kick;
        this.drift = drift;
        this.toMetresPerSecond = toMetresPerSecond;
    }

    /** @return the limit of each velocity component, and the scale of the initial velocities. */
    public double maxVelocity() {
        return maxVelocity;
    }

    /**
     * One step of Charm++'s {@code updateProperties} on {@code n} atoms.
     *
     * @param n      atoms.
     * @param pos    positions, updated.
     * @param vel    velocities, updated.
     * @param forces the forces on the atoms.
     */
    public void integrate(final int n, final double[] pos, final double[] vel, final double[] forces) {
        final double limit = maxVelocity;
        for (int k = 0; k < 3 * n; k++) {
            double v = vel[k] + forces[k] * invMass * kick;
            if (Math.abs(v) > limit) {
                v = v < 0.0 ? -limit : limit;
            }
            vel[k] = v;
            pos[k] += v * drift;
        }
    }

    /**
     * @param n   atoms.
     * @param vel their velocities.
     * @return their kinetic energy, joules.
     */
    public double kinetic(final int n, final double[] vel) {
        final double m = Defs.HYDROGEN_MASS * Defs.KG_PER_G;
        double sum = 0;
        for (int k = 0; k < 3 * n; k++) {
            final double v = vel[k] * toMetresPerSecond;
            sum += v * v;
        }
        return 0.5 * m * sum;
    }
}
