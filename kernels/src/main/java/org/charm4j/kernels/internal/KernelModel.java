package org.charm4j.kernels.internal;

import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;

import org.charm4j.kernels.ParallelLoop;

/**
 * What {@link KernelAnalyzer} learned about an accepted kernel: its bytecode, which parameters are constants, and
 * its parallel loops.
 *
 * @param lookup         a lookup with full privilege on the declaring class, to define specializations as nestmates.
 * @param method         the kernel method.
 * @param type           its method type.
 * @param classModel     the declaring class as parsed.
 * @param methodModel    the kernel method as parsed.
 * @param code           its code.
 * @param constParams    indices of the {@code @Const} parameters, ascending.
 * @param constSlots     local variable slot of each {@code @Const} parameter.
 * @param constKinds     type of each {@code @Const} parameter.
 * @param constNames     name of each {@code @Const} parameter.
 * @param parallelLoops  variables marked {@code @Parallel}.
 *
 * <p>Threading: immutable; any thread.
 */
public record KernelModel(MethodHandles.Lookup lookup, Method method, MethodType type, ClassModel classModel,
                          MethodModel methodModel, CodeModel code, int[] constParams, int[] constSlots,
                          ConstKind[] constKinds, String[] constNames, List<ParallelLoop> parallelLoops) {

    /** @return {@code Owner.method}, the name used in messages and listings. */
    public String displayName() {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /**
     * @param slot a local variable slot.
     * @return the index among the constants of the {@code @Const} parameter in that slot, or -1.
     */
    public int constIndexOfSlot(final int slot) {
        for (int i = 0; i < constSlots.length; i++) {
            if (constSlots[i] == slot) {
                return i;
            }
        }
        return -1;
    }
}
