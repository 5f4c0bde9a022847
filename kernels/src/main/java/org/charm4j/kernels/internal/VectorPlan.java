package org.charm4j.kernels.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.charm4j.kernels.ir.ArrayParam;
import org.charm4j.kernels.ir.BinOp;
import org.charm4j.kernels.ir.Expr;
import org.charm4j.kernels.ir.Exprs;
import org.charm4j.kernels.ir.IrQueries;
import org.charm4j.kernels.ir.IrRewriter;
import org.charm4j.kernels.ir.Stmt;
import org.charm4j.kernels.ir.Type;
import org.charm4j.kernels.ir.Var;

/**
 * Decides whether an innermost loop of the IR can run on vectors, and how: which {@code int} locals are index
 * arithmetic (substituted into the indices), which {@code double} locals are per-iteration temporaries, which are
 * sums (vector reductions), which expressions are loop-invariant (broadcast once before the loop). Its rules:
 * unit step; every array access contiguous ({@code i + c}) or invariant; an array stored in the loop is accessed
 * only at indices whose distance is 0 or at least a vector's length (no dependence inside a vector), a distance
 * not known at specialization (such as {@code n} between {@code n + j} and {@code j}) being checked at the loop's
 * entry ({@link #distances}); no value
 * carried from one iteration to the next other than sums; conditions on doubles only (they become masks).
 *
 * <p>Threading: immutable once made; any thread.
 */
final class VectorPlan {
    /** Why a loop is not vectorized. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(final String reason) {
            super(reason, null, false, false);
        }
    }

    /** How a sum variable accumulates: {@code x = x + e} or {@code x = x - e}. */
    enum Sum { ADD, SUB }

    final Stmt.Loop loop;
    final Map<Var, Expr> indexDefs = new HashMap<>();
    final Map<Var, Sum> reductions = new LinkedHashMap<>();
    final Set<Var> temporaries = new LinkedHashSet<>();
    final Set<Expr> invariants = new LinkedHashSet<>();
    final Set<Expr> offsets = new LinkedHashSet<>();
    final Set<ArrayParam> stored = new LinkedHashSet<>();
    final Set<ArrayParam> accessed = new LinkedHashSet<>();
    /**
     * Distances between a stored index and another index of the same array that are not known at specialization
     * ({@code n + j} against {@code j}, {@code n} a parameter): int expressions invariant in the loop, each checked
     * at the loop's entry; if any is less than a vector's length apart, the whole loop runs scalar.
     */
    final Set<Expr> distances = new LinkedHashSet<>();
    private final Set<Var> assignedInLoop;
    private final int lanes;
    private final boolean strict;
    private final List<Expr[]> accesses = new ArrayList<>();

    private VectorPlan(final Stmt.Loop loop, final int lanes, final boolean strict) {
        this.loop = loop;
        this.lanes = lanes;
        this.strict = strict;
        this.assignedInLoop = IrQueries.assigned(loop.body());
        assignedInLoop.add(loop.index());
    }

    /**
     * @param loop   an innermost loop.
     * @param lanes  doubles per vector.
     * @param strict whether sums must keep the scalar order (then they are not vectorized).
     * @return the plan.
     * @throws Refused with the reason if the loop cannot run on vectors.
     */
    static VectorPlan of(final Stmt.Loop loop, final int lanes, final boolean strict) throws Refused {
        final VectorPlan p = new VectorPlan(loop, lanes, strict);
        if (loop.step() != 1) {
            throw new Refused("its step is " + loop.step() + ", not 1");
        }
        p.classify();
        p.walk(loop.body(), new HashSet<>(), false);
        p.checkDependences();
        return p;
    }

    /** Finds the sums: double variables read in the loop only in their own {@code x = x +/- e}. */
    private void classify() throws Refused {
        final Map<Var, Integer> otherReads = new HashMap<>();
        final Map<Var, Sum> candidates = new HashMap<>();
        final Set<Var> notSums = new HashSet<>();
        scanSums(loop.body(), otherReads, candidates, notSums, new HashSet<>());
        for (final Map.Entry<Var, Sum> e : candidates.entrySet()) {
            if (!notSums.contains(e.getKey()) && otherReads.getOrDefault(e.getKey(), 0) == 0) {
                if (strict) {
                    throw new Refused("strict mode: the sum into " + e.getKey() + " would be reordered");
                }
                reductions.put(e.getKey(), e.getValue());
            }
        }
    }

