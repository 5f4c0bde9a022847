package org.charm4j.runtime;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.charm4j.ArrayMap;
import org.charm4j.ByteArray;
import org.charm4j.Chare;
import org.charm4j.DoubleArray;
import org.charm4j.FloatArray;
import org.charm4j.Future;
import org.charm4j.Index;
import org.charm4j.IntArray;
import org.charm4j.LongArray;
import org.charm4j.OffHeapArray;
import org.charm4j.Proxy;
import org.charm4j.Reducer;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Turns runtime messages into bytes for another process and back: a small header written with Kryo (primitives
 * unboxed, generated code writing each argument), plus off-heap arrays as attachments that the transport sends
 * straight from their memory, and that arrive as memory the receiver's arrays wrap. Objects go through Kryo, which
 * needs no registration of user classes (it writes their names); proxies, futures, indices, reducers and serializable
 * lambdas (reduction targets, maps) have serializers here.
 *
 * <p>Layout: {@code [byte type][int destination PE][body]}; the body of each type is written and read by the
 * matching {@code write*}/{@code read*} pair below, and documented in {@code docs/wire-format.md}.
 *
 * <p>Threading: not thread-safe: one per thread (a sending thread, or a transport thread that receives).
 */
public final class WireCodec implements WireOut, WireIn {
    static final byte ENTRY = 1;
    static final byte CREATE = 2;
    static final byte INSERT = 3;
    static final byte DONE_INSERTING = 4;
    static final byte CENSUS = 5;
    static final byte PARTIAL = 6;
    static final byte FUTURE_COMPLETE = 7;
    static final byte EXIT = 8;

