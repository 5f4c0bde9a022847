package org.charm4j.gpu.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.charm4j.kernels.ir.ArrayKind;
import org.charm4j.kernels.ir.ArrayParam;
import org.charm4j.kernels.ir.BinOp;
import org.charm4j.kernels.ir.Expr;
import org.charm4j.kernels.ir.IrQueries;
import org.charm4j.kernels.ir.IrRewriter;
import org.charm4j.kernels.ir.KernelIr;
import org.charm4j.kernels.ir.MathFn;
import org.charm4j.kernels.ir.ScalarParam;
import org.charm4j.kernels.ir.Stmt;
import org.charm4j.kernels.ir.Type;
import org.charm4j.kernels.ir.Var;

/**
 * Translates a {@link KernelIr} to OpenCL C or CUDA C: one walker, the dialect changes only the spelling of types,
 * qualifiers, work-item indices and bit casts.
 *
 * <p>The kernel's shape must be: statements that only compute scalars (copied into every work item), then one
 * {@code @Parallel} loop, then the end. That loop and up to two {@code @Parallel} loops nested in it, each the last
 * statement of its parent's body after scalar-only statements and with bounds that read only literals, scalar
 * parameters and array lengths, become the grid: the innermost of them dimension 0 (OpenCL {@code get_global_id(0)},
 * CUDA {@code blockIdx.x * blockDim.x + threadIdx.x}), the outermost the highest dimension. Each work item sets its
 * loop variables to {@code from + global id} and returns if one is not below its bound. Every other loop becomes a C
 * {@code for} loop inside the work item.
 *
 * <p>Threading: stateless (each call uses its own walker); any thread.
 */
public final class GpuTranslator {
    private static final Set<String> RESERVED = Set.of(
        // C99 / C++ keywords.
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
        "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool",
        "true", "false", "class", "new", "delete", "this", "template", "typename", "namespace", "using", "operator",
        "private", "public", "protected", "virtual", "friend", "mutable", "explicit", "try", "catch", "throw",
        "asm", "half", "uint", "ulong", "uchar", "ushort", "size_t", "ptrdiff_t", "intptr_t", "uintptr_t",
        // C++ (CUDA C is C++): the alternative operator tokens and the keywords a Java name can be.
        "and", "and_eq", "bitand", "bitor", "compl", "not", "not_eq", "or", "or_eq", "xor", "xor_eq", "nullptr",
        "constexpr", "consteval", "constinit", "decltype", "noexcept", "static_assert", "thread_local", "alignas",
        "alignof", "typeid", "export", "concept", "requires", "wchar_t", "char8_t", "char16_t", "char32_t",
        "dynamic_cast", "static_cast", "reinterpret_cast", "const_cast", "co_await", "co_return", "co_yield",
        // OpenCL C.
        "kernel", "__kernel", "global", "__global", "local", "__local", "constant", "__constant", "__private",
        "read_only", "write_only", "read_write", "image2d_t", "image3d_t", "sampler_t", "event_t",
        // CUDA.
        "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize",
        // Functions the translated code calls.
        "sqrt", "fabs", "fmin", "fmax", "fma", "exp", "log", "sin", "cos", "pow", "fmod", "get_global_id",
        "as_double", "as_long", "__longlong_as_double", "__double_as_longlong", "main");

    private final KernelIr ir;
    private final Dialect d;
    /** The double local the kernel returns, summed over the grid; or null for a void kernel. */
    private Var sum;
    /** The sum's start (its assignment before the grid loops). */
    private double sumStart;
    private final String longT;
    private final Map<Object, String> names = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Set<Var> usedVars = new LinkedHashSet<>();
    private final Map<String, String> extraLocals = new LinkedHashMap<>();
    private final Set<ArrayParam> lengths = new LinkedHashSet<>();
    private final Set<String> helpers = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final Set<ArrayParam> written;

    private GpuTranslator(final KernelIr ir, final Dialect d) {
        this.ir = ir;
        this.d = d;
        this.longT = d == Dialect.OPENCL ? "long" : "long long";
        this.written = new LinkedHashSet<>(ir.writtenArrays());
    }

    /**
     * @param ir      a specialized kernel's IR ({@code Specialization.ir()}).
     * @param dialect the C dialect to write.
     * @return the GPU source and its launch description.
     * @throws GpuRefusedException if the kernel cannot run as a grid kernel (see the class comment), naming the
     *                             kernel, the statement or expression, and why.
     */
    public static GpuSource translate(final KernelIr ir, final Dialect dialect) {
        Objects.requireNonNull(ir, "ir (Specialization.ir() is null when the kernel IR refused the kernel: see its"
            + " notes())");
        Objects.requireNonNull(dialect, "dialect");
        return new GpuTranslator(ir, dialect).run();
    }

