package org.charm4j.runtime;

import java.util.ArrayList;
import org.charm4j.Future;
import org.charm4j.Index;
import org.charm4j.Reducer;

/**
 * The runtime's kinds of message between processes, by type byte ({@code docs/messages.md}): each is one small
 * {@link WireKind}.
 *
 * <p>Threading: immutable; any thread.
 */
final class WireKinds {
    static final WireKind ENTRY = new Entry();
    static final WireKind CREATE = new Create();
    static final WireKind INSERT = new Insert();
    static final WireKind DONE_INSERTING = new DoneInserting();
    static final WireKind CENSUS = new CensusKind();
    static final WireKind PARTIAL = new PartialKind();
    static final WireKind FUTURE_COMPLETE = new FutureComplete();
    static final WireKind EXIT = new Exit();
    static final WireKind MIGRATE = new MigrateKind();
    static final WireKind LOCATION = new LocationKind();
    static final WireKind LB_STATS = new LoadBalancing.StatsKind();
    static final WireKind LB_PLAN = new LoadBalancing.PlanKind();
    static final WireKind LB_REQUEST = new LoadBalancing.RequestKind();
    static final WireKind QD_START = new Quiescence.StartKind();
    static final WireKind QD_WAVE = new Quiescence.WaveKind();
    static final WireKind QD_COUNTS = new Quiescence.CountsKind();
    static final WireKind POOL_CHUNK = new PoolJobs.ChunkKind();
    static final WireKind POOL_RESULTS = new PoolJobs.ResultsKind();
    static final WireKind STATS_REQUEST = new RunReport.RequestKind();
    static final WireKind STATS_SNAPSHOT = new RunReport.SnapshotKind();
    static final WireKind STATS_ANSWER = new RunReport.AnswerKind();
    static final WireKind TRACE_CHUNK = new RunReport.TraceChunkKind();
    static final WireKind CHANNEL = new ChannelKind();
    static final WireKind SECTION_ENTRY = new SectionEntry();
    static final WireKind SECTION_PARTIAL = new SectionPartial();

    private static final WireKind[] BY_TYPE = new WireKind[32];

    static {
        for (final WireKind k : new WireKind[] {ENTRY, CREATE, INSERT, DONE_INSERTING, CENSUS, PARTIAL,
            FUTURE_COMPLETE, EXIT, MIGRATE, LOCATION, LB_STATS, LB_PLAN, LB_REQUEST, QD_START, QD_WAVE, QD_COUNTS, POOL_CHUNK,
            POOL_RESULTS, STATS_REQUEST, STATS_SNAPSHOT, STATS_ANSWER, TRACE_CHUNK, CHANNEL, SECTION_ENTRY, SECTION_PARTIAL}) {
            if (BY_TYPE[k.type] != null) {
                throw new ExceptionInInitializerError("two message kinds of type " + k.type);
            }
            BY_TYPE[k.type] = k;
        }
    }

    private WireKinds() {
    }

    /** @return the kind of that type byte, or null. */
    static WireKind byType(final byte type) {
        return type > 0 && type < BY_TYPE.length ? BY_TYPE[type] : null;
    }

    /** An entry-method call. */
    private static final class Entry extends WireKind {
        Entry() {
            super(1);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            writeEntry((EntryMessage) m, out);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            in.deliver(destPe, readEntry(in));
        }

        static void writeEntry(final EntryMessage e, final WireEncoder out) {
            out.writeDescriptor(e.info);
            out.writeIndex(e.index);
            out.writeInt(e.flags);
            out.writeVarInt(e.srcPe + 1);
            out.writeVarInt(e.seq);
            if ((e.flags & EntryMessage.TRACED) != 0) {
                out.writeLong(e.traceId());
            }
            out.writeBoolean(e.reply != null);
            if (e.reply != null) {
                out.writeLong(e.replyKey());
                out.writeObject(e.reply);
            }
            out.writeVarInt(e.entryId() + 1);   // the runtime's own call is -1
            e.writeArguments(out);
        }

        @SuppressWarnings("unchecked")
        static EntryMessage readEntry(final WireDecoder in) {
            final CollectionInfo info = in.readDescriptor();
            final Index index = in.readIndex();
            final int flags = in.readInt();
            final int srcPe = in.readVarInt() - 1;
            final int seq = in.readVarInt();
            final long traceId = (flags & EntryMessage.TRACED) != 0 ? in.readLong() : 0;
            long replyKey = 0;
            Future<Object> reply = null;
            if (in.readBoolean()) {
                replyKey = in.readLong();
                reply = (Future<Object>) in.readObject();
            }
            final int entry = in.readVarInt() - 1;
            final EntryMessage m = entry == CreationDone.ID ? new CreationDone()
                : entry == AllreduceResult.ID ? AllreduceResult.read(in)
                : ChareTypes.of(info.chareClass()).entries().read(entry, in);
            m.info = info;
            m.index = index;
            m.flags = flags | EntryMessage.TAKEN;   // read from the wire: the receivers' own
            m.replyKey(replyKey);
            m.reply = reply;
            m.srcPe = srcPe;
            m.seq = seq;
            m.traceId(traceId);
            return m;
        }
    }

