package org.charm4j.runtime;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.charm4j.ArrayMap;
import org.charm4j.Index;
import org.charm4j.Reducer;

/**
 * Writes runtime messages for another process: a small header region written with Kryo's {@link Output}
 * (primitives unboxed, generated code writing each argument) and off-heap arrays as attachments, which the transport
 * sends straight from their memory. What the destination process already knows from this one (a collection's
 * description, a lambda's shape) travels as an id; the first message to it carries the whole, and {@link #sent()}
 * records that it is known there. The layout is in {@code docs/messages.md}; each kind of message is a
 * {@link WireKind}.
 *
 * <p>Threading: not thread-safe. Each PE has one, used by its thread and by the threaded entry method holding it;
 * other threads have their own.
 */
public final class WireEncoder implements WireOut {
    private final Node node;
    private final Kryo kryo;
    private final BulkArrays.Out out = new BulkArrays.Out(256, -1);
    /** Arrays of 1 to 8 attachments, reused for sends that keep no reference to them. */
    private final MemorySegment[][] attachmentArrays = new MemorySegment[9][];
    private final ArrayList<MemorySegment> attachments = new ArrayList<>();
    /** What the message being encoded describes in full to {@link #destNode}, marked known once it is sent. */
    private final ArrayList<KnownBy> described = new ArrayList<>();
    private int destNode;

    WireEncoder(final Node node) {
        this.node = node;
        this.kryo = WireSerializers.newKryo(node, this, null);
    }

    /**
     * Encodes a message for a PE of another process.
     *
     * @param destPe the destination PE.
     * @param m      the message; it must not be used afterwards (its off-heap arrays now belong to the send).
     * @throws IllegalArgumentException if that kind of message cannot leave its process.
     */
    public void encode(final int destPe, final Message m) {
        final WireKind kind = m.wireKind();
        if (kind == null) {
            throw new IllegalArgumentException(m.getClass().getName() + " cannot leave its process");
        }
        start(node.topology().nodeOf(destPe), kind, destPe);
        kind.write(m, this);
        if (node.observed && !m.quiet) {
            final Pe from = Node.currentPe();
            if (from != null && from.stats != null && from.node() == node) {
                long bytes = length();
                for (final MemorySegment a : attachments) {
                    bytes += a.byteSize();
                }
                from.stats.sentRemote++;
                from.stats.sentRemoteBytes += bytes;
            }
        }
    }

    /**
     * Encodes the completion of a future that lives in another process.
     *
     * @param owner   the process that owns it.
     * @param id      the future's id there.
     * @param value   the value.
     * @param failure the failure, or null.
     */
    public void encodeFutureCompletion(final int owner, final long id, final Object value, final Throwable failure) {
        start(owner, WireKinds.FUTURE_COMPLETE, -1);
        WireKinds.writeFutureCompletion(this, id, value, failure);
    }

    /**
     * Encodes the end of the job.
     *
     * @param toNode       the process told.
     * @param code         the exit code.
     * @param abortMessage the error, or null.
     */
    public void encodeExit(final int toNode, final int code, final String abortMessage) {
        start(toNode, WireKinds.EXIT, -1);
        WireKinds.writeExit(this, code, abortMessage);
    }

    private void start(final int toNode, final WireKind kind, final int destPe) {
        out.reset();
        attachments.clear();
        described.clear();
        destNode = toNode;
        out.writeByte(kind.type);
        out.writeInt(destPe);
    }

    /**
     * Records that the message just encoded was queued on the connection to its process, in order: what it described
     * in full is known there from now on.
     */
    public void sent() {
        for (int i = 0, n = described.size(); i < n; i++) {
            described.get(i).add(destNode);
        }
        described.clear();
    }

    /** @return the process the message being encoded goes to. */
    int destNode() {
        return destNode;
    }

    /** @return the encoded header bytes: valid until the next encode. */
    public byte[] bytes() {
        return out.getBuffer();
    }

    /** @return how many of {@link #bytes()} are used. */
    public int length() {
        return out.position();
    }

    /** @return the off-heap memory to send after the header, in order; valid until the next encode. */
    public List<MemorySegment> attachments() {
        return attachments;
    }

