package org.charm4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import org.charm4j.internal.net.AttachmentAllocator;
import org.charm4j.internal.net.SendCompletion;

/**
 * Reuses the memory of large off-heap arrays that crossed between processes. An array sent to another process is
 * the runtime's alone once sent (the sender's handle went stale), so when the transport has written it, its memory
 * comes back here; an array that arrives is read into memory taken from here. In a steady exchange (a ping-pong, a
 * halo swap) no large block is allocated, zeroed or collected per message. Only memory that this pool handed out
 * comes back (an array the program wrapped around its own memory never does), and small attachments (up to
 * {@value #SLICED_MAX} bytes) are slices of a shared chunk: cheap, and not worth a lookup.
 *
 * <p>Threading: any thread (a lock guards the free lists; taken only for large messages).
 */
final class SegmentPool implements AttachmentAllocator {
    /**
     * Attachments below this size are not pooled: those up to {@link #SLICED_MAX} are slices of a shared chunk, and
     * every larger one is pooled. (From 4 KiB to 64 KiB they used to take a fresh automatic arena each: a cleaner per
     * message, memory that only the garbage collector frees, and round trips of 136 us at 16 KiB and 238 us at 32 KiB
     * against 17.5-18.5 and 27.5-29 us pooled, in one run of RuntimePingPong.)
     */
    static final long MIN_POOLED = SegmentPool.SLICED_MAX + 1;
    /** The most memory kept for reuse, in bytes. */
    static final long MAX_POOLED = 512L << 20;

    private final HashMap<Long, ArrayDeque<MemorySegment>> free = new HashMap<>();
    /** The large segments this pool handed out and that are still reachable: the only ones it takes back. */
    private final java.util.WeakHashMap<MemorySegment, Boolean> ours = new java.util.WeakHashMap<>();
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
                final ArrayDeque<MemorySegment> list = free.get(byteSize);
                final MemorySegment s = list == null ? null : list.pollLast();
                if (s != null) {
                    pooledBytes -= byteSize;
                    return s; // not zeroed: the transport overwrites every byte of it
                }
                final MemorySegment fresh = Arena.ofAuto().allocate(byteSize, ALIGNMENT);
                ours.put(fresh, Boolean.TRUE);
                return fresh;
            }
        }
        return slice(byteSize);   // up to SLICED_MAX
    }

    /** Attachments of at most this many bytes are slices of a shared chunk: one object each, no arena of their own. */
    static final long SLICED_MAX = 4096;
    /** The size of the chunks small attachments are sliced from. */
    static final long CHUNK = 256 * 1024;
    private MemorySegment chunk;
    private long chunkUsed = CHUNK;

    /**
     * A slice of the current chunk: an arena of its own per small message would cost a session and a cleaner (and GC
     * reference processing) each. A chunk is freed once no slice of it is reachable; one long-kept small array keeps
     * its chunk.
     */
    private synchronized MemorySegment slice(final long byteSize) {
        final long size = (byteSize + ALIGNMENT - 1) & -ALIGNMENT;
        if (chunkUsed + size > CHUNK) {
            chunk = Arena.ofAuto().allocate(CHUNK, ALIGNMENT);
            chunkUsed = 0;
        }
        final MemorySegment s = chunk.asSlice(chunkUsed, byteSize);
        chunkUsed += Math.max(size, ALIGNMENT);
        return s;
    }

    /** Keeps a segment that nothing references any more, if there is room. */
    void recycle(final MemorySegment s) {
        final long size = s.byteSize();
        if (size < MIN_POOLED || s.address() % ALIGNMENT != 0) {
            return;
        }
        synchronized (this) {
            if (ours.containsKey(s) && pooledBytes + size <= maxPooled) {
                free.computeIfAbsent(size, k -> new ArrayDeque<>(4)).addLast(s);
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
            if (s.byteSize() >= MIN_POOLED) {
                final MemorySegment[] kept = sent.clone();
                return toNode -> {
                    for (final MemorySegment m : kept) {
                        recycle(m);
                    }
                };
            }
        }
        return null;
    }
}