    /**
     * A call on a section: the section (its fingerprint, and its members unless the receiver knows it), then the call
     * as {@link Entry} writes it; a multicast down the section's tree, or one member's call forwarded.
     */
    private static final class SectionEntry extends WireKind {
        SectionEntry() {
            super(25);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final EntryMessage e = (EntryMessage) m;
            out.writeSection(e.section);
            Entry.writeEntry(e, out);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final Section s = in.readSection();
            final EntryMessage m = Entry.readEntry(in);
            m.section = s;
            in.deliver(destPe, m);
        }
    }

    /**
     * A section reduction's partial: the section, then the partial as {@link PartialKind} writes it, then the part of
     * its first contributor and of each gathered value (varints).
     */
    private static final class SectionPartial extends WireKind {
        SectionPartial() {
            super(26);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Partial p = (Partial) m;
            out.writeSection(p.section);
            PartialKind.writePartial(p, out);
            out.writeVarInt(p.firstPart);
            if (p.gathered != null) {
                for (final Partial.Gathered g : p.gathered) {
                    out.writeVarInt(g.part());
                }
            }
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final Section s = in.readSection();
            final Partial p = PartialKind.readPartial(in);
            p.section = s;
            p.firstPart = in.readVarInt();
            if (p.gathered != null) {
                for (int i = 0; i < p.gathered.size(); i++) {
                    final Partial.Gathered g = p.gathered.get(i);
                    p.gathered.set(i, new Partial.Gathered(g.index(), g.value(), in.readVarInt()));
                }
            }
            in.deliver(destPe, p);
        }
    }

    /** Creates a collection's part on every PE (a tree broadcast). */
    private static final class Create extends WireKind {
        Create() {
            super(2);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Proxies.Create c = (Proxies.Create) m;
            out.writeDescriptor(c.info);
            out.writeConstructor(c.ctor);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final CollectionInfo info = in.readDescriptor();
            in.deliver(destPe, new Proxies.Create(info, in.readConstructor(info)));
        }
    }

    /** Inserts one element of a sparse array. */
    private static final class Insert extends WireKind {
        Insert() {
            super(3);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Proxies.Insert i = (Proxies.Insert) m;
            out.writeDescriptor(i.info);
            out.writeIndex(i.index);
            out.writeConstructor(i.ctor);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final CollectionInfo info = in.readDescriptor();
            final Index index = in.readIndex();
            in.deliver(destPe, new Proxies.Insert(info, index, in.readConstructor(info)));
        }
    }

    /** Ends a sparse array's insertions (a tree broadcast). */
    private static final class DoneInserting extends WireKind {
        DoneInserting() {
            super(4);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            out.writeDescriptor(((Proxies.DoneInserting) m).info);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            in.deliver(destPe, new Proxies.DoneInserting(in.readDescriptor()));
        }
    }

    /** A sparse array's element count under a PE's subtree. */
    private static final class CensusKind extends WireKind {
        CensusKind() {
            super(5);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Census c = (Census) m;
            out.writeDescriptor(c.info);
            out.writeVarInt(c.count);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final CollectionInfo info = in.readDescriptor();
            in.deliver(destPe, new Census(info, in.readVarInt()));
        }
    }

    /** A reduction's partial result, up the tree: only the fields its value type uses. */
    private static final class PartialKind extends WireKind {
        PartialKind() {
            super(6);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            writePartial((Partial) m, out);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            in.deliver(destPe, readPartial(in));
        }

        static void writePartial(final Partial p, final WireEncoder out) {
            out.writeDescriptor(p.info);
            out.writeLong(p.key);
            out.writeVarInt(p.contributors);
            out.writeReducer(p.reducer);
            out.writeByte(p.type);
            switch (p.type) {
                case Partial.INT, Partial.LONG, Partial.BOOLEAN -> out.writeLong(p.l);
                case Partial.FLOAT, Partial.DOUBLE -> out.writeDouble(p.d);
                case Partial.OBJECT -> {
                    out.writeObject(p.o);
                    out.writeString(p.objectType);
                }
                default -> {
                }
            }
            if (p.gathered == null) {
                out.writeVarInt(0);
            } else {
                out.writeVarInt(p.gathered.size() + 1);
                for (final Partial.Gathered g : p.gathered) {
                    out.writeIndex(g.index());
                    out.writeObject(g.value());
                }
            }
            out.writeObject(p.target);
            out.writeIndex(p.firstIndex);
            if (p.failures == null) {
                out.writeVarInt(0);
            } else {
                out.writeVarInt(p.failures.size() + 1);
                for (final Partial.Failure f : p.failures) {
                    out.writeIndex(f.index());
                    out.writeString(f.entry());
                    out.writeThrowable(f.error());
                }
            }
        }

