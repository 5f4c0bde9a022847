package org.charm4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.Set;

import org.junit.jupiter.api.Test;

class KernelsTest {
    interface IntFn {
        int apply(int x);
    }

    @Test
    void constantIsFoldedIntoTheCopy() throws Throwable {
        final KernelHandle h = Kernels.newHandle(lookup(), method("addConst"), 8);
        final Specialization s = h.specialize(5);
        assertEquals(12, (int) s.handle().invokeExact(7));
        // the @Const argument of the full handle is ignored: the code uses the folded 5
        assertEquals(12, (int) s.fullHandle().invokeExact(100, 7));
        assertEquals(107, (int) h.generic().invokeExact(100, 7));
        assertEquals(12, s.as(IntFn.class).apply(7));
        assertEquals(12, h.invoke(5, 7));
        assertEquals(List.of("k"), h.constNames());
    }

    @Test
    void everyConstantKindGivesTheGenericResult() throws Throwable {
        final KernelHandle h = Kernels.of(SampleKernels.class, "mix");
        final Object[][] tuples = {
            {true, (byte) -3, (short) 300, 'x', 1L << 40, 1.5f, -2.25},
            {false, (byte) 127, (short) -1, '\0', -7L, Float.MIN_VALUE, Math.PI},
            {true, (byte) 0, (short) 0, '\uffff', 3L, -0.0f, 1e300},
        };
        for (final Object[] t : tuples) {
            final Object[] args = new Object[8];
            System.arraycopy(t, 0, args, 0, 7);
            args[7] = 0.75;
            final double generic = (double) h.generic().invokeWithArguments(args);
            assertEquals(generic, (double) h.invoke(args), 0.0);
            assertEquals(generic, (double) h.specialize(t).invoke(0.75), 0.0);
        }
        assertEquals(3, h.specializations().size());
    }

    @Test
    void minusZeroAndZeroAreDifferentConstants() {
        final KernelHandle h = Kernels.newHandle(lookup(), method("mix"), 8);
        final Specialization plus = h.specialize(true, (byte) 1, (short) 1, 'a', 1L, 0.0f, 0.0);
        final Specialization minus = h.specialize(true, (byte) 1, (short) 1, 'a', 1L, 0.0f, -0.0);
        assertNotSame(plus, minus);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((double) minus.invoke(-0.0)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits((double) plus.invoke(-0.0)));
        assertEquals(2, h.specializationCount());
    }

    @Test
    void aCacheHitDoesNotSpecializeAgain() {
        final KernelHandle h = Kernels.newHandle(lookup(), method("addConst"), 8);
        final Specialization first = h.specialize(3);
        for (int i = 0; i < 100; i++) {
            assertSame(first, h.specialize(3));
            assertEquals(3 + i, h.invoke(3, i));
        }
        assertEquals(1, h.specializationCount());
        h.invoke(4, 0);
        assertEquals(2, h.specializationCount());
        assertTrue(first.buildNanos() > 0);
        assertTrue(first.toString().startsWith("SampleKernels.addConst[k=3] scalar, built in "), first.toString());
        assertEquals("scalar", first.backend());
    }

    @Test
    void theCacheIsBoundedAndEvictsTheOldest() {
        final KernelHandle h = Kernels.newHandle(lookup(), method("addConst"), 2);
        h.specialize(1);
        h.specialize(2);
        h.specialize(3);
        assertEquals(List.of(List.of(2), List.of(3)), h.specializations().stream().map(Specialization::constants)
            .toList());
        h.specialize(1);
        assertEquals(4, h.specializationCount());
        assertEquals(2, h.specializations().size());
    }

