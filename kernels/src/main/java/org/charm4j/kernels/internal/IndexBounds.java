package org.charm4j.kernels.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.charm4j.kernels.ir.ArrayParam;
import org.charm4j.kernels.ir.Expr;
import org.charm4j.kernels.ir.KernelIr;
import org.charm4j.kernels.ir.Stmt;
import org.charm4j.kernels.ir.Var;

/**
 * The range of indices at which a kernel can access each array, found from its constant loop bounds (interval
 * arithmetic over {@code +}, {@code -}, {@code *}), so that a launch checks each array's length once, before the
 * vector path, instead of finding out in the middle of a vector loop. An array is left out when some access to it
 * has an index whose range is not known at specialization (a scalar parameter, a variable assigned more than once).
 *
 * <p>Threading: stateless; any thread.
 */
final class IndexBounds {
    private final Map<Var, long[]> env = new HashMap<>();
    private final Set<Var> multiple = new HashSet<>();
    private final Map<ArrayParam, long[]> ranges = new HashMap<>();
    private final Set<ArrayParam> unknown = new HashSet<>();

    private IndexBounds() {
    }

    /**
     * @param ir a kernel.
     * @return for each array whose every access has a known index range, {min, max}.
     */
    static Map<ArrayParam, long[]> of(final KernelIr ir) {
        final IndexBounds b = new IndexBounds();
        final Map<Var, Integer> counts = new HashMap<>();
        count(ir.body(), counts);
        for (final Map.Entry<Var, Integer> e : counts.entrySet()) {
            if (e.getValue() > 1) {
                b.multiple.add(e.getKey());
            }
        }
        b.walk(ir.body());
        for (final ArrayParam a : b.unknown) {
            b.ranges.remove(a);
        }
        return b.ranges;
    }

    private static void count(final List<Stmt> body, final Map<Var, Integer> counts) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> counts.merge(a.var(), 1, Integer::sum);
                case Stmt.Loop l -> count(l.body(), counts);
                case Stmt.If i -> {
                    count(i.then(), counts);
                    count(i.otherwise(), counts);
                }
                default -> { }
            }
        }
    }

    private void walk(final List<Stmt> body) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> {
                    visit(a.value());
                    final long[] r = multiple.contains(a.var()) ? null : range(a.value());
                    if (r == null) {
                        env.remove(a.var());
                    } else {
                        env.put(a.var(), r);
                    }
                }
                case Stmt.Store st -> {
                    access(st.array(), st.index());
                    visit(st.index());
                    visit(st.value());
                }
                case Stmt.Loop l -> {
                    final long[] from = range(l.from());
                    final long[] to = range(l.to());
                    if (from != null && to != null) {
                        if (from[0] > to[1] - 1) {
                            continue; // never runs
                        }
                        env.put(l.index(), new long[] {from[0], to[1] - 1});
                    } else {
                        env.remove(l.index());
                    }
                    walk(l.body());
                    env.remove(l.index());
                }
                case Stmt.If i -> {
                    visit(i.cond());
                    walk(i.then());
                    walk(i.otherwise());
                }
                case Stmt.Return r -> {
                    if (r.value() != null) {
                        visit(r.value());
                    }
                }
                case Stmt.Barrier b -> { }
            }
        }
    }

    private void visit(final Expr e) {
        switch (e) {
            case Expr.Load l -> {
                access(l.array(), l.index());
                visit(l.index());
            }
            case Expr.Binary b -> {
                visit(b.left());
                visit(b.right());
            }
            case Expr.Neg n -> visit(n.operand());
            case Expr.Not n -> visit(n.operand());
            case Expr.Convert c -> visit(c.operand());
            case Expr.Compare c -> {
                visit(c.left());
                visit(c.right());
            }
            case Expr.Call c -> c.args().forEach(this::visit);
            default -> { }
        }
    }

    private void access(final ArrayParam a, final Expr index) {
        final long[] r = range(index);
        if (r == null) {
            unknown.add(a);
            return;
        }
        final long[] cur = ranges.get(a);
        ranges.put(a, cur == null ? r : new long[] {Math.min(cur[0], r[0]), Math.max(cur[1], r[1])});
    }

    /** @return {min, max} of an int expression, or null if unknown or if it could overflow. */
    private long[] range(final Expr e) {
        final long[] r = switch (e) {
            case Expr.Literal l -> new long[] {l.value().longValue(), l.value().longValue()};
            case Expr.Read rd -> env.get(rd.var());
            case Expr.Binary b -> {
                final long[] x = range(b.left());
                final long[] y = range(b.right());
                if (x == null || y == null) {
                    yield null;
                }
                yield switch (b.op()) {
                    case ADD -> new long[] {x[0] + y[0], x[1] + y[1]};
                    case SUB -> new long[] {x[0] - y[1], x[1] - y[0]};
                    case MUL -> {
                        final long a = x[0] * y[0];
                        final long c = x[0] * y[1];
                        final long d = x[1] * y[0];
                        final long f = x[1] * y[1];
                        yield new long[] {Math.min(Math.min(a, c), Math.min(d, f)),
                            Math.max(Math.max(a, c), Math.max(d, f))};
                    }
                    default -> null;
                };
            }
            default -> null;
        };
        if (r == null || r[0] < Integer.MIN_VALUE || r[1] > Integer.MAX_VALUE) {
            return null;
        }
        return r;
    }
}
