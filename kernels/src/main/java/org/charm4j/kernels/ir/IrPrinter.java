package org.charm4j.kernels.ir;

import java.util.List;

/**
 * Prints the IR as C-like text: one statement a line, two spaces of indent a level.
 *
 * <p>Threading: stateless; any thread.
 */
final class IrPrinter {
    private IrPrinter() {
    }

    static String print(final KernelIr ir) {
        final StringBuilder b = new StringBuilder("kernel ").append(ir.name());
        if (!ir.constants().isEmpty()) {
            b.append(ir.constants().toString().replace("[", " [").replace("]", "]"));
        }
        b.append('(');
        String sep = "";
        for (final ArrayParam a : ir.arrays()) {
            b.append(sep).append(a.kind() == ArrayKind.HEAP ? "double[] " : "DoubleArray ").append(a.name());
            sep = ", ";
        }
        if (ir.perWorkItem()) {
            b.append(sep).append("WorkItem");
            sep = ", ";
        }
        for (final ScalarParam p : ir.scalars()) {
            b.append(sep).append(p.type().cName()).append(' ').append(p.name());
            sep = ", ";
        }
        b.append(") -> ").append(ir.returnType() == null ? "void" : ir.returnType().cName()).append(" {\n");
        for (final KernelIr.LocalArray l : ir.locals()) {
            b.append("  local double ").append(l.array().name()).append('[').append(l.length()).append("];\n");
        }
        block(b, ir.body(), 1, new java.util.HashSet<>());
        return b.append("}\n").toString();
    }

    private static void block(final StringBuilder b, final List<Stmt> body, final int depth,
                              final java.util.Set<Var> declared) {
        for (final Stmt s : body) {
            b.append("  ".repeat(depth));
            switch (s) {
                case Stmt.Assign a -> b.append(declared.add(a.var()) ? a.var().type().cName() + " " : "")
                    .append(a.var().name()).append(" = ").append(strip(a.value())).append(";\n");
                case Stmt.Store st -> b.append(st.array().name()).append('[').append(strip(st.index())).append("] = ")
                    .append(strip(st.value())).append(";\n");
                case Stmt.Loop l -> {
                    b.append(l.parallel() ? "parallel for (" : "for (").append(l.index().name()).append(" = ")
                        .append(strip(l.from())).append("; ").append(l.index().name()).append(" < ")
                        .append(strip(l.to())).append("; ").append(l.index().name())
                        .append(l.step() == 1 ? "++" : " += " + l.step()).append(") {");
                    if (l.line() >= 0) {
                        b.append("  // line ").append(l.line());
                    }
                    b.append('\n');
                    block(b, l.body(), depth + 1, declared);
                    b.append("  ".repeat(depth)).append("}\n");
                }
                case Stmt.If i -> {
                    b.append("if ").append(wrap(i.cond())).append(" {\n");
                    block(b, i.then(), depth + 1, declared);
                    if (!i.otherwise().isEmpty()) {
                        b.append("  ".repeat(depth)).append("} else {\n");
                        block(b, i.otherwise(), depth + 1, declared);
                    }
                    b.append("  ".repeat(depth)).append("}\n");
                }
                case Stmt.Barrier br -> b.append("barrier();\n");
                case Stmt.Return r -> b.append(r.value() == null ? "return;\n" : "return " + strip(r.value())
                    + ";\n");
            }
        }
    }

    static String strip(final Expr e) {
        final String s = e.toString();
        return (e instanceof Expr.Binary || e instanceof Expr.Compare) ? s.substring(1, s.length() - 1) : s;
    }

    private static String wrap(final Expr e) {
        final String s = e.toString();
        return s.startsWith("(") ? s : "(" + s + ")";
    }

    static String literal(final Expr.Literal l) {
        return switch (l.type()) {
            case INT, BOOLEAN -> Integer.toString(l.value().intValue());
            case LONG -> l.value().longValue() + "L";
            case DOUBLE -> {
                final double d = l.value().doubleValue();
                yield Double.isNaN(d) ? "NAN" : Double.isInfinite(d) ? (d > 0 ? "INFINITY" : "-INFINITY")
                    : Double.toString(d);
            }
        };
    }
}
