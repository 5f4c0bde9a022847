package org.charm4j.kernels.ir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.ArrayStoreInstruction;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.charm4j.DoubleArray;
import org.charm4j.kernels.KernelRefusedException;
import org.charm4j.kernels.KernelRefusedException.Problem;
import org.charm4j.kernels.ParallelLoop;
import org.charm4j.kernels.WorkItem;
import org.charm4j.kernels.internal.KernelModel;

/**
 * Reads a kernel's bytecode into the {@link KernelIr}, with the {@code @Const} values folded in and the static
 * helpers it calls inlined. It recognises what javac emits for counted {@code for} loops ({@code i < n},
 * {@code i <= n}, a positive constant step), {@code if}/{@code else}, arithmetic on {@code int}, {@code long} and
 * {@code double}, {@code double[]} and {@link DoubleArray} ({@code get}, {@code set}, {@code length}) elements, and
 * {@code Math} functions. Anything else is refused with the method, bytecode offset, source line and the reason.
 *
 * <p>Threading: stateless; any thread.
 */
public final class IrBuilder {
    private static final ClassDesc DOUBLE_ARRAY = ClassDesc.of(DoubleArray.class.getName());
    private static final ClassDesc MATH = ClassDesc.of("java.lang.Math");
    private static final ClassDesc STRICT_MATH = ClassDesc.of("java.lang.StrictMath");
    private static final int MAX_INLINE_DEPTH = 8;
    private static final ClassDesc WORK_ITEM_TYPE = ClassDesc.of(WorkItem.class.getName());

    /** The kernel's {@link WorkItem} parameter, as a binding and on the operand stack. */
    private enum WorkItemRef {
        /** The one work item. */
        INSTANCE
    }

    /** A {@code dcmpl}/{@code dcmpg}/{@code lcmp} result on the operand stack, waiting for its branch. */
    private record CmpResult(Expr left, Expr right, int nanValue) {
    }

    /** One method being read: the kernel or an inlined helper. */
    private static final class Frame {
        final String className;
        final String methodName;
        final CodeAttribute code;
        final List<CodeElement> elements = new ArrayList<>();
        final int[] bci;
        final Map<Label, Integer> labels = new HashMap<>();
        final Map<Integer, Object> bindings = new HashMap<>();
        final Deque<Object> stack = new ArrayDeque<>();
        final int id;
        final int depth;
        final Class<?> owner;
        Expr result;
        int line = -1;

        Frame(final Class<?> owner, final MethodModel mm, final int id, final int depth) {
            this.owner = owner;
            this.className = owner.getName();
            this.methodName = mm.methodName().stringValue();
            this.code = (CodeAttribute) mm.code().orElseThrow();
            this.id = id;
            this.depth = depth;
            for (final CodeElement e : code) {
                elements.add(e);
            }
            bci = new int[elements.size() + 1];
            int b = 0;
            for (int i = 0; i < elements.size(); i++) {
                bci[i] = b;
                if (elements.get(i) instanceof Instruction ins) {
                    b += ins.sizeInBytes();
                }
                if (elements.get(i) instanceof LabelTarget t) {
                    labels.put(t.label(), i);
                }
            }
            bci[elements.size()] = b;
        }
    }

    private final KernelModel model;
    private final List<ParallelLoop> parallel;
    private final List<Var> vars = new ArrayList<>();
    private final Map<String, Var> varsByKey = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final List<ScalarParam> scalars = new ArrayList<>();
    private final List<ArrayParam> arrays = new ArrayList<>();
    private final Set<String> inlining = new HashSet<>();
    private final List<KernelIr.LocalArray> locals = new ArrayList<>();
    /** The parameter index of the kernel's {@link WorkItem}, or -1. */
    private int workItem = -1;
    /** Loops and branches the statement being read is inside (local arrays are declared only outside all). */
    private int nesting;
    private int frames;

    private IrBuilder(final KernelModel model) {
        this.model = model;
        this.parallel = model.parallelLoops();
    }

    /**
     * @param model     an accepted kernel.
     * @param constants one value per {@code @Const} parameter, checked against its kind.
     * @return the kernel's IR for those constants.
     * @throws KernelRefusedException if the kernel uses a construct the IR does not have.
     */
    public static KernelIr build(final KernelModel model, final Object[] constants) {
        return new IrBuilder(model).kernel(constants);
    }

