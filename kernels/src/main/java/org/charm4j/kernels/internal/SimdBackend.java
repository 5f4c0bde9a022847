package org.charm4j.kernels.internal;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.incubator.vector.DoubleVector;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.ir.ArrayKind;
import org.charm4j.kernels.ir.ArrayParam;
import org.charm4j.kernels.ir.BinOp;
import org.charm4j.kernels.ir.CmpOp;
import org.charm4j.kernels.ir.Expr;
import org.charm4j.kernels.ir.IrQueries;
import org.charm4j.kernels.ir.KernelIr;
import org.charm4j.kernels.ir.Stmt;
import org.charm4j.kernels.ir.Type;
import org.charm4j.kernels.ir.Var;

/**
 * The CPU SIMD back end: from a kernel's {@link KernelIr}, a hidden class whose innermost loops that
 * {@link VectorPlan} accepts run on {@code jdk.incubator.vector} at the preferred species, with a scalar tail, and
 * whose other code runs as scalar code generated from the same IR.
 *
 * <p>Per launch, before any work: {@link DoubleArray} segments are read once; each array a vector loop stores into
 * is compared with every other array that loop accesses, and on an overlap the launch runs the kernel's scalar copy
 * instead (whose result is Java's for any aliasing); each array a vector loop accesses whose index range is known at
 * specialization ({@link IndexBounds}) has its length checked once, and a launch that would go out of bounds runs
 * the scalar copy, which throws where Java would. The vector loads and stores keep the Vector API's own checks
 * (C2 hoists them out of the loop where it can). Sums into a local ({@code s += e} in the loop) become one
 * vector accumulator whose lane {@code k} adds the iterations {@code k, k + L, ...} of the vector part; after the
 * loop the lanes are added to {@code s} in lane order, then the tail's iterations in order. So results differ from
 * the scalar order by rounding only (each partial sum of {@code m} terms is within {@code m} ulps); in strict mode
 * ({@code @Kernel(strict = true)}) such loops stay scalar, and every vectorized result is bit for bit Java's.
 *
 * <p>An off-heap array that a vector loop nested in another loop reads (or writes) at the same elements on every
 * outer iteration, with a known highest index of at most {@link #STAGE_MAX}, is staged: the launch copies it into a
 * per-thread heap array ({@link LaunchChecks#stage}), every access reads the copy, and the copy is written back at
 * the end if the kernel stores into it. The values are the same; the loads are array loads (a quarter faster than
 * segment loads here). A staged array that overlaps any other array of the launch sends it to the scalar copy. A
 * launch that throws leaves a staged array it wrote as it was before the launch.
 *
 * <p>Threading: stateless; any thread.
 */
public final class SimdBackend {
    private static final ClassDesc DV = ClassDesc.of("jdk.incubator.vector.DoubleVector");
    private static final ClassDesc VEC = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc MASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
    private static final ClassDesc SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc OPS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
    private static final ClassDesc COMPARISON = ClassDesc.of("jdk.incubator.vector.VectorOperators$Comparison");
    private static final ClassDesc SEG = ClassDesc.of("java.lang.foreign.MemorySegment");
    private static final ClassDesc OF_DOUBLE = ClassDesc.of("java.lang.foreign.ValueLayout$OfDouble");
    private static final ClassDesc ORDER = ClassDesc.of("java.nio.ByteOrder");
    private static final ClassDesc DOUBLE_ARRAY = ClassDesc.of(DoubleArray.class.getName());
    private static final ClassDesc CHECKS = ClassDesc.of(LaunchChecks.class.getName());
    private static final ClassDesc MATH = ClassDesc.of("java.lang.Math");
    private static final ClassDesc HEAP = CD_double.arrayType();
    private static final MethodTypeDesc VV = MethodTypeDesc.of(DV, VEC);
    private static final MethodTypeDesc VVM = MethodTypeDesc.of(DV, VEC, MASK);


    /** The preferred number of doubles per vector on this machine. */
    public static final int LANES = DoubleVector.SPECIES_PREFERRED.length();

    /**
     * What {@link #compile} made.
     *
     * @param handle the specialized method, of the kernel's type.
     * @param notes  one line per innermost loop: vectorized, or why not.
     * @param vectorized how many loops run on vectors.
     */
    public record Result(MethodHandle handle, List<String> notes, int vectorized) {
    }

    private final KernelIr ir;
    private final KernelModel model;
    private final Map<VectorPlanKey, VectorPlan> plans = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Var, Integer> slots = new HashMap<>();
    private final Map<ArrayParam, Integer> segs = new HashMap<>();
    /** Off-heap arrays the launch copies to heap arrays first ({@link #stageable}): the local of the copy. */
    private final Map<ArrayParam, Integer> staged = new LinkedHashMap<>();
    /** How many doubles each staged array's copy holds (its highest index reached, plus one). */
    private final Map<ArrayParam, Integer> stagedLength = new HashMap<>();
    /** Plans of loops nested in another loop: those that re-read what they read. */
    private final Set<VectorPlanKey> nested = new HashSet<>();
    /** The most doubles an array may have to be staged (512 KiB: it stays in the caches). */
    static final int STAGE_MAX = 1 << 16;
    private final int[] paramSlots;
    private int next;
    private CodeBuilder cb;
    private Object[] values;

