package org.charm4j.kernels;

/**
 * A loop variable marked {@link Parallel} in a kernel, as recorded in the class file.
 *
 * @param name     the variable's name if the class has a local variable table ({@code -g}), else {@code "slot" + slot}.
 * @param slot     local variable slot.
 * @param startBci first bytecode offset where the variable is live.
 * @param endBci   bytecode offset just past its live range.
 * @param line     source line of {@code startBci}, or -1 if unknown.
 */
public record ParallelLoop(String name, int slot, int startBci, int endBci, int line) {
}