    private KernelIr kernel(final Object[] constants) {
        final Method m = model.method();
        final Frame f = new Frame(m.getDeclaringClass(), model.methodModel(), frames++, 0);
        final Class<?>[] types = m.getParameterTypes();
        final List<String> shown = new ArrayList<>();
        final List<Stmt> out = new ArrayList<>();
        final Set<Integer> storedSlots = storedSlots(f);
        int slot = 0;
        for (int p = 0; p < types.length; p++) {
            final int c = model.constIndexOfSlot(slot);
            final String name = paramName(f, p, slot);
            if (c >= 0) {
                final Expr lit = literalOf(types[p], constants[c]);
                f.bindings.put(slot, lit);
                shown.add(name + "=" + constants[c]);
            } else if (types[p] == double[].class || types[p] == DoubleArray.class) {
                final ArrayParam a = new ArrayParam(p, name, types[p] == double[].class ? ArrayKind.HEAP
                    : ArrayKind.OFF_HEAP);
                arrays.add(a);
                f.bindings.put(slot, a);
            } else if (types[p] == WorkItem.class) {
                if (workItem >= 0) {
                    throw refuse(f, -1, "parameter '" + name + "' is a second WorkItem; a per-work-item kernel has one");
                }
                workItem = p;
                f.bindings.put(slot, WorkItemRef.INSTANCE);
            } else if (types[p] == int.class || types[p] == long.class || types[p] == double.class) {
                final ScalarParam sp = new ScalarParam(p, name, typeOf(types[p]));
                scalars.add(sp);
                names.add(name);
                if (storedSlots.contains(slot)) {
                    final Var v = var(f, slot, sp.type(), 0);
                    out.add(new Stmt.Assign(v, new Expr.Param(sp)));
                } else {
                    f.bindings.put(slot, new Expr.Param(sp));
                }
            } else {
                throw refuse(f, -1, "parameter '" + name + "' is a " + types[p].getSimpleName() + "; the kernel IR"
                    + " takes int, long and double scalars, double[] and DoubleArray arrays, and a WorkItem");
            }
            slot += types[p] == long.class || types[p] == double.class ? 2 : 1;
        }
        for (final ArrayParam a : arrays) {
            names.add(a.name());
        }
        block(f, 0, f.elements.size(), out);
        if (out.isEmpty() || !(out.getLast() instanceof Stmt.Return)) {
            out.add(new Stmt.Return(null));
        }
        final Type ret = m.getReturnType() == void.class ? null : typeOf(m.getReturnType());
        final List<Stmt> body = IrRewriter.propagateConstants(out);
        final Set<Var> used = new HashSet<>(IrQueries.assigned(body));
        if (workItem >= 0 && ret != null) {
            throw refuse(f, -1, "a per-work-item kernel returns " + ret.cName() + "; it returns nothing (each item"
                + " writes its results into an array; sum a group's values in local memory)");
        }
        return new KernelIr(model.displayName(), shown, scalars, arrays, ret,
            vars.stream().filter(used::contains).toList(), body, workItem, locals);
    }

    private static Set<Integer> storedSlots(final Frame f) {
        final Set<Integer> s = new HashSet<>();
        for (final CodeElement e : f.elements) {
            if (e instanceof StoreInstruction st) {
                s.add(st.slot());
            } else if (e instanceof IncrementInstruction inc) {
                s.add(inc.slot());
            }
        }
        return s;
    }

    // ---- structured control flow ----------------------------------------------------------------------------

    private void block(final Frame f, final int from, final int to, final List<Stmt> out) {
        int i = from;
        while (i < to) {
            final CodeElement e = f.elements.get(i);
            if (e instanceof LabelTarget t) {
                final int back = backwardGoto(f, t.label(), i, to);
                if (back >= 0) {
                    i = loop(f, i, back, out);
                    continue;
                }
                i++;
                continue;
            }
            if (e instanceof LineNumber ln) {
                f.line = ln.line();
                i++;
                continue;
            }
            if (!(e instanceof Instruction ins)) {
                i++;
                continue;
            }
            if (ins instanceof BranchInstruction br) {
                if (br.opcode() == Opcode.GOTO || br.opcode() == Opcode.GOTO_W) {
                    throw refuse(f, i, "a jump that is not part of a loop or if/else (break, continue, or a loop"
                        + " whose condition is not at its head); write a counted for loop without break/continue");
                }
                i = conditional(f, i, to, out);
                continue;
            }
            if (ins instanceof ReturnInstruction r) {
                if (nextInstruction(f, i + 1) < f.elements.size()) {
                    throw refuse(f, i, "return before the end of the method; the kernel IR has one return, at the"
                        + " end: assign the result to a local and return it last");
                }
                final Expr value = r.typeKind() == TypeKind.VOID ? null : expr(f, i, pop(f, i));
                if (f.depth == 0) {
                    out.add(new Stmt.Return(value));
                } else {
                    f.result = value;
                }
                i++;
                continue;
            }
            instruction(f, i, ins, out);
            i++;
        }
    }

    private static int nextInstruction(final Frame f, final int from) {
        int i = from;
        while (i < f.elements.size() && !(f.elements.get(i) instanceof Instruction)) {
            i++;
        }
        return i;
    }

    private static int backwardGoto(final Frame f, final Label label, final int at, final int to) {
        for (int g = to - 1; g > at; g--) {
            if (f.elements.get(g) instanceof BranchInstruction b && (b.opcode() == Opcode.GOTO
                || b.opcode() == Opcode.GOTO_W) && b.target().equals(label)) {
                return g;
            }
        }
        return -1;
    }

