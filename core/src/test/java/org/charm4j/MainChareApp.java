package org.charm4j;

/**
 * A program whose main is a chare, as in charm4py ({@code charm.start(Main)}): its constructor waits on a future
 * (it runs threaded), its workers send their reduction to it, and a call that reaches it before its constructor
 * returns waits for it. It prints {@code ok main chare} and exits 0 when all went as expected.
 */
public final class MainChareApp {
    static final int WORKERS = 6;

    private MainChareApp() {
    }

    /** The main chare. */
    public static class App extends Chare {
        private final MainChareApp_WorkerProxy workers;
        private final boolean constructed;
        private int square;

        /**
         * @param args the program's arguments.
         */
        public App(final String[] args) {
            final MainChareApp_AppProxy.Element me = MainChareApp_AppProxy.elementOf(this);
            workers = MainChareApp_WorkerProxy.newArray(WORKERS, me);
            // threaded: the constructor may wait; the workers' reduction to total() arrives meanwhile and waits
            square = workers.at(WORKERS - 1).square(7).get();
            final MainChareApp_AppProxy proxy = thisProxy();
            if (!proxy.at(0).equals(me) || Charm.myPe() != 0) {
                Charm.abort("the main chare is not element [0] of its collection on PE 0");
            }
            constructed = true;
        }

        /**
         * The workers' reduction.
         *
         * @param total the sum of their indices.
         */
        @Entry
        public void total(final int total) {
            if (!constructed || square != 49 || total != WORKERS * (WORKERS - 1) / 2) {
                Charm.abort("main chare: constructed=" + constructed + " square=" + square + " total=" + total);
                return;
            }
            System.out.println("ok main chare");
            workers.finish();
        }
    }

    /** Workers that report to the main chare from their constructors. */
    public static class Worker extends Chare {
        /**
         * @param main the main chare.
         */
        public Worker(final MainChareApp_AppProxy.Element main) {
            contribute(thisIndex().x(), Reducer.SUM, main::total);
        }

        @Entry
        public int square(final int x) {
            return x * x;
        }

        /** The last barrier ends the job: {@code Charm::exit} is a barrier's target. */
        @Entry
        public void finish() {
            contribute(Reducer.NOP, Charm::exit);
        }
    }

    /**
     * @param args runtime options.
     */
    public static void main(final String[] args) {
        Charm.start(args, App.class);
    }
}