    @Test
    void concurrentLaunchesSpecializeOnce() throws InterruptedException {
        final KernelHandle h = Kernels.newHandle(lookup(), method("addConst"), 8);
        final Set<Specialization> seen = ConcurrentHashMap.newKeySet();
        final CountDownLatch go = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (final InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < 1000; i++) {
                    seen.add(h.specialize(i % 3));
                }
            }));
        }
        go.countDown();
        for (final Thread t : threads) {
            t.join();
        }
        assertEquals(3, seen.size());
        assertEquals(3, h.specializationCount());
    }

    @Test
    void sharedHandlesAreListed() {
        final KernelHandle h = Kernels.of(SampleKernels.class, "addConst");
        assertSame(h, Kernels.of(SampleKernels.class, "addConst"));
        h.specialize(42);
        assertTrue(Kernels.specializations().stream().anyMatch(s -> s.kernel() == h
            && s.constants().equals(List.of(42))));
    }

    @Test
    void theCopyReachesPrivateHelpersAndLambdas() {
        final KernelHandle h = Kernels.of(SampleKernels.class, "helperAndLambda");
        final int[] data = {1, 2, 3, 4};
        assertEquals(2 * (1 + 4 + 9), h.invoke(3, data));
        assertEquals(2 * (1 + 4 + 9 + 16), h.specialize(4).invoke((Object) data));
    }

    @Test
    void wrongConstantsAreRefusedClearly() {
        final KernelHandle h = Kernels.of(SampleKernels.class, "addConst");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.invoke(5L, 1));
        assertEquals("SampleKernels.addConst: @Const parameter 'k' is a int; got Long 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.specialize(1, 2));
        assertThrows(IllegalArgumentException.class, () -> h.invoke((Object) null, 1));
    }

    @Test
    void storeToConstIsRefusedWithOffsetAndLine() {
        final KernelRefusedException e = refused("storesConst");
        final KernelRefusedException.Problem p = e.problems().getFirst();
        assertEquals(SampleKernels.class.getName(), p.className());
        assertEquals("storesConst", p.method());
        assertTrue(p.bci() >= 0 && p.line() > 0, p.toString());
        assertTrue(e.getMessage().startsWith("kernel refused: org.charm4j.kernels.SampleKernels.storesConst at"
            + " bytecode offset " + p.bci() + " (line " + p.line() + "): istore_0 assigns @Const parameter 'n'"),
            e.getMessage());
    }

    @Test
    void incrementOfConstIsRefused() {
        final KernelRefusedException e = refused("incrementsConst");
        assertTrue(e.getMessage().contains("iinc increments @Const parameter 'n' (slot 0)"), e.getMessage());
    }

    @Test
    void longConstStoreIsRefused() {
        assertTrue(refused("storesLongConst").getMessage().contains("assigns @Const parameter 'n'"));
    }

    @Test
    void synchronizedBlockIsRefused() {
        final KernelRefusedException e = refused("synchronizes");
        assertTrue(e.problems().getFirst().bci() >= 0, e.getMessage());
        assertTrue(e.getMessage().contains("monitorenter: a kernel must not synchronize"), e.getMessage());
    }

    @Test
    void constOnAnArrayIsRefused() {
        assertTrue(refused("constArray").getMessage().contains("parameter 'a' of type int[] is @Const, but only"
            + " primitive parameters can be constants"));
    }

    @Test
    void instanceMethodIsRefused() {
        assertTrue(refused("notStatic").getMessage().endsWith("notStatic: a kernel must be a static method; make it"
            + " static and pass the data it works on as parameters"));
    }

    @Test
    void methodWithoutKernelIsRefused() {
        assertTrue(refused("notAKernel").getMessage().contains("not annotated @Kernel"));
        assertThrows(IllegalArgumentException.class, () -> Kernels.of(SampleKernels.class, "noSuchMethod"));
    }

    private static KernelRefusedException refused(final String name) {
        return assertThrows(KernelRefusedException.class, () -> Kernels.of(SampleKernels.class, name));
    }

    private static MethodHandles.Lookup lookup() {
        try {
            return MethodHandles.privateLookupIn(SampleKernels.class, MethodHandles.lookup());
        } catch (final IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static java.lang.reflect.Method method(final String name) {
        for (final java.lang.reflect.Method m : SampleKernels.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void adaptsToAnInterfaceOfAClassLoaderTheKernelCannotSee() throws Exception {
        final String name = "other.IntFn";
        final byte[] bytes = java.lang.classfile.ClassFile.of().build(java.lang.constant.ClassDesc.of(name), cb -> cb
            .withFlags(java.lang.classfile.ClassFile.ACC_PUBLIC | java.lang.classfile.ClassFile.ACC_INTERFACE
                | java.lang.classfile.ClassFile.ACC_ABSTRACT)
            .withMethod("apply", java.lang.constant.MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_int,
                java.lang.constant.ConstantDescs.CD_int), java.lang.classfile.ClassFile.ACC_PUBLIC
                | java.lang.classfile.ClassFile.ACC_ABSTRACT, mb -> { }));
        final ClassLoader child = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(final String n) throws ClassNotFoundException {
                if (n.equals(name)) {
                    return defineClass(n, bytes, 0, bytes.length);
                }
                throw new ClassNotFoundException(n);
            }
        };
        final Class<?> iface = child.loadClass(name);
        final Object fn = Kernels.of(SampleKernels.class, "addConst").specialize(5).as(iface);
        assertEquals(12, iface.getMethod("apply", int.class).invoke(fn, 7));
    }
}
