package org.charm4j.kernels.internal;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * Builds the specialized copy of a kernel for one tuple of constants: a hidden class, nestmate of the kernel's class
 * (so the copy may call its private helpers), holding one static method with the kernel's descriptor whose body is the
 * kernel's with every load of a {@code @Const} slot replaced by the constant. The {@code @Const} parameters stay in
 * the descriptor but are never read.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Specializer {
    private Specializer() {
    }

    /**
     * @param model  the kernel.
     * @param values one boxed value per {@code @Const} parameter, already checked against its kind.
     * @return a direct method handle of the specialized method, of the kernel's type.
     */
    public static MethodHandle specialize(final KernelModel model, final Object[] values) {
        final ConstantDesc[] constants = new ConstantDesc[values.length];
        for (int i = 0; i < values.length; i++) {
            constants[i] = model.constKinds()[i].constant(values[i]);
        }
        final CodeTransform fold = (cob, e) -> {
            if (e instanceof LoadInstruction load) {
                final int c = model.constIndexOfSlot(load.slot());
                if (c >= 0) {
                    cob.loadConstant(constants[c]);
                    return;
                }
            }
            cob.with(e);
        };
        final Class<?> owner = model.method().getDeclaringClass();
        final ClassLoader loader = owner.getClassLoader();
        final ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver()
            .orElse(ClassHierarchyResolver.ofResourceParsing(loader != null ? loader : ClassLoader.getSystemClassLoader()))
            .orElse(ClassHierarchyResolver.ofClassLoading(loader != null ? loader : ClassLoader.getSystemClassLoader()));
        final ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
        final String name = model.method().getName();
        final ClassDesc desc = ClassDesc.of(owner.getName() + "$$Kernel$" + name);
        final byte[] bytes = cf.build(desc, cb -> cb
            .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC)
            .withMethod(name, model.methodModel().methodTypeSymbol(),
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                mb -> mb.transformCode(model.code(), fold)));
        try {
            final MethodHandles.Lookup hidden = model.lookup().defineHiddenClass(bytes, true,
                MethodHandles.Lookup.ClassOption.NESTMATE);
            return hidden.findStatic(hidden.lookupClass(), name, model.type());
        } catch (final IllegalAccessException | NoSuchMethodException e) {
            throw new IllegalStateException("defining the specialized copy of " + model.displayName(), e);
        }
    }
}
