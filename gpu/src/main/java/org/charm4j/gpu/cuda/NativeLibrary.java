package org.charm4j.gpu.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One shared library opened for downcalls, or the reason it could not be: binds symbols to method handles, and binds a
 * missing symbol (or any symbol of a missing library) to a handle that throws {@link IllegalStateException} naming the
 * symbol, the library and why.
 *
 * <p>Threading: immutable; any thread.
 */
final class NativeLibrary {
    private static final MethodHandle UNAVAILABLE = unavailableHandle();

    /** What the library is, for messages: {@code "CUDA driver"}, {@code "NVRTC"}. */
    private final String what;
    /** The soname or path it was opened as (or was to be). */
    private final String name;
    private final SymbolLookup lookup;
    private final String failure;

    private NativeLibrary(final String what, final String name, final SymbolLookup lookup, final String failure) {
        this.what = what;
        this.name = name;
        this.lookup = lookup;
        this.failure = failure;
    }

    /**
     * Opens a library by soname, through the dynamic loader's search ({@code LD_LIBRARY_PATH}, {@code ldconfig}).
     *
     * @param what   what it is, for messages.
     * @param soname e.g. {@code libcuda.so.1}.
     * @return the library, or a missing one whose {@link #failure()} is the loader's message.
     */
    @SuppressWarnings("restricted") // loading the library is the point; the JVM runs with --enable-native-access
    static NativeLibrary open(final String what, final String soname) {
        try {
            return new NativeLibrary(what, soname, SymbolLookup.libraryLookup(soname, Arena.global()), null);
        } catch (final IllegalArgumentException | IllegalCallerException e) {
            return missing(what, soname, soname + " could not be loaded (" + e.getMessage() + ")");
        }
    }

    /**
     * Opens a library file.
     *
     * @param what what it is, for messages.
     * @param file its path.
     * @return the library, or a missing one whose {@link #failure()} is the loader's message.
     */
    @SuppressWarnings("restricted") // loading the library is the point; the JVM runs with --enable-native-access
    static NativeLibrary open(final String what, final Path file) {
        try {
            return new NativeLibrary(what, file.toString(), SymbolLookup.libraryLookup(file, Arena.global()), null);
        } catch (final IllegalArgumentException | IllegalCallerException e) {
            return missing(what, file.toString(), file + " could not be loaded (" + e.getMessage() + ")");
        }
    }

    /**
     * @param what    what it is, for messages.
     * @param name    the soname or path that was wanted.
     * @param failure why it is missing, a sentence a user can act on.
     * @return a library that binds every symbol to a thrower.
     */
    static NativeLibrary missing(final String what, final String name, final String failure) {
        return new NativeLibrary(what, name, null, failure);
    }

    /** @return whether the library is open. */
    boolean loaded() {
        return lookup != null;
    }

    /** @return why the library is not open, or {@code null} when it is. */
    String failure() {
        return failure;
    }

    /** @return the soname or path it was opened as. */
    String name() {
        return name;
    }

    /** @return whether the library exports {@code symbol}. */
    boolean has(final String symbol) {
        return lookup != null && lookup.find(symbol).isPresent();
    }

    /**
     * Binds the first of {@code symbols} the library exports (e.g. a {@code _v2} name, then the older one).
     *
     * @param descriptor the C prototype, as layouts.
     * @param symbols    the names to try, in order.
     * @return a downcall handle, or one that throws {@link IllegalStateException} saying what is missing.
     */
    @SuppressWarnings("restricted") // each descriptor matches the C prototype quoted in its wrapper's javadoc
    MethodHandle bind(final FunctionDescriptor descriptor, final String... symbols) {
        if (lookup != null) {
            for (final String s : symbols) {
                final Optional<MemorySegment> symbol = lookup.find(s);
                if (symbol.isPresent()) {
                    return Linker.nativeLinker().downcallHandle(symbol.get(), descriptor);
                }
            }
        }
        final String names = String.join(" or ", symbols);
        final String why = lookup == null ? failure
            : names + " is not exported by " + name + "; it is older than this binding needs (update the " + what
                + ")";
        final MethodType type = descriptor.toMethodType();
        final MethodHandle thrower = MethodHandles.insertArguments(UNAVAILABLE, 0, what + " " + names + ": " + why);
        return MethodHandles.dropArguments(thrower, 0, type.parameterList()).asType(type);
    }

    private static MethodHandle unavailableHandle() {
        try {
            return MethodHandles.lookup().findStatic(NativeLibrary.class, "unavailable",
                MethodType.methodType(Object.class, String.class));
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Object unavailable(final String why) {
        throw new IllegalStateException(why);
    }

    /**
     * @param what what was called, for the message.
     * @param t    what a downcall's {@code invokeExact} threw.
     * @return never: rethrows {@code t} if unchecked, else wraps it.
     */
    static RuntimeException rethrow(final String what, final Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(what + " downcall threw " + t, t);
    }

    @Override
    public String toString() {
        return what + " (" + name + (lookup == null ? ", not loaded: " + failure + ")" : ")");
    }
}