    private record VectorPlanKey(Stmt.Loop loop) {
    }

    private SimdBackend(final KernelModel model, final KernelIr ir) {
        this.model = model;
        this.ir = ir;
        final Class<?>[] types = model.method().getParameterTypes();
        paramSlots = new int[types.length];
        int s = 0;
        for (int p = 0; p < types.length; p++) {
            paramSlots[p] = s;
            s += types[p] == long.class || types[p] == double.class ? 2 : 1;
        }
        next = s;
    }

    /**
     * Plans every innermost loop of {@code ir}.
     *
     * @param model  the kernel.
     * @param ir     its IR for one tuple of constants.
     * @param strict whether sums keep the scalar order.
     * @return the compiled copy if some loop vectorizes, with the notes; else {@code null} handle and the notes.
     */
    public static Result compile(final KernelModel model, final KernelIr ir, final Object[] values,
                                 final boolean strict) {
        final SimdBackend b = new SimdBackend(model, ir);
        b.values = values;
        b.plan(ir.body(), strict, 0);
        if (b.plans.isEmpty()) {
            return new Result(null, List.copyOf(b.notes), 0);
        }
        return new Result(b.define(), List.copyOf(b.notes), b.plans.size());
    }

    private void plan(final List<Stmt> body, final boolean strict, final int depth) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Loop l -> {
                    if (containsLoop(l.body())) {
                        plan(l.body(), strict, depth + 1);
                    } else {
                        try {
                            final VectorPlan vp = VectorPlan.of(l, LANES, strict);
                            plans.put(new VectorPlanKey(l), vp);
                            if (depth > 0) {
                                nested.add(new VectorPlanKey(l));
                            }
                            notes.add("loop " + l.index() + where(l) + ": vectorized, " + LANES + " doubles a vector"
                                + (l.parallel() ? ", @Parallel" : "") + (vp.distances.isEmpty() ? ""
                                : ", scalar at an entry where a stored array's indices " + vp.distances
                                + " apart are less than " + LANES));
                        } catch (final VectorPlan.Refused r) {
                            notes.add("loop " + l.index() + where(l) + ": scalar, " + r.getMessage());
                        }
                    }
                }
                case Stmt.If i -> {
                    plan(i.then(), strict, depth);
                    plan(i.otherwise(), strict, depth);
                }
                default -> { }
            }
        }
    }

    private static String where(final Stmt.Loop l) {
        return l.line() >= 0 ? " (line " + l.line() + ")" : "";
    }

    private static boolean containsLoop(final List<Stmt> body) {
        for (final Stmt s : body) {
            if (s instanceof Stmt.Loop || s instanceof Stmt.If i && (containsLoop(i.then())
                || containsLoop(i.otherwise()))) {
                return true;
            }
        }
        return false;
    }

    private MethodHandle define() {
        for (final Var v : ir.vars()) {
            slots.put(v, next);
            next += v.type() == Type.DOUBLE || v.type() == Type.LONG ? 2 : 1;
        }
        for (final ArrayParam a : ir.arrays()) {
            if (a.kind() == ArrayKind.OFF_HEAP) {
                segs.put(a, next++);
            }
        }
        stageable(IndexBounds.of(ir));
        final Class<?> owner = model.method().getDeclaringClass();
        final String name = model.method().getName();
        final MethodTypeDesc desc = model.methodModel().methodTypeSymbol();
        final ClassDesc self = ClassDesc.of(owner.getName() + "$$Simd$" + name);
        final ClassFile cf = Specializer.classFile(owner);
        final byte[] bytes = cf.build(self, clb -> clb
            .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC)
            .withMethod("scalar", desc, ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC,
                mb -> mb.transformCode(model.code(), Specializer.fold(model, values)))
            .withMethodBody(name, desc, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> {
                cb = code;
                body(self, name, desc);
            }));
        try {
            final MethodHandles.Lookup hidden = model.lookup().defineHiddenClass(bytes, true,
                MethodHandles.Lookup.ClassOption.NESTMATE);
            return hidden.findStatic(hidden.lookupClass(), name, model.type());
        } catch (final IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("defining the SIMD copy of " + model.displayName(), e);
        }
    }

    /**
     * Chooses the off-heap arrays to stage: read (or written) by a vector loop nested in another loop at the same
     * elements on every outer iteration (LeanMD's and Lennard-Jones' second cell: {@code pb.get(j)} under a loop over
     * {@code i}), with the highest index known and at most {@link #STAGE_MAX}. The launch copies each into a heap
     * array (and back, if the kernel writes it) and every access of it reads the copy: the same values, read at
     * heap-array speed. Streaming kernels (Jacobi's indices move with the outer loops) are not staged.
     */
    private void stageable(final Map<ArrayParam, long[]> bounds) {
        for (final VectorPlanKey k : nested) {
            final VectorPlan p = plans.get(k);
            for (final ArrayParam a : p.accessed) {
                final long[] r = bounds.get(a);
                if (a.kind() == ArrayKind.OFF_HEAP && !staged.containsKey(a) && r != null && r[0] >= 0
                    && r[1] < STAGE_MAX && p.launchInvariant(a)) {
                    staged.put(a, next++);
                    stagedLength.put(a, (int) r[1] + 1);
                }
            }
        }
    }

    /** @return whether accesses of {@code a} read a heap array (a {@code double[]} parameter or a staged copy). */
    private boolean onHeap(final ArrayParam a) {
        return a.kind() == ArrayKind.HEAP || staged.containsKey(a);
    }

    /** Loads the heap array behind {@code a}: the parameter, or its staged copy. */
    private void loadHeapArray(final ArrayParam a) {
        final Integer copy = staged.get(a);
        cb.aload(copy != null ? copy : paramSlots[a.index()]);
    }

    private void body(final ClassDesc self, final String name, final MethodTypeDesc desc) {
        final Label scalar = cb.newLabel();
        for (final Map.Entry<ArrayParam, Integer> e : segs.entrySet()) {
            cb.aload(paramSlots[e.getKey().index()]);
            cb.invokevirtual(DOUBLE_ARRAY, "segment", MethodTypeDesc.of(SEG));
            cb.astore(e.getValue());
        }
        final Set<List<ArrayParam>> pairs = new LinkedHashSet<>();
        for (final VectorPlan p : plans.values()) {
            for (final ArrayParam w : p.stored) {
                for (final ArrayParam r : p.accessed) {
                    if (!r.equals(w) && !pairs.contains(List.of(r, w))) {
                        pairs.add(List.of(w, r));
                    }
                }
            }
        }
        for (final ArrayParam s : staged.keySet()) {   // a copy must not hide a write to the memory it copies
            for (final ArrayParam o : ir.arrays()) {
                if (!o.equals(s) && !pairs.contains(List.of(o, s)) && !pairs.contains(List.of(s, o))) {
                    pairs.add(List.of(s, o));
                }
            }
        }
        for (final List<ArrayParam> pr : pairs) {
            overlapCheck(pr.get(0), pr.get(1), scalar);
        }
        final Set<ArrayParam> vectorArrays = new LinkedHashSet<>();
        for (final VectorPlan p : plans.values()) {
            vectorArrays.addAll(p.accessed);
        }
        final Map<ArrayParam, long[]> bounds = IndexBounds.of(ir);
        final List<String> checked = new ArrayList<>();
        final List<String> perAccess = new ArrayList<>();
        final List<String> constantLengths = new ArrayList<>();
        for (final ArrayParam a : vectorArrays) {
            final long[] r = bounds.get(a);
            if (r == null) {
                perAccess.add(a.name());
            } else {
                boundsCheck(a, r, scalar);
                checked.add(a.name() + "[" + r[0] + ".." + r[1] + "]");
                if (a.kind() == ArrayKind.OFF_HEAP && r[0] >= 0 && !staged.containsKey(a)) {
                    constantLength(a, r[1] + 1);
                    constantLengths.add(a.name());
                }
            }
        }
        if (!checked.isEmpty()) {
            notes.add("launch: index ranges " + checked + " checked once against the lengths (else the scalar copy"
                + " runs and throws where Java would)");
        }
        if (!constantLengths.isEmpty()) {
            notes.add("launch: the segments of " + constantLengths + " sliced to constant lengths (their vector loads"
                + " and stores then need no bounds checks)");
        }
        if (!perAccess.isEmpty()) {
            notes.add("launch: index ranges of " + perAccess + " not known at specialization; an out-of-bounds launch"
                + " throws from the vector loop, after the writes of the earlier vectors");
        }
        if (!staged.isEmpty()) {
            int key = 0;
            for (final Map.Entry<ArrayParam, Integer> e : staged.entrySet()) {
                cb.aload(segs.get(e.getKey())).loadConstant(key++).loadConstant(stagedLength.get(e.getKey()));
                cb.invokestatic(CHECKS, "stage", MethodTypeDesc.of(HEAP, SEG, CD_int, CD_int));
                cb.astore(e.getValue());
            }
            notes.add("launch: " + staged.keySet().stream().map(ArrayParam::name).toList() + " staged in heap copies"
                + " (re-read by a vector loop on every outer iteration; segment vector loads are slower) and copied"
                + " back if written");
        }
        stmts(ir.body());
        cb.labelBinding(scalar);
        final Class<?>[] types = model.method().getParameterTypes();
        for (int p = 0; p < types.length; p++) {
            cb.loadLocal(TypeKind.from(types[p]), paramSlots[p]);
        }
        cb.invokestatic(self, "scalar", desc);
        cb.return_(TypeKind.from(model.method().getReturnType()));
        if (!pairs.isEmpty()) {
            notes.add("launch: runs the scalar copy if " + pairs.stream().map(pr -> pr.get(0) + "/" + pr.get(1))
                .toList() + " overlap");
        }
    }

    private void boundsCheck(final ArrayParam a, final long[] range, final Label scalar) {
        if (range[0] < 0) {
            cb.goto_(scalar);
            return;
        }
        cb.aload(paramSlots[a.index()]);
        if (a.kind() == ArrayKind.HEAP) {
            cb.arraylength().loadConstant((int) range[1]).if_icmple(scalar);
        } else {
            cb.invokevirtual(DOUBLE_ARRAY, "length", MethodTypeDesc.of(CD_long)).loadConstant(range[1]).lcmp()
                .ifle(scalar);
        }
    }

    /**
     * Replaces an off-heap array's segment by its first {@code elements} elements, a length the JIT then knows as a
     * constant: with every index's range known from the constant loop bounds, it drops the segment's bounds check
     * from each vector load and store, which it otherwise recomputes (as clamped long ranges) at every entry into
     * the innermost loop, once per row of a stencil (JDK 25 C2; the 64^3 Jacobi ran 25-35% slower than on a
     * {@code double[]} for that alone). Only after {@link #boundsCheck} has shown the array long enough.
     */
    private void constantLength(final ArrayParam a, final long elements) {
        cb.aload(segs.get(a)).lconst_0().loadConstant(Math.multiplyExact(elements, Double.BYTES));
        cb.invokeinterface(SEG, "asSlice", MethodTypeDesc.of(SEG, CD_long, CD_long));
        cb.astore(segs.get(a));
    }

    private void overlapCheck(final ArrayParam a, final ArrayParam b, final Label scalar) {
        if (a.kind() == ArrayKind.HEAP && b.kind() == ArrayKind.HEAP) {
            cb.aload(paramSlots[a.index()]).aload(paramSlots[b.index()]).if_acmpeq(scalar);
            return;
        }
        final ArrayParam s = a.kind() == ArrayKind.OFF_HEAP ? a : b;
        final ArrayParam o = s == a ? b : a;
        cb.aload(segs.get(s));
        if (o.kind() == ArrayKind.OFF_HEAP) {
            cb.aload(segs.get(o));
            cb.invokestatic(CHECKS, "overlaps", MethodTypeDesc.of(ClassDesc.ofDescriptor("Z"), SEG, SEG));
        } else {
            cb.aload(paramSlots[o.index()]);
            cb.invokestatic(CHECKS, "overlaps", MethodTypeDesc.of(ClassDesc.ofDescriptor("Z"), SEG, HEAP));
        }
        cb.ifne(scalar);
    }

    // ---- scalar code ----------------------------------------------------------------------------------------

    private void stmts(final List<Stmt> body) {
        for (final Stmt s : body) {
            stmt(s);
        }
    }

    private void stmt(final Stmt s) {
        switch (s) {
            case Stmt.Assign a -> {
                expr(a.value());
                cb.storeLocal(kind(a.var().type()), slots.get(a.var()));
            }
            case Stmt.Store st -> {
                if (onHeap(st.array())) {
                    loadHeapArray(st.array());
                    expr(st.index());
                    expr(st.value());
                    cb.dastore();
                } else {
                    cb.aload(segs.get(st.array()));
                    cb.getstatic(DOUBLE_ARRAY, "LAYOUT", OF_DOUBLE);
                    expr(st.index());
                    cb.i2l();
                    expr(st.value());
                    cb.invokeinterface(SEG, "setAtIndex", MethodTypeDesc.of(CD_void, OF_DOUBLE, CD_long, CD_double));
                }
            }
            case Stmt.Loop l -> {
                final VectorPlan p = plans.get(new VectorPlanKey(l));
                if (p != null) {
                    vectorLoop(l, p);
                } else {
                    scalarLoop(l, null);
                }
            }
            case Stmt.If i -> {
                final Label otherwise = cb.newLabel();
                final Label end = cb.newLabel();
                jump(i.cond(), false, otherwise);
                stmts(i.then());
                cb.goto_(end);
                cb.labelBinding(otherwise);
                stmts(i.otherwise());
                cb.labelBinding(end);
            }
            case Stmt.Return r -> {
                if (r.value() != null) {
                    expr(r.value());
                }
                final Set<ArrayParam> written = IrQueries.storedArrays(ir.body());
                for (final Map.Entry<ArrayParam, Integer> e : staged.entrySet()) {
                    if (written.contains(e.getKey())) {
                        cb.aload(e.getValue()).aload(segs.get(e.getKey())).loadConstant(stagedLength.get(e.getKey()));
                        cb.invokestatic(CHECKS, "unstage", MethodTypeDesc.of(CD_void, HEAP, SEG, CD_int));
                    }
                }
                if (r.value() == null) {
                    cb.return_();
                } else {
                    cb.return_(kind(r.value().type()));
                }
            }
            case Stmt.Barrier b -> throw new IllegalStateException("a per-work-item kernel reached the SIMD back end;"
                + " Specializer keeps those scalar");
        }
    }

    /** {@code for (i = from (unless fromCurrent); i < to; i += step) body}; {@code to} read once. */
    private void scalarLoop(final Stmt.Loop l, final Integer toSlot) {
        final int i = slots.get(l.index());
        final int to;
        if (toSlot == null) {
            expr(l.from());
            cb.istore(i);
            to = next++;
            expr(l.to());
            cb.istore(to);
        } else {
            to = toSlot;
        }
        final Label head = cb.newLabel();
        final Label end = cb.newLabel();
        cb.labelBinding(head);
        cb.iload(i).iload(to).if_icmpge(end);
        stmts(l.body());
        cb.iinc(i, l.step());
        cb.goto_(head);
        cb.labelBinding(end);
    }

    private void expr(final Expr e) {
        switch (e) {
            case Expr.Literal l -> cb.loadConstant(switch (l.type()) {
                case INT, BOOLEAN -> (Integer) l.value().intValue();
                case LONG -> (Long) l.value().longValue();
                case DOUBLE -> (Double) l.value().doubleValue();
            });
            case Expr.Read r -> cb.loadLocal(kind(r.type()), slots.get(r.var()));
            case Expr.Param p -> cb.loadLocal(kind(p.type()), paramSlots[p.param().index()]);
            case Expr.Load ld -> {
                if (onHeap(ld.array())) {
                    loadHeapArray(ld.array());
                    expr(ld.index());
                    cb.daload();
                } else {
                    cb.aload(segs.get(ld.array()));
                    cb.getstatic(DOUBLE_ARRAY, "LAYOUT", OF_DOUBLE);
                    expr(ld.index());
                    cb.i2l();
                    cb.invokeinterface(SEG, "getAtIndex", MethodTypeDesc.of(CD_double, OF_DOUBLE, CD_long));
                }
            }
            case Expr.WorkItemQuery w -> throw new IllegalStateException("a per-work-item kernel reached the SIMD"
                + " back end; Specializer keeps those scalar");
            case Expr.Length len -> {
                if (len.array().kind() == ArrayKind.HEAP) {
                    cb.aload(paramSlots[len.array().index()]).arraylength();
                } else {
                    cb.aload(paramSlots[len.array().index()]);
                    cb.invokevirtual(DOUBLE_ARRAY, "length", MethodTypeDesc.of(CD_long));
                }
            }
            case Expr.Binary b -> {
                expr(b.left());
                expr(b.right());
                cb.with(java.lang.classfile.instruction.OperatorInstruction.of(binary(b.op(), b.type())));
            }
            case Expr.Neg n -> {
                expr(n.operand());
                cb.with(java.lang.classfile.instruction.OperatorInstruction.of(switch (n.type()) {
                    case INT -> Opcode.INEG;
                    case LONG -> Opcode.LNEG;
                    default -> Opcode.DNEG;
                }));
            }
            case Expr.Convert c -> {
                expr(c.operand());
                cb.conversion(kind(c.operand().type()), kind(c.type()));
            }
            case Expr.Call c -> {
                for (final Expr a : c.args()) {
                    expr(a);
                }
                final ClassDesc t = c.type() == Type.DOUBLE ? CD_double : CD_int;
                final ClassDesc[] ps = new ClassDesc[c.args().size()];
                java.util.Arrays.fill(ps, t);
                cb.invokestatic(MATH, javaName(c.fn()), MethodTypeDesc.of(t, ps));
            }
            case Expr.Compare c -> condValue(c);
            case Expr.Not n -> condValue(n);
        }
    }

    private void condValue(final Expr cond) {
        final Label f = cb.newLabel();
        final Label end = cb.newLabel();
        jump(cond, false, f);
        cb.iconst_1().goto_(end);
        cb.labelBinding(f);
        cb.iconst_0();
        cb.labelBinding(end);
    }

    /** Jumps to {@code target} when {@code cond} is {@code when}. */
    private void jump(final Expr cond, final boolean when, final Label target) {
        if (cond instanceof Expr.Not n) {
            jump(n.operand(), !when, target);
            return;
        }
        final Expr.Compare c = (Expr.Compare) cond;
        expr(c.left());
        expr(c.right());
        final CmpOp op = when ? c.op() : negate(c.op());
        switch (c.left().type()) {
            case INT -> cb.branch(switch (op) {
                case EQ -> Opcode.IF_ICMPEQ;
                case NE -> Opcode.IF_ICMPNE;
                case LT -> Opcode.IF_ICMPLT;
                case GE -> Opcode.IF_ICMPGE;
                case GT -> Opcode.IF_ICMPGT;
                case LE -> Opcode.IF_ICMPLE;
            }, target);
            case LONG -> {
                cb.lcmp();
                cb.branch(zeroBranch(op), target);
            }
            default -> {
                // Java's double comparisons are false on NaN. Jumping when true: NaN must not jump; when false:
                // NaN must jump. dcmpg gives 1 on NaN, dcmpl -1: pick the one that lands on the right side.
                final boolean nanJumps = !when;
                final boolean g = switch (op) {
                    case LT, LE -> nanJumps == false;
                    case GT, GE -> nanJumps;
                    case EQ -> true;
                    case NE -> true;
                };
                if (g) {
                    cb.dcmpg();
                } else {
                    cb.dcmpl();
                }
                cb.branch(zeroBranch(op), target);
            }
        }
    }

    private static Opcode zeroBranch(final CmpOp op) {
        return switch (op) {
            case EQ -> Opcode.IFEQ;
            case NE -> Opcode.IFNE;
            case LT -> Opcode.IFLT;
            case GE -> Opcode.IFGE;
            case GT -> Opcode.IFGT;
            case LE -> Opcode.IFLE;
        };
    }

    private static CmpOp negate(final CmpOp op) {
        return switch (op) {
            case EQ -> CmpOp.NE;
            case NE -> CmpOp.EQ;
            case LT -> CmpOp.GE;
            case GE -> CmpOp.LT;
            case GT -> CmpOp.LE;
            case LE -> CmpOp.GT;
        };
    }

    // ---- vector code ----------------------------------------------------------------------------------------

    /** Vector state of one loop being emitted. */
    private final class VectorLoop {
        final VectorPlan plan;
        final Map<Expr, Integer> invariants = new HashMap<>();
        final Map<Expr, Integer> offsets = new HashMap<>();
        final Map<Var, Integer> temps = new HashMap<>();
        final Map<Var, Integer> sums = new HashMap<>();

        VectorLoop(final VectorPlan plan) {
            this.plan = plan;
        }
    }

    private void vectorLoop(final Stmt.Loop l, final VectorPlan p) {
        final int i = slots.get(l.index());
        final int to = next++;
        final int ub = next++;
        expr(l.from());
        cb.istore(i);
        expr(l.to());
        cb.istore(to);
        // ub = i + ((to - i) / L) * L
        cb.iload(i).iload(to).iload(i).isub().loadConstant(LANES).idiv().loadConstant(LANES).imul().iadd().istore(ub);
        for (final Expr d : p.distances) {
            // Indices of a stored array less than a vector apart: the whole loop runs as its scalar tail (abs of
            // Integer.MIN_VALUE stays negative, so that distance runs scalar too).
            final Label apart = cb.newLabel();
            expr(d);
            cb.invokestatic(MATH, "abs", MethodTypeDesc.of(CD_int, CD_int));
            cb.loadConstant(LANES).if_icmpge(apart);
            cb.iload(i).istore(ub);
            cb.labelBinding(apart);
        }
        final Label tail = cb.newLabel();
        cb.iload(i).iload(ub).if_icmpge(tail);
        final VectorLoop v = new VectorLoop(p);
        for (final Expr e : p.invariants) {
            final int s = next++;
            species();
            expr(e);
            cb.invokestatic(DV, "broadcast", MethodTypeDesc.of(DV, SPECIES, CD_double));
            cb.astore(s);
            v.invariants.put(e, s);
        }
        for (final Expr e : p.offsets) {
            if (!(e instanceof Expr.Literal)) {
                expr(e);
                final int s = next++;
                cb.istore(s);
                v.offsets.put(e, s);
            }
        }
        for (final Var t : p.temporaries) {
            v.temps.put(t, next++);
        }
        for (final Var s : p.reductions.keySet()) {
            species();
            cb.invokestatic(DV, "zero", MethodTypeDesc.of(DV, SPECIES));
            final int slot = next++;
            cb.astore(slot);
            v.sums.put(s, slot);
        }
        final Label head = cb.newLabel();
        cb.labelBinding(head);
        vstmts(v, l.body(), -1, new java.util.HashSet<>());
        cb.iinc(i, LANES);
        cb.iload(i).iload(ub).if_icmplt(head);
        for (final Map.Entry<Var, Integer> s : v.sums.entrySet()) {
            final int x = slots.get(s.getKey());
            // The lanes are added in lane order.
            cb.dload(x);
            for (int k = 0; k < LANES; k++) {
                cb.aload(s.getValue()).loadConstant(k).invokevirtual(DV, "lane", MethodTypeDesc.of(CD_double, CD_int));
                if (k > 0) {
                    cb.dadd();
                }
            }
            if (p.reductions.get(s.getKey()) == VectorPlan.Sum.ADD) {
                cb.dadd();
            } else {
                cb.dsub();
            }
            cb.dstore(x);
        }
        cb.labelBinding(tail);
        scalarLoop(l, to);
    }

    private void species() {
        cb.getstatic(DV, "SPECIES_PREFERRED", SPECIES);
    }

    /** Emits vector statements under the mask in {@code mask} (a local slot, or -1 for all lanes). */
    private void vstmts(final VectorLoop v, final List<Stmt> body, final int mask, final Set<Var> defined) {
        for (final Stmt s : body) {
            switch (s) {
                case Stmt.Assign a -> {
                    final Var x = a.var();
                    if (x.type() == Type.INT) {
                        continue;
                    }
                    final Integer sum = v.sums.get(x);
                    if (sum != null) {
                        final Expr.Binary b = (Expr.Binary) a.value();
                        cb.aload(sum);
                        vexpr(v, b.right());
                        // The accumulator sums the terms; x = x - e subtracts the lane sum at the end.
                        final String op = "add";
                        if (mask >= 0) {
                            cb.aload(mask).invokevirtual(DV, op, VVM);
                        } else {
                            cb.invokevirtual(DV, op, VV);
                        }
                        cb.astore(sum);
                        continue;
                    }
                    final int t = v.temps.get(x);
                    if (mask >= 0 && defined.contains(x)) {
                        cb.aload(t);
                        vexpr(v, a.value());
                        cb.aload(mask).invokevirtual(DV, "blend", MethodTypeDesc.of(DV, VEC, MASK));
                    } else {
                        vexpr(v, a.value());
                    }
                    cb.astore(t);
                    defined.add(x);
                }
                case Stmt.Store st -> {
                    final ArrayParam arr = st.array();
                    if (mask >= 0) {
                        // A masked store becomes load, blend, store of the whole vector: masked stores into memory
                        // segments ran 10x slower (JDK 25). The lanes outside the mask are written back unchanged;
                        // the kernel owns its arrays for the launch, so no other thread can see the difference.
                        vexpr(v, new Expr.Load(arr, st.index()));
                        vexpr(v, st.value());
                        cb.aload(mask).invokevirtual(DV, "blend", MethodTypeDesc.of(DV, VEC, MASK));
                    } else {
                        vexpr(v, st.value());
                    }
                    if (onHeap(arr)) {
                        loadHeapArray(arr);
                        index(v, st.index());
                        cb.invokevirtual(DV, "intoArray", MethodTypeDesc.of(CD_void, HEAP, CD_int));
                    } else {
                        cb.aload(segs.get(arr));
                        byteOffset(v, st.index());
                        cb.getstatic(ORDER, "LITTLE_ENDIAN", ORDER);
                        cb.invokevirtual(DV, "intoMemorySegment", MethodTypeDesc.of(CD_void, SEG, CD_long, ORDER));
                    }
                }
                case Stmt.If i -> {
                    final int m = next++;
                    vmask(v, i.cond());
                    if (mask >= 0) {
                        cb.aload(mask).invokevirtual(MASK, "and", MethodTypeDesc.of(MASK, MASK));
                    }
                    cb.astore(m);
                    final Label skip = cb.newLabel();
                    if (costly(i.then())) {
                        // No lane takes the branch: skip it (its blends, masked sums and stores would change
                        // nothing). Pays where a condition is rarely true, as a cutoff is for most pairs of atoms.
                        cb.aload(m).invokevirtual(MASK, "anyTrue", MethodTypeDesc.of(ClassDesc.ofDescriptor("Z")));
                        cb.ifeq(skip);
                    }
                    vstmts(v, i.then(), m, new java.util.HashSet<>(defined));
                    cb.labelBinding(skip);
                    if (!i.otherwise().isEmpty()) {
                        final int n = next++;
                        cb.aload(m).invokevirtual(MASK, "not", MethodTypeDesc.of(MASK));
                        if (mask >= 0) {
                            cb.aload(mask).invokevirtual(MASK, "and", MethodTypeDesc.of(MASK, MASK));
                        }
                        cb.astore(n);
                        vstmts(v, i.otherwise(), n, new java.util.HashSet<>(defined));
                    }
                }
                default -> throw new IllegalStateException("not vectorizable: " + s);
            }
        }
    }

    /** Whether a branch is worth a test that skips it: a division or a {@code Math} call, or four statements. */
    private static boolean costly(final List<Stmt> body) {
        int statements = 0;
        for (final Stmt s : body) {
            statements++;
            final boolean heavy = switch (s) {
                case Stmt.Assign a -> heavy(a.value());
                case Stmt.Store st -> heavy(st.value());
                case Stmt.If i -> costly(i.then()) || costly(i.otherwise());
                default -> false;
            };
            if (heavy) {
                return true;
            }
        }
        return statements >= 4;
    }

    private static boolean heavy(final Expr e) {
        return switch (e) {
            case Expr.Binary b -> b.op() == BinOp.DIV || heavy(b.left()) || heavy(b.right());
            case Expr.Neg n -> heavy(n.operand());
            case Expr.Call c -> true;
            default -> false;
        };
    }

    private void index(final VectorLoop v, final Expr index) {
        final Expr off = v.plan.offsetOf(index);
        cb.iload(slots.get(v.plan.loop.index()));
        offset(v, off);
    }

    private void offset(final VectorLoop v, final Expr off) {
        if (off instanceof Expr.Literal lit) {
            if (lit.value().intValue() != 0) {
                cb.loadConstant(lit.value().intValue()).iadd();
            }
        } else {
            cb.iload(v.offsets.get(off)).iadd();
        }
    }

    private void byteOffset(final VectorLoop v, final Expr index) {
        index(v, index);
        cb.i2l().loadConstant(3).lshl();
    }

    private void vexpr(final VectorLoop v, final Expr e) {
        final Integer inv = v.invariants.get(e);
        if (inv != null) {
            cb.aload(inv);
            return;
        }
        switch (e) {
            case Expr.Read r -> cb.aload(v.temps.get(r.var()));
            case Expr.Load ld -> {
                species();
                if (onHeap(ld.array())) {
                    loadHeapArray(ld.array());
                    index(v, ld.index());
                    cb.invokestatic(DV, "fromArray", MethodTypeDesc.of(DV, SPECIES, HEAP, CD_int));
                } else {
                    cb.aload(segs.get(ld.array()));
                    byteOffset(v, ld.index());
                    cb.getstatic(ORDER, "LITTLE_ENDIAN", ORDER);
                    cb.invokestatic(DV, "fromMemorySegment", MethodTypeDesc.of(DV, SPECIES, SEG, CD_long, ORDER));
                }
            }
            case Expr.Binary b -> {
                vexpr(v, b.left());
                vexpr(v, b.right());
                cb.invokevirtual(DV, switch (b.op()) {
                    case ADD -> "add";
                    case SUB -> "sub";
                    case MUL -> "mul";
                    case DIV -> "div";
                    default -> throw new IllegalStateException(b.toString());
                }, VV);
            }
            case Expr.Neg n -> {
                vexpr(v, n.operand());
                cb.invokevirtual(DV, "neg", MethodTypeDesc.of(DV));
            }
            case Expr.Call c -> {
                for (final Expr a : c.args()) {
                    vexpr(v, a);
                }
                switch (c.fn()) {
                    case SQRT -> cb.invokevirtual(DV, "sqrt", MethodTypeDesc.of(DV));
                    case ABS -> cb.invokevirtual(DV, "abs", MethodTypeDesc.of(DV));
                    case MIN -> cb.invokevirtual(DV, "min", VV);
                    case MAX -> cb.invokevirtual(DV, "max", VV);
                    case FMA -> cb.invokevirtual(DV, "fma", MethodTypeDesc.of(DV, VEC, VEC));
                    default -> throw new IllegalStateException(c.toString());
                }
            }
            default -> throw new IllegalStateException("not vectorizable: " + e);
        }
    }

    private void vmask(final VectorLoop v, final Expr cond) {
        if (cond instanceof Expr.Not n) {
            vmask(v, n.operand());
            cb.invokevirtual(MASK, "not", MethodTypeDesc.of(MASK));
            return;
        }
        final Expr.Compare c = (Expr.Compare) cond;
        vexpr(v, c.left());
        cb.getstatic(OPS, c.op().name(), COMPARISON);
        vexpr(v, c.right());
        cb.invokevirtual(DV, "compare", MethodTypeDesc.of(MASK, COMPARISON, VEC));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static TypeKind kind(final Type t) {
        return switch (t) {
            case INT, BOOLEAN -> TypeKind.INT;
            case LONG -> TypeKind.LONG;
            case DOUBLE -> TypeKind.DOUBLE;
        };
    }

    private static Opcode binary(final BinOp op, final Type t) {
        final String p = switch (t) {
            case INT, BOOLEAN -> "I";
            case LONG -> "L";
            case DOUBLE -> "D";
        };
        return Opcode.valueOf(p + op.name());
    }

    private static String javaName(final org.charm4j.kernels.ir.MathFn fn) {
        return switch (fn) {
            case SQRT -> "sqrt";
            case ABS -> "abs";
            case MIN -> "min";
            case MAX -> "max";
            case FMA -> "fma";
            case EXP -> "exp";
            case LOG -> "log";
            case SIN -> "sin";
            case COS -> "cos";
            case POW -> "pow";
        };
    }
}