    private void scanSums(final List<Stmt> body, final Map<Var, Integer> reads, final Map<Var, Sum> sums,
                          final Set<Var> notSums, final Set<Var> definedBefore) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> {
                    final Var x = a.var();
                    if (x.type() == Type.DOUBLE && !definedBefore.contains(x)
                        && a.value() instanceof Expr.Binary b && (b.op() == BinOp.ADD || b.op() == BinOp.SUB)
                        && b.left() instanceof Expr.Read r && r.var().equals(x)
                        && !IrQueries.reads(b.right()).contains(x)) {
                        final Sum kind = b.op() == BinOp.ADD ? Sum.ADD : Sum.SUB;
                        if (sums.getOrDefault(x, kind) != kind) {
                            notSums.add(x);
                        }
                        sums.put(x, kind);
                        countReads(b.right(), reads);
                    } else {
                        countReads(a.value(), reads);
                        notSums.add(x);
                        definedBefore.add(x);
                    }
                }
                case Stmt.Store st -> {
                    countReads(st.index(), reads);
                    countReads(st.value(), reads);
                }
                case Stmt.If i -> {
                    countReads(i.cond(), reads);
                    scanSums(i.then(), reads, sums, notSums, definedBefore);
                    scanSums(i.otherwise(), reads, sums, notSums, definedBefore);
                }
                case Stmt.Loop l -> { }
                case Stmt.Barrier b -> { }
                case Stmt.Return r -> { }
            }
        }
    }

    private static void countReads(final Expr e, final Map<Var, Integer> reads) {
        for (final Var v : IrQueries.reads(e)) {
            reads.merge(v, 1, Integer::sum);
        }
    }

    private void walk(final List<Stmt> body, final Set<Var> defined, final boolean masked) throws Refused {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> {
                    final Var x = a.var();
                    if (x.type() == Type.INT) {
                        if (masked || indexDefs.containsKey(x)) {
                            throw new Refused("the int variable " + x + " is assigned more than once or under a"
                                + " condition (only index arithmetic is vectorized)");
                        }
                        final Expr def = IrRewriter.substitute(a.value(), indexDefs);
                        if (affine(def) == null) {
                            throw new Refused("the int variable " + x + " = " + def + " is not i + invariant");
                        }
                        indexDefs.put(x, def);
                    } else if (x.type() == Type.DOUBLE) {
                        if (reductions.containsKey(x)) {
                            value(((Expr.Binary) a.value()).right(), defined);
                        } else {
                            value(a.value(), defined);
                            temporaries.add(x);
                            defined.add(x);
                        }
                    } else {
                        throw new Refused("a " + x.type().cName() + " variable " + x + " is assigned in the loop");
                    }
                }
                case Stmt.Store st -> {
                    access(st.array(), st.index(), true);
                    value(st.value(), defined);
                }
                case Stmt.If i -> {
                    condition(i.cond(), defined);
                    final Set<Var> before = new HashSet<>(defined);
                    walk(i.then(), new HashSet<>(before), true);
                    walk(i.otherwise(), new HashSet<>(before), true);
                }
                case Stmt.Loop l -> throw new Refused("it is not an innermost loop");
                case Stmt.Return r -> throw new Refused("it returns");
                case Stmt.Barrier b -> throw new Refused("it has a work-group barrier");
            }
        }
    }

    private void condition(final Expr c, final Set<Var> defined) throws Refused {
        switch (c) {
            case Expr.Not n -> condition(n.operand(), defined);
            case Expr.Compare cmp when cmp.left().type() == Type.DOUBLE -> {
                value(cmp.left(), defined);
                value(cmp.right(), defined);
            }
            default -> throw new Refused("the condition " + c + " is not a comparison of doubles");
        }
    }

    /** Checks a double expression computed on vectors, and collects its invariant parts. */
    private void value(final Expr e, final Set<Var> defined) throws Refused {
        if (e.type() != Type.DOUBLE) {
            throw new Refused("the " + e.type().cName() + " value " + e + " is used as data");
        }
        if (invariant(e)) {
            invariants.add(e);
            return;
        }
        switch (e) {
            case Expr.Read r -> {
                if (reductions.containsKey(r.var())) {
                    throw new Refused("the sum " + r.var() + " is read inside the loop");
                }
                if (!defined.contains(r.var())) {
                    throw new Refused(r.var() + " is read before it is assigned in the iteration (a value"
                        + " carried between iterations)");
                }
            }
            case Expr.Load l -> access(l.array(), l.index(), false);
            case Expr.Binary b -> {
                if (b.op() == BinOp.REM) {
                    throw new Refused("% on doubles is not vectorized");
                }
                value(b.left(), defined);
                value(b.right(), defined);
            }
            case Expr.Neg n -> value(n.operand(), defined);
            case Expr.Call c -> {
                if (!c.fn().exact()) {
                    throw new Refused(c.fn().cName() + " is not vectorized (its vector version is not Java's bits)");
                }
                for (final Expr a : c.args()) {
                    value(a, defined);
                }
            }
            default -> throw new Refused("the value " + e + " is not vectorized");
        }
    }

    boolean invariant(final Expr e) {
        for (final Var v : IrQueries.reads(e)) {
            if (assignedInLoop.contains(v)) {
                return false;
            }
        }
        return !loadsStored(e);
    }

    private boolean loadsStored(final Expr e) {
        return switch (e) {
            case Expr.Load l -> stored.contains(l.array()) || IrQueries.storedArrays(loop.body()).contains(l.array());
            case Expr.Binary b -> loadsStored(b.left()) || loadsStored(b.right());
            case Expr.Neg n -> loadsStored(n.operand());
            case Expr.Convert c -> loadsStored(c.operand());
            case Expr.Call c -> c.args().stream().anyMatch(this::loadsStored);
            default -> false;
        };
    }

    private void access(final ArrayParam a, final Expr index, final boolean store) throws Refused {
        final Expr idx = IrRewriter.substitute(index, indexDefs);
        final Expr[] aff = affine(idx);
        if (aff == null || !(aff[0] instanceof Expr.Literal c) || c.value().intValue() != 1) {
            throw new Refused("the index " + idx + " of " + a.name() + " is not " + loop.index() + " + invariant"
                + " (a gather or a stride is not vectorized)");
        }
        accessed.add(a);
        if (store) {
            stored.add(a);
        }
        offsets.add(aff[1]);
        accesses.add(new Expr[] {new Expr.Literal(Type.INT, a.index()), aff[1], store ? aff[0] : null});
    }

    /**
     * @param a an array this loop accesses.
     * @return whether every access of {@code a} in this loop is {@code i + c} with {@code c} fixed for the whole launch
     *     (literals and parameters only): then the loop reads the same elements on every iteration of the loops
     *     around it.
     */
    boolean launchInvariant(final ArrayParam a) {
        for (final Expr[] acc : accesses) {
            if (((Expr.Literal) acc[0]).value().intValue() == a.index() && !IrQueries.reads(acc[1]).isEmpty()) {
                return false;
            }
        }
        return accessed.contains(a);
    }

    /** @return the offset {@code c} of a contiguous index {@code i + c} (after substitution). */
    Expr offsetOf(final Expr index) {
        return affine(IrRewriter.substitute(index, indexDefs))[1];
    }

    /** {coefficient of the loop index (a literal), invariant rest}, or null. */
    private Expr[] affine(final Expr e) {
        final Var i = loop.index();
        if (e instanceof Expr.Read r && r.var().equals(i)) {
            return new Expr[] {Exprs.ofInt(1), Exprs.ofInt(0)};
        }
        if (!IrQueries.reads(e).contains(i)) {
            for (final Var v : IrQueries.reads(e)) {
                if (assignedInLoop.contains(v)) {
                    return null;
                }
            }
            return new Expr[] {Exprs.ofInt(0), e};
        }
        if (e instanceof Expr.Binary b && (b.op() == BinOp.ADD || b.op() == BinOp.SUB)) {
            final Expr[] x = affine(b.left());
            final Expr[] y = affine(b.right());
            if (x == null || y == null) {
                return null;
            }
            return new Expr[] {Exprs.binary(b.op(), x[0], y[0]), Exprs.binary(b.op(), x[1], y[1])};
        }
        if (e instanceof Expr.Binary b && b.op() == BinOp.MUL && b.right() instanceof Expr.Literal k) {
            final Expr[] x = affine(b.left());
            return x == null ? null : new Expr[] {Exprs.binary(BinOp.MUL, x[0], k), Exprs.binary(BinOp.MUL, x[1], k)};
        }
        if (e instanceof Expr.Binary b && b.op() == BinOp.MUL && b.left() instanceof Expr.Literal k) {
            final Expr[] x = affine(b.right());
            return x == null ? null : new Expr[] {Exprs.binary(BinOp.MUL, x[0], k), Exprs.binary(BinOp.MUL, k, x[1])};
        }
        return null;
    }

    private void checkDependences() throws Refused {
        for (final Expr[] w : accesses) {
            if (w[2] == null) {
                continue;
            }
            for (final Expr[] r : accesses) {
                if (r == w || !r[0].equals(w[0])) {
                    continue;
                }
                final Object[] a = split(w[1]);
                final Object[] b = split(r[1]);
                final long d = Math.abs((long) a[1] - (long) b[1]);
                if (!a[0].equals(b[0])) {
                    final Expr dist = Exprs.binary(BinOp.SUB, w[1], r[1]);
                    if (!distances.contains(Exprs.binary(BinOp.SUB, r[1], w[1]))) {
                        distances.add(dist);
                    }
                    continue;
                }
                if (d != 0 && d < lanes) {
                    throw new Refused("an array stored in the loop is also accessed at " + r[1] + " vs " + w[1]
                        + ", less than a vector (" + lanes + ") apart or at an unknown distance");
                }
            }
        }
    }

    /** {symbolic part, constant part} of an invariant index offset. */
    private static Object[] split(final Expr e) {
        if (e instanceof Expr.Literal l) {
            return new Object[] {"", l.value().longValue()};
        }
        if (e instanceof Expr.Binary b && b.right() instanceof Expr.Literal l
            && (b.op() == BinOp.ADD || b.op() == BinOp.SUB)) {
            return new Object[] {b.left(), b.op() == BinOp.ADD ? l.value().longValue() : -l.value().longValue()};
        }
        if (e instanceof Expr.Binary b && b.left() instanceof Expr.Literal l && b.op() == BinOp.ADD) {
            return new Object[] {b.right(), l.value().longValue()};
        }
        return new Object[] {e, 0L};
    }
}
