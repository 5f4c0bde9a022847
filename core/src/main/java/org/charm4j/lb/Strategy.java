package org.charm4j.lb;

/**
 * A load-balancing strategy: from the measured loads, where each element goes. Register one by name with
 * {@link Strategies#register} (in {@code main}, in the process of PE 0, which runs every step), or name its class
 * with {@code +balancer com.example.MyLB} (a public class with a public no-argument constructor).
 *
 * <pre>{@code
 * Strategies.register("EvenOddLB", in -> {
 *     final int[] to = in.pe().clone();
 *     for (int i = 0; i < to.length; i++) if (in.migratable()[i]) to[i] = in.index()[i].x() % in.numPes();
 *     return to;
 * });
 * }</pre>
 *
 * <p>Threading: called on PE 0 only, one step at a time.
 */
@FunctionalInterface
public interface Strategy {
    /**
     * @param in the elements, their loads and PEs.
     * @return a PE per element, in {@code in}'s order; an element that is not migratable must keep its PE.
     */
    int[] assign(LbInput in);
}