    private int loop(final Frame f, final int head, final int back, final List<Stmt> out) {
        nesting++;
        try {
            return countedLoop(f, head, back, out);
        } finally {
            nesting--;
        }
    }

    private int countedLoop(final Frame f, final int head, final int back, final List<Stmt> out) {
        final int headBci = f.bci[head];
        int i = head + 1;
        while (!(f.elements.get(i) instanceof BranchInstruction)) {
            final CodeElement e = f.elements.get(i);
            if (e instanceof LineNumber ln) {
                f.line = ln.line();
            } else if (e instanceof Instruction ins) {
                if (ins instanceof InvokeInstruction || ins instanceof StoreInstruction
                    || ins instanceof IncrementInstruction || ins instanceof ArrayStoreInstruction) {
                    throw refuse(f, i, "a loop condition with side effects; write for (int i = a; i < b; i++)");
                }
                instruction(f, i, ins, out);
            }
            i++;
        }
        final int line = f.line;
        final BranchInstruction br = (BranchInstruction) f.elements.get(i);
        final int exit = f.labels.get(br.target());
        if (exit <= back || nextInstruction(f, back + 1) < nextInstruction(f, exit)) {
            throw refuse(f, i, "a loop whose condition does not exit to just after the loop (a compound"
                + " condition, or a do/while); write for (int i = a; i < b; i += step)");
        }
        final Expr cond = condition(f, i, br);
        final List<Stmt> body = new ArrayList<>();
        block(f, i + 1, back, body);
        // The increment: the body's last statement, v = v + k.
        if (body.isEmpty() || !(body.getLast() instanceof Stmt.Assign upd)
            || !(upd.value() instanceof Expr.Binary add) || add.op() != BinOp.ADD
            || !(add.left() instanceof Expr.Read r) || !r.var().equals(upd.var())
            || !(add.right() instanceof Expr.Literal step) || upd.var().type() != Type.INT
            || step.value().intValue() <= 0) {
            throw refuse(f, back, "a loop without a positive constant step at its end; the kernel IR has counted"
                + " loops only: for (int i = a; i < b; i += k) with a constant k > 0");
        }
        final Var v = upd.var();
        body.removeLast();
        final Expr to;
        if (cond instanceof Expr.Compare c && c.left() instanceof Expr.Read rv && rv.var().equals(v)
            && (c.op() == CmpOp.LT || c.op() == CmpOp.LE)) {
            to = c.op() == CmpOp.LT ? c.right() : Exprs.binary(BinOp.ADD, c.right(), Exprs.ofInt(1));
        } else if (cond instanceof Expr.Compare c && c.right() instanceof Expr.Read rv && rv.var().equals(v)
            && (c.op() == CmpOp.GT || c.op() == CmpOp.GE)) {
            to = c.op() == CmpOp.GT ? c.left() : Exprs.binary(BinOp.ADD, c.left(), Exprs.ofInt(1));
        } else {
            throw refuse(f, i, "the loop condition " + cond + " is not 'i < bound' or 'i <= bound' on the variable"
                + " that the loop increments (" + v + ")");
        }
        final Set<Var> assigned = IrQueries.assigned(body);
        if (assigned.contains(v)) {
            throw refuse(f, back, "the loop body assigns its induction variable " + v + "; assign another variable");
        }
        for (final Var read : IrQueries.reads(to)) {
            if (assigned.contains(read)) {
                throw refuse(f, i, "the loop bound " + to + " reads " + read + ", which the loop body assigns; the"
                    + " bound must not change during the loop");
            }
        }
        final Expr start;
        if (!out.isEmpty() && out.getLast() instanceof Stmt.Assign init && init.var().equals(v)) {
            out.removeLast();
            start = init.value();
        } else {
            start = new Expr.Read(v);
        }
        out.add(new Stmt.Loop(v, start, to, step.value().intValue(), isParallel(v, headBci), body, line));
        return back + 1;
    }

