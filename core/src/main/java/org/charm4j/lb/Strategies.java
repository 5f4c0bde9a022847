package org.charm4j.lb;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Charm++'s load-balancing strategies, by the names {@code +balancer} takes: {@code GreedyLB} (heaviest element first
 * onto the least loaded PE, ignoring where elements are), {@code RefineLB} (moves few elements: from PEs above the
 * mean by more than 5% to the least loaded ones), {@code GreedyRefineLB} (greedy, but an element stays where it is if
 * its PE can take it within 5% of the mean), {@code OrbLB} (orthogonal recursive bisection of the elements' indices
 * by load: each PE gets a compact box of neighbouring elements, which keeps a stencil's faces on one PE and moves only
 * the elements near the cuts when loads shift), {@code RotateLB} (every migratable element to the next PE: for tests),
 * {@code RandomLB} (each to a random PE: for tests), {@code DummyLB} (moves nothing), and a program's own.
 *
 * <p>Threading: any thread; the registry is concurrent.
 */
public final class Strategies {
    /** How far above the mean load a PE may stay for RefineLB and GreedyRefineLB. */
    static final double TOLERANCE = 1.05;
    /**
     * How far OrbLB lets a cut miss its target, as a fraction of the mean load of one PE of the part being cut, to
     * move fewer elements: without it, noise in measured loads moves the elements at a cut back and forth at every
     * step. On 2 PEs the busier ends within about this fraction above the mean; the misses of the levels of a larger
     * job add up to less than twice it (each is spread over the PEs below the cut).
     */
    static final double ORB_SLACK = 0.05;

    private static final Map<String, Strategy> REGISTERED = new ConcurrentHashMap<>();
    private static final Map<String, Strategy> BUILT_IN = Map.of(
        "greedylb", Strategies::greedy,
        "refinelb", Strategies::refine,
        "greedyrefinelb", Strategies::greedyRefine,
        "orblb", Strategies::orb,
        "rotatelb", Strategies::rotate,
        "randomlb", Strategies::random,
        "dummylb", in -> in.pe().clone());

    private Strategies() {
    }

    /**
     * Registers a strategy under a name for {@code +balancer NAME}.
     *
     * @param name     the name (case-insensitive); not a built-in one.
     * @param strategy the strategy.
     */
    public static void register(final String name, final Strategy strategy) {
        final String key = name.toLowerCase(Locale.ROOT);
        if (BUILT_IN.containsKey(key)) {
            throw new IllegalArgumentException("'" + name + "' is a built-in strategy");
        }
        REGISTERED.put(key, java.util.Objects.requireNonNull(strategy, "strategy"));
    }

    /**
     * Checks a name that {@code +balancer} got: a built-in name, or a class name (with a dot), looked up at first use.
     *
     * @param name the name.
     * @throws IllegalArgumentException naming the strategies known.
     */
    public static void check(final String name) {
        final String key = name.toLowerCase(Locale.ROOT);
        if (!BUILT_IN.containsKey(key) && !REGISTERED.containsKey(key) && !name.contains(".")
            && !key.endsWith("lb")) {
            throw new IllegalArgumentException("+balancer takes GreedyLB, RefineLB, GreedyRefineLB, OrbLB, RotateLB,"
                + " RandomLB, DummyLB, a name given to Strategies.register, or a class implementing "
                + Strategy.class.getName() + "; not '" + name + "'");
        }
    }

    /**
     * @param name a built-in or registered name, or a class implementing {@link Strategy}.
     * @return the strategy.
     * @throws IllegalArgumentException if there is none of that name.
     */
    public static Strategy byName(final String name) {
        final String key = name.toLowerCase(Locale.ROOT);
        Strategy s = BUILT_IN.get(key);
        if (s == null) {
            s = REGISTERED.get(key);
        }
        if (s != null) {
            return s;
        }
        try {
            final Class<?> c = Class.forName(name, true, Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Strategies.class.getClassLoader());
            final Strategy made = (Strategy) c.getConstructor().newInstance();
            REGISTERED.put(key, made);
            return made;
        } catch (final ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("+balancer " + name + ": no built-in or registered strategy of that name,"
                + " and no public class implementing " + Strategy.class.getName() + " with a public no-argument"
                + " constructor (" + e + ")", e);
        }
    }

