package org.charm4j;

import static org.charm4j.CheckLog.check;
import static org.charm4j.CheckLog.get;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code @When}, {@code waitFor}, threaded constructors and {@code created()}, as a program of checks ({@link
 * WhenTest} in one process and over in-JVM nodes, {@link MultiProcessJobTest} as real processes).
 */
public final class WhenChecks {
    private WhenChecks() {
    }

    /** Steps through iterations: a call for a later iteration waits until its turn. */
    public static class Stepper extends Chare {
        int iter;
        int budget;
        final List<String> log = new ArrayList<>();

        /** The tag match: runs only for the current iteration. */
        @Entry
        @When("iter == this.iter")
        public void step(final int iter, final String what) {
            log.add(iter + what);
            this.iter++;
        }

        /** A general condition over state and an argument. */
        @Entry
        @When("this.budget >= cost")
        public void spend(final int cost) {
            budget -= cost;
            log.add("spent " + cost);
        }

        @Entry
        public void give(final int amount) {
            budget += amount;
        }

        /** Waits in a threaded entry method until enough iterations ran. */
        @Threaded
        @Entry
        public String awaitIter(final int target) {
            waitFor(() -> this.iter >= target);
            return "iter " + iter + " on PE " + Charm.myPe();
        }

        @Entry
        public List<String> log() {
            return new ArrayList<>(log);
        }

        @Entry
        public int iter() {
            return iter;
        }

        /** Moves to another PE (the held calls go with it). */
        @Entry
        public void moveTo(final int pe) {
            migrateMe(pe);
        }

        @Entry
        public int pe() {
            return Charm.myPe();
        }

        /** Broadcast with a condition: each element runs it once its own iteration reaches the argument. */
        @Entry
        @When("this.iter >= at")
        public int reached(final int at) {
            return thisIndex().x() * 100 + iter;
        }

        /** Blocks, not being threaded: the error names the method. */
        @Entry
        public String notThreaded() {
            try {
                waitFor(() -> true);
                return "no error";
            } catch (final IllegalStateException e) {
                return e.getMessage();
            }
        }
    }

    /** A threaded constructor that waits on another collection's future before it is built. */
    public static class Slow extends Chare {
        final String made;
        final List<String> calls = new ArrayList<>();

        @Threaded
        public Slow(final WhenChecks_StepperProxy other, final int iter) {
            // the stepper's element 0 answers once it reached that iteration
            this.made = get(other.at(0).awaitIter(iter));
            calls.add("constructed");
        }

        @Entry
        public void call(final int i) {
            calls.add("call " + i);
        }

        @Entry
        public List<String> calls() {
            return new ArrayList<>(calls);
        }
    }

    static void all() {
        final int p = Charm.numPes();
        final var steppers = WhenChecks_StepperProxy.newArray(p);
        final var s = steppers.at(p - 1);
        for (int i = 9; i >= 0; i--) {
            s.step(i, i % 2 == 0 ? "a" : "b");
        }
        final List<String> log = get(s.log());
        final List<String> want = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            want.add(i + (i % 2 == 0 ? "a" : "b"));
        }
        check(log.equals(want), "@When tag match: calls sent in reverse run in iteration order", log);

        s.spend(5);
        s.spend(2);
        s.give(1);
        s.give(1);
        final List<String> afterTwo = get(s.log());
        s.give(5);
        final List<String> afterAll = get(s.log());
        check(afterTwo.subList(10, afterTwo.size()).equals(List.of("spent 2"))
            && afterAll.subList(10, afterAll.size()).equals(List.of("spent 2", "spent 5")),
            "@When general condition: a call runs once the state allows, the others stay held",
            afterAll.subList(10, afterAll.size()));

        final Future<String> waiter = s.awaitIter(14);
        for (int i = 13; i >= 10; i--) {
            s.step(i, "w");
        }
        check(get(waiter).startsWith("iter 14"), "waitFor(condition) in a threaded entry method resumes once it holds",
            get(waiter));
        final String err = get(s.notThreaded());
        check(err.contains("Stepper") && err.contains("@Threaded") && err.contains("PE " + (p - 1)),
            "waitFor outside a threaded entry method fails, naming the chare, PE and fix", err);

        // held calls move with their element, also to another process, and run there in order
        final var m = WhenChecks_StepperProxy.newArray(1).at(0);
        for (int i = 7; i >= 1; i--) {
            m.step(i, "m");
        }
        final int dest = p - 1;
        m.moveTo(dest);
        check(get(m.pe()) == dest, "an element holding calls migrates", "PE " + get(m.pe()));
        m.step(0, "m");
        final List<String> moved = get(m.log());
        final List<String> wantMoved = new ArrayList<>();
        for (int i = 0; i <= 7; i++) {
            wantMoved.add(i + "m");
        }
        check(moved.equals(wantMoved), "held calls travel with a migrating element and run in order there", moved);

        // a broadcast with a condition: each element runs it when its own state allows; gather in index order
        final Future<List<Integer>> reached = steppers.gather().reached(8);
        for (int e = 0; e < p; e++) {
            for (int i = get(steppers.at(e).iter()); i < 8; i++) {
                steppers.at(e).step(i, "x");
            }
        }
        final List<Integer> r = get(reached);
        boolean inOrder = r.size() == p;
        for (int e = 0; e < r.size(); e++) {
            inOrder &= r.get(e) / 100 == e && r.get(e) % 100 >= 8;
        }
        check(inOrder, "a broadcast held by @When runs on each element once its condition holds", r);

        // threaded constructors: built after waiting on another collection; calls sent right away wait for them
        final var fresh = WhenChecks_StepperProxy.newArray(1);
        final var slow = WhenChecks_SlowProxy.newArray(new int[] {2 * p}, fresh, 3);
        final Future<Void> built = slow.created();
        slow.at(2 * p - 1).call(1);
        slow.at(0).call(2);
        check(!built.isDone(), "created() waits for threaded constructors that block", "");
        for (int i = 2; i >= 0; i--) {
            fresh.at(0).step(i, "c");
        }
        get(built);
        final List<String> c0 = get(slow.at(0).calls());
        final List<String> cl = get(slow.at(2 * p - 1).calls());
        check(c0.equals(List.of("constructed", "call 2")) && cl.equals(List.of("constructed", "call 1")),
            "a threaded constructor blocks on another collection's future; calls sent at once run after it", c0 + " "
            + cl);
        final var group = WhenChecks_StepperProxy.newGroup();
        get(group.created());
        check(get(group.gather().iter()).size() == p, "created() of a group completes once every PE built it", "");
    }

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            CheckLog.reset();
            all();
            CheckLog.finish("when");
        });
    }
}
