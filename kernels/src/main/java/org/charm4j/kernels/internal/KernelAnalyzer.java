package org.charm4j.kernels.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeAnnotation;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.LineNumberInfo;
import java.lang.classfile.attribute.LocalVariableInfo;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.MonitorInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.charm4j.kernels.Const;
import org.charm4j.kernels.Kernel;
import org.charm4j.kernels.KernelRefusedException;
import org.charm4j.kernels.KernelRefusedException.Problem;
import org.charm4j.kernels.Parallel;
import org.charm4j.kernels.ParallelLoop;

/**
 * Checks that a method can be a kernel and reads what specialization needs from its bytecode. It reports every
 * problem at once, each with the bytecode offset and source line of the construct where there is one.
 *
 * <p>Threading: stateless; any thread.
 */
public final class KernelAnalyzer {
    private static final ClassDesc PARALLEL = ClassDesc.of(Parallel.class.getName());

    private KernelAnalyzer() {
    }

    /**
     * @param lookup a lookup with full privilege on the method's declaring class.
     * @param method a candidate kernel.
     * @return its model.
     * @throws KernelRefusedException listing every reason the method cannot be a kernel.
     */
    public static KernelModel analyze(final MethodHandles.Lookup lookup, final Method method) {
        final Class<?> owner = method.getDeclaringClass();
        final String cn = owner.getName();
        final String mn = method.getName();
        final List<Problem> problems = new ArrayList<>();
        if (!method.isAnnotationPresent(Kernel.class)) {
            problems.add(new Problem(cn, mn, -1, -1, "the method is not annotated @Kernel; add @Kernel"
                + " (org.charm4j.kernels.Kernel) to make it a kernel"));
        }
        final int mods = method.getModifiers();
        if (!Modifier.isStatic(mods)) {
            problems.add(new Problem(cn, mn, -1, -1, "a kernel must be a static method; make it static and pass"
                + " the data it works on as parameters"));
        }
        if (Modifier.isAbstract(mods) || Modifier.isNative(mods)) {
            problems.add(new Problem(cn, mn, -1, -1, "the method has no bytecode (abstract or native)"));
            throw new KernelRefusedException(problems);
        }
        if (Modifier.isSynchronized(mods)) {
            problems.add(new Problem(cn, mn, -1, -1, "a kernel must not be synchronized: kernels run on PEs, which"
                + " never block; remove 'synchronized'"));
        }
        if (owner.isHidden()) {
            problems.add(new Problem(cn, mn, -1, -1, "the method is declared in a hidden class, whose bytecode"
                + " cannot be read back"));
            throw new KernelRefusedException(problems);
        }
        final ClassModel cm = ClassFile.of().parse(classBytes(owner));
        final MethodTypeDesc desc = MethodType.methodType(method.getReturnType(), method.getParameterTypes())
            .describeConstable().orElseThrow();
        final MethodModel mm = cm.methods().stream()
            .filter(m -> m.methodName().equalsString(mn) && m.methodTypeSymbol().equals(desc))
            .findFirst().orElseThrow(() -> new IllegalStateException("no " + mn + desc + " in the class file of " + cn));
        final CodeModel code = mm.code().orElseThrow();
        final CodeAttribute attr = (CodeAttribute) code;

        final Class<?>[] types = method.getParameterTypes();
        final java.lang.annotation.Annotation[][] annotations = method.getParameterAnnotations();
        final int first = Modifier.isStatic(mods) ? 0 : 1;
        final List<Integer> params = new ArrayList<>();
        final List<Integer> slots = new ArrayList<>();
        final List<ConstKind> kinds = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        int slot = first;
        for (int p = 0; p < types.length; p++) {
            final String name = parameterName(method, p, slot, attr);
            if (isConst(annotations[p])) {
                final ConstKind kind = ConstKind.of(types[p]);
                if (kind == null) {
                    problems.add(new Problem(cn, mn, -1, lineAt(attr, 0), "parameter '" + name + "' of type "
                        + types[p].getSimpleName() + " is @Const, but only primitive parameters can be constants;"
                        + " remove @Const (the kernel then reads it as an ordinary argument)"));
                } else {
                    params.add(p);
                    slots.add(slot);
                    kinds.add(kind);
                    names.add(name);
                }
            }
            slot += types[p] == long.class || types[p] == double.class ? 2 : 1;
        }
        checkCode(cn, mn, attr, slots, names, kinds, problems);
        if (!problems.isEmpty()) {
            throw new KernelRefusedException(problems);
        }
        return new KernelModel(lookup, method, MethodType.methodType(method.getReturnType(), types), cm, mm, code,
            params.stream().mapToInt(Integer::intValue).toArray(), slots.stream().mapToInt(Integer::intValue).toArray(),
            kinds.toArray(ConstKind[]::new), names.toArray(String[]::new), parallelLoops(attr));
    }