    /**
     * @return the attachments in an array that this encoder reuses for the next encode (when there are at most 8);
     *     for a send that does not keep the array.
     */
    public MemorySegment[] attachmentArray() {
        final int n = attachments.size();
        if (n >= attachmentArrays.length) {
            return attachments.toArray(new MemorySegment[0]);
        }
        MemorySegment[] a = attachmentArrays[n];
        if (a == null) {
            a = new MemorySegment[n];
            attachmentArrays[n] = a;
        }
        return attachments.toArray(a);
    }

    /** @return the attachment number of {@code s}, which travels after the header. */
    int attach(final MemorySegment s) {
        attachments.add(s);
        return attachments.size() - 1;
    }

    /** Notes that {@code known} is described in full in this message, to be marked known once it is sent. */
    void describedInFull(final KnownBy known) {
        described.add(known);
    }

    // ------------------------------------------------------------------ the runtime's own values

    void writeIndex(final Index index) {
        if (index == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(index.dims());
        for (int d = 0; d < index.dims(); d++) {
            out.writeVarInt(index.get(d), true);
        }
    }

    /** A collection: its id, then its description unless the destination knows it already. */
    void writeDescriptor(final CollectionInfo info) {
        out.writeLong(info.id());
        final KnownBy known = info.knownBy();
        if (known.contains(destNode)) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        out.writeByte(info.kind().ordinal());
        out.writeString(info.chareClass().getName());
        writeIndex(info.shape());
        final ArrayMap map = info.map();
        if (map == Maps.BLOCK) {
            out.writeByte(1);
        } else if (map == Maps.ROUND_ROBIN) {
            out.writeByte(2);
        } else if (map == null) {
            out.writeByte(0);
        } else {
            out.writeByte(3);
            kryo.writeClassAndObject(out, map);
        }
        describedInFull(known);
    }

    /**
     * A section: its fingerprint, then its members unless the destination knows it already: the number of parts
     * (varint), and per part its collection, its member count (varint) and each member's index.
     */
    void writeSection(final Section s) {
        out.writeLong(s.fingerprint);
        if (s.knownBy.contains(destNode)) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        out.writeVarInt(s.parts.length, true);
        for (int p = 0; p < s.parts.length; p++) {
            writeDescriptor(s.parts[p]);
            out.writeVarInt(s.members[p].length, true);
            for (final Index i : s.members[p]) {
                writeIndex(i);
            }
        }
        describedInFull(s.knownBy);
    }

    void writeConstructor(final ConstructorCall ctor) {
        if (ctor == null) {
            out.writeVarInt(0, true);
            return;
        }
        out.writeVarInt(ctor.constructorId() + 1, true);
        ctor.writeArguments(this);
    }

    /** A built-in reducer as its kind, a custom one by name. */
    void writeReducer(final Reducer r) {
        if (r.kind() == Reducer.Kind.CUSTOM) {
            out.writeByte(0);
            out.writeString(r.name());
        } else {
            out.writeByte(r.kind().ordinal() + 1);
        }
    }

    void writeThrowable(final Throwable t) {
        ThrowableCodec.write(out, t);
    }

    void writeVarInt(final int v) {
        out.writeVarInt(v, true);
    }

    // ------------------------------------------------------------------ WireOut, for generated code

    @Override
    public void writeInt(final int v) {
        out.writeInt(v);
    }

    @Override
    public void writeLong(final long v) {
        out.writeLong(v);
    }

    @Override
    public void writeDouble(final double v) {
        out.writeDouble(v);
    }

    @Override
    public void writeFloat(final float v) {
        out.writeFloat(v);
    }

    @Override
    public void writeBoolean(final boolean v) {
        out.writeBoolean(v);
    }

    @Override
    public void writeByte(final byte v) {
        out.writeByte(v);
    }

    @Override
    public void writeShort(final short v) {
        out.writeShort(v);
    }

    @Override
    public void writeChar(final char v) {
        out.writeChar(v);
    }

    @Override
    public void writeString(final String v) {
        out.writeString(v);
    }

    @Override
    public void writeObject(final Object v) {
        kryo.writeClassAndObject(out, v);
    }
}