    private boolean isParallel(final Var v, final int headBci) {
        final String suffix = ":" + v.type();
        for (final Map.Entry<String, Var> e : varsByKey.entrySet()) {
            if (e.getValue().equals(v) && e.getKey().startsWith("0:") && e.getKey().endsWith(suffix)) {
                final int slot = Integer.parseInt(e.getKey().split(":")[1]);
                for (final ParallelLoop p : parallel) {
                    if (p.slot() == slot && p.startBci() <= headBci && headBci < p.endBci()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private int conditional(final Frame f, final int at, final int to, final List<Stmt> out) {
        nesting++;
        try {
            return ifElse(f, at, to, out);
        } finally {
            nesting--;
        }
    }

    private int ifElse(final Frame f, final int at, final int to, final List<Stmt> out) {
        final BranchInstruction br = (BranchInstruction) f.elements.get(at);
        final int line = f.line;
        final Integer target = f.labels.get(br.target());
        if (target == null || target <= at || target > to) {
            throw refuse(f, at, "a conditional jump backwards or out of its block (a do/while loop, or ||/&& in"
                + " a loop condition); use counted for loops and if statements");
        }
        final Expr cond = condition(f, at, br);
        if (!f.stack.isEmpty()) {
            throw refuse(f, at, "a conditional expression (?: or a boolean value); use an if statement, or"
                + " Math.min/Math.max");
        }
        int g = target - 1;
        while (g > at && !(f.elements.get(g) instanceof Instruction)) {
            g--;
        }
        final List<Stmt> then = new ArrayList<>();
        final List<Stmt> otherwise = new ArrayList<>();
        if (f.elements.get(g) instanceof BranchInstruction jump && jump.opcode() == Opcode.GOTO
            && f.labels.get(jump.target()) > target && f.labels.get(jump.target()) <= to) {
            final int end = f.labels.get(jump.target());
            block(f, at + 1, g, then);
            block(f, target, end, otherwise);
            out.add(new Stmt.If(cond, then, otherwise, line));
            return end;
        }
        block(f, at + 1, target, then);
        out.add(new Stmt.If(cond, then, otherwise, line));
        return target;
    }

    /** The condition under which execution falls through {@code br} (javac branches when the source's is false). */
    private Expr condition(final Frame f, final int at, final BranchInstruction br) {
        final Opcode op = br.opcode();
        final CmpOp jump;
        final Object a;
        final Object b;
        switch (op) {
            case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE -> {
                b = pop(f, at);
                a = pop(f, at);
                jump = CmpOp.valueOf(op.name().substring(7));
            }
            case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE -> {
                a = pop(f, at);
                b = Exprs.ofInt(0);
                jump = CmpOp.valueOf(op.name().substring(2));
            }
            default -> throw refuse(f, at, op.name().toLowerCase() + ": comparisons of references are not in"
                + " the kernel IR");
        }
        if (a instanceof CmpResult c) {
            if (c.left().type() == Type.LONG) {
                return new Expr.Compare(negate(jump), c.left(), c.right());
            }
            final boolean takenOnNan = holds(jump, c.nanValue());
            return takenOnNan ? new Expr.Compare(negate(jump), c.left(), c.right())
                : new Expr.Not(new Expr.Compare(jump, c.left(), c.right()));
        }
        return new Expr.Compare(negate(jump), expr(f, at, a), expr(f, at, b));
    }

    private static boolean holds(final CmpOp op, final int v) {
        return switch (op) {
            case EQ -> v == 0;
            case NE -> v != 0;
            case LT -> v < 0;
            case GE -> v >= 0;
            case GT -> v > 0;
            case LE -> v <= 0;
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

    // ---- straight-line instructions ---------------------------------------------------------------------------

    private void instruction(final Frame f, final int at, final Instruction ins, final List<Stmt> out) {
        switch (ins) {
            case LoadInstruction ld -> {
                final Object bound = f.bindings.get(ld.slot());
                if (bound != null && (ld.typeKind() == TypeKind.REFERENCE)
                    == (bound instanceof ArrayParam || bound == WorkItemRef.INSTANCE)) {
                    f.stack.push(bound);
                } else if (ld.typeKind() == TypeKind.REFERENCE) {
                    throw refuse(f, at, "a local variable of a reference type that is not one of the kernel's"
                        + " arrays (slot " + ld.slot() + "); the IR reads double[] and DoubleArray parameters only");
                } else {
                    f.stack.push(new Expr.Read(var(f, ld.slot(), typeOf(f, at, ld.typeKind()), f.bci[at])));
                }
            }
            case StoreInstruction st -> {
                final Object v = pop(f, at);
                if (st.typeKind() == TypeKind.REFERENCE) {
                    if (!(v instanceof ArrayParam) && v != WorkItemRef.INSTANCE) {
                        throw refuse(f, at, "stores a reference that is not one of the kernel's arrays into a"
                            + " local (a MemorySegment, an object); read DoubleArray elements with get(i)/set(i, v)");
                    }
                    f.bindings.put(st.slot(), v);
                    return;
                }
                final Var var = var(f, st.slot(), typeOf(f, at, st.typeKind()), f.bci[at] + st.sizeInBytes());
                f.bindings.remove(st.slot());
                assign(f, at, var, expr(f, at, v), out);
            }
            case IncrementInstruction inc -> {
                final Var var = var(f, inc.slot(), Type.INT, f.bci[at]);
                assign(f, at, var, Exprs.binary(BinOp.ADD, new Expr.Read(var), Exprs.ofInt(inc.constant())), out);
            }
            case ConstantInstruction c -> {
                final Object v = c.constantValue();
                switch (v) {
                    case Integer x -> f.stack.push(Exprs.ofInt(x));
                    case Long x -> f.stack.push(Exprs.ofLong(x));
                    case Double x -> f.stack.push(Exprs.ofDouble(x));
                    default -> throw refuse(f, at, "the constant " + v + " (" + v.getClass().getSimpleName()
                        + "); the kernel IR has int, long and double values");
                }
            }
            case OperatorInstruction o -> operator(f, at, o);
            case ConvertInstruction c -> {
                final Type to = typeOf(f, at, c.toType());
                typeOf(f, at, c.fromType());
                f.stack.push(Exprs.convert(to, expr(f, at, pop(f, at))));
            }
            case ArrayLoadInstruction al -> {
                if (al.typeKind() != TypeKind.DOUBLE) {
                    throw refuse(f, at, "reads an element of a " + al.typeKind().upperBound().displayName()
                        + " array; the kernel IR has double[] and DoubleArray arrays");
                }
                final Expr index = intExpr(f, at, pop(f, at));
                f.stack.push(new Expr.Load(array(f, at, pop(f, at)), index));
            }
            case ArrayStoreInstruction as -> {
                if (as.typeKind() != TypeKind.DOUBLE) {
                    throw refuse(f, at, "writes an element of a " + as.typeKind().upperBound().displayName()
                        + " array; the kernel IR has double[] and DoubleArray arrays");
                }
                final Expr value = expr(f, at, pop(f, at));
                final Expr index = intExpr(f, at, pop(f, at));
                store(f, at, array(f, at, pop(f, at)), index, value, out);
            }
            case StackInstruction s -> stackOp(f, at, s);
            case InvokeInstruction inv -> invoke(f, at, inv, out);
            case FieldInstruction fi -> field(f, at, fi);
            default -> throw refuse(f, at, ins.opcode().name().toLowerCase() + " is not in the kernel IR (objects,"
                + " exceptions, switches and other calls are not); keep the kernel to loops, arithmetic and arrays");
        }
    }

    private void assign(final Frame f, final int at, final Var var, final Expr value, final List<Stmt> out) {
        for (final Object o : f.stack) {
            if (o instanceof Expr e && IrQueries.reads(e).contains(var)) {
                throw refuse(f, at, "assigns " + var + " while a value computed from it is still pending (x++ or"
                    + " an assignment inside an expression); write the assignment as its own statement");
            }
        }
        out.add(new Stmt.Assign(var, value, f.depth == 0 ? f.line : -1));
    }

    private void store(final Frame f, final int at, final ArrayParam a, final Expr index, final Expr value,
                       final List<Stmt> out) {
        if (!f.stack.isEmpty()) {
            throw refuse(f, at, "stores an array element inside an expression (a[i] = b = v, or a[i]++ used as a"
                + " value); write the store as its own statement");
        }
        out.add(new Stmt.Store(a, index, value, f.depth == 0 ? f.line : -1));
    }

    private void operator(final Frame f, final int at, final OperatorInstruction o) {
        final Opcode op = o.opcode();
        switch (op) {
            case INEG, LNEG, DNEG -> f.stack.push(Exprs.neg(expr(f, at, pop(f, at))));
            case ARRAYLENGTH -> f.stack.push(new Expr.Length(array(f, at, pop(f, at))));
            case LCMP, DCMPL, DCMPG -> {
                final Expr b = expr(f, at, pop(f, at));
                final Expr a = expr(f, at, pop(f, at));
                f.stack.push(new CmpResult(a, b, op == Opcode.DCMPL ? -1 : 1));
            }
            default -> {
                typeOf(f, at, o.typeKind());
                final String name = op.name().substring(1);
                final BinOp bop = switch (name) {
                    case "ADD" -> BinOp.ADD;
                    case "SUB" -> BinOp.SUB;
                    case "MUL" -> BinOp.MUL;
                    case "DIV" -> BinOp.DIV;
                    case "REM" -> BinOp.REM;
                    case "SHL" -> BinOp.SHL;
                    case "SHR" -> BinOp.SHR;
                    case "USHR" -> BinOp.USHR;
                    case "AND" -> BinOp.AND;
                    case "OR" -> BinOp.OR;
                    case "XOR" -> BinOp.XOR;
                    default -> throw refuse(f, at, op.name().toLowerCase() + " is not in the kernel IR");
                };
                final Expr b = expr(f, at, pop(f, at));
                final Expr a = expr(f, at, pop(f, at));
                f.stack.push(Exprs.binary(bop, a, b));
            }
        }
    }

    private void stackOp(final Frame f, final int at, final StackInstruction s) {
        switch (s.opcode()) {
            case DUP -> f.stack.push(f.stack.peek());
            case DUP2 -> {
                final Object top = pop(f, at);
                if (top instanceof Expr e && (e.type() == Type.DOUBLE || e.type() == Type.LONG)) {
                    f.stack.push(top);
                    f.stack.push(top);
                } else {
                    final Object under = pop(f, at);
                    f.stack.push(under);
                    f.stack.push(top);
                    f.stack.push(under);
                    f.stack.push(top);
                }
            }
            case POP, POP2 -> pop(f, at);
            default -> throw refuse(f, at, s.opcode().name().toLowerCase() + " (an assignment used as a value);"
                + " write each assignment as its own statement");
        }
    }

    private void invoke(final Frame f, final int at, final InvokeInstruction inv, final List<Stmt> out) {
        final ClassDesc owner = inv.owner().asSymbol();
        final String name = inv.name().stringValue();
        final MethodTypeDesc type = inv.typeSymbol();
        if (owner.equals(DOUBLE_ARRAY) && inv.opcode() == Opcode.INVOKEVIRTUAL) {
            switch (name + type.descriptorString()) {
                case "get(J)D" -> {
                    final Expr index = intExpr(f, at, pop(f, at));
                    f.stack.push(new Expr.Load(array(f, at, pop(f, at)), index));
                    return;
                }
                case "set(JD)V" -> {
                    final Expr value = expr(f, at, pop(f, at));
                    final Expr index = intExpr(f, at, pop(f, at));
                    store(f, at, array(f, at, pop(f, at)), index, value, out);
                    return;
                }
                case "length()J" -> {
                    f.stack.push(new Expr.Length(array(f, at, pop(f, at))));
                    return;
                }
                default -> throw refuse(f, at, "calls DoubleArray." + name + "; a kernel reads a DoubleArray with"
                    + " get(i), set(i, v) and length() only (not segment(): MemorySegment access is not in the IR)");
            }
        }
        if (owner.equals(WORK_ITEM_TYPE) && inv.opcode() == Opcode.INVOKEINTERFACE) {
            workItemCall(f, at, name, type.descriptorString(), out);
            return;
        }
        if (inv.opcode() != Opcode.INVOKESTATIC) {
            throw refuse(f, at, "calls " + owner.displayName() + "." + name + "; a kernel may call Math functions"
                + " and static methods whose code can be inlined, nothing else");
        }
        if (owner.equals(MATH) || owner.equals(STRICT_MATH)) {
            final MathFn fn = MathFn.ofJava(name);
            final String d = type.descriptorString();
            final boolean doubles = d.equals("(D)D") || d.equals("(DD)D") || d.equals("(DDD)D");
            final boolean ints = d.equals("(I)I") || d.equals("(II)I");
            if (fn != null && (doubles || ints && (fn == MathFn.ABS || fn == MathFn.MIN || fn == MathFn.MAX))
                && (owner.equals(MATH) || fn.exact())) {
                final List<Expr> args = new ArrayList<>();
                for (int k = 0; k < fn.arity(); k++) {
                    args.addFirst(expr(f, at, pop(f, at)));
                }
                f.stack.push(Exprs.call(fn, doubles ? Type.DOUBLE : Type.INT, args));
                return;
            }
            throw refuse(f, at, "calls " + owner.displayName() + "." + name + d + ", which is not in the kernel IR;"
                + " it has Math.sqrt, abs, min, max, fma, exp, log, sin, cos and pow on doubles");
        }
        inline(f, at, owner, name, type, out);
    }

    /** A call on the kernel's {@link WorkItem}: an id or extent, a barrier, or the group's local memory. */
    private void workItemCall(final Frame f, final int at, final String name, final String descriptor,
                              final List<Stmt> out) {
        final WorkItemFn fn = WorkItemFn.ofJava(name);
        if (fn != null && descriptor.equals("(I)I")) {
            final Expr dim = expr(f, at, pop(f, at));
            workItemReceiver(f, at);
            if (!(dim instanceof Expr.Literal l) || l.value().intValue() < 0 || l.value().intValue() > 2) {
                throw refuse(f, at, "WorkItem." + name + "(" + dim + "): the dimension must be a constant 0, 1 or 2");
            }
            f.stack.push(new Expr.WorkItemQuery(fn, l.value().intValue()));
            return;
        }
        switch (name + descriptor) {
            case "barrier()V" -> {
                workItemReceiver(f, at);
                if (!f.stack.isEmpty()) {
                    throw refuse(f, at, "barrier() inside an expression; call it as a statement of its own");
                }
                out.add(new Stmt.Barrier(f.line));
            }
            case "localDoubles(I)[D" -> {
                final Expr length = expr(f, at, pop(f, at));
                workItemReceiver(f, at);
                if (!(length instanceof Expr.Literal l) || l.value().intValue() <= 0) {
                    throw refuse(f, at, "localDoubles(" + length + "): the length of local memory must be a positive"
                        + " constant (a literal or a @Const parameter)");
                }
                if (nesting > 0 || f.depth > 0) {
                    throw refuse(f, at, "localDoubles is called inside a loop, a branch or a helper; call it at the top"
                        + " of the kernel, once per local array (local memory is declared for the whole work-group)");
                }
                final ArrayParam a = new ArrayParam(-1, "local" + locals.size(), ArrayKind.LOCAL);
                names.add(a.name());
                locals.add(new KernelIr.LocalArray(a, l.value().intValue()));
                f.stack.push(a);
            }
            default -> throw refuse(f, at, "calls WorkItem." + name + descriptor + ", which is not in the kernel IR");
        }
    }

    private void workItemReceiver(final Frame f, final int at) {
        if (pop(f, at) != WorkItemRef.INSTANCE) {
            throw refuse(f, at, "a WorkItem call on something that is not the kernel's WorkItem parameter");
        }
    }

    private void inline(final Frame f, final int at, final ClassDesc owner, final String name,
                        final MethodTypeDesc type, final List<Stmt> out) {
        if (f.depth >= MAX_INLINE_DEPTH) {
            throw refuse(f, at, "helpers nest deeper than " + MAX_INLINE_DEPTH + " calls");
        }
        final String key = owner.descriptorString() + name + type.descriptorString();
        if (!inlining.add(key)) {
            throw refuse(f, at, "calls " + name + " recursively; the kernel IR inlines helpers, so they cannot"
                + " recurse");
        }
        final Class<?> cls;
        try {
            cls = Class.forName(owner.packageName().isEmpty() ? owner.displayName()
                : owner.packageName() + "." + owner.displayName(), false, f.owner.getClassLoader());
        } catch (final ClassNotFoundException e) {
            throw refuse(f, at, "calls " + owner.displayName() + "." + name + ", whose class cannot be loaded");
        }
        final ClassModel cm = ClassFile.of().parse(classBytes(cls));
        final MethodModel mm = cm.methods().stream()
            .filter(m -> m.methodName().equalsString(name) && m.methodTypeSymbol().equals(type)).findFirst()
            .orElse(null);
        if (mm == null || mm.code().isEmpty() || (mm.flags().flagsMask() & Modifier.STATIC) == 0) {
            throw refuse(f, at, "calls " + cls.getName() + "." + name + ", which has no bytecode to inline");
        }
        final Frame callee = new Frame(cls, mm, frames++, f.depth + 1);
        int slot = 0;
        final Object[] args = new Object[type.parameterCount()];
        for (int k = args.length - 1; k >= 0; k--) {
            args[k] = pop(f, at);
        }
        for (int k = 0; k < args.length; k++) {
            final ClassDesc p = type.parameterType(k);
            if (args[k] instanceof ArrayParam a) {
                callee.bindings.put(slot, a);
            } else if (args[k] == WorkItemRef.INSTANCE) {
                callee.bindings.put(slot, WorkItemRef.INSTANCE);
            } else {
                final Expr e = expr(f, at, args[k]);
                if (e instanceof Expr.Literal || e instanceof Expr.Param) {
                    callee.bindings.put(slot, e);
                } else {
                    final Var v = var(callee, slot, e.type(), 0);
                    out.add(new Stmt.Assign(v, e));
                }
            }
            slot += p.equals(java.lang.constant.ConstantDescs.CD_long)
                || p.equals(java.lang.constant.ConstantDescs.CD_double) ? 2 : 1;
        }
        if (!storedSlots(callee).isEmpty()) {
            for (final Map.Entry<Integer, Object> b : new ArrayList<>(callee.bindings.entrySet())) {
                if (storedSlots(callee).contains(b.getKey()) && b.getValue() instanceof Expr e) {
                    final Var v = var(callee, b.getKey(), e.type(), 0);
                    out.add(new Stmt.Assign(v, e));
                    callee.bindings.remove(b.getKey());
                }
            }
        }
        block(callee, 0, callee.elements.size(), out);
        inlining.remove(key);
        if (callee.result != null) {
            f.stack.push(callee.result);
        }
    }

    private void field(final Frame f, final int at, final FieldInstruction fi) {
        if (fi.opcode() != Opcode.GETSTATIC) {
            throw refuse(f, at, fi.opcode().name().toLowerCase() + " " + fi.name().stringValue() + ": a kernel reads"
                + " no object fields and writes no fields; pass the data as parameters");
        }
        final ClassDesc owner = fi.owner().asSymbol();
        try {
            final Class<?> cls = Class.forName(owner.packageName().isEmpty() ? owner.displayName()
                : owner.packageName() + "." + owner.displayName(), true, f.owner.getClassLoader());
            final Field fld = cls.getDeclaredField(fi.name().stringValue());
            if (!Modifier.isFinal(fld.getModifiers()) || !fld.getType().isPrimitive()) {
                throw refuse(f, at, "reads the field " + cls.getSimpleName() + "." + fld.getName() + ", which is not a"
                    + " static final int, long or double; make it one, or pass it as a @Const parameter");
            }
            fld.setAccessible(true);
            f.stack.push(literalOf(fld.getType(), fld.get(null)));
        } catch (final ReflectiveOperationException | RuntimeException e) {
            if (e instanceof KernelRefusedException k) {
                throw k;
            }
            throw refuse(f, at, "reads the static field " + fi.name().stringValue() + ", which cannot be read from"
                + " the kernels module (" + e + ")");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Object pop(final Frame f, final int at) {
        if (f.stack.isEmpty()) {
            throw refuse(f, at, "the operand stack is empty here (bytecode not from javac?)");
        }
        return f.stack.pop();
    }

    private Expr expr(final Frame f, final int at, final Object v) {
        if (v instanceof Expr e) {
            return e;
        }
        throw refuse(f, at, "uses " + (v instanceof ArrayParam a ? "the array " + a.name() : "a comparison result")
            + " as a value; the kernel IR passes arrays only to get/set/length and helpers");
    }

    private Expr intExpr(final Frame f, final int at, final Object v) {
        Expr e = expr(f, at, v);
        if (e instanceof Expr.Convert c && c.type() == Type.LONG && c.operand().type() == Type.INT) {
            e = c.operand();
        } else if (e instanceof Expr.Literal l && l.type() == Type.LONG && l.value().longValue() == l.value().intValue()) {
            e = Exprs.ofInt(l.value().intValue());
        }
        if (e.type() != Type.INT) {
            throw refuse(f, at, "an array index of type " + e.type().cName() + " (" + e + "); the kernel IR indexes"
                + " with int expressions");
        }
        return e;
    }

    private ArrayParam array(final Frame f, final int at, final Object v) {
        if (v instanceof ArrayParam a) {
            return a;
        }
        throw refuse(f, at, "an array access on something that is not a double[] or DoubleArray parameter");
    }

    private Var var(final Frame f, final int slot, final Type type, final int bci) {
        final String name = localName(f, slot, bci);
        final String key = f.id + ":" + slot + ":" + name + ":" + type;
        Var v = varsByKey.get(key);
        if (v == null) {
            String n = f.depth == 0 ? name : f.methodName + "_" + name;
            if (names.contains(n)) {
                int k = 2;
                while (names.contains(n + "_" + k)) {
                    k++;
                }
                n = n + "_" + k;
            }
            names.add(n);
            v = new Var(vars.size(), n, type);
            vars.add(v);
            varsByKey.put(key, v);
        }
        return v;
    }

    private static String localName(final Frame f, final int slot, final int bci) {
        return f.code.findAttribute(Attributes.localVariableTable())
            .flatMap(t -> t.localVariables().stream()
                .filter(v -> v.slot() == slot && v.startPc() <= bci && bci <= v.startPc() + v.length())
                .map(v -> v.name().stringValue()).findFirst())
            .orElse("v" + slot);
    }

    private String paramName(final Frame f, final int p, final int slot) {
        if (f.depth == 0 && model.method().getParameters()[p].isNamePresent()) {
            return model.method().getParameters()[p].getName();
        }
        return f.code.findAttribute(Attributes.localVariableTable())
            .flatMap(t -> t.localVariables().stream().filter(v -> v.slot() == slot && v.startPc() == 0)
                .map(v -> v.name().stringValue()).findFirst())
            .orElse("v" + slot);
    }

    private static Type typeOf(final Class<?> c) {
        if (c == int.class) {
            return Type.INT;
        }
        if (c == long.class) {
            return Type.LONG;
        }
        if (c == double.class) {
            return Type.DOUBLE;
        }
        throw new IllegalArgumentException(c.getName());
    }

    private Type typeOf(final Frame f, final int at, final TypeKind k) {
        return switch (k) {
            case INT, BOOLEAN -> Type.INT;
            case LONG -> Type.LONG;
            case DOUBLE -> Type.DOUBLE;
            default -> throw refuse(f, at, "a value of type " + k.upperBound().displayName() + "; the kernel IR has"
                + " int, long and double values (float, byte, short and char are not in it)");
        };
    }

    private static Expr literalOf(final Class<?> type, final Object value) {
        return switch (value) {
            case Boolean b -> Exprs.ofInt(b ? 1 : 0);
            case Character c -> Exprs.ofInt(c);
            case Byte b -> Exprs.ofInt(b);
            case Short s -> Exprs.ofInt(s);
            case Integer i -> Exprs.ofInt(i);
            case Long l -> Exprs.ofLong(l);
            case Double d -> Exprs.ofDouble(d);
            case Float x -> throw new KernelRefusedException(List.of(new Problem(type.getName(), "?", -1, -1,
                "a float constant; the kernel IR has int, long and double values")));
            default -> throw new IllegalArgumentException(String.valueOf(value));
        };
    }

    private KernelRefusedException refuse(final Frame f, final int at, final String reason) {
        final int bci = at < 0 ? -1 : f.bci[at];
        final int line = at < 0 ? -1 : lineAt(f, bci);
        final String where = f.depth == 0 ? "" : " (in helper " + f.className + "." + f.methodName + ", inlined)";
        return new KernelRefusedException(List.of(new Problem(model.method().getDeclaringClass().getName(),
            model.method().getName(), f.depth == 0 ? bci : -1, line, reason + where)));
    }

    private static int lineAt(final Frame f, final int bci) {
        int line = -1;
        int best = -1;
        final var table = f.code.findAttribute(Attributes.lineNumberTable());
        if (table.isEmpty()) {
            return -1;
        }
        for (final var info : table.get().lineNumbers()) {
            if (info.startPc() <= bci && info.startPc() > best) {
                best = info.startPc();
                line = info.lineNumber();
            }
        }
        return line;
    }

    private static byte[] classBytes(final Class<?> owner) {
        final String resource = "/" + owner.getName().replace('.', '/') + ".class";
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cannot read the class file of " + owner.getName());
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException("reading the class file of " + owner.getName(), e);
        }
    }
}
