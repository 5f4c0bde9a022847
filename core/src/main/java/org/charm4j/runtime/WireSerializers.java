package org.charm4j.runtime;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.SerializedLambda;
import org.charm4j.ByteArray;
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
 * The Kryo of a {@link WireEncoder} or {@link WireDecoder}: no registration of user classes (Kryo writes their
 * names), and the runtime's own forms for its values. An off-heap array becomes an attachment (its memory is sent as
 * it is; received memory is wrapped); a proxy is its collection (by id once the receiver knows it) and index; a
 * future is (owning process, id), and a copy elsewhere forwards its completion to the owner; an index is its
 * values; a reducer its kind or name; a serializable lambda (a reduction target such as {@code proxy::done}, a map)
 * is its shape (by id once the receiver knows it) and its captured values, rebuilt through the capturing class's
 * {@code $deserializeLambda$} so that no JVM needs {@code --add-opens}.
 *
 * <p>Threading: each Kryo belongs to one encoder or decoder.
 */
final class WireSerializers {
    /** The first Kryo registration id of charm4j's own list (Kryo's default registrations stay below). */
    private static final int FIRST_ID = 100;

    private WireSerializers() {
    }

    /**
     * @param node this process.
     * @param enc  the encoder that owns the Kryo, or null.
     * @param dec  the decoder that owns the Kryo, or null.
     * @return a Kryo for one of them.
     */
    static Kryo newKryo(final Node node, final WireEncoder enc, final WireDecoder dec) {
        final Kryo k = new Kryo();
        k.setRegistrationRequired(false);
        k.setReferences(true);
        k.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        k.setClassLoader(node.classLoader());
        k.register(ClosureSerializer.Closure.class, new LambdaSerializer(node, enc, dec));
        final OffHeapArraySerializer offHeap = new OffHeapArraySerializer(enc, dec);
        k.addDefaultSerializer(OffHeapArray.class, offHeap);
        k.addDefaultSerializer(Proxy.class, new ProxySerializer(enc, dec));
        final FutureSerializer futures = new FutureSerializer(node);
        k.addDefaultSerializer(Future.class, futures);
        final IndexSerializer indices = new IndexSerializer(enc, dec);
        k.addDefaultSerializer(Index.class, indices);
        final ReducerSerializer reducers = new ReducerSerializer(enc, dec);
        k.addDefaultSerializer(Reducer.class, reducers);
        org.charm4j.Serializers.registered().forEach(k::addDefaultSerializer); // before the ids, so that they apply
        k.addDefaultSerializer(org.charm4j.Chare.class, new ChareSerializers());
        k.addDefaultSerializer(org.charm4j.Channel.class, new ChannelSerializer(k));
        // the runtime's own types and common ones by a fixed id, the same in every process: no class name per message
        int id = FIRST_ID;
        for (final Class<?> c : new Class<?>[] {DoubleArray.class, FloatArray.class, IntArray.class, LongArray.class,
            ByteArray.class}) {
            k.register(c, offHeap, id++);
        }
        k.register(Future.class, futures, id++);
        k.register(Index.class, indices, id++);
        k.register(Reducer.class, reducers, id++);
        id = BulkArrays.register(k, id);
        for (final Class<?> c : new Class<?>[] {byte[].class, boolean[].class, short[].class, char[].class,
            String[].class, Object[].class, java.util.ArrayList.class, java.util.HashMap.class,
            java.util.LinkedHashMap.class, java.util.HashSet.class, java.util.LinkedHashSet.class,
            java.util.TreeMap.class}) {
            k.register(c, id++);
        }
        return k;
    }

    /**
     * A migrating chare: its fields (or its own form, for a {@link com.esotericsoftware.kryo.KryoSerializable}),
     * rebuilt without running any constructor (the chare's constructor ran once, when it was created).
     */
    private static final class ChareSerializers
        extends com.esotericsoftware.kryo.SerializerFactory.BaseSerializerFactory<Serializer<?>> {
        private static final org.objenesis.strategy.InstantiatorStrategy OBJENESIS = new StdInstantiatorStrategy();

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Serializer<?> newSerializer(final Kryo kryo, final Class type) {
            final org.objenesis.instantiator.ObjectInstantiator<?> make = OBJENESIS.newInstantiatorOf(type);
            if (com.esotericsoftware.kryo.KryoSerializable.class.isAssignableFrom(type)) {
                return new Serializer<Object>() {
                    @Override
                    public void write(final Kryo k, final Output o, final Object v) {
                        ((com.esotericsoftware.kryo.KryoSerializable) v).write(k, o);
                    }

                    @Override
                    public Object read(final Kryo k, final Input i, final Class<?> t) {
                        final Object v = make.newInstance();
                        k.reference(v);
                        ((com.esotericsoftware.kryo.KryoSerializable) v).read(k, i);
                        return v;
                    }
                };
            }
            return new com.esotericsoftware.kryo.serializers.FieldSerializer(kryo, type) {
                @Override
                protected Object create(final Kryo k, final Input i, final Class t) {
                    return make.newInstance();
                }
            };
        }
    }

