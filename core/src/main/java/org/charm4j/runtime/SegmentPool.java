package org.charm4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.charm4j.internal.net.AttachmentAllocator;
import org.charm4j.internal.net.SendCompletion;

/**
 * Reuses the memory of large off-heap arrays that crossed between processes. An array sent to another process is
 * the runtime's alone once sent (the sender's handle went stale), so when the transport has written it, its memory
 * comes back here; an array that arrives is read into memory taken from here. In a steady exchange (a ping-pong, a
 * halo swap) no large block is allocated, zeroed or collected per message. Only memory that this pool handed out
 * comes back (an array the program wrapped around its own memory never does). Small attachments (up to
 * {@value #SLICED_MAX} bytes) are slices of a shared chunk; those of at least {@value #SLICE_POOLED_MIN} bytes come
 * back too (a chunk records which slices it handed out), smaller ones are not worth a lookup.
 *
 * <p>Threading: any thread (a lock guards the free lists; not taken for attachments under
 * {@value #SLICE_POOLED_MIN} bytes that are sent).
 */
final class SegmentPool implements AttachmentAllocator {
    /**
     * Attachments from this size up have an automatic arena each and are pooled; those up to {@link #SLICED_MAX} are
     * slices of a shared chunk. (From 4 KiB to 64 KiB they used to take a fresh automatic arena each: a cleaner per
     * message, memory that only the garbage collector frees, and round trips of 136 us at 16 KiB and 238 us at 32 KiB
     * against 17.5-18.5 and 27.5-29 us pooled, in one run of RuntimePingPong.)
     */
    static final long MIN_POOLED = SegmentPool.SLICED_MAX + 1;
    /** The most memory kept for reuse, in bytes. */
    static final long MAX_POOLED = 512L << 20;

    /**
     * The free lists by size: {@code sizes[k]} (0 for an empty slot) and its list {@code lists[k]}, open addressing
     * on the size (a steady exchange uses a few sizes; a lookup allocates nothing, where a {@code HashMap<Long, ...>}
     * boxed the size on every message).
     */
    private long[] sizes = new long[16];
    @SuppressWarnings("unchecked")
    private ArrayDeque<MemorySegment>[] lists = new ArrayDeque[16];
    private int sizeCount;
    /** Completions of sends that carried pooled segments, ready for the next send ({@link Recycler}). */
    private final ArrayDeque<Recycler> recyclers = new ArrayDeque<>();
    /**
     * The large segments this pool handed out and that are still reachable, the only ones it takes back: by their
     * arena's scope (each has an automatic arena of its own; a scope hashes and compares by identity, where a
     * segment's {@code hashCode} allocates), with the address and size that the segment returned must have.
     */
    private final java.util.WeakHashMap<MemorySegment.Scope, long[]> ours = new java.util.WeakHashMap<>();
    private final long maxPooled;
    private long pooledBytes;

    /** A pool that keeps at most {@link #MAX_POOLED} bytes. */
    SegmentPool() {
        this(MAX_POOLED);
    }

    /** @param maxPooled the most memory kept for reuse, in bytes. */
    SegmentPool(final long maxPooled) {
        this.maxPooled = maxPooled;
    }

    @Override
    public MemorySegment allocate(final int fromNode, final long byteSize) {
        if (byteSize >= MIN_POOLED) {
            synchronized (this) {
                final ArrayDeque<MemorySegment> list = list(byteSize, false);
                final MemorySegment s = list == null ? null : list.pollLast();
                if (s != null) {
                    pooledBytes -= byteSize;
                    return s; // not zeroed: the transport overwrites every byte of it
                }
                final MemorySegment fresh = Arena.ofAuto().allocate(byteSize, ALIGNMENT);
                ours.put(fresh.scope(), new long[] {fresh.address(), byteSize});
                return fresh;
            }
        }
        return slice(byteSize);   // up to SLICED_MAX
    }

