package org.charm4j.internal.net;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Gives the memory into which an incoming attachment is read; that memory then belongs to the
 * {@link InboundHandler}. The runtime plugs in its pool here (arenas of its off-heap arrays); the default,
 * {@link #AUTOMATIC}, takes each attachment from a fresh automatic {@link Arena} (freed by the garbage collector,
 * zeroed by the JDK on allocation).
 *
 * <p>Threading: called on the transport's event-loop thread only.
 */
@FunctionalInterface
public interface AttachmentAllocator {
    /** Alignment of every attachment segment, in bytes. */
    long ALIGNMENT = 64;

    /** Each attachment in its own automatic arena, 64-byte aligned. */
    AttachmentAllocator AUTOMATIC = (fromNode, byteSize) -> Arena.ofAuto().allocate(byteSize, ALIGNMENT);

    /**
     * @param fromNode the node the attachment comes from.
     * @param byteSize its size in bytes (at least 0).
     * @return returns owned: a writable native segment of exactly {@code byteSize} bytes, {@value #ALIGNMENT}-byte
     *     aligned, usable from any thread (a shared or automatic arena, never a confined one).
     */
    MemorySegment allocate(int fromNode, long byteSize);
}