    /** @return the elements that may move, heaviest first (ties by position, so every run agrees). */
    private static Integer[] migratableByLoad(final LbInput in) {
        int n = 0;
        for (final boolean m : in.migratable()) {
            n += m ? 1 : 0;
        }
        final Integer[] order = new Integer[n];
        for (int i = 0, k = 0; i < in.size(); i++) {
            if (in.migratable()[i]) {
                order[k++] = i;
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(in.load()[b], in.load()[a]));
        return order;
    }

    /** PEs in a heap by load, least loaded on top (ties by PE number). */
    private static PriorityQueue<double[]> peHeap(final double[] loads) {
        final PriorityQueue<double[]> heap = new PriorityQueue<>(Math.max(1, loads.length),
            (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        for (int p = 0; p < loads.length; p++) {
            heap.add(new double[] {loads[p], p});
        }
        return heap;
    }

    /** Background and elements that cannot move stay; the others go heaviest first to the least loaded PE. */
    static int[] greedy(final LbInput in) {
        final int[] to = in.pe().clone();
        final double[] loads = in.background().clone();
        for (int i = 0; i < in.size(); i++) {
            if (!in.migratable()[i]) {
                loads[to[i]] += in.load()[i];
            }
        }
        final PriorityQueue<double[]> heap = peHeap(loads);
        for (final int i : migratableByLoad(in)) {
            final double[] least = heap.poll();
            to[i] = (int) least[1];
            least[0] += in.load()[i];
            heap.add(least);
        }
        return to;
    }

    /** Greedy, but an element stays on its PE while that PE stays within {@link #TOLERANCE} of the mean. */
    static int[] greedyRefine(final LbInput in) {
        final int[] to = in.pe().clone();
        final double[] loads = in.background().clone();
        double total = 0;
        for (int i = 0; i < in.size(); i++) {
            total += in.load()[i];
            if (!in.migratable()[i]) {
                loads[to[i]] += in.load()[i];
            }
        }
        for (final double b : in.background()) {
            total += b;
        }
        final double limit = TOLERANCE * total / in.numPes();
        final Integer[] order = migratableByLoad(in);
        final boolean[] placed = new boolean[in.size()];
        for (final int i : order) {
            if (loads[to[i]] + in.load()[i] <= limit) {
                loads[to[i]] += in.load()[i];
                placed[i] = true;
            }
        }
        final PriorityQueue<double[]> heap = peHeap(loads);
        for (final int i : order) {
            if (!placed[i]) {
                final double[] least = heap.poll();
                to[i] = (int) least[1];
                least[0] += in.load()[i];
                heap.add(least);
            }
        }
        return to;
    }

    /**
     * From where elements are: while a PE is above {@link #TOLERANCE} times the mean, moves its heaviest element
     * that fits onto the least loaded PE without putting that one above the limit.
     */
    static int[] refine(final LbInput in) {
        final int[] to = in.pe().clone();
        final double[] loads = in.peLoads(to);
        double total = 0;
        for (final double l : loads) {
            total += l;
        }
        final double limit = TOLERANCE * total / in.numPes();
        // each PE's migratable elements, heaviest first
        final int[][] byPe = new int[in.numPes()][];
        final int[] counts = new int[in.numPes()];
        for (int i = 0; i < in.size(); i++) {
            if (in.migratable()[i]) {
                counts[to[i]]++;
            }
        }
        for (int p = 0; p < in.numPes(); p++) {
            byPe[p] = new int[counts[p]];
            counts[p] = 0;
        }
        for (final int i : migratableByLoad(in)) {
            byPe[to[i]][counts[to[i]]++] = i;
        }
        final Integer[] heavy = new Integer[in.numPes()];
        for (int p = 0; p < heavy.length; p++) {
            heavy[p] = p;
        }
        Arrays.sort(heavy, (a, b) -> Double.compare(loads[b], loads[a]));
        for (final int p : heavy) {
            if (loads[p] <= limit) {
                break;
            }
            for (final int i : byPe[p]) {
                if (loads[p] <= limit) {
                    break;
                }
                final double l = in.load()[i];
                int q = 0;
                for (int k = 1; k < loads.length; k++) {
                    if (loads[k] < loads[q]) {
                        q = k;
                    }
                }
                if (q != p && loads[q] + l <= limit) {
                    to[i] = q;
                    loads[q] += l;
                    loads[p] -= l;
                }
            }
        }
        return to;
    }

    /**
     * Orthogonal recursive bisection (Charm++'s OrbLB): the PEs are halved, the migratable elements are cut along the
     * dimension of their indices with the largest extent so that each half of the PEs gets its share of the total load
     * (its background and non-migratable elements counted as already there), and each half is cut again until a part
     * has one PE. Elements are ordered along the cut by that coordinate, then the others in order, then their position
     * in the input, so equal inputs give equal cuts. Of the cuts within {@link #ORB_SLACK} of one PE's mean load of
     * the left part's share (or the closest one, if none is), the one that moves the fewest elements from where they
     * are is taken, so that noise in the measured loads does not move elements back and forth. Elements of several
     * collections share one coordinate space (missing dimensions read as 0); when no element has any load the cuts
     * split by count.
     */
    static int[] orb(final LbInput in) {
        final int[] to = in.pe().clone();
        final double[] fixed = in.background().clone();
        int dims = 1;
        int n = 0;
        for (int i = 0; i < in.size(); i++) {
            if (in.migratable()[i]) {
                dims = Math.max(dims, in.index()[i].dims());
                n++;
            } else {
                fixed[to[i]] += in.load()[i];
            }
        }
        final int[] elements = new int[n];
        final int[][] coords = new int[in.size()][];
        for (int i = 0, k = 0; i < in.size(); i++) {
            if (in.migratable()[i]) {
                elements[k++] = i;
                coords[i] = new int[dims];
                for (int d = 0; d < in.index()[i].dims(); d++) {
                    coords[i][d] = in.index()[i].get(d);
                }
            }
        }
        bisect(in.load(), coords, fixed, in.pe(), elements, 0, n, 0, in.numPes(), to);
        return to;
    }

    /** Assigns {@code elements[from, until)} to the PEs {@code [peLo, peHi)}; reorders that part of the array. */
    private static void bisect(final double[] load, final int[][] coords, final double[] fixed, final int[] current,
                               final int[] elements, final int from, final int until, final int peLo, final int peHi,
                               final int[] to) {
        if (peHi - peLo == 1 || until == from) {
            for (int k = from; k < until; k++) {
                to[elements[k]] = peLo;
            }
            return;
        }
        final int peMid = (peLo + peHi) >>> 1;
        final int dims = coords[elements[from]].length;
        int cutDim = 0;
        int widest = -1;
        for (int d = 0; d < dims; d++) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int k = from; k < until; k++) {
                lo = Math.min(lo, coords[elements[k]][d]);
                hi = Math.max(hi, coords[elements[k]][d]);
            }
            if (hi - lo > widest) {
                widest = hi - lo;
                cutDim = d;
            }
        }
        final int dim = cutDim;
        final Integer[] order = new Integer[until - from];
        for (int k = from; k < until; k++) {
            order[k - from] = elements[k];
        }
        Arrays.sort(order, (a, b) -> {
            int c = Integer.compare(coords[a][dim], coords[b][dim]);
            for (int d = 0; c == 0 && d < dims; d++) {
                c = d == dim ? 0 : Integer.compare(coords[a][d], coords[b][d]);
            }
            return c != 0 ? c : Integer.compare(a, b);
        });
        double movable = 0;
        for (final int i : order) {
            movable += load[i];
        }
        double fixedLeft = 0;
        double fixedAll = 0;
        for (int p = peLo; p < peHi; p++) {
            fixedAll += fixed[p];
            fixedLeft += p < peMid ? fixed[p] : 0;
        }
        // how many of the ordered elements go to the left PEs: of the prefixes whose load is within the slack of
        // their share (else the closest), the one that moves the fewest elements
        int cut;
        if (movable <= 0) {
            cut = (int) Math.round((double) order.length * (peMid - peLo) / (peHi - peLo));
        } else {
            final double share = (movable + fixedAll) * (peMid - peLo) / (peHi - peLo);
            final double target = share - fixedLeft;
            double best = Math.abs(target);
            double prefix = 0;
            for (final int i : order) {
                prefix += load[i];
                best = Math.min(best, Math.abs(target - prefix));
            }
            final double accept = Math.max(best, ORB_SLACK * share / (peMid - peLo));
            int leftNow = 0;
            for (final int i : order) {
                leftNow += current[i] >= peLo && current[i] < peMid ? 1 : 0;
            }
            cut = -1;
            int fewest = Integer.MAX_VALUE;
            double cutMiss = 0;
            prefix = 0;
            int leftInPrefix = 0;
            for (int k = 0; k <= order.length; k++) {
                if (k > 0) {
                    final int i = order[k - 1];
                    prefix += load[i];
                    leftInPrefix += current[i] >= peLo && current[i] < peMid ? 1 : 0;
                }
                final double miss = Math.abs(target - prefix);
                if (miss <= accept) {
                    // the prefix's elements not on the left now, and the rest's that are
                    final int moves = k - 2 * leftInPrefix + leftNow;
                    if (moves < fewest || moves == fewest && miss < cutMiss) {
                        fewest = moves;
                        cutMiss = miss;
                        cut = k;
                    }
                }
            }
        }
        for (int k = 0; k < order.length; k++) {
            elements[from + k] = order[k];
        }
        bisect(load, coords, fixed, current, elements, from, from + cut, peLo, peMid, to);
        bisect(load, coords, fixed, current, elements, from + cut, until, peMid, peHi, to);
    }

    /** Every migratable element to the next PE. */
    static int[] rotate(final LbInput in) {
        final int[] to = in.pe().clone();
        for (int i = 0; i < to.length; i++) {
            if (in.migratable()[i]) {
                to[i] = (to[i] + 1) % in.numPes();
            }
        }
        return to;
    }

    /** Every migratable element to a random PE. */
    static int[] random(final LbInput in) {
        final int[] to = in.pe().clone();
        final java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < to.length; i++) {
            if (in.migratable()[i]) {
                to[i] = r.nextInt(in.numPes());
            }
        }
        return to;
    }

    /**
     * Applies strategies in turn, each to the previous one's assignment.
     *
     * @param in         the step's input.
     * @param strategies the strategies.
     * @return the final assignment; elements that cannot migrate keep their PE whatever a strategy said.
     */
    public static int[] applyInTurn(final LbInput in, final java.util.List<Strategy> strategies) {
        LbInput cur = in;
        int[] to = in.pe().clone();
        for (final Strategy s : strategies) {
            to = s.assign(cur);
            if (to == null || to.length != in.size()) {
                throw new IllegalStateException("strategy " + s + " returned " + (to == null ? "null"
                    : to.length + " PEs") + " for " + in.size() + " elements");
            }
            for (int i = 0; i < to.length; i++) {
                if (!in.migratable()[i]) {
                    to[i] = in.pe()[i];
                } else if (to[i] < 0 || to[i] >= in.numPes()) {
                    throw new IllegalStateException("strategy " + s + " put element " + in.index()[i] + " on PE "
                        + to[i] + ", outside [0, " + in.numPes() + ")");
                }
            }
            cur = cur.on(to);
        }
        return to;
    }
}
