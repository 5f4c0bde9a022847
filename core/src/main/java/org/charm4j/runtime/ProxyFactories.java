package org.charm4j.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.charm4j.Chare;
import org.charm4j.Proxy;

/**
 * Finds the generated collection proxy of a chare class, for {@code Chare.thisProxy()}. Each generated proxy
 * registers its factory when its class initializes; the first lookup for a class loads the proxy class by its name
 * ({@code Foo} gives {@code FooProxy}; a nested {@code Outer.Foo} gives {@code Outer_FooProxy}), once.
 *
 * <p>Threading: any thread.
 */
public final class ProxyFactories {
    private static final ConcurrentHashMap<Class<?>, Function<CollectionInfo, ? extends Proxy>> FACTORIES =
        new ConcurrentHashMap<>();

    private ProxyFactories() {
    }

    /**
     * Called by a generated proxy's static initializer.
     *
     * @param chare   the chare class.
     * @param factory makes its collection proxy.
     */
    public static void register(final Class<? extends Chare> chare,
                                final Function<CollectionInfo, ? extends Proxy> factory) {
        FACTORIES.putIfAbsent(chare, factory);
    }

    /**
     * @param chare a chare class.
     * @return the name of its generated proxy class.
     */
    public static String proxyClassName(final Class<?> chare) {
        final String pkg = chare.getPackageName();
        final String local = chare.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
        return (pkg.isEmpty() ? "" : pkg + ".") + local + "Proxy";
    }

    /**
     * @param info a collection.
     * @return a proxy of the generated type for it.
     */
    public static Proxy collectionProxy(final CollectionInfo info) {
        Function<CollectionInfo, ? extends Proxy> f = FACTORIES.get(info.chareClass());
        if (f == null) {
            final String name = proxyClassName(info.chareClass());
            try {
                Class.forName(name, true, info.chareClass().getClassLoader());
            } catch (final ClassNotFoundException e) {
                throw new IllegalStateException("no generated proxy " + name + " for chare " + info.chareClass()
                    .getName() + ": is the annotation processor configured (-proc:full, or annotationProcessorPaths)?",
                    e);
            }
            f = FACTORIES.get(info.chareClass());
        }
        return f.apply(info);
    }
}
