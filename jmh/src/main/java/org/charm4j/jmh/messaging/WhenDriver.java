package org.charm4j.jmh.messaging;

import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.When;

/** Sends itself tag-matched {@code @When} calls for {@link WhenBenchmark}: all held, then released in a cascade. */
public class WhenDriver extends Chare {
    int iter;
    private int last = -1;
    private Future<Void> done;

    /**
     * Sends {@code n} calls tagged {@code n-1} down to 0 (held until their turn: every one but the last is held
     * when it arrives), or 0 up to {@code n-1} (none is held).
     *
     * @param n        calls.
     * @param reversed whether they go in reverse order.
     * @param finished completed once all ran.
     */
    @Entry
    public void flood(final int n, final boolean reversed, final Future<Void> finished) {
        iter = 0;
        last = n - 1;
        done = finished;
        final WhenDriverProxy.Element me = WhenDriverProxy.elementOf(this);
        for (int i = 0; i < n; i++) {
            me.step(reversed ? n - 1 - i : i);
        }
    }

    /** @param iter the call's tag: it runs when it is the driver's iteration. */
    @Entry
    @When("iter == this.iter")
    public void step(final int iter) {
        if (iter == last) {
            done.complete(null);
        }
        this.iter++;
    }

    /** Ends the job. */
    @Entry
    public void stop() {
        Charm.exit();
    }
}
