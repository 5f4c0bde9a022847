package org.charm4j.runtime;

import com.esotericsoftware.kryo.Kryo;
import java.lang.foreign.MemorySegment;
import org.charm4j.ArrayMap;
import org.charm4j.Chare;
import org.charm4j.Index;
import org.charm4j.Reducer;

/**
 * Reads runtime messages from other processes (the layout of {@link WireEncoder}, {@code docs/messages.md}) and
 * hands each to its PE's queue here, or completes a future, or ends the job.
 *
 * <p>Threading: not thread-safe: one per receiving thread (the transport's event loop).
 */
public final class WireDecoder implements WireIn {
    private static final Reducer[] BUILT_IN = WireKinds.builtInReducers();

    private final Node node;
    private final Kryo kryo;
    private final BulkArrays.In in = new BulkArrays.In();
    private MemorySegment[] attachments;
    private int fromNode;
    /** The collection of the last message: a steady exchange names the same one, looked up once. */
    private CollectionInfo lastCollection;
    /** Counts what is delivered to PE queues for back-pressure, or null. */
    private FlowControl flow;
    /** The bytes the message being decoded counts for back-pressure. */
    private int messageBytes;
    /** The message's size as sent (header and attachments), for {@code +stats}. */
    private long observedBytes;

    WireDecoder(final Node node) {
        this.node = node;
        this.kryo = WireSerializers.newKryo(node, null, this);
    }

    /**
     * Decodes a message from another process and hands it on.
     *
     * @param from        the process that sent it.
     * @param bytes       the header bytes.
     * @param offset      where they start.
     * @param length      how many.
     * @param attachments the off-heap memory that came with it; taken.
     * @throws IllegalArgumentException if the message is of no known kind.
     */
    public void decodeAndDeliver(final int from, final byte[] bytes, final int offset, final int length,
                                 final MemorySegment[] attachments) {
        in.setBuffer(bytes, offset, length);
        this.attachments = attachments;
        this.fromNode = from;
        if (node.observed) {
            long n = length;
            for (final MemorySegment a : attachments) {
                n += a.byteSize();
            }
            observedBytes = n;
        }
        if (flow != null) {
            messageBytes = FlowControl.bytesOf(length, attachments);
        }
        try {
            final byte type = in.readByte();
            final int destPe = in.readInt();
            final WireKind kind = WireKinds.byType(type);
            if (kind == null) {
                throw new IllegalArgumentException("unknown message type " + type + " from process " + from);
            }
            if (kind.countsForQuiescence()) {
                node.countProcessed();   // it left its process counted as created there
            }
            kind.readAndDeliver(this, destPe);
        } finally {
            this.attachments = null;
        }
    }

    Node node() {
        return node;
    }

    /** Counts what this decoder hands to PE queues from now on. */
    void countInto(final FlowControl f) {
        flow = f;
    }

    /**
     * Hands the message being decoded to its PE's queue (counted for back-pressure when the PE is in this process).
     *
     * @param destPe the destination PE.
     * @param m      the decoded message; the destination owns it from now on.
     */
    void deliver(final int destPe, final Message m) {
        final Pe here = node.localPe(destPe);
        if (here != null && here.stats != null) {
            here.stats.receivedRemote++;
            here.stats.receivedRemoteBytes += observedBytes;
        }
        final FlowControl f = flow;
        if (f != null && node.localPe(destPe) != null) {
            m.wireBytes = messageBytes;
            f.added(destPe, messageBytes, fromNode, m instanceof EntryMessage e ? e.srcPe : -1);
        }
        node.send(destPe, m);
    }

    int fromNode() {
        return fromNode;
    }

    /** @return the attachment of that number, which becomes the receiver's memory. */
    MemorySegment attachment(final int number) {
        return attachments[number];
    }

    // ------------------------------------------------------------------ the runtime's own values