    private static void checkCode(final String cn, final String mn, final CodeAttribute code, final List<Integer> slots,
                                  final List<String> names, final List<ConstKind> kinds, final List<Problem> problems) {
        int bci = 0;
        for (final CodeElement e : code) {
            if (!(e instanceof Instruction ins)) {
                continue;
            }
            if (ins instanceof MonitorInstruction) {
                problems.add(new Problem(cn, mn, bci, lineAt(code, bci), ins.opcode().name().toLowerCase()
                    + ": a kernel must not synchronize (kernels run on PEs, which never block); remove the"
                    + " synchronized block"));
            }
            final int s = switch (ins) {
                case StoreInstruction st -> st.slot();
                case IncrementInstruction inc -> inc.slot();
                default -> -1;
            };
            if (s >= 0) {
                for (int i = 0; i < slots.size(); i++) {
                    final int c = slots.get(i);
                    final boolean wide = kinds.get(i) == ConstKind.LONG || kinds.get(i) == ConstKind.DOUBLE;
                    if (s == c || wide && s == c + 1 || isWideStore(ins) && s + 1 == c) {
                        final String what = ins instanceof IncrementInstruction ? "increments" : "assigns";
                        problems.add(new Problem(cn, mn, bci, lineAt(code, bci), ins.opcode().name().toLowerCase()
                            + " " + what + " @Const parameter '" + names.get(i) + "' (slot " + c + "); a constant"
                            + " cannot change: copy it into a local variable and change that"));
                    }
                }
            }
            bci += ins.sizeInBytes();
        }
    }

    private static boolean isWideStore(final Instruction ins) {
        return ins instanceof StoreInstruction st && st.typeKind().slotSize() == 2;
    }

    private static List<ParallelLoop> parallelLoops(final CodeAttribute code) {
        final List<TypeAnnotation> all = new ArrayList<>();
        code.findAttribute(Attributes.runtimeInvisibleTypeAnnotations()).ifPresent(a -> all.addAll(a.annotations()));
        code.findAttribute(Attributes.runtimeVisibleTypeAnnotations()).ifPresent(a -> all.addAll(a.annotations()));
        final List<ParallelLoop> loops = new ArrayList<>();
        for (final TypeAnnotation ta : all) {
            if (!ta.annotation().classSymbol().equals(PARALLEL)
                || !(ta.targetInfo() instanceof TypeAnnotation.LocalVarTarget lv)) {
                continue;
            }
            for (final TypeAnnotation.LocalVarTargetInfo t : lv.table()) {
                final int start = code.labelToBci(t.startLabel());
                final int end = code.labelToBci(t.endLabel());
                loops.add(new ParallelLoop(localName(code, t.index(), start), t.index(), start, end,
                    lineAt(code, start)));
            }
        }
        loops.sort((a, b) -> Integer.compare(a.startBci(), b.startBci()));
        return List.copyOf(loops);
    }

    private static String localName(final CodeAttribute code, final int slot, final int bci) {
        return code.findAttribute(Attributes.localVariableTable())
            .flatMap(t -> t.localVariables().stream()
                .filter(v -> v.slot() == slot && v.startPc() <= bci && bci <= v.startPc() + v.length())
                .map(v -> v.name().stringValue()).findFirst())
            .orElse("slot" + slot);
    }

    private static String parameterName(final Method method, final int p, final int slot, final CodeAttribute code) {
        if (method.getParameters()[p].isNamePresent()) {
            return method.getParameters()[p].getName();
        }
        return code.findAttribute(Attributes.localVariableTable())
            .flatMap(t -> t.localVariables().stream().filter(v -> v.slot() == slot && v.startPc() == 0)
                .map(LocalVariableInfo::name).map(n -> n.stringValue()).findFirst())
            .orElse("#" + p);
    }

    /**
     * @param code a method's code.
     * @param bci  a bytecode offset.
     * @return the source line of that offset, or -1 if the class has no line numbers.
     */
    public static int lineAt(final CodeAttribute code, final int bci) {
        int line = -1;
        int best = -1;
        final var table = code.findAttribute(Attributes.lineNumberTable());
        if (table.isEmpty()) {
            return -1;
        }
        for (final LineNumberInfo info : table.get().lineNumbers()) {
            if (info.startPc() <= bci && info.startPc() > best) {
                best = info.startPc();
                line = info.lineNumber();
            }
        }
        return line;
    }

    private static boolean isConst(final java.lang.annotation.Annotation[] annotations) {
        for (final java.lang.annotation.Annotation a : annotations) {
            if (a instanceof Const) {
                return true;
            }
        }
        return false;
    }

    private static byte[] classBytes(final Class<?> owner) {
        final String resource = "/" + owner.getName().replace('.', '/') + ".class";
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cannot read the class file of " + owner.getName() + " (" + resource
                    + " is not a resource of its class loader)");
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException("reading the class file of " + owner.getName(), e);
        }
    }
}
