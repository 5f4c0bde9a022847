package org.charm4j;

/**
 * A program whose entry method on one PE calls {@code System.exit(code)} instead of {@code Charm.exit(code)}, as a
 * user might: that process vanishes while the job runs. {@link ReliabilityJobTest} runs it.
 */
public final class ExitOnItsOwnApp {
    private ExitOnItsOwnApp() {
    }

    /** One per PE. */
    public static class Quitter extends Chare {
        /**
         * Exits the JVM on PE {@code pe}.
         *
         * @param pe   where.
         * @param code the JVM's exit code.
         */
        @Entry
        public void quit(final int pe, final int code) {
            if (Charm.myPe() == pe) {
                System.out.println("PE " + pe + " calls System.exit(" + code + ")");
                System.out.flush();
                System.exit(code);
            }
        }
    }

    /**
     * @param args runtime options, then the PE and the exit code.
     */
    public static void main(final String[] args) {
        Charm.start(args, a -> {
            ExitOnItsOwnApp_QuitterProxy.newGroup().quit(Integer.parseInt(a[0]), Integer.parseInt(a[1]));
            new Future<Void>().get();
        });
    }
}