        static Partial readPartial(final WireDecoder in) {
            final CollectionInfo info = in.readDescriptor();
            final Partial p = new Partial(info, in.readLong());
            p.contributors = in.readVarInt();
            p.reducer = in.readReducer();
            p.type = in.readByte();
            switch (p.type) {
                case Partial.INT, Partial.LONG, Partial.BOOLEAN -> p.l = in.readLong();
                case Partial.FLOAT, Partial.DOUBLE -> p.d = in.readDouble();
                case Partial.OBJECT -> {
                    p.o = in.readObject();
                    p.objectType = in.readString();
                }
                default -> {
                }
            }
            final int gathered = in.readVarInt() - 1;
            if (gathered >= 0) {
                p.gathered = new ArrayList<>(gathered);
                for (int i = 0; i < gathered; i++) {
                    final Index index = in.readIndex();
                    p.gathered.add(new Partial.Gathered(index, in.readObject()));
                }
            }
            p.target = in.readObject();
            p.firstIndex = in.readIndex();
            final int failures = in.readVarInt() - 1;
            if (failures >= 0) {
                p.failures = new ArrayList<>(failures);
                for (int i = 0; i < failures; i++) {
                    final Index index = in.readIndex();
                    final String entry = in.readString();
                    p.failures.add(new Partial.Failure(index, entry, in.readThrowable()));
                }
            }
            return p;
        }
    }

    /** The completion of a future that lives in the receiving process. */
    private static final class FutureComplete extends WireKind {
        FutureComplete() {
            super(7);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            throw new UnsupportedOperationException("written by WireEncoder.encodeFutureCompletion");
        }

        static void write(final WireEncoder out, final long id, final Object value, final Throwable failure) {
            out.writeLong(id);
            out.writeBoolean(failure != null);
            if (failure != null) {
                out.writeThrowable(failure);
            } else {
                out.writeObject(value);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final long id = in.readLong();
            final boolean failed = in.readBoolean();
            final Future<Object> f = (Future<Object>) in.node().exported(id);
            if (f == null) {
                throw new IllegalStateException("a completion arrived for future " + id + ", which this process does"
                    + " not know (completed twice?)");
            }
            if (failed) {
                f.fail(in.readThrowable());
            } else if (f.senders() != 0) {
                f.send(in.readObject());
            } else {
                f.complete(in.readObject());
            }
            if (f.isDone()) {
                in.node().takeExported(id);   // a future of several senders stays known until its last send
            }
        }
    }

    /** The end of the job. */
    private static final class Exit extends WireKind {
        Exit() {
            super(8);
        }

        @Override
        boolean countsForQuiescence() {
            return false;
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            throw new UnsupportedOperationException("written by WireEncoder.encodeExit");
        }

        static void write(final WireEncoder out, final int code, final String abortMessage) {
            out.writeInt(code);
            out.writeString(abortMessage);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final int code = in.readInt();
            in.node().endFromRemote(code, in.readString());
        }
    }