    private GpuSource run() {
        if (ir.perWorkItem()) {
            return perWorkItem();
        }
        final List<Stmt> body = new ArrayList<>(ir.body());
        if (!body.isEmpty() && body.getLast() instanceof Stmt.Return r) {
            if (r.value() != null) {
                if (!(r.value() instanceof Expr.Read rd) || rd.var().type() != Type.DOUBLE) {
                    throw refuse("return " + r.value(), "a kernel that returns a value must return a double local"
                        + " that the grid loops only add to (a sum, as s += e); this one returns another expression");
                }
                sum = rd.var();
            } else if (ir.returnType() != null) {
                throw refuse("the return", "a kernel that returns a value must end with return of its sum");
            }
            body.removeLast();
        } else if (ir.returnType() != null) {
            throw refuse("the return", "a kernel that returns a value must end with return of its sum");
        }
        if (sum != null) {
            sumStart = takeSumStart(body);
        }
        // The top: scalar-only statements, one parallel loop, nothing after.
        final List<Stmt> prologue = new ArrayList<>();
        Stmt.Loop top = null;
        int at = 0;
        if (body.stream().noneMatch(s -> s instanceof Stmt.Loop l && l.parallel()) && !containsParallel(body)) {
            throw refuse(ir.name(), "no @Parallel loop at the top of the kernel: nothing to spread over a GPU grid");
        }
        for (; at < body.size(); at++) {
            final Stmt s = body.get(at);
            if (s instanceof Stmt.Loop l && l.parallel()) {
                top = l;
                at++;
                break;
            }
            scalarOnly(s, "before the @Parallel loops");
            prologue.add(s);
        }
        if (top == null) {
            throw refuse(ir.name(), "no @Parallel loop at the top of the kernel (after scalar computations only):"
                + " nothing to spread over a GPU grid");
        }
        if (at < body.size()) {
            throw refuse(describe(body.get(at)), "a statement after the @Parallel loop at the top would run once,"
                + " after all work items; a GPU kernel ends with its grid loops");
        }
        // Values the launcher can compute: prologue variables assigned once, to such values.
        final Map<Var, Expr> known = knownScalars(prologue);
        // The grid loops, outermost first, and the scalar statements before each nested one.
        final List<Stmt.Loop> levels = new ArrayList<>();
        final List<Expr[]> bounds = new ArrayList<>();
        final List<List<Stmt>> prefixes = new ArrayList<>();
        Stmt.Loop cur = top;
        while (true) {
            if (cur.step() != 1) {
                throw refuse(describe(cur), "the @Parallel loop over " + cur.index() + " has step " + cur.step()
                    + "; a grid dimension needs step 1 (write the loop with step 1 and scale the index)");
            }
            final Expr from = IrRewriter.substitute(cur.from(), known);
            final Expr to = IrRewriter.substitute(cur.to(), known);
            if (!launchable(from) || !launchable(to)) {
                if (levels.isEmpty()) {
                    throw refuse(describe(cur), "the bounds of the @Parallel loop over " + cur.index() + " ("
                        + cur.from() + ", " + cur.to() + ") depend on values a launcher cannot know before the"
                        + " launch; they may read literals, scalar parameters and array lengths only");
                }
                notes.add("the @Parallel loop over " + cur.index() + " runs sequentially in each work item: its"
                    + " bounds depend on the work item");
                break;
            }
            levels.add(cur);
            bounds.add(new Expr[] {from, to});
            if (levels.size() == 3) {
                break;
            }
            final List<Stmt> b = cur.body();
            if (b.isEmpty() || !(b.getLast() instanceof Stmt.Loop inner) || !inner.parallel()
                || !b.subList(0, b.size() - 1).stream().allMatch(GpuTranslator::noStore)) {
                break;
            }
            prefixes.add(b.subList(0, b.size() - 1));
            cur = inner;
        }
        final List<Stmt> innermost = levels.getLast().body();
        if (sum != null) {
            for (final List<Stmt> p : prefixes) {
                onlyAddsToSum(p);
            }
            onlyAddsToSum(innermost);
        }
        checkCarried(prologue, prefixes, innermost);
        checkStoresApart(levels, prefixes, innermost);
        for (final Stmt s : prologue) {
            readsOnlyUnwritten(s);
        }

        // Names: parameters first, so locals yield to them.
        for (final ArrayParam a : ir.arrays()) {
            name(a, a.name());
        }
        for (final ScalarParam p : ir.scalars()) {
            name(p, p.name());
        }

        final StringBuilder code = new StringBuilder();
        block(code, prologue, 1);
        final int n = levels.size();
        final List<GridDim> grid = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            final Stmt.Loop l = levels.get(k);
            final int dim = n - 1 - k;
            final String v = var(l.index());
            final Expr from = bounds.get(k)[0];
            final Expr to = bounds.get(k)[1];
            grid.add(new GridDim(dim, l.index().name(), from, to));
            indent(code, 1).append("/* grid dimension ").append(dim).append(": @Parallel loop over ")
                .append(l.index().name()).append(l.line() >= 0 ? ", line " + l.line() : "").append(" */\n");
            final String from0 = from instanceof Expr.Literal lit && lit.value().longValue() == 0 ? ""
                : strip(expr(from)) + " + ";
            indent(code, 1).append(v).append(" = ").append(from0).append("(int) (").append(globalId(dim))
                .append(");\n");
            indent(code, 1).append("if (").append(v).append(" >= ").append(expr(to)).append(") {\n");
            indent(code, 2).append("return;\n");
            indent(code, 1).append("}\n");
            if (k == 0 && sum != null) {
                indent(code, 1).append(var(sum)).append(" = 0.0;   /* this work item's part of the sum */\n");
            }
            if (k < n - 1) {
                block(code, prefixes.get(k), 1);
            }
        }
        block(code, innermost, 1);
        if (sum != null) {
            indent(code, 1).append(PARTIALS).append("[").append(linearId(n)).append("] = ").append(var(sum))
                .append(";\n");
        }
        grid.sort((x, y) -> Integer.compare(x.dim(), y.dim()));
        return assemble(code, grid);
    }

    /**
     * A kernel written per work item ({@code WorkItem}): its body is the work item's code as it stands, its ids the
     * dialect's built-ins, its local arrays declared at the top, its barriers the dialect's; the launch gives the
     * grid. No race check: as in OpenCL C, which elements an item writes is the kernel's own business.
     */
    private GpuSource perWorkItem() {
        final List<Stmt> body = new ArrayList<>(ir.body());
        if (!body.isEmpty() && body.getLast() instanceof Stmt.Return) {
            body.removeLast();
        }
        for (final ArrayParam a : ir.arrays()) {
            name(a, a.name());
        }
        for (final ScalarParam p : ir.scalars()) {
            name(p, p.name());
        }
        for (final KernelIr.LocalArray l : ir.locals()) {
            name(l.array(), l.array().name());
        }
        final StringBuilder code = new StringBuilder();
        block(code, body, 1);
        notes.add("a per-work-item kernel: the launch's WorkGrid is the grid"
            + (ir.locals().isEmpty() ? "" : ", with " + ir.locals().size() + " local array(s) per work-group")
            + (ir.hasBarriers() ? ", and work-group barriers" : ""));
        return assemble(code, List.of());
    }

    /** The kernel's text around its body: arguments, declarations, pragmas, helpers. */
    private GpuSource assemble(final StringBuilder code, final List<GridDim> grid) {
        // Arguments: the Java signature's order, then the lengths the kernel reads.
        final List<KernelArg> args = new ArrayList<>();
        final List<Object> params = new ArrayList<>();
        params.addAll(ir.arrays());
        params.addAll(ir.scalars());
        params.sort((x, y) -> Integer.compare(index(x), index(y)));
        for (final Object p : params) {
            if (p instanceof ArrayParam a) {
                final boolean w = written.contains(a);
                final String decl = (d == Dialect.OPENCL ? "__global " : "") + (w ? "" : "const ") + "double* "
                    + names.get(a);
                args.add(new KernelArg(args.size(), KernelArg.Kind.ARRAY, a.name(), a.index(), Type.DOUBLE, w,
                    decl));
            } else if (p instanceof ScalarParam s) {
                args.add(new KernelArg(args.size(), KernelArg.Kind.SCALAR, s.name(), s.index(), s.type(), false,
                    typeName(s.type()) + " " + names.get(s)));
            }
        }
        for (final ArrayParam a : lengths) {
            final Type t = a.kind() == ArrayKind.HEAP ? Type.INT : Type.LONG;
            args.add(new KernelArg(args.size(), KernelArg.Kind.LENGTH, a.name(), a.index(), t, false,
                typeName(t) + " " + lengthName(a)));
        }
        if (sum != null) {
            args.add(new KernelArg(args.size(), KernelArg.Kind.PARTIALS, PARTIALS, -1, Type.DOUBLE, true,
                (d == Dialect.OPENCL ? "__global " : "") + "double* " + PARTIALS));
            notes.add("returns the sum of " + sum.name() + ": each work item adds its terms in the loop's order,"
                + " then the launcher adds the work items' parts in work-item order, starting from " + sumStart
                + " (the CPU adds them all in one sequence: equal to the bit only when a work item adds one term)");
        }

        final String entry = entryName();
        final StringBuilder out = new StringBuilder();
        out.append("/* ").append(ir.name()).append(ir.constants().isEmpty() ? "" : " " + ir.constants())
            .append(", translated by charm4j from its kernel IR. */\n");
        if (d == Dialect.OPENCL) {
            out.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
            out.append("/* No contraction of a * b + c into an FMA: results equal the CPU's bit for bit. */\n");
            out.append("#pragma OPENCL FP_CONTRACT OFF\n\n");
        } else {
            out.append("/* Compile with nvrtc option --fmad=false (GpuSource.compilerOptions()): no contraction of\n")
                .append("   a * b + c into an FMA, so results equal the CPU's bit for bit. */\n\n");
        }
        out.append(helperText());
        out.append(d == Dialect.OPENCL ? "__kernel void " : "extern \"C\" __global__ void ").append(entry).append('(');
        for (int i = 0; i < args.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(args.get(i).declaration());
        }
        out.append(") {\n");
        for (final Var v : usedVars) {
            indent(out, 1).append(typeName(v.type())).append(' ').append(names.get(v)).append(";\n");
        }
        for (final Map.Entry<String, String> e : extraLocals.entrySet()) {
            indent(out, 1).append(e.getValue()).append(' ').append(e.getKey()).append(";\n");
        }
        for (final KernelIr.LocalArray l : ir.locals()) {
            indent(out, 1).append(d == Dialect.OPENCL ? "__local double " : "__shared__ double ")
                .append(names.get(l.array())).append('[').append(l.length()).append("];   /* the work-group's */\n");
        }
        out.append(code).append("}\n");

        final List<String> options = d == Dialect.OPENCL ? List.of() : List.of("--fmad=false");
        return new GpuSource(ir.name(), d, out.toString(), entry, args, grid, options, notes,
            sum == null ? null : sumStart, ir.perWorkItem());
    }

    // ---- shape checks ----

    private void scalarOnly(final Stmt s, final String where) {
        switch (s) {
            case Stmt.Assign a -> { }
            case Stmt.Store st -> throw refuse(describe(st), "stores into " + st.array().name() + " " + where
                + "; only statements that compute scalars may come before the grid loops (every work item repeats"
                + " them)");
            case Stmt.Return r -> throw refuse(describe(r), "returns " + where);
            case Stmt.Barrier b -> throw refuse(describe(b), "a barrier " + where);
            case Stmt.Loop l -> {
                if (containsParallel(l.body())) {
                    throw refuse(describe(l), "a @Parallel loop inside a sequential loop (not at the top of the"
                        + " kernel); only @Parallel loops at the top become the GPU grid");
                }
                for (final Stmt x : l.body()) {
                    scalarOnly(x, where);
                }
            }
            case Stmt.If i -> {
                for (final Stmt x : i.then()) {
                    scalarOnly(x, where);
                }
                for (final Stmt x : i.otherwise()) {
                    scalarOnly(x, where);
                }
            }
        }
    }

    private static boolean containsParallel(final List<Stmt> body) {
        for (final Stmt s : body) {
            if (s instanceof Stmt.Loop l && (l.parallel() || containsParallel(l.body()))
                || s instanceof Stmt.If i && (containsParallel(i.then()) || containsParallel(i.otherwise()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a store whose index does not depend on every grid variable: the work items would write the same
     * elements (LeanMD's {@code fb[j] -= f} inside a grid over {@code i}, say), a race the CPU's sequential loop does
     * not have. Dependencies follow assignments through locals ({@code row = k * dz + j * dy; c = row + i}). This
     * catches the common case; it does not prove that distinct work items write distinct elements
     * ({@code out[i % 2]} passes).
     */
    private void checkStoresApart(final List<Stmt.Loop> levels, final List<List<Stmt>> prefixes,
                                  final List<Stmt> innermost) {
        final Set<Var> gridVars = new LinkedHashSet<>();
        for (final Stmt.Loop l : levels) {
            gridVars.add(l.index());
        }
        final List<Stmt> all = new ArrayList<>();
        prefixes.forEach(all::addAll);
        all.addAll(innermost);
        final Map<Var, Set<Var>> deps = new HashMap<>();
        boolean changed = true;
        while (changed) {   // a fixpoint: a local may be read in a loop before the statement that assigns it
            changed = propagate(all, gridVars, deps);
        }
        storesApart(all, gridVars, deps);
    }

    private static boolean propagate(final List<Stmt> body, final Set<Var> grid, final Map<Var, Set<Var>> deps) {
        boolean changed = false;
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> changed |= deps.computeIfAbsent(a.var(), v -> new HashSet<>())
                    .addAll(depsOf(a.value(), grid, deps));
                case Stmt.Loop l -> {
                    final Set<Var> d = new HashSet<>(depsOf(l.from(), grid, deps));
                    d.addAll(depsOf(l.to(), grid, deps));
                    changed |= deps.computeIfAbsent(l.index(), v -> new HashSet<>()).addAll(d);
                    changed |= propagate(l.body(), grid, deps);
                }
                case Stmt.If i -> {
                    changed |= propagate(i.then(), grid, deps);
                    changed |= propagate(i.otherwise(), grid, deps);
                }
                default -> {
                }
            }
        }
        return changed;
    }

    private static Set<Var> depsOf(final Expr e, final Set<Var> grid, final Map<Var, Set<Var>> deps) {
        final Set<Var> d = new HashSet<>();
        for (final Var v : IrQueries.reads(e)) {
            if (grid.contains(v)) {
                d.add(v);
            } else {
                d.addAll(deps.getOrDefault(v, Set.of()));
            }
        }
        return d;
    }

    private void storesApart(final List<Stmt> body, final Set<Var> grid, final Map<Var, Set<Var>> deps) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Store st -> {
                    final Set<Var> d = depsOf(st.index(), grid, deps);
                    for (final Var g : grid) {
                        if (!d.contains(g)) {
                            throw refuse(describe(st), "its index does not depend on the grid variable " + g.name()
                                + ", so the work items for different " + g.name() + " would write the same elements of "
                                + st.array().name() + " at once (a race the CPU's loop does not have): give each work"
                                + " item its own elements, or make " + g.name() + "'s loop sequential");
                        }
                    }
                }
                case Stmt.Loop l -> storesApart(l.body(), grid, deps);
                case Stmt.If i -> {
                    storesApart(i.then(), grid, deps);
                    storesApart(i.otherwise(), grid, deps);
                }
                default -> {
                }
            }
        }
    }

    private static boolean noStore(final Stmt s) {
        return switch (s) {
            case Stmt.Assign a -> true;
            case Stmt.Store st -> false;
            case Stmt.Return r -> false;
            case Stmt.Barrier b -> true;
            case Stmt.Loop l -> l.body().stream().allMatch(GpuTranslator::noStore);
            case Stmt.If i -> i.then().stream().allMatch(GpuTranslator::noStore)
                && i.otherwise().stream().allMatch(GpuTranslator::noStore);
        };
    }

    private void readsOnlyUnwritten(final Stmt s) {
        final List<Expr> es = new ArrayList<>();
        switch (s) {
            case Stmt.Assign a -> es.add(a.value());
            case Stmt.Loop l -> {
                es.add(l.from());
                es.add(l.to());
                l.body().forEach(this::readsOnlyUnwritten);
            }
            case Stmt.If i -> {
                es.add(i.cond());
                i.then().forEach(this::readsOnlyUnwritten);
                i.otherwise().forEach(this::readsOnlyUnwritten);
            }
            default -> { }
        }
        for (final Expr e : es) {
            for (final ArrayParam a : loadedArrays(e)) {
                if (written.contains(a)) {
                    throw refuse(describe(s), "reads " + a.name() + " before the @Parallel loops, which write it:"
                        + " a work item could see another's stores");
                }
            }
        }
    }

    private static Set<ArrayParam> loadedArrays(final Expr e) {
        final Set<ArrayParam> out = new LinkedHashSet<>();
        collectLoads(e, out);
        return out;
    }

    private static void collectLoads(final Expr e, final Set<ArrayParam> out) {
        switch (e) {
            case Expr.Load l -> {
                out.add(l.array());
                collectLoads(l.index(), out);
            }
            case Expr.Binary b -> {
                collectLoads(b.left(), out);
                collectLoads(b.right(), out);
            }
            case Expr.Compare c -> {
                collectLoads(c.left(), out);
                collectLoads(c.right(), out);
            }
            case Expr.Neg n -> collectLoads(n.operand(), out);
            case Expr.Not n -> collectLoads(n.operand(), out);
            case Expr.Convert c -> collectLoads(c.operand(), out);
            case Expr.Call c -> c.args().forEach(a -> collectLoads(a, out));
            default -> { }
        }
    }

    /** A variable assigned at one level and again inside a deeper grid level carries a value across work items. */
    private void checkCarried(final List<Stmt> prologue, final List<List<Stmt>> prefixes, final List<Stmt> inner) {
        final List<Set<Var>> levels = new ArrayList<>();
        levels.add(IrQueries.assigned(prologue));
        for (final List<Stmt> p : prefixes) {
            levels.add(IrQueries.assigned(p));
        }
        levels.add(IrQueries.assigned(inner));
        for (int i = 0; i < levels.size(); i++) {
            for (int j = i + 1; j < levels.size(); j++) {
                for (final Var v : levels.get(i)) {
                    if (levels.get(j).contains(v)) {
                        throw refuse("the variable " + v, "assigned outside a @Parallel loop and again inside it:"
                            + " a value carried from one iteration to the next (a reduction or a recurrence), which"
                            + " GPU work items cannot share");
                    }
                }
            }
        }
    }

    private static Map<Var, Expr> knownScalars(final List<Stmt> prologue) {
        final Map<Var, Integer> counts = new HashMap<>();
        for (final Var v : assignedEverywhere(prologue)) {
            counts.merge(v, 1, Integer::sum);
        }
        final Map<Var, Expr> known = new HashMap<>();
        for (final Stmt s : prologue) {
            if (s instanceof Stmt.Assign a && counts.getOrDefault(a.var(), 0) == 1) {
                final Expr v = IrRewriter.substitute(a.value(), known);
                if (launchable(v)) {
                    known.put(a.var(), v);
                }
            }
        }
        return known;
    }

    private static List<Var> assignedEverywhere(final List<Stmt> body) {
        final List<Var> out = new ArrayList<>();
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> out.add(a.var());
                case Stmt.Loop l -> {
                    out.add(l.index());
                    out.add(l.index());
                    out.addAll(assignedEverywhere(l.body()));
                }
                case Stmt.If i -> {
                    out.addAll(assignedEverywhere(i.then()));
                    out.addAll(assignedEverywhere(i.otherwise()));
                }
                default -> { }
            }
        }
        return out;
    }

    /** @return whether a launcher can evaluate {@code e} from the launch arguments ({@link GridDim#eval}). */
    private static boolean launchable(final Expr e) {
        return switch (e) {
            case Expr.Literal l -> l.type() != Type.DOUBLE;
            case Expr.Param p -> p.type() == Type.INT || p.type() == Type.LONG;
            case Expr.Length l -> true;
            case Expr.Neg n -> launchable(n.operand());
            case Expr.Convert c -> c.type() != Type.BOOLEAN && launchable(c.operand());
            case Expr.Binary b -> b.type() != Type.DOUBLE && launchable(b.left()) && launchable(b.right());
            default -> false;
        };
    }

    // ---- statements ----

    private void block(final StringBuilder b, final List<Stmt> body, final int depth) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> indent(b, depth).append(var(a.var())).append(" = ").append(strip(expr(a.value())))
                    .append(";\n");
                case Stmt.Store st -> indent(b, depth).append(names.get(st.array())).append('[')
                    .append(strip(expr(st.index()))).append("] = ").append(strip(expr(st.value()))).append(";\n");
                case Stmt.Loop l -> {
                    final String v = var(l.index());
                    String to = strip(expr(l.to()));
                    if (!loadedArrays(l.to()).isEmpty()) {
                        // The IR evaluates the bound once, before the first iteration; C's for re-evaluates it.
                        final String end = fresh(l.index().name() + "_end");
                        extraLocals.put(end, typeName(l.to().type()));
                        indent(b, depth).append(end).append(" = ").append(to).append(";\n");
                        to = end;
                    }
                    indent(b, depth).append("for (").append(v).append(" = ").append(strip(expr(l.from()))).append("; ")
                        .append(v).append(" < ").append(to).append("; ")
                        .append(l.step() == 1 ? v + "++" : v + " += " + l.step()).append(") {");
                    if (l.parallel()) {
                        b.append(" /* @Parallel, run sequentially in the work item */");
                    }
                    b.append('\n');
                    block(b, l.body(), depth + 1);
                    indent(b, depth).append("}\n");
                }
                case Stmt.If i -> {
                    indent(b, depth).append("if (").append(strip(expr(i.cond()))).append(") {\n");
                    block(b, i.then(), depth + 1);
                    if (!i.otherwise().isEmpty()) {
                        indent(b, depth).append("} else {\n");
                        block(b, i.otherwise(), depth + 1);
                    }
                    indent(b, depth).append("}\n");
                }
                case Stmt.Barrier br -> indent(b, depth).append(d == Dialect.OPENCL
                    ? "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);\n" : "__syncthreads();\n");
                case Stmt.Return r -> throw refuse(describe(r), "a return inside the grid loops");
            }
        }
    }

    // ---- expressions ----

    private String expr(final Expr e) {
        return switch (e) {
            case Expr.Literal l -> literal(l);
            case Expr.Read r -> var(r.var());
            case Expr.Param p -> names.get(p.param());
            case Expr.Load l -> names.get(l.array()) + "[" + strip(expr(l.index())) + "]";
            case Expr.Length l -> {
                lengths.add(l.array());
                yield lengthName(l.array());
            }
            case Expr.Binary b -> binary(b);
            case Expr.Neg n -> {
                if (n.type() == Type.BOOLEAN) {
                    throw refuse(e.toString(), "negates a boolean");
                }
                yield "(-" + expr(n.operand()) + ")";
            }
            case Expr.Not n -> "(!" + expr(n.operand()) + ")";
            case Expr.Compare c -> "(" + expr(c.left()) + " " + c.op().symbol() + " " + expr(c.right()) + ")";
            case Expr.Convert c -> convert(c);
            case Expr.Call c -> call(c);
            case Expr.WorkItemQuery w -> workItem(w);
        };
    }

    private String workItem(final Expr.WorkItemQuery w) {
        if (d == Dialect.OPENCL) {
            return "((int) " + w.fn().openClName() + "(" + w.dim() + "))";
        }
        final char c = "xyz".charAt(w.dim());
        return switch (w.fn()) {
            case GLOBAL_ID -> "((int) (blockIdx." + c + " * blockDim." + c + " + threadIdx." + c + "))";
            case LOCAL_ID -> "((int) threadIdx." + c + ")";
            case GROUP_ID -> "((int) blockIdx." + c + ")";
            case LOCAL_SIZE -> "((int) blockDim." + c + ")";
            case GLOBAL_SIZE -> "((int) (gridDim." + c + " * blockDim." + c + "))";
            case GROUPS -> "((int) gridDim." + c + ")";
        };
    }

    private String binary(final Expr.Binary b) {
        final String l = expr(b.left());
        final Type t = b.type();
        if (t == Type.DOUBLE) {
            return switch (b.op()) {
                case ADD, SUB, MUL, DIV -> "(" + l + " " + b.op().symbol() + " " + expr(b.right()) + ")";
                // Java's % on doubles is C's fmod: both exact.
                case REM -> "fmod(" + strip(l) + ", " + strip(expr(b.right())) + ")";
                default -> throw refuse(b.toString(), "the operator " + b.op().symbol() + " on doubles");
            };
        }
        if (t == Type.BOOLEAN) {
            throw refuse(b.toString(), "arithmetic on booleans is not in the translator");
        }
        final String u = t == Type.INT ? (d == Dialect.OPENCL ? "uint" : "unsigned int")
            : (d == Dialect.OPENCL ? "ulong" : "unsigned long long");
        final int bits = t == Type.INT ? 32 : 64;
        return switch (b.op()) {
            case SHL, SHR, USHR -> {
                // Java masks the count to 0..31 (0..63); C leaves other counts undefined.
                final String n = b.right() instanceof Expr.Literal lit
                    ? Integer.toString(lit.value().intValue() & (bits - 1))
                    : "(" + expr(b.right()) + " & " + (bits - 1) + ")";
                yield switch (b.op()) {
                    case SHL -> "((" + typeName(t) + ") ((" + u + ") " + l + " << " + n + "))";
                    case SHR -> "(" + l + " >> " + n + ")";
                    default -> "((" + typeName(t) + ") ((" + u + ") " + l + " >> " + n + "))";
                };
            }
            default -> "(" + l + " " + b.op().symbol() + " " + expr(b.right()) + ")";
        };
    }

    private String convert(final Expr.Convert c) {
        final Type from = c.operand().type();
        final Type to = c.type();
        final String x = expr(c.operand());
        if (to == Type.BOOLEAN) {
            if (from == Type.INT || from == Type.LONG) {
                return "(" + x + " != 0)";
            }
            throw refuse(c.toString(), "a conversion of a " + from.cName() + " to a boolean");
        }
        if (from == Type.DOUBLE && to == Type.INT) {
            helpers.add("d2i");
            return "j_d2i(" + strip(x) + ")";
        }
        if (from == Type.DOUBLE && to == Type.LONG) {
            helpers.add("d2l");
            return "j_d2l(" + strip(x) + ")";
        }
        // int <-> long, integers -> double: C's casts are Java's (long -> int keeps the low 32 bits on every GPU).
        return "((" + typeName(to) + ") " + x + ")";
    }

    private String call(final Expr.Call c) {
        final List<String> a = new ArrayList<>();
        for (final Expr x : c.args()) {
            a.add(strip(expr(x)));
        }
        if (c.args().size() != c.fn().arity()) {
            throw refuse(c.toString(), c.fn().cName() + " with " + c.args().size() + " arguments");
        }
        if (!c.fn().exact()) {
            final String n = "Math." + c.fn().name().toLowerCase() + " runs as the GPU's " + c.fn().cName()
                + ": within 1 ulp like Java's, not necessarily the same bits";
            if (!notes.contains(n)) {
                notes.add(n);
            }
        }
        if (c.type() == Type.INT) {
            return switch (c.fn()) {
                case ABS -> helper("iabs", a);
                case MIN -> helper("imin", a);
                case MAX -> helper("imax", a);
                default -> throw refuse(c.toString(), c.fn().cName() + " on ints is not in the translator");
            };
        }
        if (c.type() != Type.DOUBLE) {
            throw refuse(c.toString(), c.fn().cName() + " on " + c.type().cName());
        }
        return switch (c.fn()) {
            // Java's min/max: NaN if either is NaN, -0.0 below 0.0; C's fmin/fmax differ on both.
            case MIN -> helper("fmin", a);
            case MAX -> helper("fmax", a);
            default -> c.fn().cName() + "(" + String.join(", ", a) + ")";
        };
    }

    private String helper(final String h, final List<String> args) {
        helpers.add(h);
        return "j_" + h + "(" + String.join(", ", args) + ")";
    }

    private String literal(final Expr.Literal l) {
        return switch (l.type()) {
            case INT, BOOLEAN -> {
                final int v = l.value().intValue();
                yield v == Integer.MIN_VALUE ? "(-2147483647 - 1)" : v < 0 ? "(" + v + ")" : Integer.toString(v);
            }
            case LONG -> {
                final long v = l.value().longValue();
                final String suffix = d == Dialect.OPENCL ? "L" : "LL";
                yield v == Long.MIN_VALUE ? "(-9223372036854775807" + suffix + " - 1)"
                    : v < 0 ? "(" + v + suffix + ")" : v + suffix;
            }
            case DOUBLE -> {
                final double v = l.value().doubleValue();
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    final String bits = "0x" + Long.toHexString(Double.doubleToRawLongBits(v))
                        + (d == Dialect.OPENCL ? "UL" : "ULL");
                    yield d == Dialect.OPENCL ? "as_double(" + bits + ")" : "__longlong_as_double(" + bits + ")";
                }
                // Hex: exactly the double's bits, no decimal rounding.
                final String h = Double.toHexString(v);
                yield v < 0 || (v == 0 && 1 / v < 0) ? "(" + h + ")" : h;
            }
        };
    }

    // ---- helpers, names, text ----

    private String helperText() {
        if (helpers.isEmpty()) {
            return "";
        }
        final String q = d == Dialect.OPENCL ? "static inline " : "static __device__ inline ";
        final String u = d == Dialect.OPENCL ? "uint" : "unsigned int";
        final String bitsOf = d == Dialect.OPENCL ? "as_long" : "__double_as_longlong";
        final String ls = d == Dialect.OPENCL ? "L" : "LL";
        final StringBuilder b = new StringBuilder();
        for (final String h : helpers) {
            switch (h) {
                case "d2i" -> b.append("/* Java's (int) of a double: saturates, NaN -> 0 (C leaves these undefined). */\n")
                    .append(q).append("int j_d2i(const double x) {\n")
                    .append("    if (x != x) {\n        return 0;\n    }\n")
                    .append("    if (x >= 0x1.fffffffcp30) {\n        return 2147483647;\n    }\n")
                    .append("    if (x <= -0x1.0p31) {\n        return -2147483647 - 1;\n    }\n")
                    .append("    return (int) x;\n}\n\n");
                case "d2l" -> b.append("/* Java's (long) of a double: saturates, NaN -> 0 (C leaves these undefined). */\n")
                    .append(q).append(longT).append(" j_d2l(const double x) {\n")
                    .append("    if (x != x) {\n        return 0;\n    }\n")
                    .append("    if (x >= 0x1.0p63) {\n        return 9223372036854775807").append(ls).append(";\n    }\n")
                    .append("    if (x <= -0x1.0p63) {\n        return -9223372036854775807").append(ls)
                    .append(" - 1;\n    }\n")
                    .append("    return (").append(longT).append(") x;\n}\n\n");
                case "fmin" -> b.append("/* Java's Math.min(double, double): NaN if either is NaN, -0.0 < 0.0. */\n")
                    .append(q).append("double j_fmin(const double a, const double b) {\n")
                    .append("    if (a != a) {\n        return a;\n    }\n")
                    .append("    if (a == 0.0 && b == 0.0 && ").append(bitsOf).append("(b) < 0) {\n")
                    .append("        return b;\n    }\n")
                    .append("    return a <= b ? a : b;\n}\n\n");
                case "fmax" -> b.append("/* Java's Math.max(double, double): NaN if either is NaN, 0.0 > -0.0. */\n")
                    .append(q).append("double j_fmax(const double a, const double b) {\n")
                    .append("    if (a != a) {\n        return a;\n    }\n")
                    .append("    if (a == 0.0 && b == 0.0 && ").append(bitsOf).append("(a) < 0) {\n")
                    .append("        return b;\n    }\n")
                    .append("    return a >= b ? a : b;\n}\n\n");
                case "iabs" -> b.append("/* Java's Math.abs(int): abs(MIN_VALUE) is MIN_VALUE. */\n")
                    .append(q).append("int j_iabs(const int a) {\n")
                    .append("    return a < 0 ? (int) (0u - (").append(u).append(") a) : a;\n}\n\n");
                case "imin" -> b.append(q).append("int j_imin(const int a, const int b) {\n")
                    .append("    return a <= b ? a : b;\n}\n\n");
                case "imax" -> b.append(q).append("int j_imax(const int a, const int b) {\n")
                    .append("    return a >= b ? a : b;\n}\n\n");
                default -> throw new IllegalStateException(h);
            }
        }
        return b.toString();
    }

    /** The partial sums' argument: one double per work item of the (rounded-up) grid. */
    static final String PARTIALS = "charm4j_partials";

    /** @return the work item's position in the whole grid, dimension 0 fastest. */
    private String linearId(final int dims) {
        String id = "(" + globalId(dims - 1) + ")";
        for (int k = dims - 2; k >= 0; k--) {
            id = "(" + globalId(k) + ") + " + globalSize(k) + " * (" + id + ")";
        }
        return id;
    }

    private String globalSize(final int dim) {
        if (d == Dialect.OPENCL) {
            return "get_global_size(" + dim + ")";
        }
        final char c = "xyz".charAt(dim);
        return "gridDim." + c + " * blockDim." + c;
    }

    /**
     * Takes the sum's start out of the statements before the grid: it must be assigned there once, to a literal.
     *
     * @return the start.
     */
    private double takeSumStart(final List<Stmt> body) {
        Double start = null;
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i) instanceof Stmt.Loop l && l.parallel()) {
                break;
            }
            if (body.get(i) instanceof Stmt.Assign a && a.var().equals(sum)) {
                if (start != null || !(a.value() instanceof Expr.Literal lit)) {
                    throw refuse(describe(a), "the sum " + sum.name() + " must start from one constant before the"
                        + " grid loops (double s = 0)");
                }
                start = lit.value().doubleValue();
                body.remove(i--);
            }
        }
        if (start == null) {
            throw refuse("return " + sum.name(), "the sum must be given its start before the grid loops");
        }
        return start;
    }

    /** Refuses any use of the sum but {@code sum = sum + e}, with {@code e} not reading it. */
    private void onlyAddsToSum(final List<Stmt> body) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> {
                    if (a.var().equals(sum)) {
                        if (!(a.value() instanceof Expr.Binary b) || b.op() != BinOp.ADD
                            || !(b.left() instanceof Expr.Read rd) || !rd.var().equals(sum)
                            || IrQueries.reads(b.right()).contains(sum)) {
                            throw refuse(describe(a), "the grid loops may only add to the sum " + sum.name()
                                + " (" + sum.name() + " += e)");
                        }
                    } else if (IrQueries.reads(a.value()).contains(sum)) {
                        throw refuse(describe(a), "reads the sum " + sum.name() + " inside the grid loops, where"
                            + " each work item holds only its own part");
                    }
                }
                case Stmt.Store st -> {
                    if (IrQueries.reads(st.index()).contains(sum) || IrQueries.reads(st.value()).contains(sum)) {
                        throw refuse(describe(st), "reads the sum " + sum.name() + " inside the grid loops");
                    }
                }
                case Stmt.Loop l -> onlyAddsToSum(l.body());
                case Stmt.If i -> {
                    if (IrQueries.reads(i.cond()).contains(sum)) {
                        throw refuse(describe(i), "reads the sum " + sum.name() + " inside the grid loops");
                    }
                    onlyAddsToSum(i.then());
                    onlyAddsToSum(i.otherwise());
                }
                default -> {
                }
            }
        }
    }

    private String globalId(final int dim) {
        if (d == Dialect.OPENCL) {
            return "get_global_id(" + dim + ")";
        }
        final char c = "xyz".charAt(dim);
        return "blockIdx." + c + " * blockDim." + c + " + threadIdx." + c;
    }

    private String typeName(final Type t) {
        return switch (t) {
            case INT, BOOLEAN -> "int";
            case LONG -> longT;
            case DOUBLE -> "double";
        };
    }

    private String var(final Var v) {
        usedVars.add(v);
        return names.computeIfAbsent(v, k -> fresh(v.name()));
    }

    private void name(final Object key, final String javaName) {
        names.put(key, fresh(javaName));
    }

    private String lengthName(final ArrayParam a) {
        return names.computeIfAbsent(new LengthKey(a), k -> fresh(a.name() + "_length"));
    }

    private record LengthKey(ArrayParam array) {
    }

    private String fresh(final String javaName) {
        String base = javaName.replaceAll("[^A-Za-z0-9_]", "_");
        if (base.isEmpty() || Character.isDigit(base.charAt(0))) {
            base = "v_" + base;
        }
        if (RESERVED.contains(base) || base.startsWith("j_") || base.startsWith("__")) {
            base = base + "_";
        }
        String n = base;
        for (int i = 2; !taken.add(n); i++) {
            n = base + "_" + i;
        }
        return n;
    }

    private String entryName() {
        final String n = ir.name().replaceAll("[^A-Za-z0-9_]", "_");
        return n.isEmpty() || Character.isDigit(n.charAt(0)) ? "k_" + n : n;
    }

    private static int index(final Object p) {
        return p instanceof ArrayParam a ? a.index() : ((ScalarParam) p).index();
    }

    private static StringBuilder indent(final StringBuilder b, final int depth) {
        return b.append("    ".repeat(depth));
    }

    /** Drops the outer parentheses of a whole statement's expression. */
    private static String strip(final String s) {
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            return s;
        }
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0 && i < s.length() - 1) {
                    return s;
                }
            }
        }
        return s.substring(1, s.length() - 1);
    }

    private static String describe(final Stmt s) {
        return switch (s) {
            case Stmt.Assign a -> a.var() + " = " + a.value() + (a.line() >= 0 ? " at line " + a.line() : "");
            case Stmt.Store st -> st.array().name() + "[" + st.index() + "] = " + st.value()
                + (st.line() >= 0 ? " at line " + st.line() : "");
            case Stmt.Loop l -> (l.parallel() ? "@Parallel " : "") + "for (" + l.index() + " = " + l.from() + "; "
                + l.index() + " < " + l.to() + "; " + l.index() + (l.step() == 1 ? "++" : " += " + l.step()) + ")"
                + (l.line() >= 0 ? " at line " + l.line() : "");
            case Stmt.If i -> "if " + i.cond() + (i.line() >= 0 ? " at line " + i.line() : "");
            case Stmt.Return r -> r.value() == null ? "return" : "return " + r.value();
            case Stmt.Barrier b -> "barrier()" + (b.line() >= 0 ? " at line " + b.line() : "");
        };
    }

    private GpuRefusedException refuse(final String what, final String why) {
        return new GpuRefusedException(ir.name(), what, why);
    }
}
