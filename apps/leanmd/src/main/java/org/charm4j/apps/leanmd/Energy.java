package org.charm4j.apps.leanmd;

/**
 * Sums the cells' energies in cell order, so that the totals do not depend on how a reduction grouped them.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Energy {
    private Energy() {
    }

    /**
     * @param report four values per cell: kinetic and potential energy at step 1, then at the last step.
     * @return the four totals, in the same order.
     */
    public static double[] totals(final double[] report) {
        final double[] t = new double[4];
        for (int c = 0; c < report.length / 4; c++) {
            for (int k = 0; k < 4; k++) {
                t[k] += report[4 * c + k];
            }
        }
        return t;
    }
}
