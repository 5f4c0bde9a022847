package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * What one PE records for {@code +stats}, {@code +trace} and {@code +report}: time in entry methods and in the
 * runtime, messages and bytes, an entry-method table, busy time over the run in bins that coarsen as the run goes
 * on, and (with {@code +trace}) a ring of timeline events. Made only when the run is observed: without those flags
 * the PE holds null and its dispatch path reads one final boolean.
 *
 * <p>Threading: the PE's thread (and the threaded entry method holding its baton); the remote receive counters are
 * written by the process's network thread and read at the end, approximately.
 */
final class PeStats {
    /** Busy-time bins: as many, then pairs merge and the width doubles. */
    static final int BINS = 256;
    /**
     * Events a PE's trace ring holds. When it is full, its events are cut out as a chunk, which the PE sends to PE 0
     * from its queue (a {@link RunReport.TraceChunk}, at a point where no send is under way), and PE 0 writes it out
     * beside the trace file; after {@link #MAX_CHUNKS} chunks the PE keeps only the latest events (older ones are
     * overwritten, and counted).
     */
    static final int RING = 1 << 16;
    /** Ring-fulls a PE writes out before it keeps only the latest events: 2^21 events, about 300 MB of JSON. */
    static final int MAX_CHUNKS = 32;
    static final byte SPAN = 0;
    static final byte FLOW_OUT = 1;
    static final byte INSTANT = 2;

    /** The calls and time of one chare class's entry methods, by entry id (+1: the runtime's own call is -1). */
    static final class EntryTable {
        final String chare;
        long[] calls = new long[8];
        long[] nanos = new long[8];
        String[] names = new String[8];
        int[] nameKeys = new int[8];

        EntryTable(final String chare) {
            this.chare = chare;
        }

        int slot(final EntryMessage m, final PeStats owner) {
            final int s = m.entryId() + 1;
            if (s >= calls.length) {
                final int n = Math.max(s + 1, calls.length * 2);
                calls = java.util.Arrays.copyOf(calls, n);
                nanos = java.util.Arrays.copyOf(nanos, n);
                names = java.util.Arrays.copyOf(names, n);
                nameKeys = java.util.Arrays.copyOf(nameKeys, n);
            }
            if (names[s] == null) {
                names[s] = m.entryName();
                nameKeys[s] = owner.nameKey(names[s]);
            }
            return s;
        }
    }

    /**
     * This machine, for aligning clocks: processes on one machine (one kernel boot) share the monotonic clock, so
     * their offsets are exact; the boot id on Linux, else the host name.
     */
    static final String MACHINE = machine();

    private static String machine() {
        try {
            return "boot " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id"))
                .strip();
        } catch (final java.io.IOException | RuntimeException e) {
            final String h = System.getenv("HOSTNAME");
            return "host " + (h != null ? h : "unknown@" + ProcessHandle.current().pid());
        }
    }

    final int pe;
    final long startNanos;
    /** Time in entry methods (threaded slices included). */
    long busyNanos;
    /** Time in duty cycles that did some work (handling messages, network events): busy time plus the runtime's. */
    long workNanos;
    long sentLocal;
    long sentRemote;
    long sentRemoteBytes;
    long handled;
    volatile long receivedRemote;
    volatile long receivedRemoteBytes;
    private final IdentityHashMap<Class<?>, EntryTable> tables = new IdentityHashMap<>();
    private Class<?> lastClass;
    private EntryTable lastTable;
    long binNanos = 10_000_000L;
    long[] bins = new long[BINS];

    // ---------------------------------------------------------------- the trace ring (null arrays without +trace)
    final boolean tracing;
    /**
     * The events, {@link #STRIDE} longs each, side by side so that recording one touches one or two cache lines: its
     * start, its length (a span's duration, a flow's id, 0 for an instant), the flow a span ends (0: none), and its
     * name's key shifted left by 8 with its kind in the low byte.
     */
    private final long[] ring;
    private static final int STRIDE = 4;
    private final Object[] detail; // a span's element index, an instant's text
    private long events;
    /** Events before this one have been sent to PE 0 as chunks. */
    private long shipped;
    private int chunks;
    /** Asks the PE to send the chunks cut out (by a message in its queue), or null: full rings are overwritten. */
    private Runnable spill;
    /** Chunks cut out of the ring and not sent yet. */
    private final List<PeReport> pending = new ArrayList<>(2);
    private final List<String> names = new ArrayList<>();
    private final java.util.HashMap<String, Integer> nameIds = new java.util.HashMap<>();
    private long nextFlow;
    /** Sends since the last recorded flow; flows are recorded one in {@code flowEvery} once the ring has wrapped. */
    private long sendsSkipped;
    long flowEvery = 1;

