package org.charm4j.runtime;

/**
 * One PE's figures at the end of an observed run, as sent to PE 0 (Kryo packs it between processes). Times are in
 * nanoseconds of the PE's process, counted from the process's start; {@code t1}/{@code t2} are when the PE got the
 * request and answered it, for PE 0 to align the processes' clocks.
 *
 * <p>Threading: built by its PE, then read by PE 0 only.
 */
final class PeReport {
    int pe;
    int node;
    /** The machine (its boot id, or host name), and the process's start on its monotonic clock. */
    String machine;
    long startNanos;
    long wallNanos;
    long busyNanos;
    long workNanos;
    long sentLocal;
    long sentRemote;
    long sentRemoteBytes;
    long handled;
    long receivedRemote;
    long receivedRemoteBytes;
    String[] entryNames;
    long[] entryCalls;
    long[] entryNanos;
    /** Balancing steps (PE 0): when, from the process's start, and what they did. */
    long[] markTimes;
    String[] markTexts;
    long binNanos;
    long[] bins;
    /** When its process got the request and when this PE answered, in its process's clock (from its start). */
    long t1;
    long t2;
    /** When PE 0 got it, in process 0's clock from its start. */
    long t3;
    // the trace (null without +trace): events in time order
    long droppedEvents;
    long flowEvery;
    String[] names;
    long[] evStart;
    long[] evLength;
    long[] evFlowIn;
    int[] evName;
    byte[] evKind;
    String[] evDetail;
}
