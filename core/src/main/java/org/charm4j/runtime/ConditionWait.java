package org.charm4j.runtime;

import java.util.function.BooleanSupplier;
import org.charm4j.Chare;

/**
 * A threaded entry method waiting in {@code waitFor(condition)} until a condition on its chare holds: its PE checks
 * the condition after each entry method of the element and resumes the task once it holds (or throws).
 *
 * <p>Threading: created and waited on by the task's thread; checked and released on the element's PE thread, while
 * the task is parked.
 */
public final class ConditionWait {
    final BooleanSupplier condition;
    final ThreadedTask task;
    boolean met;
    Throwable failure;

    private ConditionWait(final BooleanSupplier condition, final ThreadedTask task) {
        this.condition = condition;
        this.task = task;
    }

    /**
     * Blocks the calling threaded entry method of {@code chare} until {@code condition} holds.
     *
     * @param chare     the chare whose entry method waits.
     * @param e         its record.
     * @param condition the condition, on the chare's state.
     * @throws IllegalStateException if not called in a threaded entry method of that chare.
     */
    public static void await(final Chare chare, final Element e, final BooleanSupplier condition) {
        java.util.Objects.requireNonNull(condition, "condition");
        final ThreadedTask task = Blocking.checkMayBlock("waitFor(condition)");
        if (task == null || task.element != e) {
            throw new IllegalStateException("waitFor(condition) is for a threaded entry method of " + Pe.describe(e)
                + " itself, on its PE; it was called " + (task == null ? "outside the runtime" : "in a threaded"
                + " method of " + Pe.describe(task.element)));
        }
        if (condition.getAsBoolean()) {
            return;
        }
        final ConditionWait w = new ConditionWait(condition, task);
        if (e.waiters == null) {
            e.waiters = new java.util.ArrayList<>(2);
        }
        e.waiters.add(w);
        while (!w.met) {
            task.block();
        }
        if (w.failure instanceof RuntimeException r) {
            throw r;
        } else if (w.failure instanceof Error err) {
            throw err;
        } else if (w.failure != null) {
            throw new org.charm4j.CharmException("the condition of waitFor() threw " + w.failure, w.failure);
        }
    }

    /** @return whether it holds now (or threw); the PE thread, while the task is parked. */
    boolean check() {
        try {
            return condition.getAsBoolean();
        } catch (final Throwable t) {
            failure = t;
            return true;
        }
    }
}
