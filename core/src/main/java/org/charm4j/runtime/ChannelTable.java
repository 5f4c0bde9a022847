package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import org.charm4j.Index;

/**
 * An element's channel ends ({@link ChannelPort}), by other end and number, and how many channels its chare made to
 * each other end (the k-th channel made to a chare is number k, and pairs with the k-th that chare makes back, so that
 * both ends agree without a message). Values may arrive for a number this chare has not made yet: they wait in its
 * port until it does. The table moves with its element: the element object itself within a process, written into
 * the migration message to another process.
 *
 * <p>Threading: its element's PE only.
 */
final class ChannelTable {
    /** A channel end's key: the other end and the channel's number between the two. */
    private record Key(long collection, Index index, int number) {
    }

    /** Another chare, as the key of the count of channels made to it. */
    private record Peer(long collection, Index index) {
    }

    private final HashMap<Key, ChannelPort> ports = new HashMap<>();
    private final HashMap<Peer, Integer> made = new HashMap<>();
    /** The end the last value arrived at (the table is its element's PE's only). */
    private ChannelPort lastArrival;

    /** @return a new channel end of {@code e} to that chare: the next number made to it. */
    ChannelPort open(final Element e, final CollectionInfo remote, final Index index) {
        final int number = made.merge(new Peer(remote.id(), index), 1, Integer::sum) - 1;
        final ChannelPort p = ports.computeIfAbsent(new Key(remote.id(), index, number),
            k -> new ChannelPort(e, remote, index, number));
        p.remoteInfo = remote;
        p.opened = true;
        return p;
    }

    /** @return the end of that number to that chare, or null. */
    ChannelPort find(final long collection, final Index index, final int number) {
        return ports.get(new Key(collection, index, number));
    }

    /** @return the end that values from that chare's channel {@code number} arrive at, made if new. */
    ChannelPort arrivalPort(final Element e, final CollectionInfo from, final Index index, final int number) {
        final ChannelPort last = lastArrival;
        if (last != null && last.number == number && last.remoteInfo != null && last.remoteInfo.id() == from.id()
            && last.remoteIndex.equals(index)) {
            return last;   // values mostly come on the channel the last one came on: no key, no hashing
        }
        final Key k = new Key(from.id(), index, number);
        ChannelPort p = ports.get(k);
        if (p == null) {
            p = new ChannelPort(e, from, index, number);
            ports.put(k, p);
        }
        lastArrival = p;
        return p;
    }

    /** The element arrived in this process: its ends belong to its new record. */
    void bind(final Element e) {
        for (final ChannelPort p : ports.values()) {
            p.element = e;
        }
    }

    void write(final WireEncoder out) {
        out.writeVarInt(ports.size());
        for (final ChannelPort p : ports.values()) {
            p.write(out);
        }
        out.writeVarInt(made.size());
        final ArrayList<Peer> peers = new ArrayList<>(made.keySet());
        for (final Peer peer : peers) {
            out.writeLong(peer.collection());
            out.writeIndex(peer.index());
            out.writeVarInt(made.get(peer));
        }
    }

    /** @return the table written by {@link #write}, its ends not yet bound to an element. */
    static ChannelTable read(final WireDecoder in) {
        final ChannelTable t = new ChannelTable();
        final int n = in.readVarInt();
        for (int i = 0; i < n; i++) {
            final ChannelPort p = ChannelPort.read(in);
            t.ports.put(new Key(p.remoteInfo.id(), p.remoteIndex, p.number), p);
        }
        final int m = in.readVarInt();
        for (int i = 0; i < m; i++) {
            final long collection = in.readLong();
            final Index index = in.readIndex();
            t.made.put(new Peer(collection, index), in.readVarInt());
        }
        return t;
    }
}
