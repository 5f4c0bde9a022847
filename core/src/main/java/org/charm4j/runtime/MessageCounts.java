package org.charm4j.runtime;

/** Padding before the counts: the PE's other fields are read by other threads (enqueue, wake-up). */
abstract class MessageCountsPad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The counts themselves. */
abstract class MessageCountsFields extends MessageCountsPad0 {
    /** Messages this PE's thread sent (to a queue here or to another process). */
    long created;
    /** Messages this PE handled (and, when it drives the network, that arrived from another process). */
    long processed;
}

/**
 * One PE's message counts for quiescence detection: plain longs that only the PE's thread writes (on every send and
 * every message handled) and reads (when a detection wave asks), on a cache line of their own so that these writes
 * do not bounce the line that other threads read to enqueue to this PE.
 *
 * <p>Threading: the owning PE's thread only.
 */
final class MessageCounts extends MessageCountsFields {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}
