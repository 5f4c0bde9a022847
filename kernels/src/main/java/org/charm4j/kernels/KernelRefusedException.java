package org.charm4j.kernels;

import java.util.List;

/**
 * Thrown when a method cannot be used as a kernel; it lists every problem found, each naming the class, the method,
 * and where known the bytecode offset and source line of the construct, with the reason and how to fix it.
 *
 * <p>Threading: immutable once thrown; any thread.
 */
public final class KernelRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * One reason to refuse a kernel.
     *
     * @param className binary name of the class declaring the kernel.
     * @param method    name of the kernel method.
     * @param bci       bytecode offset of the offending instruction, or -1 if it is about the whole method.
     * @param line      source line, or -1 if unknown.
     * @param reason    what is wrong, and the fix.
     */
    public record Problem(String className, String method, int bci, int line, String reason) {
        @Override
        public String toString() {
            final StringBuilder b = new StringBuilder(className).append('.').append(method);
            if (bci >= 0) {
                b.append(" at bytecode offset ").append(bci);
            }
            if (line >= 0) {
                b.append(" (line ").append(line).append(')');
            }
            return b.append(": ").append(reason).toString();
        }
    }

    private final transient List<Problem> problems;

    /** @param problems at least one problem. */
    public KernelRefusedException(final List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** @return the problems found, in bytecode order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String format(final List<Problem> problems) {
        if (problems.size() == 1) {
            return "kernel refused: " + problems.getFirst();
        }
        final StringBuilder b = new StringBuilder("kernel refused, ").append(problems.size()).append(" problems:");
        for (final Problem p : problems) {
            b.append("\n  ").append(p);
        }
        return b.toString();
    }
}