    /** Chare class names as UTF-8, made once per class. */
    private static final ClassValue<byte[]> CLASS_NAMES = new ClassValue<>() {
        @Override
        protected byte[] computeValue(final Class<?> type) {
            return type.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    };

    private final Node node;
    private final Kryo kryo;
    private final Output out = new Output(256, -1);
    private Input in;
    private final Input reusableInput = new Input();
    /** Arrays of 1 to 8 attachments, reused for sends that keep no reference to them. */
    private final MemorySegment[][] attachmentArrays = new MemorySegment[9][];
    private final ArrayList<MemorySegment> attachmentsOut = new ArrayList<>();
    private MemorySegment[] attachmentsIn;
    private final RemoteSender sender;

    /** Sends what a remote future's completion or an exit becomes: implemented by the transport side. */
    public interface RemoteSender {
        /**
         * @param node    destination process.
         * @param encoded the codec whose {@link #bytes()} and {@link #attachments()} to send now.
         */
        void sendEncoded(int node, WireCodec encoded);
    }

    /**
     * @param node   this process.
     * @param sender sends future completions to their owners.
     */
    public WireCodec(final Node node, final RemoteSender sender) {
        this.node = node;
        this.sender = sender;
        this.kryo = newKryo();
    }

    private Kryo newKryo() {
        final Kryo k = new Kryo();
        k.setRegistrationRequired(false);
        k.setReferences(true);
        k.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        k.setClassLoader(node.classLoader());
        k.register(ClosureSerializer.Closure.class, new LambdaSerializer(node.classLoader()));
        k.addDefaultSerializer(OffHeapArray.class, new OffHeapArraySerializer());
        k.addDefaultSerializer(Proxy.class, new ProxySerializer());
        k.addDefaultSerializer(Future.class, new FutureSerializer());
        k.addDefaultSerializer(Index.class, new IndexSerializer());
        k.addDefaultSerializer(Reducer.class, new ReducerSerializer());
        org.charm4j.Serializers.registered().forEach(k::addDefaultSerializer);
        return k;
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Encodes a message for a PE of another process.
     *
     * @param destPe the destination PE.
     * @param m      the message; it must not be used afterwards (its off-heap arrays now belong to the send).
     */
    public void encode(final int destPe, final Message m) {
        out.reset();
        attachmentsOut.clear();
        switch (m) {
            case EntryMessage e -> {
                header(ENTRY, destPe);
                out.writeLong(e.info.id());
                final byte[] name = CLASS_NAMES.get(e.info.chareClass());
                out.writeVarInt(name.length, true);
                out.writeBytes(name);
                writeIndex(e.index);
                out.writeInt(e.flags);
                out.writeLong(e.replyKey);
                writeObject(e.reply);
                out.writeInt(e.entryId());
                e.writeArguments(this);
            }
            case Proxies.Create c -> {
                header(CREATE, destPe);
                writeDescriptor(c.info);
                writeConstructor(c.ctor);
            }
            case Proxies.Insert i -> {
                header(INSERT, destPe);
                writeDescriptor(i.info);
                writeIndex(i.index);
                writeConstructor(i.ctor);
            }
            case Proxies.DoneInserting d -> {
                header(DONE_INSERTING, destPe);
                writeDescriptor(d.info);
            }
            case Census c -> {
                header(CENSUS, destPe);
                writeDescriptor(c.info);
                out.writeInt(c.count);
            }
            case Partial p -> {
                header(PARTIAL, destPe);
                writePartial(p);
            }
            default -> throw new IllegalArgumentException(m.getClass().getName() + " cannot leave its process");
        }
    }

    /**
     * Encodes the completion of a future that lives in another process.
     *
     * @param id      the future's id there.
     * @param value   the value.
     * @param failure the failure, or null.
     */
    public void encodeFutureCompletion(final long id, final Object value, final Throwable failure) {
        out.reset();
        attachmentsOut.clear();
        header(FUTURE_COMPLETE, -1);
        out.writeLong(id);
        out.writeBoolean(failure != null);
        if (failure != null) {
            ThrowableCodec.write(out, failure);
        } else {
            writeObject(value);
        }
    }

    /**
     * Encodes the end of the job.
     *
     * @param code         the exit code.
     * @param abortMessage the error, or null.
     */
    public void encodeExit(final int code, final String abortMessage) {
        out.reset();
        attachmentsOut.clear();
        header(EXIT, -1);
        out.writeInt(code);
        out.writeString(abortMessage);
    }

    /** @return the encoded header bytes: valid until the next encode. */
    public byte[] bytes() {
        return out.getBuffer();
    }

    /** @return how many of {@link #bytes()} are used. */
    public int length() {
        return out.position();
    }

    /**
     * @return the attachments in an array that this codec reuses for the next encode (when there are at most 8);
     *     for a send that does not keep the array.
     */
    public MemorySegment[] attachmentArray() {
        final int n = attachmentsOut.size();
        if (n >= attachmentArrays.length) {
            return attachmentsOut.toArray(new MemorySegment[0]);
        }
        MemorySegment[] a = attachmentArrays[n];
        if (a == null) {
            a = new MemorySegment[n];
            attachmentArrays[n] = a;
        }
        return attachmentsOut.toArray(a);
    }

    /** @return the off-heap memory to send after the header, in order; valid until the next encode. */
    public List<MemorySegment> attachments() {
        return attachmentsOut;
    }

    private void header(final byte type, final int destPe) {
        out.writeByte(type);
        out.writeInt(destPe);
    }

    private void writeIndex(final Index index) {
        if (index == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(index.dims());
        for (int d = 0; d < index.dims(); d++) {
            out.writeInt(index.get(d));
        }
    }

    private void writeDescriptor(final CollectionInfo info) {
        out.writeLong(info.id());
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
    }

    private void writeConstructor(final ConstructorCall ctor) {
        if (ctor == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(ctor.constructorId());
        ctor.writeArguments(this);
    }

    private void writePartial(final Partial p) {
        writeDescriptor(p.info);
        out.writeLong(p.key);
        out.writeString(p.reducer.name());
        out.writeByte(p.type);
        out.writeLong(p.l);
        out.writeDouble(p.d);
        writeObject(p.o);
        if (p.gathered == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(p.gathered.size());
            for (final Partial.Gathered g : p.gathered) {
                writeIndex(g.index());
                writeObject(g.value());
            }
        }
        writeObject(p.target);
        writeIndex(p.firstIndex);
        out.writeString(p.objectType);
        if (p.failures == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(p.failures.size());
            for (final Partial.Failure f : p.failures) {
                writeIndex(f.index());
                out.writeString(f.entry());
                ThrowableCodec.write(out, f.error());
            }
        }
    }

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

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes a message from another process and hands it to its PE here (or completes a future, or ends the job).
     *
     * @param bytes       the header bytes.
     * @param offset      where they start.
     * @param length      how many.
     * @param attachments the off-heap memory that came with it; taken.
     */
    public void decodeAndDeliver(final byte[] bytes, final int offset, final int length,
                                 final MemorySegment[] attachments) {
        reusableInput.setBuffer(bytes, offset, length);
        in = reusableInput;
        attachmentsIn = attachments;
        final byte type = in.readByte();
        final int destPe = in.readInt();
        switch (type) {
            case ENTRY -> node.send(destPe, readEntry());
            case CREATE -> {
                final CollectionInfo info = readDescriptor();
                node.send(destPe, new Proxies.Create(info, readConstructor(info)));
            }
            case INSERT -> {
                final CollectionInfo info = readDescriptor();
                final Index index = readIndex();
                node.send(destPe, new Proxies.Insert(info, index, readConstructor(info)));
            }
            case DONE_INSERTING -> node.send(destPe, new Proxies.DoneInserting(readDescriptor()));
            case CENSUS -> {
                final CollectionInfo info = readDescriptor();
                node.send(destPe, new Census(info, in.readInt()));
            }
            case PARTIAL -> node.send(destPe, readPartial());
            case FUTURE_COMPLETE -> completeFuture();
            case EXIT -> {
                final int code = in.readInt();
                node.endFromRemote(code, in.readString());
            }
            default -> throw new IllegalArgumentException("unknown message type " + type + " from another process");
        }
        in = null;
        attachmentsIn = null;
    }

    private EntryMessage readEntry() {
        final CollectionInfo info = node.collection(in.readLong());
        final int nameLength = in.readVarInt(true);
        final Class<?> chare;
        if (info.isResolved()) {
            in.skip(nameLength); // known here: no string to build per message
            chare = info.chareClass();
        } else {
            chare = loadClass(new String(in.readBytes(nameLength), java.nio.charset.StandardCharsets.UTF_8));
        }
        final Index index = readIndex();
        final int flags = in.readInt();
        final long replyKey = in.readLong();
        @SuppressWarnings("unchecked")
        final Future<Object> reply = (Future<Object>) readObject();
        final int entryId = in.readInt();
        final EntryMessage m = ChareTypes.of(chare).entries().read(entryId, this);
        m.info = info;
        m.index = index;
        m.flags = flags;
        m.replyKey = replyKey;
        m.reply = reply;
        return m;
    }

    private ConstructorCall readConstructor(final CollectionInfo info) {
        final int id = in.readInt();
        return id < 0 ? null : ChareTypes.of(info.chareClass()).constructors().read(id, this);
    }

    private Index readIndex() {
        final int dims = in.readByte();
        if (dims == 0) {
            return null;
        }
        final int[] v = new int[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = in.readInt();
        }
        return Index.of(v);
    }

    @SuppressWarnings("unchecked")
    private CollectionInfo readDescriptor() {
        final long id = in.readLong();
        final CollectionInfo.Kind kind = CollectionInfo.Kind.values()[in.readByte()];
        final Class<? extends Chare> chare = (Class<? extends Chare>) loadClass(in.readString());
        final Index shape = readIndex();
        final ArrayMap map = switch (in.readByte()) {
            case 0 -> null;
            case 1 -> Maps.BLOCK;
            case 2 -> Maps.ROUND_ROBIN;
            default -> (ArrayMap) kryo.readClassAndObject(in);
        };
        final CollectionInfo info = node.collection(id);
        if (!info.isResolved()) {
            info.resolve(kind, chare, shape, map);
        }
        return info;
    }

    private Partial readPartial() {
        final CollectionInfo info = readDescriptor();
        final Partial p = new Partial(info, in.readLong());
        p.reducer = Reducer.named(in.readString());
        p.type = in.readByte();
        p.l = in.readLong();
        p.d = in.readDouble();
        p.o = readObject();
        final int n = in.readInt();
        if (n >= 0) {
            p.gathered = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                final Index index = readIndex();
                p.gathered.add(new Partial.Gathered(index, readObject()));
            }
        }
        p.target = readObject();
        p.firstIndex = readIndex();
        p.objectType = in.readString();
        final int failures = in.readInt();
        if (failures >= 0) {
            p.failures = new ArrayList<>(failures);
            for (int i = 0; i < failures; i++) {
                final Index index = readIndex();
                final String entry = in.readString();
                p.failures.add(new Partial.Failure(index, entry, ThrowableCodec.read(in, node.classLoader())));
            }
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private void completeFuture() {
        final long id = in.readLong();
        final boolean failed = in.readBoolean();
        final Future<Object> f = (Future<Object>) node.takeExported(id);
        if (f == null) {
            throw new IllegalStateException("a completion arrived for future " + id + ", which this process does"
                + " not know (completed twice?)");
        }
        if (failed) {
            f.fail(ThrowableCodec.read(in, node.classLoader()));
        } else {
            f.complete(readObject());
        }
    }

    private Class<?> loadClass(final String name) {
        try {
            return Class.forName(name, true, node.classLoader());
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException("class " + name + " sent by another process is not on this process's"
                + " class path: start every process with the same program", e);
        }
    }

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

    // ------------------------------------------------------------------ serializers

    /** Off-heap arrays become attachments: their memory is sent as it is, and received memory is wrapped. */
    private final class OffHeapArraySerializer extends Serializer<OffHeapArray> {
        @Override
        public void write(final Kryo k, final Output o, final OffHeapArray a) {
            o.writeInt(attachmentsOut.size());
            attachmentsOut.add(a.segment());
        }

        @Override
        public OffHeapArray read(final Kryo k, final Input i, final Class<? extends OffHeapArray> type) {
            final MemorySegment s = attachmentsIn[i.readInt()];
            if (type == DoubleArray.class) {
                return DoubleArray.wrap(s);
            } else if (type == FloatArray.class) {
                return FloatArray.wrap(s);
            } else if (type == IntArray.class) {
                return IntArray.wrap(s);
            } else if (type == LongArray.class) {
                return LongArray.wrap(s);
            }
            return ByteArray.wrap(s);
        }
    }

    /** A proxy travels as its collection's description and, for an element proxy, the index. */
    private final class ProxySerializer extends Serializer<Proxy> {
        @Override
        public void write(final Kryo k, final Output o, final Proxy p) {
            writeDescriptor(p.collection());
            writeIndex(p instanceof ElementProxy e ? e.index() : null);
        }

        @Override
        public Proxy read(final Kryo k, final Input i, final Class<? extends Proxy> type) {
            final CollectionInfo info = readDescriptor();
            final Index index = readIndex();
            final CollectionProxy collection = (CollectionProxy) ChareTypes.collectionProxy(info);
            return index == null ? collection : collection.at(index);
        }
    }

    /** A future travels as (owning process, id); a copy elsewhere forwards its completion to the owner. */
    private final class FutureSerializer extends Serializer<Future<?>> {
        @Override
        public void write(final Kryo k, final Output o, final Future<?> f) {
            final RemoteFuture fwd = f.forward();
            if (fwd != null) {
                o.writeInt(fwd.ownerNode());
                o.writeLong(fwd.id());
            } else {
                o.writeInt(node.myNode());
                o.writeLong(f.exportId(node::export));
            }
        }

        @Override
        public Future<?> read(final Kryo k, final Input i, final Class<? extends Future<?>> type) {
            final int owner = i.readInt();
            final long id = i.readLong();
            if (owner == node.myNode()) {
                final Future<?> f = node.exported(id);
                if (f == null) {
                    throw new IllegalStateException("future " + id + " came back but is not known here");
                }
                return f;
            }
            return Future.forwardingTo(new ForwardingFuture(owner, id));
        }
    }

    /** The stand-in's link to the owner. */
    private final class ForwardingFuture implements RemoteFuture {
        private final int owner;
        private final long id;

        ForwardingFuture(final int owner, final long id) {
            this.owner = owner;
            this.id = id;
        }

        @Override
        public void complete(final Object value, final Throwable failure) {
            final WireCodec c = node.codec();
            c.encodeFutureCompletion(id, value, failure);
            sender.sendEncoded(owner, c);
        }

        @Override
        public int ownerNode() {
            return owner;
        }

        @Override
        public long id() {
            return id;
        }
    }

    /** An index as its values. */
    private static final class IndexSerializer extends Serializer<Index> {
        @Override
        public void write(final Kryo k, final Output o, final Index index) {
            o.writeByte(index.dims());
            for (int d = 0; d < index.dims(); d++) {
                o.writeInt(index.get(d));
            }
        }

        @Override
        public Index read(final Kryo k, final Input i, final Class<? extends Index> type) {
            final int[] v = new int[i.readByte()];
            for (int d = 0; d < v.length; d++) {
                v[d] = i.readInt();
            }
            return Index.of(v);
        }
    }

    /** A reducer by name: custom reducers are defined by their class on every process. */
    private static final class ReducerSerializer extends Serializer<Reducer> {
        @Override
        public void write(final Kryo k, final Output o, final Reducer r) {
            o.writeString(r.name());
        }

        @Override
        public Reducer read(final Kryo k, final Input i, final Class<? extends Reducer> type) {
            return Reducer.named(i.readString());
        }
    }
}
