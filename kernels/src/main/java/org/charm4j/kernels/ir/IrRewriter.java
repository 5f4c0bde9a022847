package org.charm4j.kernels.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites IR fragments: substitutes expressions for variables (folding again as it goes), and propagates the
 * variables that are assigned once, to a literal, through a whole kernel.
 *
 * <p>Threading: stateless; any thread.
 */
public final class IrRewriter {
    private IrRewriter() {
    }

    /**
     * @param e   an expression.
     * @param map replacements of variables.
     * @return {@code e} with every read of a mapped variable replaced, constants folded again.
     */
    public static Expr substitute(final Expr e, final Map<Var, Expr> map) {
        return switch (e) {
            case Expr.Read r -> map.getOrDefault(r.var(), r);
            case Expr.Load l -> new Expr.Load(l.array(), substitute(l.index(), map));
            case Expr.Binary b -> Exprs.binary(b.op(), substitute(b.left(), map), substitute(b.right(), map));
            case Expr.Neg n -> Exprs.neg(substitute(n.operand(), map));
            case Expr.Not n -> new Expr.Not(substitute(n.operand(), map));
            case Expr.Convert c -> Exprs.convert(c.type(), substitute(c.operand(), map));
            case Expr.Compare c -> new Expr.Compare(c.op(), substitute(c.left(), map), substitute(c.right(), map));
            case Expr.Call c -> Exprs.call(c.fn(), c.type(), c.args().stream().map(a -> substitute(a, map)).toList());
            case Expr.Literal l -> l;
            case Expr.Param p -> p;
            case Expr.Length l -> l;
            case Expr.WorkItemQuery w -> w;
        };
    }

    /**
     * @param body statements.
     * @param map  replacements of variables.
     * @return the statements with {@link #substitute(Expr, Map)} applied to every expression.
     */
    public static List<Stmt> substitute(final List<Stmt> body, final Map<Var, Expr> map) {
        final List<Stmt> out = new ArrayList<>(body.size());
        for (final Stmt s : body) {
            out.add(switch (s) {
                case Stmt.Assign a -> new Stmt.Assign(a.var(), substitute(a.value(), map), a.line());
                case Stmt.Store st -> new Stmt.Store(st.array(), substitute(st.index(), map),
                    substitute(st.value(), map), st.line());
                case Stmt.Loop l -> new Stmt.Loop(l.index(), substitute(l.from(), map), substitute(l.to(), map),
                    l.step(), l.parallel(), substitute(l.body(), map), l.line());
                case Stmt.If i -> new Stmt.If(substitute(i.cond(), map), substitute(i.then(), map),
                    substitute(i.otherwise(), map), i.line());
                case Stmt.Barrier b -> b;
                case Stmt.Return r -> new Stmt.Return(r.value() == null ? null : substitute(r.value(), map));
            });
        }
        return out;
    }

    /**
     * Replaces each variable assigned exactly once in {@code body}, to a literal, by that literal, and drops its
     * assignment; repeats until nothing changes ({@code dy = nx + 2; dz = dy * (ny + 2)} both become literals).
     *
     * @param body a kernel's statements.
     * @return the statements after propagation.
     */
    public static List<Stmt> propagateConstants(final List<Stmt> body) {
        List<Stmt> cur = body;
        while (true) {
            final Map<Var, Integer> counts = new HashMap<>();
            count(cur, counts);
            final Map<Var, Expr> map = new HashMap<>();
            find(cur, counts, map);
            if (map.isEmpty()) {
                return cur;
            }
            cur = drop(substitute(cur, map), map);
        }
    }

    private static void count(final List<Stmt> body, final Map<Var, Integer> counts) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> counts.merge(a.var(), 1, Integer::sum);
                case Stmt.Loop l -> {
                    counts.merge(l.index(), 2, Integer::sum);
                    count(l.body(), counts);
                }
                case Stmt.If i -> {
                    count(i.then(), counts);
                    count(i.otherwise(), counts);
                }
                case Stmt.Store st -> { }
                case Stmt.Barrier b -> { }
                case Stmt.Return r -> { }
            }
        }
    }

    private static void find(final List<Stmt> body, final Map<Var, Integer> counts, final Map<Var, Expr> map) {
        for (final Stmt s : body) {
            if (s instanceof Stmt.Assign a && a.value() instanceof Expr.Literal && counts.get(a.var()) == 1) {
                map.put(a.var(), a.value());
            }
        }
    }

    private static List<Stmt> drop(final List<Stmt> body, final Map<Var, Expr> map) {
        final List<Stmt> out = new ArrayList<>();
        for (final Stmt s : body) {
            if (!(s instanceof Stmt.Assign a && map.containsKey(a.var()))) {
                out.add(s);
            }
        }
        return out;
    }
}