    /** An element that migrates to a PE of another process: its state and the chare, packed by Kryo. */
    private static final class MigrateKind extends WireKind {
        MigrateKind() {
            super(9);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Migration g = (Migration) m;
            out.writeDescriptor(g.info);
            out.writeIndex(g.index);
            out.writeVarInt(g.fromPe);
            out.writeVarInt(g.reductionSeq);
            out.writeVarInt(g.moves);
            out.writeLong(g.loadNanos);
            out.writeBoolean(g.atSync);
            out.writeBoolean(g.byBalancer);
            final int[] order = g.callOrder;
            out.writeVarInt(order == null ? 0 : order.length);
            if (order != null) {
                for (final int v : order) {
                    out.writeVarInt(v);
                }
            }
            out.writeVarInt(g.broadcastsSeen);
            out.writeBoolean(g.channels != null);
            if (g.channels != null) {
                g.channels.write(out);
            }
            final java.util.HashMap<Long, int[]> seqs = g.sectionSeqs;
            out.writeVarInt(seqs == null ? 0 : seqs.size());
            if (seqs != null) {
                for (final java.util.Map.Entry<Long, int[]> e : seqs.entrySet()) {
                    out.writeLong(e.getKey());
                    out.writeVarInt(e.getValue()[0]);
                }
            }
            final java.util.HashMap<AllreduceTarget.Key, Future<Object>> waits = g.allreduces;
            out.writeVarInt(waits == null ? 0 : waits.size());
            if (waits != null) {
                for (final java.util.Map.Entry<AllreduceTarget.Key, Future<Object>> e : waits.entrySet()) {
                    out.writeLong(e.getKey().scope());
                    out.writeLong(e.getKey().key());
                    out.writeObject(e.getValue());
                }
            }
            out.writeObject(g.element != null ? g.element.chare : g.chare);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final CollectionInfo info = in.readDescriptor();
            final Index index = in.readIndex();
            final int from = in.readVarInt();
            final int seq = in.readVarInt();
            final int moves = in.readVarInt();
            final long load = in.readLong();
            final boolean atSync = in.readBoolean();
            final boolean byBalancer = in.readBoolean();
            final int n = in.readVarInt();
            final int[] order = n == 0 ? null : new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = in.readVarInt();
            }
            final int broadcastsSeen = in.readVarInt();
            final ChannelTable channels = in.readBoolean() ? ChannelTable.read(in) : null;
            final int nSeqs = in.readVarInt();
            final java.util.HashMap<Long, int[]> seqs = nSeqs == 0 ? null : new java.util.HashMap<>();
            for (int i = 0; i < nSeqs; i++) {
                final long fingerprint = in.readLong();
                seqs.put(fingerprint, new int[] {in.readVarInt()});
            }
            final int nWaits = in.readVarInt();
            final java.util.HashMap<AllreduceTarget.Key, Future<Object>> waits = nWaits == 0 ? null
                : new java.util.HashMap<>();
            for (int i = 0; i < nWaits; i++) {
                final long scope = in.readLong();
                final long key = in.readLong();
                @SuppressWarnings("unchecked")
                final Future<Object> f = (Future<Object>) in.readObject();
                waits.put(new AllreduceTarget.Key(scope, key), f);
            }
            final org.charm4j.Chare chare = (org.charm4j.Chare) in.readObject();
            final Migration g = new Migration(info, index, from, null, chare, seq, moves, load, atSync,
                byBalancer, order, broadcastsSeen);
            g.sectionSeqs = seqs;
            g.allreduces = waits;
            g.channels = channels;
            in.deliver(destPe, g);
        }
    }

    /** A value on a channel, to the element at its other end. */
    private static final class ChannelKind extends WireKind {
        ChannelKind() {
            super(22);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final ChannelMessage c = (ChannelMessage) m;
            out.writeDescriptor(c.info);
            out.writeIndex(c.index);
            out.writeVarInt(c.srcPe + 1);
            out.writeDescriptor(c.fromInfo);
            out.writeIndex(c.fromIndex);
            out.writeVarInt(c.number);
            out.writeVarInt(c.seq);
            out.writeObject(c.value);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final CollectionInfo info = in.readDescriptor();
            final Index index = in.readIndex();
            final int srcPe = in.readVarInt() - 1;
            final CollectionInfo fromInfo = in.readDescriptor();
            final Index fromIndex = in.readIndex();
            final int number = in.readVarInt();
            final int seq = in.readVarInt();
            final ChannelMessage m = new ChannelMessage(info, index, fromInfo, fromIndex, number, seq,
                in.readObject());
            m.srcPe = srcPe;
            in.deliver(destPe, m);
        }
    }

    /** A location fact: an update for a sender's cache, or a home record. */
    private static final class LocationKind extends WireKind {
        LocationKind() {
            super(10);
        }

        @Override
        void write(final Message m, final WireEncoder out) {
            final Location l = (Location) m;
            out.writeDescriptor(l.info);
            out.writeIndex(l.index);
            out.writeByte(l.what);
            out.writeVarInt(l.pe + 1);
            out.writeVarInt(l.moves);
        }

        @Override
        void readAndDeliver(final WireDecoder in, final int destPe) {
            final CollectionInfo info = in.readDescriptor();
            final Index index = in.readIndex();
            final byte what = in.readByte();
            final int pe = in.readVarInt() - 1;
            final int moves = in.readVarInt();
            in.deliver(destPe, new Location(info, index, what, pe, moves));
        }
    }

    /** Writes a future's completion (for {@link WireEncoder#encodeFutureCompletion}). */
    static void writeFutureCompletion(final WireEncoder out, final long id, final Object value,
                                      final Throwable failure) {
        FutureComplete.write(out, id, value, failure);
    }

    /** Writes an exit (for {@link WireEncoder#encodeExit}). */
    static void writeExit(final WireEncoder out, final int code, final String abortMessage) {
        Exit.write(out, code, abortMessage);
    }

    /** @return built-in reducers by {@link Reducer.Kind} ordinal (null for CUSTOM). */
    static Reducer[] builtInReducers() {
        final Reducer.Kind[] kinds = Reducer.Kind.values();
        final Reducer[] r = new Reducer[kinds.length];
        for (final Reducer.Kind k : kinds) {
            if (k != Reducer.Kind.CUSTOM) {
                r[k.ordinal()] = Reducer.named(k.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return r;
    }
}
