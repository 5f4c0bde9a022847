package org.charm4j.kernels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import org.charm4j.kernels.internal.KernelAnalyzer;
import org.charm4j.kernels.internal.KernelModel;

/**
 * Entry point: turns a {@link Kernel} method into a {@link KernelHandle}.
 *
 * <pre>{@code
 * KernelHandle jacobi = Kernels.of(Stencil.class, "jacobi");
 * jacobi.invoke(32, 32, 32, in, out);                      // first launch with (32,32,32): specializes, then runs
 * Sweep s = jacobi.specialize(32, 32, 32).as(Sweep.class); // hot path: keep s, call s.run(in, out)
 * }</pre>
 *
 * <p>The method is checked when its handle is made; a method that cannot be a kernel is refused with a
 * {@link KernelRefusedException} naming the class, method, bytecode offset and line and the reason. Handles from
 * {@code of} are shared: every caller (every PE) asking for the same method gets the same handle and cache. Keep
 * the handle (in a {@code static final} field, say): {@code of} itself looks the method up by name.
 *
 * <p>Threading: any thread.
 */
public final class Kernels {
    /** How many specialized copies a shared handle keeps. */
    public static final int DEFAULT_CAPACITY = 64;

    private static final ClassValue<ConcurrentHashMap<String, KernelHandle>> SHARED = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, KernelHandle> computeValue(final Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private static final Set<KernelHandle> ALL = Collections.synchronizedSet(Collections.newSetFromMap(
        new WeakHashMap<>()));

    private Kernels() {
    }

    /**
     * The shared handle of a kernel, for classes whose module is open to this one (any class on the class path).
     *
     * @param owner          the class declaring the kernel.
     * @param name           the method's name.
     * @param parameterTypes the parameter types, needed only if the name is overloaded.
     * @return the handle.
     * @throws KernelRefusedException if the method cannot be a kernel.
     */
    public static KernelHandle of(final Class<?> owner, final String name, final Class<?>... parameterTypes) {
        final KernelHandle known = SHARED.get(owner).get(key(name, parameterTypes));
        if (known != null) {
            return known;
        }
        final MethodHandles.Lookup lookup;
        try {
            lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
        } catch (final IllegalAccessException e) {
            throw new IllegalArgumentException("cannot reach " + owner.getName() + " from the kernels module; call"
                + " Kernels.of(MethodHandles.lookup(), \"" + name + "\") from " + owner.getSimpleName(), e);
        }
        return of(lookup, name, parameterTypes);
    }

    /**
     * The shared handle of a kernel declared in the lookup class; works across modules.
     *
     * @param lookup         {@code MethodHandles.lookup()} called in the class declaring the kernel.
     * @param name           the method's name.
     * @param parameterTypes the parameter types, needed only if the name is overloaded.
     * @return the handle.
     * @throws KernelRefusedException if the method cannot be a kernel.
     */
    public static KernelHandle of(final MethodHandles.Lookup lookup, final String name,
                                  final Class<?>... parameterTypes) {
        final ConcurrentHashMap<String, KernelHandle> map = SHARED.get(lookup.lookupClass());
        final String key = key(name, parameterTypes);
        final KernelHandle existing = map.get(key);
        if (existing != null) {
            return existing;
        }
        final Method method = resolve(lookup.lookupClass(), name, parameterTypes);
        for (final KernelHandle h : map.values()) {
            if (h.method().equals(method)) {
                map.putIfAbsent(key, h);
                return h;
            }
        }
        final KernelHandle made = newHandle(lookup, method, DEFAULT_CAPACITY);
        synchronized (map) {
            for (final KernelHandle h : map.values()) {
                if (h.method().equals(method)) {
                    map.putIfAbsent(key, h);
                    return h;
                }
            }
            map.put(key, made);
        }
        ALL.add(made);
        return made;
    }

    /**
     * A new, unshared handle with its own cache.
     *
     * @param lookup   a lookup with full privilege on the class declaring {@code method}.
     * @param method   the kernel.
     * @param capacity the most specialized copies to keep, at least 1.
     * @return the handle.
     * @throws KernelRefusedException if the method cannot be a kernel.
     */
    public static KernelHandle newHandle(final MethodHandles.Lookup lookup, final Method method, final int capacity) {
        if (lookup.lookupClass() != method.getDeclaringClass() || !lookup.hasFullPrivilegeAccess()) {
            throw new IllegalArgumentException("need a lookup with full privilege on "
                + method.getDeclaringClass().getName() + "; got " + lookup);
        }
        final KernelModel model = KernelAnalyzer.analyze(lookup, method);
        final MethodHandle generic;
        try {
            generic = lookup.unreflect(method);
        } catch (final IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return new KernelHandle(model, generic, capacity);
    }

    /** @return every specialized copy cached by the shared handles: what a user checks when a launch was slow. */
    public static List<Specialization> specializations() {
        final List<Specialization> all = new ArrayList<>();
        synchronized (ALL) {
            for (final KernelHandle h : ALL) {
                all.addAll(h.specializations());
            }
        }
        return all;
    }

    private static String key(final String name, final Class<?>[] types) {
        return types.length == 0 ? name : name + Arrays.toString(types);
    }

    private static Method resolve(final Class<?> owner, final String name, final Class<?>[] types) {
        if (types.length > 0) {
            try {
                return owner.getDeclaredMethod(name, types);
            } catch (final NoSuchMethodException e) {
                throw new IllegalArgumentException("no method " + owner.getName() + "." + name
                    + Arrays.toString(types), e);
            }
        }
        final List<Method> all = new ArrayList<>();
        final List<Method> kernels = new ArrayList<>();
        for (final Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(name) && !m.isSynthetic()) {
                all.add(m);
                if (m.isAnnotationPresent(Kernel.class)) {
                    kernels.add(m);
                }
            }
        }
        if (all.size() == 1) {
            return all.getFirst();
        }
        if (kernels.size() == 1) {
            return kernels.getFirst();
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no method named '" + name + "' in " + owner.getName());
        }
        throw new IllegalArgumentException(owner.getName() + "." + name + " is overloaded; pass the parameter types");
    }
}
