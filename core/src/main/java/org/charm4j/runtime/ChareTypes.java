package org.charm4j.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.charm4j.Chare;
import org.charm4j.Proxy;

/**
 * What the runtime knows of each chare class, registered by its generated proxy when the proxy class initializes:
 * how to make its collection proxy (for {@code Chare.thisProxy()}), and how to read its entry-method calls and
 * constructor calls arriving from another process. The first lookup of a class loads its proxy class by name
 * ({@code Foo} gives {@code FooProxy}; a nested {@code Outer.Foo} gives {@code Outer_FooProxy}), once.
 *
 * <p>Threading: any thread.
 */
public final class ChareTypes {
    /** Reads an entry-method call by id. */
    @FunctionalInterface
    public interface EntryReader {
        /**
         * @param entryId the entry method's id.
         * @param in      the arguments.
         * @return the call.
         */
        EntryMessage read(int entryId, WireIn in);
    }

    /** Reads a constructor call by number. */
    @FunctionalInterface
    public interface ConstructorReader {
        /**
         * @param ctorId the constructor's number.
         * @param in     the arguments.
         * @return the call.
         */
        ConstructorCall read(int ctorId, WireIn in);
    }

    /**
     * One chare class.
     *
     * @param chare        the class.
     * @param proxyFactory makes its collection proxy.
     * @param entries      reads its entry-method calls.
     * @param constructors reads its constructor calls.
     */
    public record ChareType(Class<? extends Chare> chare, Function<CollectionInfo, ? extends Proxy> proxyFactory,
                            EntryReader entries, ConstructorReader constructors) {
    }

    private static final ConcurrentHashMap<Class<?>, ChareType> TYPES = new ConcurrentHashMap<>();

    private ChareTypes() {
    }

    /**
     * Called by a generated proxy's static initializer.
     *
     * @param chare        the chare class.
     * @param proxyFactory makes its collection proxy.
     * @param entries      reads its entry-method calls.
     * @param constructors reads its constructor calls.
     */
    public static void register(final Class<? extends Chare> chare,
                                final Function<CollectionInfo, ? extends Proxy> proxyFactory,
                                final EntryReader entries, final ConstructorReader constructors) {
        TYPES.putIfAbsent(chare, new ChareType(chare, proxyFactory, entries, constructors));
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
     * @param chare a chare class.
     * @return its registration, loading its proxy class the first time.
     * @throws IllegalStateException if it has no generated proxy.
     */
    public static ChareType of(final Class<?> chare) {
        ChareType t = TYPES.get(chare);
        if (t == null) {
            final String name = proxyClassName(chare);
            try {
                Class.forName(name, true, chare.getClassLoader());
            } catch (final ClassNotFoundException e) {
                throw new IllegalStateException("no generated proxy " + name + " for chare " + chare.getName()
                    + ": is the annotation processor configured (-proc:full, or annotationProcessorPaths)?", e);
            }
            t = TYPES.get(chare);
        }
        return t;
    }

    /**
     * @param info a collection.
     * @return a proxy of the generated type for it.
     */
    public static Proxy collectionProxy(final CollectionInfo info) {
        return of(info.chareClass()).proxyFactory().apply(info);
    }
}
