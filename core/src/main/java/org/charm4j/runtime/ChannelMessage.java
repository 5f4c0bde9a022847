package org.charm4j.runtime;

import org.charm4j.Index;

/**
 * A value sent on a channel: to the element at the other end (routed, forwarded and held like a call to it), from
 * the sending end (collection, index, channel number), with its number among that channel's values.
 *
 * <p>Threading: built by the sender on its PE, then owned by the destination PE.
 */
final class ChannelMessage extends Message {
    final CollectionInfo info;
    final Index index;
    final CollectionInfo fromInfo;
    final Index fromIndex;
    final int number;
    final int seq;
    Object value;
    /** The PE that sent it (whose location cache learns where the element is), or -1. */
    int srcPe = -1;

    ChannelMessage(final CollectionInfo info, final Index index, final CollectionInfo fromInfo, final Index fromIndex,
                   final int number, final int seq, final Object value) {
        this.info = info;
        this.index = index;
        this.fromInfo = fromInfo;
        this.fromIndex = fromIndex;
        this.number = number;
        this.seq = seq;
        this.value = value;
    }

    @Override
    WireKind wireKind() {
        return WireKinds.CHANNEL;
    }

    @Override
    protected void deliver(final Pe pe) {
        pe.deliverChannel(this);
    }
}