    /** Attachments of at most this many bytes are slices of a shared chunk: one object each, no arena of their own. */
    static final long SLICED_MAX = 4096;
    /**
     * Slices of at least this many bytes come back to the pool once sent on, like large segments: without that, a
     * steady exchange of 1-4 KiB arrays took a fresh chunk every 64-256 messages, and a fresh chunk (an mmap of
     * 256 KiB) cost milliseconds here: 1 % of 4 KiB round trips took 1.7-2.2 ms (p99), the mean three times the median.
     * Smaller ones fill a chunk so slowly (4096 to a chunk) that pooling them would cost more than it saves.
     */
    static final long SLICE_POOLED_MIN = 256;
    /** The most memory of slices kept for reuse, in bytes (they keep their chunks alive). */
    static final long MAX_POOLED_SLICES = 32L << 20;
    /** The size of the chunks small attachments are sliced from. */
    static final long CHUNK = 256 * 1024;
    private MemorySegment chunkMemory;
    private Chunk chunk;
    private long chunkUsed = CHUNK;
    /** The chunks whose slices are still reachable, by scope: where a slice that comes back was cut from. */
    private final java.util.WeakHashMap<MemorySegment.Scope, Chunk> chunks = new java.util.WeakHashMap<>();
    private long pooledSliceBytes;

    /**
     * A chunk that small attachments are sliced from, and the state of each {@value #ALIGNMENT}-byte granule at
     * which a slice starts: 0 none, {@code +size} a slice handed out, {@code -size} the same slice in a free list. Only
     * a segment that matches a handed-out slice exactly (scope, start and size) is taken back, and only once.
     */
    private static final class Chunk {
        /** The chunk's address (not its segment: a map value that held it would keep its weak key, and the memory). */
        final long base;
        /** Made for the chunk's first slice of {@link #SLICE_POOLED_MIN} bytes or more (8 B messages need none). */
        int[] slices;

        Chunk(final long base) {
            this.base = base;
        }

        /** @return the granule {@code s} starts at, or -1 if it does not start at one of this chunk's. */
        int granule(final MemorySegment s) {
            final long off = s.address() - base;
            return off < 0 || off >= CHUNK || off % ALIGNMENT != 0 ? -1 : (int) (off / ALIGNMENT);
        }
    }

    /**
     * A slice of the current chunk, or one that came back: an arena of its own per small message would cost a
     * session and a cleaner (and GC reference processing) each. A chunk is freed once no slice of it is reachable; one
     * long-kept small array keeps its chunk.
     */
    private synchronized MemorySegment slice(final long byteSize) {
        if (byteSize >= SLICE_POOLED_MIN) {
            final ArrayDeque<MemorySegment> list = list(byteSize, false);
            final MemorySegment s = list == null ? null : list.pollLast();
            if (s != null) {
                final Chunk c = chunks.get(s.scope());
                c.slices[c.granule(s)] = (int) byteSize;
                pooledSliceBytes -= byteSize;
                return s; // not zeroed: the transport overwrites every byte of it
            }
        }
        final long size = (byteSize + ALIGNMENT - 1) & -ALIGNMENT;
        if (chunkUsed + size > CHUNK) {
            chunkMemory = Arena.ofAuto().allocate(CHUNK, ALIGNMENT);
            chunk = new Chunk(chunkMemory.address());
            chunks.put(chunkMemory.scope(), chunk);
            chunkUsed = 0;
        }
        final MemorySegment s = chunkMemory.asSlice(chunkUsed, byteSize);
        if (byteSize >= SLICE_POOLED_MIN) {
            if (chunk.slices == null) {
                chunk.slices = new int[(int) (CHUNK / ALIGNMENT)];
            }
            chunk.slices[(int) (chunkUsed / ALIGNMENT)] = (int) byteSize;
        }
        chunkUsed += Math.max(size, ALIGNMENT);
        return s;
    }

    /** @return how many chunks still have reachable slices (for tests: chunks must not outlive their slices). */
    synchronized int chunksTracked() {
        return chunks.size();
    }