    /**
     * A channel travels only inside the chare that made it, as it migrates (its fields: the chare, a back reference
     * then, the other end's proxy and its number); in any other message it is refused at the sender.
     */
    private static final class ChannelSerializer extends Serializer<org.charm4j.Channel<?>> {
        private final com.esotericsoftware.kryo.serializers.FieldSerializer<org.charm4j.Channel<?>> fields;

        @SuppressWarnings({"unchecked", "rawtypes"})
        ChannelSerializer(final Kryo k) {
            this.fields = new com.esotericsoftware.kryo.serializers.FieldSerializer(k, org.charm4j.Channel.class);
        }

        @Override
        public void write(final Kryo k, final Output o, final org.charm4j.Channel<?> c) {
            if (k.getReferenceResolver().getWrittenId(c.owner()) < 0) {
                throw Args.refused(c);   // not inside its own chare, already written in this message
            }
            fields.write(k, o, c);
        }

        @Override
        public org.charm4j.Channel<?> read(final Kryo k, final Input i,
                                           final Class<? extends org.charm4j.Channel<?>> type) {
            return fields.read(k, i, type);
        }
    }

    /** Off-heap arrays become attachments: their memory is sent as it is, and received memory is wrapped. */
    private static final class OffHeapArraySerializer extends Serializer<OffHeapArray> {
        private final WireEncoder enc;
        private final WireDecoder dec;

        OffHeapArraySerializer(final WireEncoder enc, final WireDecoder dec) {
            this.enc = enc;
            this.dec = dec;
        }

        @Override
        public void write(final Kryo k, final Output o, final OffHeapArray a) {
            // sent: the sender's handle goes stale, and the memory is written from as it is
            o.writeVarInt(enc.attach(a.takeSegment()), true);
        }