    PeStats(final int pe, final long startNanos, final boolean tracing) {
        this.pe = pe;
        this.startNanos = startNanos;
        this.tracing = tracing;
        final int n = tracing ? RING : 0;
        ring = new long[n * STRIDE];
        detail = new Object[n];
    }

    /** @param ship asks the PE to call {@link #ship} soon (from its queue); called when a chunk is cut out. */
    void spillTo(final Runnable ship) {
        spill = ship;
    }

    /** The ring is full of events not sent yet: cuts them out as a chunk, for the PE to send. */
    private void cut() {
        final PeReport chunk = new PeReport();
        chunk.pe = pe;
        chunk.startNanos = startNanos;
        events(chunk, shipped, (int) (events - shipped));
        shipped = events;
        chunks++;
        pending.add(chunk);
        if (pending.size() == 1) {
            spill.run();
        }
    }

    /**
     * Hands the chunks cut out so far to {@code send}, in order: on the PE thread, where no send is under way (a
     * message of its own, or before its answer at the end).
     */
    void ship(final java.util.function.Consumer<PeReport> send) {
        for (final PeReport c : pending) {
            send.accept(c);
        }
        pending.clear();
    }

    int nameKey(final String s) {
        Integer k = nameIds.get(s);
        if (k == null) {
            k = names.size();
            names.add(s);
            nameIds.put(s, k);
        }
        return k;
    }

    private EntryTable table(final Class<?> chare) {
        if (chare == lastClass) {
            return lastTable;
        }
        EntryTable t = tables.get(chare);
        if (t == null) {
            t = new EntryTable(chare.getSimpleName());
            tables.put(chare, t);
        }
        lastClass = chare;
        lastTable = t;
        return t;
    }

    /**
     * An entry method (or a slice of a threaded one) ran from {@code t0} to {@code t1}.
     *
     * @param call whether this is its first slice (it counts as a call).
     */
    void entry(final Element e, final EntryMessage m, final long t0, final long t1, final boolean call) {
        final long spent = t1 - t0;
        busyNanos += spent;
        if (m != null && e != null) {
            final EntryTable t = table(e.info.chareClass());
            final int s = t.slot(m, this);
            if (call) {
                t.calls[s]++;
            }
            t.nanos[s] += spent;
            if (tracing) {
                record(SPAN, t0, spent, t.nameKeys[s], call ? m.traceId() : 0, e.index);
            }
        } else if (tracing) {
            record(SPAN, t0, spent, nameKey(e == null ? "main" : Pe.describe(e)), 0, null);
        }
        busy(t0, t1);
    }

    /** Adds busy time to the bins, coarsening them when the run outgrows them. */
    private void busy(final long t0, final long t1) {
        long a = Math.max(0, t0 - startNanos);
        final long b = Math.max(a, t1 - startNanos);
        while (b / binNanos >= bins.length) {
            final long[] merged = new long[bins.length];
            for (int i = 0; i < bins.length / 2; i++) {
                merged[i] = bins[2 * i] + bins[2 * i + 1];
            }
            bins = merged;
            binNanos *= 2;
        }
        while (a < b) {
            final int i = (int) (a / binNanos);
            final long end = Math.min(b, (i + 1) * binNanos);
            bins[i] += end - a;
            a = end;
        }
    }

    /** @return a new flow id for a traced call sent now (0: this send is not sampled). */
    long flowOut(final long now) {
        if (++sendsSkipped < flowEvery) {
            return 0;
        }
        sendsSkipped = 0;
        final long id = (long) (pe + 1) << 40 | ++nextFlow;
        record(FLOW_OUT, now, id, 0, 0, null);
        return id;
    }

    /** A span on this PE's track that is not an entry method (a kernel launch): the timeline only. */
    void span(final String what, final long t0, final long t1) {
        if (tracing) {
            record(SPAN, t0, t1 - t0, nameKey(what), 0, null);
        }
    }

    /** An instant on this PE's track: a reduction's end. */
    void instant(final String what, final String text) {
        if (tracing) {
            record(INSTANT, System.nanoTime(), 0, nameKey(what), 0, text);
        }
    }

