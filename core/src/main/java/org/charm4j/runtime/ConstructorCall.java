package org.charm4j.runtime;

import org.charm4j.Chare;

/**
 * A call of one constructor of a chare with its arguments, generated per constructor. The runtime runs it on the PE
 * where the element is born.
 *
 * <p>Threading: built by the creator, then owned by the PE that constructs.
 */
public abstract class ConstructorCall {
    /** For generated subclasses. */
    protected ConstructorCall() {
    }

    /** @return a new chare built with this call's arguments. */
    protected abstract Chare construct();

    /** @return the constructor's number among the chare's entry constructors. */
    public abstract int constructorId();

    /**
     * Writes the arguments, for a creation that leaves the process.
     *
     * @param out where to write.
     */
    protected abstract void writeArguments(WireOut out);

    /** @return whether the constructor is {@code @Threaded}: it runs on a virtual thread and may block. */
    protected boolean threaded() {
        return false;
    }

    /** @return a call with copies of arguments that an element could modify, for another element. */
    protected abstract ConstructorCall copy();
}