        @Override
        public OffHeapArray read(final Kryo k, final Input i, final Class<? extends OffHeapArray> type) {
            final MemorySegment s = dec.attachment(i.readVarInt(true));
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

    /** A proxy travels as its collection, then the element's index or, for a collection proxy, its section if any. */
    private static final class ProxySerializer extends Serializer<Proxy> {
        private final WireEncoder enc;
        private final WireDecoder dec;

        ProxySerializer(final WireEncoder enc, final WireDecoder dec) {
            this.enc = enc;
            this.dec = dec;
        }

        @Override
        public void write(final Kryo k, final Output o, final Proxy p) {
            enc.writeDescriptor(p.collection());
            enc.writeIndex(p instanceof ElementProxy e ? e.index() : null);
            if (p instanceof CollectionProxy c) {
                final Section s = c.section();
                o.writeBoolean(s != null);
                if (s != null) {
                    enc.writeSection(s);
                }
            }
        }

        @Override
        public Proxy read(final Kryo k, final Input i, final Class<? extends Proxy> type) {
            final CollectionInfo info = dec.readDescriptor();
            final Index index = dec.readIndex();
            if (index != null) {
                return ((CollectionProxy) ChareTypes.collectionProxy(info)).at(index);
            }
            if (i.readBoolean()) {
                return CollectionProxy.of(dec.readSection(), info);
            }
            return ChareTypes.collectionProxy(info);
        }
    }

    /**
     * A future travels as (owning process, id); a copy elsewhere forwards its completion to the owner. A future that
     * is done (a copy that completed it, say, inside a migrating chare) travels as done, with its value or failure.
     */
    private static final class FutureSerializer extends Serializer<Future<?>> {
        private final Node node;

        FutureSerializer(final Node node) {
            this.node = node;
        }

        @Override
        public void write(final Kryo k, final Output o, final Future<?> f) {
            if (f.isDone()) {
                o.writeVarInt(0, true);
                final Throwable failure = f.failureIfDone();
                o.writeBoolean(failure != null);
                k.writeClassAndObject(o, failure != null ? failure : f.valueIfDone());
                return;
            }
            final RemoteFuture fwd = f.forward();
            if (fwd != null) {
                o.writeVarInt(fwd.ownerNode() + 1, true);
                o.writeLong(fwd.id());
            } else {
                o.writeVarInt(node.myNode() + 1, true);
                o.writeLong(f.exportId(node::export));
            }
            o.writeVarInt(f.senders(), true);
        }

        @Override
        public Future<?> read(final Kryo k, final Input i, final Class<? extends Future<?>> type) {
            final int owner = i.readVarInt(true) - 1;
            if (owner < 0) {
                final boolean failed = i.readBoolean();
                final Object v = k.readClassAndObject(i);
                @SuppressWarnings("unchecked")
                final Future<Object> done = new Future<>();
                if (failed) {
                    done.fail((Throwable) v);
                } else {
                    done.complete(v);
                }
                return done;
            }
            final long id = i.readLong();
            final int senders = i.readVarInt(true);
            if (owner == node.myNode()) {
                final Future<?> f = node.exported(id);
                if (f == null) {
                    throw new IllegalStateException("future " + id + " came back but is not known here");
                }
                return f;
            }
            return Future.forwardingTo(new ForwardingFuture(node, owner, id), senders);
        }
    }

    /** The stand-in's link to the owner of a future. */
    private static final class ForwardingFuture implements RemoteFuture {
        private final Node node;
        private final int owner;
        private final long id;

        ForwardingFuture(final Node node, final int owner, final long id) {
            this.node = node;
            this.owner = owner;
            this.id = id;
        }

        @Override
        public void complete(final Object value, final Throwable failure) {
            node.sendFutureCompletion(owner, id, value, failure);
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
        private final WireEncoder enc;
        private final WireDecoder dec;

        IndexSerializer(final WireEncoder enc, final WireDecoder dec) {
            this.enc = enc;
            this.dec = dec;
            setImmutable(true);
        }

        @Override
        public void write(final Kryo k, final Output o, final Index index) {
            enc.writeIndex(index);
        }

        @Override
        public Index read(final Kryo k, final Input i, final Class<? extends Index> type) {
            return dec.readIndex();
        }
    }

    /** A reducer by kind, or by name for custom reducers (defined by their class on every process). */
    private static final class ReducerSerializer extends Serializer<Reducer> {
        private final WireEncoder enc;
        private final WireDecoder dec;

        ReducerSerializer(final WireEncoder enc, final WireDecoder dec) {
            this.enc = enc;
            this.dec = dec;
            setImmutable(true);
        }

        @Override
        public void write(final Kryo k, final Output o, final Reducer r) {
            enc.writeReducer(r);
        }

        @Override
        public Reducer read(final Kryo k, final Input i, final Class<? extends Reducer> type) {
            return dec.readReducer();
        }
    }

    /**
     * Serializable lambdas and method references, through their {@link SerializedLambda}: the shape (capturing
     * class, interface, implementation) by id once the receiver knows it, then the captured values. Read back with
     * {@link SerializedLambda}'s public constructor and the capturing class's own {@code $deserializeLambda$}
     * (Kryo's closure serializer reads {@code java.lang.invoke} internals instead).
     */
    private static final class LambdaSerializer extends Serializer<Object> {
        private final Node node;
        private final WireEncoder enc;
        private final WireDecoder dec;

        LambdaSerializer(final Node node, final WireEncoder enc, final WireDecoder dec) {
            this.node = node;
            this.enc = enc;
            this.dec = dec;
        }

        @Override
        public void write(final Kryo kryo, final Output out, final Object lambda) {
            final SerializedLambda s;
            try {
                s = Lambdas.serialized(lambda);
            } catch (final IllegalArgumentException e) {
                throw new KryoException(e.getMessage());
            }
            final WireTables.SentShape shape = node.wireTables().sentShape(lambda.getClass(), s);
            out.writeVarInt(shape.id(), true);
            final boolean full = !shape.knownBy().contains(enc.destNode());
            out.writeBoolean(full);
            if (full) {
                final WireTables.Shape d = shape.shape();
                out.writeString(d.capturingClass());
                out.writeString(d.fiClass());
                out.writeString(d.fiMethod());
                out.writeString(d.fiSignature());
                out.writeVarInt(d.implKind(), true);
                out.writeString(d.implClass());
                out.writeString(d.implMethod());
                out.writeString(d.implSignature());
                out.writeString(d.instantiatedType());
                enc.describedInFull(shape.knownBy());
            }
            out.writeVarInt(s.getCapturedArgCount(), true);
            for (int i = 0; i < s.getCapturedArgCount(); i++) {
                kryo.writeClassAndObject(out, s.getCapturedArg(i));
            }
        }

        @Override
        public Object read(final Kryo kryo, final Input in, final Class<?> type) {
            final int id = in.readVarInt(true);
            WireTables.Shape d;
            if (in.readBoolean()) {
                d = new WireTables.Shape(in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readVarInt(true), in.readString(), in.readString(), in.readString(), in.readString());
                node.wireTables().received(dec.fromNode(), id, d);
            } else {
                d = node.wireTables().receivedShape(dec.fromNode(), id);
                if (d == null) {
                    throw new KryoException("process " + dec.fromNode() + " named lambda shape " + id
                        + ", which it never described here");
                }
            }
            final Object[] captured = new Object[in.readVarInt(true)];
            for (int i = 0; i < captured.length; i++) {
                captured[i] = kryo.readClassAndObject(in);
            }
            try {
                return Lambdas.rebuild(Class.forName(d.capturingClass(), true, node.classLoader()), d.fiClass(),
                    d.fiMethod(), d.fiSignature(), d.implKind(), d.implClass(), d.implMethod(), d.implSignature(),
                    d.instantiatedType(), captured);
            } catch (final ClassNotFoundException | IllegalStateException e) {
                throw new KryoException("cannot rebuild a lambda of " + d.capturingClass() + " (" + d.implMethod()
                    + "): " + e, e);
            }
        }
    }
}