    /** Keeps a segment that nothing references any more, if this pool handed it out and there is room. */
    void recycle(final MemorySegment s) {
        final long size = s.byteSize();
        if (size < SLICE_POOLED_MIN || s.address() % ALIGNMENT != 0) {
            return;
        }
        synchronized (this) {
            if (size < MIN_POOLED) {
                final Chunk c = chunks.get(s.scope());
                final int g = c == null || c.slices == null ? -1 : c.granule(s);
                if (g >= 0 && c.slices[g] == size && pooledSliceBytes + size <= MAX_POOLED_SLICES) {
                    c.slices[g] = (int) -size;
                    list(size, true).addLast(s);
                    pooledSliceBytes += size;
                }
                return;
            }
            final long[] mine = ours.get(s.scope());
            if (mine != null && mine[0] == s.address() && mine[1] == size && pooledBytes + size <= maxPooled) {
                list(size, true).addLast(s);
                pooledBytes += size;
            }
        }
    }

    /**
     * @param sent the attachments of a message that the runtime no longer references (borrowed: the caller may
     *             reuse the array; the recycler keeps a copy).
     * @return what the transport calls once it has written them, or null when none is worth keeping.
     */
    SendCompletion recyclerOf(final MemorySegment[] sent) {
        for (final MemorySegment s : sent) {
            if (s.byteSize() >= SLICE_POOLED_MIN) {
                Recycler r;
                synchronized (this) {
                    r = recyclers.pollLast();
                }
                if (r == null) {
                    r = new Recycler();
                }
                r.keep(sent);
                return r;
            }
        }
        return null;
    }

    /** The free list of {@code size} (created if asked); the caller holds the lock. */
    private ArrayDeque<MemorySegment> list(final long size, final boolean create) {
        int k = slot(sizes, size);
        if (sizes[k] == size) {
            return lists[k];
        }
        if (!create) {
            return null;
        }
        if (2 * (sizeCount + 1) > sizes.length) {   // keep it at most half full
            final long[] oldSizes = sizes;
            final ArrayDeque<MemorySegment>[] oldLists = lists;
            sizes = new long[oldSizes.length * 2];
            lists = Arrays.copyOf(oldLists, sizes.length);
            Arrays.fill(lists, null);
            for (int i = 0; i < oldSizes.length; i++) {
                if (oldSizes[i] != 0) {
                    final int j = slot(sizes, oldSizes[i]);
                    sizes[j] = oldSizes[i];
                    lists[j] = oldLists[i];
                }
            }
            k = slot(sizes, size);
        }
        sizes[k] = size;
        lists[k] = new ArrayDeque<>(4);
        sizeCount++;
        return lists[k];
    }

    /** @return the slot of {@code size} in {@code table}, or the empty slot where it would go. */
    private static int slot(final long[] table, final long size) {
        final int mask = table.length - 1;
        int k = (int) (Long.hashCode(size * 0x9E3779B97F4A7C15L) & mask);
        while (table[k] != 0 && table[k] != size) {
            k = (k + 1) & mask;
        }
        return k;
    }

    /**
     * Gives a sent message's pooled segments back once the transport has written them, then waits for the next send
     * in {@link #recyclers}: one object per message in flight, reused, where a lambda and a copy of the array were
     * allocated per message.
     */
    private final class Recycler implements SendCompletion {
        private MemorySegment[] kept = new MemorySegment[1];
        private int count;

        void keep(final MemorySegment[] sent) {
            if (kept.length < sent.length) {
                kept = new MemorySegment[sent.length];
            }
            System.arraycopy(sent, 0, kept, 0, sent.length);
            count = sent.length;
        }

        @Override
        public void attachmentsReleased(final int toNode) {
            for (int i = 0; i < count; i++) {
                recycle(kept[i]);
                kept[i] = null;
            }
            count = 0;
            synchronized (SegmentPool.this) {
                if (recyclers.size() < 64) {
                    recyclers.addLast(this);
                }
            }
        }
    }
}
