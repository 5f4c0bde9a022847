package org.charm4j.kernels.internal;

import java.lang.classfile.ClassFile;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Makes an instance of a functional interface that calls a method handle, as a hidden class whose method loads the
 * handle as a dynamic constant (its class data), so the JIT inlines the target into each call. An interface call on
 * it costs what a call through a lambda costs.
 *
 * <p>Threading: stateless; any thread.
 */
public final class InterfaceAdapter {
    private static final ClassDesc CD_METHOD_HANDLE = ConstantDescs.CD_MethodHandle;

    private InterfaceAdapter() {
    }

    /**
     * @param lookup where to define the adapter: {@code iface} must be accessible from its package.
     * @param iface  a functional interface.
     * @param target the handle to call, converted to the interface method's type with {@link MethodHandle#asType}.
     * @param <F>    the interface.
     * @return an instance of {@code iface}.
     */
    public static <F> F adapt(final MethodHandles.Lookup lookup, final Class<F> iface, final MethodHandle target) {
        final Method sam = singleAbstractMethod(iface);
        final MethodType samType = MethodType.methodType(sam.getReturnType(), sam.getParameterTypes());
        if (samType.parameterCount() != target.type().parameterCount()) {
            throw new IllegalArgumentException(iface.getName() + "." + sam.getName() + samType + " takes "
                + samType.parameterCount() + " arguments; the kernel needs " + target.type().parameterCount()
                + " (its non-@Const parameters: " + target.type() + ")");
        }
        final MethodHandle exact = target.asType(samType);
        if (!visibleFrom(iface, lookup.lookupClass().getClassLoader())) {
            // The interface lives in a class loader the kernel's cannot see (a program loaded from a jar by the
            // launcher using a library kernel): let the JDK make the adapter in the interface's loader.
            return java.lang.invoke.MethodHandleProxies.asInterfaceInstance(iface, exact);
        }
        final MethodTypeDesc samDesc = samType.describeConstable().orElseThrow();
        final ClassDesc self = ClassDesc.of(lookup.lookupClass().getPackageName()
            + (lookup.lookupClass().getPackageName().isEmpty() ? "" : ".") + "KernelAdapter$" + iface.getSimpleName());
        final DynamicConstantDesc<MethodHandle> handle = DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA,
            ConstantDescs.DEFAULT_NAME, CD_METHOD_HANDLE);
        final byte[] bytes = ClassFile.of().build(self, cb -> cb
            .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER | ClassFile.ACC_SYNTHETIC)
            .withInterfaceSymbols(iface.describeConstable().orElseThrow())
            .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                .aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                .return_())
            .withMethodBody(sam.getName(), samDesc, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> {
                code.ldc(handle);
                int slot = 1;
                for (final Class<?> p : samType.parameterArray()) {
                    final TypeKind k = TypeKind.from(p);
                    code.loadLocal(k, slot);
                    slot += k.slotSize();
                }
                code.invokevirtual(CD_METHOD_HANDLE, "invokeExact", samDesc);
                code.return_(TypeKind.from(samType.returnType()));
            }));
        try {
            final MethodHandles.Lookup hidden = lookup.defineHiddenClassWithClassData(bytes, exact, true);
            final Object instance = hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                .invoke();
            return iface.cast(instance);
        } catch (final Throwable e) {
            throw new IllegalStateException("making an adapter to " + iface.getName(), e);
        }
    }

    private static boolean visibleFrom(final Class<?> type, final ClassLoader loader) {
        try {
            return Class.forName(type.getName(), false, loader) == type;
        } catch (final ClassNotFoundException e) {
            return false;
        }
    }

    private static Method singleAbstractMethod(final Class<?> iface) {
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface");
        }
        Method found = null;
        for (final Method m : iface.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers()) && !isObjectMethod(m)) {
                if (found != null) {
                    throw new IllegalArgumentException(iface.getName() + " is not a functional interface: it has "
                        + found.getName() + " and " + m.getName());
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(iface.getName() + " has no abstract method");
        }
        return found;
    }

    private static boolean isObjectMethod(final Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (final NoSuchMethodException e) {
            return false;
        }
    }
}