    Index readIndex() {
        final int dims = in.readByte();
        switch (dims) {
            case 0:
                return null;
            case 1:
                return Index.of(in.readVarInt(true));
            case 2:
                return Index.of(in.readVarInt(true), in.readVarInt(true));
            case 3:
                return Index.of(in.readVarInt(true), in.readVarInt(true), in.readVarInt(true));
            default:
                break;
        }
        final int[] v = new int[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = in.readVarInt(true);
        }
        return Index.of(v);
    }

    @SuppressWarnings("unchecked")
    CollectionInfo readDescriptor() {
        final long id = in.readLong();
        CollectionInfo info = lastCollection;
        if (info == null || info.id() != id) {
            info = node.collection(id);
            lastCollection = info;
        }
        if (!in.readBoolean()) {
            if (!info.isResolved()) {
                throw new IllegalStateException("process " + fromNode + " named collection " + info.id()
                    + " as known here, but it was never described to this process");
            }
            return info;
        }
        final CollectionInfo.Kind kind = CollectionInfo.Kind.values()[in.readByte()];
        final Class<? extends Chare> chare = (Class<? extends Chare>) loadClass(in.readString());
        final Index shape = readIndex();
        final ArrayMap map = switch (in.readByte()) {
            case 0 -> null;
            case 1 -> Maps.BLOCK;
            case 2 -> Maps.ROUND_ROBIN;
            default -> (ArrayMap) kryo.readClassAndObject(in);
        };
        if (!info.isResolved()) {
            info.resolve(kind, chare, shape, map);
        }
        info.knownBy().add(fromNode);
        return info;
    }

    /** @return a section as {@link WireEncoder#writeSection} wrote it: this process's instance of it. */
    Section readSection() {
        final long fingerprint = in.readLong();
        if (!in.readBoolean()) {
            final Section s = node.section(fingerprint);
            if (s == null) {
                throw new IllegalStateException("process " + fromNode + " named section " + fingerprint
                    + " as known here, but it was never described to this process");
            }
            return s;
        }
        final int parts = in.readVarInt(true);
        final CollectionInfo[] infos = new CollectionInfo[parts];
        final Index[][] members = new Index[parts][];
        for (int p = 0; p < parts; p++) {
            infos[p] = readDescriptor();
            final int n = in.readVarInt(true);
            members[p] = new Index[n];
            for (int i = 0; i < n; i++) {
                members[p][i] = readIndex();
            }
        }
        final Section s = Section.of(node, infos, members);
        if (s.fingerprint != fingerprint) {
            throw new IllegalStateException("process " + fromNode + " sent section " + fingerprint + ", whose"
                + " members digest to " + s.fingerprint + " here");
        }
        s.knownBy.add(fromNode);
        return s;
    }

    ConstructorCall readConstructor(final CollectionInfo info) {
        final int id = in.readVarInt(true) - 1;
        return id < 0 ? null : ChareTypes.of(info.chareClass()).constructors().read(id, this);
    }

    Reducer readReducer() {
        final int k = in.readByte();
        return k == 0 ? Reducer.named(in.readString()) : BUILT_IN[k - 1];
    }

    Throwable readThrowable() {
        return ThrowableCodec.read(in, node.classLoader());
    }

    int readVarInt() {
        return in.readVarInt(true);
    }

    Class<?> loadClass(final String name) {
        try {
            return Class.forName(name, true, node.classLoader());
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException("class " + name + " sent by process " + fromNode + " is not on this"
                + " process's class path: start every process with the same program", e);
        }
    }

    // ------------------------------------------------------------------ WireIn, for generated code

    @Override
    public int readInt() {
        return in.readInt();
    }

    @Override
    public long readLong() {
        return in.readLong();
    }

    @Override
    public double readDouble() {
        return in.readDouble();
    }

    @Override
    public float readFloat() {
        return in.readFloat();
    }

    @Override
    public boolean readBoolean() {
        return in.readBoolean();
    }

    @Override
    public byte readByte() {
        return in.readByte();
    }

    @Override
    public short readShort() {
        return in.readShort();
    }

    @Override
    public char readChar() {
        return in.readChar();
    }

    @Override
    public String readString() {
        return in.readString();
    }

    @Override
    public Object readObject() {
        return kryo.readClassAndObject(in);
    }
}
