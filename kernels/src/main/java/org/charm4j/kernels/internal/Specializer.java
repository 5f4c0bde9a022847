package org.charm4j.kernels.internal;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;

import org.charm4j.kernels.KernelRefusedException;
import org.charm4j.kernels.ir.IrBuilder;
import org.charm4j.kernels.ir.KernelIr;

/**
 * Builds the specialized copy of a kernel for one tuple of constants. First it reads the kernel into the
 * {@link KernelIr} and gives it to the {@link SimdBackend}; if the IR refuses the kernel or no loop vectorizes, the
 * copy is the scalar one: a hidden class, nestmate of the kernel's class (so the copy may call its private helpers),
 * holding one static method with the kernel's descriptor whose body is the kernel's with every load of a
 * {@code @Const} slot replaced by the constant. The {@code @Const} parameters stay in the descriptor but are never
 * read.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Specializer {
    /** The back end that made a copy. */
    public enum Backend {
        /** Innermost loops on {@code jdk.incubator.vector}, the rest scalar code generated from the IR. */
        SIMD,
        /** The kernel's own bytecode with the constants folded in. */
        SCALAR
    }

    /**
     * A specialized copy.
     *
     * @param handle  the specialized method, of the kernel's type.
     * @param backend which back end made it.
     * @param notes   what was vectorized and why the rest was not.
     * @param ir      the kernel's IR, or {@code null} if it refused the kernel.
     */
    public record Compiled(MethodHandle handle, Backend backend, List<String> notes, KernelIr ir) {
    }

    private Specializer() {
    }

    /**
     * @param model  the kernel.
     * @param values one boxed value per {@code @Const} parameter, already checked against its kind.
     * @param strict whether sums must keep the scalar order (vectorized loops then give Java's bits exactly).
     * @return the copy.
     */
    public static Compiled compile(final KernelModel model, final Object[] values, final boolean strict) {
        final KernelIr ir;
        try {
            ir = IrBuilder.build(model, values);
        } catch (final KernelRefusedException e) {
            return new Compiled(specialize(model, values), Backend.SCALAR,
                List.of("not in the kernel IR: " + e.problems().getFirst()), null);
        }
        if (ir.perWorkItem()) {
            return new Compiled(specialize(model, values), Backend.SCALAR, List.of("a per-work-item kernel"
                + " (WorkItem): on the CPU its work items run one at a time" + (ir.hasBarriers() ? ", each group's as"
                + " virtual threads meeting at its barriers" : "") + "; on a device, one per work item"), ir);
        }
        final SimdBackend.Result r = SimdBackend.compile(model, ir, values, strict);
        if (r.handle() == null) {
            return new Compiled(specialize(model, values), Backend.SCALAR,
                r.notes().isEmpty() ? List.of("no loop to vectorize") : r.notes(), ir);
        }
        return new Compiled(r.handle(), Backend.SIMD, r.notes(), ir);
    }

    /**
     * @param model  the kernel.
     * @param values one boxed value per {@code @Const} parameter, already checked against its kind.
     * @return a direct method handle of the scalar specialized method, of the kernel's type.
     */
    public static MethodHandle specialize(final KernelModel model, final Object[] values) {
        final Class<?> owner = model.method().getDeclaringClass();
        final ClassFile cf = classFile(owner);
        final String name = model.method().getName();
        final ClassDesc desc = ClassDesc.of(owner.getName() + "$$Kernel$" + name);
        final byte[] bytes = cf.build(desc, cb -> cb
            .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC)
            .withMethod(name, model.methodModel().methodTypeSymbol(),
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                mb -> mb.transformCode(model.code(), fold(model, values))));
        try {
            final MethodHandles.Lookup hidden = model.lookup().defineHiddenClass(bytes, true,
                MethodHandles.Lookup.ClassOption.NESTMATE);
            return hidden.findStatic(hidden.lookupClass(), name, model.type());
        } catch (final IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("defining the specialized copy of " + model.displayName(), e);
        }
    }

    /** The transform that replaces each load of a {@code @Const} slot by its constant. */
    static CodeTransform fold(final KernelModel model, final Object[] values) {
        final ConstantDesc[] constants = new ConstantDesc[values.length];
        for (int i = 0; i < values.length; i++) {
            constants[i] = model.constKinds()[i].constant(values[i]);
        }
        return (cob, e) -> {
            if (e instanceof LoadInstruction load) {
                final int c = model.constIndexOfSlot(load.slot());
                if (c >= 0) {
                    cob.loadConstant(constants[c]);
                    return;
                }
            }
            cob.with(e);
        };
    }

    /** A ClassFile context that resolves the kernel's classes (for stack maps) through its class loader. */
    static ClassFile classFile(final Class<?> owner) {
        final ClassLoader loader = owner.getClassLoader() != null ? owner.getClassLoader()
            : ClassLoader.getSystemClassLoader();
        final ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))
            .orElse(ClassHierarchyResolver.ofClassLoading(loader));
        return ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
    }
}
