package org.charm4j.runtime;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.charm4j.Chare;
import org.charm4j.Index;

/**
 * The program's main chare ({@code Charm.start(args, Main.class)}), as charm4py's {@code charm.start(Main)}: a single
 * chare on PE 0 whose constructor runs as a threaded entry method (it may wait on futures), that can receive calls
 * and be a reduction target like any chare.
 *
 * <p>Threading: {@link #create} on main's threaded task on PE 0 only.
 */
public final class MainChare {
    private MainChare() {
    }

    /**
     * Creates the main chare on PE 0 and runs its constructor here, on main's threaded task.
     *
     * @param chare the main chare's class: public, with a public constructor taking {@code String[]} (the
     *              program's arguments) or none.
     * @param args  the program's arguments.
     * @throws IllegalArgumentException if the class has no such constructor.
     * @throws IllegalStateException    if not called from main's threaded task.
     */
    public static void create(final Class<? extends Chare> chare, final String[] args) {
        final ThreadedTask task = ThreadedTask.current();
        final Pe pe = Node.currentPe();
        if (task == null || pe == null || pe.id() != Topology.ROOT) {
            throw new IllegalStateException("the main chare is created by Charm.start(args, " + chare.getSimpleName()
                + ".class), on PE 0");
        }
        final ConstructorCall ctor = constructorOf(chare, args);
        ChareTypes.of(chare); // loads its generated proxy now, or fails naming the missing processor set-up
        final Node node = pe.node();
        final CollectionInfo info = new CollectionInfo(node, node.newId(), CollectionInfo.Kind.CHARE, chare,
            Index.of(1), (i, s, n) -> 0);
        node.register(info);
        final Element e = pe.createMainChare(info, task);
        // the other PEs learn the collection; PE 0 has it already and skips the creation
        node.send(Topology.ROOT, new Proxies.Create(info, null));
        pe.construct(e, ctor);
    }

    private static ConstructorCall constructorOf(final Class<? extends Chare> chare, final String[] args) {
        Constructor<? extends Chare> withArgs = null;
        Constructor<? extends Chare> none = null;
        try {
            withArgs = chare.getConstructor(String[].class);
        } catch (final NoSuchMethodException e) {
            try {
                none = chare.getConstructor();
            } catch (final NoSuchMethodException e2) {
                throw new IllegalArgumentException("the main chare " + chare.getName() + " needs a public constructor"
                    + " taking String[] (the program's arguments) or no arguments", e2);
            }
        }
        final Constructor<? extends Chare> c = withArgs != null ? withArgs : none;
        final Object[] values = withArgs != null ? new Object[] {args.clone()} : new Object[0];
        return new ConstructorCall() {
            @Override
            protected Chare construct() {
                try {
                    return c.newInstance(values);
                } catch (final InvocationTargetException e) {
                    final Throwable t = e.getCause();
                    if (t instanceof RuntimeException r) {
                        throw r;
                    } else if (t instanceof Error err) {
                        throw err;
                    }
                    throw new org.charm4j.CharmException("the constructor of " + chare.getSimpleName() + " threw " + t,
                        t);
                } catch (final ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot create the main chare " + chare.getName() + ": " + e,
                        e);
                }
            }

            @Override
            public int constructorId() {
                return -1;
            }

            @Override
            protected void writeArguments(final WireOut out) {
                throw new UnsupportedOperationException("the main chare is created on PE 0 only");
            }

            @Override
            protected ConstructorCall copy() {
                return this;
            }
        };
    }
}
