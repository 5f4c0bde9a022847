package org.charm4j.examples.hello;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Reducer;

/** Hello world: a Group of Hello chares; main broadcasts sayHi; a barrier reaches done() on element 0, which exits. */
public class Hello extends Chare {
    /**
     * Prints a greeting from this PE and joins the barrier.
     *
     * @param a an int
     * @param b a double
     * @param c a string
     */
    @Entry
    public void sayHi(int a, double b, String c) {
        System.out.println("Hello from PE " + Charm.myPe() + " vals=[" + a + ", " + b + ", " + c + "]");
        contribute(Reducer.BARRIER, HelloProxy.of(this).at(0)::done);
    }

    /** Every element said hi: end the job. */
    @Entry
    public void done() {
        Charm.exit();
    }

    /**
     * @param args runtime options such as {@code +p4}
     */
    public static void main(String[] args) {
        Charm.start(args, a -> HelloProxy.newGroup().sayHi(1, 2.33, "hi"));
    }
}
