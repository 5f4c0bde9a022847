package org.charm4j.runtime;

import java.util.ArrayList;

/**
 * Where a PE keeps the reductions in flight of one scope: a collection's part on this PE ({@link LocalCollection})
 * or a section ({@link Reductions.SectionState}).
 *
 * <p>Threading: owning PE only.
 */
abstract class PartialHolder {
    /** Reduction partials in flight here, few at a time. */
    final ArrayList<Partial> partials = new ArrayList<>(4);
    /** A partial the root keeps for the next reduction once it has delivered one. */
    Partial spare;
}
