package org.charm4j.kernels.ir;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Questions the back ends ask of IR fragments: which variables a statement assigns, which an expression reads,
 * which arrays are read and written.
 *
 * <p>Threading: stateless; any thread.
 */
public final class IrQueries {
    private IrQueries() {
    }

    /** @param body statements. @return the variables they assign (loop indices included), in order. */
    public static Set<Var> assigned(final List<Stmt> body) {
        final Set<Var> out = new LinkedHashSet<>();
        assigned(body, out);
        return out;
    }

    private static void assigned(final List<Stmt> body, final Set<Var> out) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> out.add(a.var());
                case Stmt.Loop l -> {
                    out.add(l.index());
                    assigned(l.body(), out);
                }
                case Stmt.If i -> {
                    assigned(i.then(), out);
                    assigned(i.otherwise(), out);
                }
                case Stmt.Store st -> { }
                case Stmt.Barrier b -> { }
                case Stmt.Return r -> { }
            }
        }
    }

    /** @param e an expression. @return the variables it reads. */
    public static Set<Var> reads(final Expr e) {
        final Set<Var> out = new LinkedHashSet<>();
        reads(e, out);
        return out;
    }

    private static void reads(final Expr e, final Set<Var> out) {
        switch (e) {
            case Expr.Read r -> out.add(r.var());
            case Expr.Load l -> reads(l.index(), out);
            case Expr.Binary b -> {
                reads(b.left(), out);
                reads(b.right(), out);
            }
            case Expr.Neg n -> reads(n.operand(), out);
            case Expr.Not n -> reads(n.operand(), out);
            case Expr.Convert c -> reads(c.operand(), out);
            case Expr.Compare c -> {
                reads(c.left(), out);
                reads(c.right(), out);
            }
            case Expr.Call c -> c.args().forEach(a -> reads(a, out));
            case Expr.Literal l -> { }
            case Expr.Param p -> { }
            case Expr.Length l -> { }
            case Expr.WorkItemQuery w -> { }
        }
    }

    /** @param e an expression. @return whether it loads an array element. */
    public static boolean loads(final Expr e) {
        return switch (e) {
            case Expr.Load l -> true;
            case Expr.Binary b -> loads(b.left()) || loads(b.right());
            case Expr.Neg n -> loads(n.operand());
            case Expr.Not n -> loads(n.operand());
            case Expr.Convert c -> loads(c.operand());
            case Expr.Compare c -> loads(c.left()) || loads(c.right());
            case Expr.Call c -> c.args().stream().anyMatch(IrQueries::loads);
            case Expr.Literal l -> false;
            case Expr.Param p -> false;
            case Expr.Read r -> false;
            case Expr.Length l -> false;
            case Expr.WorkItemQuery w -> false;
        };
    }

    /** @param body statements. @return the arrays they store into. */
    public static Set<ArrayParam> storedArrays(final List<Stmt> body) {
        final Set<ArrayParam> out = new LinkedHashSet<>();
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Store st -> out.add(st.array());
                case Stmt.Loop l -> out.addAll(storedArrays(l.body()));
                case Stmt.If i -> {
                    out.addAll(storedArrays(i.then()));
                    out.addAll(storedArrays(i.otherwise()));
                }
                case Stmt.Assign a -> { }
                case Stmt.Barrier b -> { }
                case Stmt.Return r -> { }
            }
        }
        return out;
    }

    /** @param body statements. @return whether one of them, at any depth, is a {@link Stmt.Barrier}. */
    public static boolean hasBarrier(final List<Stmt> body) {
        for (final Stmt s : body) {
            final boolean b = switch (s) {
                case Stmt.Barrier br -> true;
                case Stmt.Loop l -> hasBarrier(l.body());
                case Stmt.If i -> hasBarrier(i.then()) || hasBarrier(i.otherwise());
                case Stmt.Assign a -> false;
                case Stmt.Store st -> false;
                case Stmt.Return r -> false;
            };
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** @param e an expression. @return whether it reads a work item's id or extent. */
    public static boolean readsWorkItem(final Expr e) {
        return switch (e) {
            case Expr.WorkItemQuery w -> true;
            case Expr.Load l -> readsWorkItem(l.index());
            case Expr.Binary b -> readsWorkItem(b.left()) || readsWorkItem(b.right());
            case Expr.Neg n -> readsWorkItem(n.operand());
            case Expr.Not n -> readsWorkItem(n.operand());
            case Expr.Convert c -> readsWorkItem(c.operand());
            case Expr.Compare c -> readsWorkItem(c.left()) || readsWorkItem(c.right());
            case Expr.Call c -> c.args().stream().anyMatch(IrQueries::readsWorkItem);
            case Expr.Literal l -> false;
            case Expr.Param p -> false;
            case Expr.Read r -> false;
            case Expr.Length l -> false;
        };
    }
}
