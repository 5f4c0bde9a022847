package org.charm4j.runtime;

/**
 * The target of an allreduce ({@code Chare.allreduce}): at the reduction's root it sends the result to every element
 * of its scope, the collection or the section, as the runtime's own call ({@link AllreduceResult}), which completes
 * the future each contributor holds for that reduction. It travels with partials as its proxy.
 *
 * <p>Threading: immutable; any thread.
 */
final class AllreduceTarget implements org.charm4j.Target<Object> {
    private static final long serialVersionUID = 1L;

    /**
     * An element's allreduce future, named.
     *
     * @param scope 0 for the element's collection, else the section's fingerprint.
     * @param key   the reduction's number in that scope.
     */
    record Key(long scope, long key) {
    }

    /** The collection proxy (or section proxy) whose elements get the result. */
    final CollectionProxy scope;

    AllreduceTarget(final CollectionProxy scope) {
        this.scope = scope;
    }

    /** Not called: the root hands the result to {@link #deliver}, which knows the reduction's key. */
    @Override
    public void accept(final Object value) {
        throw new IllegalStateException("an allreduce target is called by the runtime with its reduction's number");
    }

    /**
     * Sends the result of reduction {@code key} to every element of the scope.
     *
     * @param key   the reduction's number.
     * @param value the result (boxed; a list for a gather).
     */
    void deliver(final long key, final Object value) {
        scope.sendAllreduceResult(key, value);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof AllreduceTarget t && t.scope.equals(scope);
    }

    @Override
    public int hashCode() {
        return scope.hashCode();
    }

    @Override
    public String toString() {
        return "allreduce to " + scope;
    }
}
