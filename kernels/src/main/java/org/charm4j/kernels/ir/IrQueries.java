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
                case Stmt.Return r -> { }
            }
        }
        return out;
    }
}
