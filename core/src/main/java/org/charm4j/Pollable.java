package org.charm4j;

/**
 * Work that runs outside the runtime and finishes on its own (a kernel on a GPU, say): the PE that waits for it
 * ({@link Charm#whenDone(Pollable)}) asks {@link #poll()} between messages, as Charm++'s GPU manager polls its events,
 * so the PE runs other chares meanwhile and no thread blocks on the work.
 *
 * <p>Threading: {@link #poll()} is called on the waiting PE's thread only (or by the threaded entry method that holds
 * that PE), never concurrently.
 */
@FunctionalInterface
public interface Pollable {
    /**
     * Called until it returns true, then never again.
     *
     * @return true once the work is done and its results are visible to the PE (a device's writes in host memory).
     * @throws RuntimeException if the work failed: the future of {@link Charm#whenDone(Pollable)} fails with it.
     */
    boolean poll();
}