    /** Marks kept for the report (balancing steps): time from the start in ns, and text. At most this many. */
    static final int MARKS = 10_000;
    private long[] markTimes = new long[16];
    private final List<String> markTexts = new ArrayList<>();

    /** A mark for the report and the timeline: a balancing step, with what it did. */
    void mark(final String what, final String text) {
        final long now = System.nanoTime();
        final int n = markTexts.size();
        if (n < MARKS) {
            if (n == markTimes.length) {
                markTimes = java.util.Arrays.copyOf(markTimes, 2 * n);
            }
            markTimes[n] = now - startNanos;
            markTexts.add(text);
        }
        if (tracing) {
            record(INSTANT, now, 0, nameKey(what), 0, text);
        }
    }

    private void record(final byte k, final long t, final long len, final int nameKey, final long in,
                        final Object d) {
        final int i = (int) (events++ & (RING - 1));
        if (events - shipped > RING && i == 0 && flowEvery < 1 << 20) {
            flowEvery *= 2;   // the ring wrapped over events not written out: sample flows more sparsely from now on
        }
        final int j = i * STRIDE;
        ring[j] = t;
        ring[j + 1] = len;
        ring[j + 2] = in;
        ring[j + 3] = (long) nameKey << 8 | k;
        detail[i] = d;
        if (events - shipped == RING && spill != null && chunks < MAX_CHUNKS) {
            cut();
        }
    }

    /** Copies {@code count} events from number {@code first} on (still in the ring) into {@code r}, with the names. */
    private void events(final PeReport r, final long first, final int count) {
        r.names = names.toArray(new String[0]);
        r.evStart = new long[count];
        r.evLength = new long[count];
        r.evFlowIn = new long[count];
        r.evName = new int[count];
        r.evKind = new byte[count];
        r.evDetail = new String[count];
        for (int j = 0; j < count; j++) {
            final int i = (int) ((first + j) & (RING - 1));
            final int at = i * STRIDE;
            r.evStart[j] = ring[at] - startNanos;
            r.evLength[j] = ring[at + 1];
            r.evFlowIn[j] = ring[at + 2];
            r.evName[j] = (int) (ring[at + 3] >>> 8);
            r.evKind[j] = (byte) ring[at + 3];
            r.evDetail[j] = detail[i] == null ? null : detail[i].toString();
        }
    }

    /** @return the snapshot sent to PE 0 at the end. */
    PeReport snapshot(final int node) {
        final PeReport r = new PeReport();
        r.pe = pe;
        r.node = node;
        r.machine = MACHINE;
        r.startNanos = startNanos;
        r.wallNanos = System.nanoTime() - startNanos;
        r.busyNanos = busyNanos;
        r.workNanos = Math.max(workNanos, busyNanos);
        r.sentLocal = sentLocal;
        r.sentRemote = sentRemote;
        r.sentRemoteBytes = sentRemoteBytes;
        r.handled = handled;
        r.receivedRemote = receivedRemote;
        r.receivedRemoteBytes = receivedRemoteBytes;
        final List<String> en = new ArrayList<>();
        final List<Long> calls = new ArrayList<>();
        final List<Long> nanos = new ArrayList<>();
        for (final EntryTable t : tables.values()) {
            for (int s = 0; s < t.names.length; s++) {
                if (t.names[s] != null && (t.calls[s] > 0 || t.nanos[s] > 0)) {
                    en.add(t.names[s]);
                    calls.add(t.calls[s]);
                    nanos.add(t.nanos[s]);
                }
            }
        }
        r.entryNames = en.toArray(new String[0]);
        r.entryCalls = calls.stream().mapToLong(Long::longValue).toArray();
        r.entryNanos = nanos.stream().mapToLong(Long::longValue).toArray();
        r.markTimes = java.util.Arrays.copyOf(markTimes, markTexts.size());
        r.markTexts = markTexts.toArray(new String[0]);
        r.binNanos = binNanos;
        final int used = (int) Math.min(bins.length, r.wallNanos / binNanos + 1);
        r.bins = java.util.Arrays.copyOf(bins, used);
        if (tracing) {
            final int count = (int) Math.min(events - shipped, RING);
            r.droppedEvents = events - shipped - count;
            r.flowEvery = flowEvery;
            events(r, events - count, count);
        }
        return r;
    }
}
