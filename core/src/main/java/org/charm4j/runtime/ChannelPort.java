package org.charm4j.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import org.charm4j.Index;

/**
 * One end of a channel between two chares ({@link org.charm4j.Channel}), kept in its element's {@link ChannelTable}:
 * the other end (collection, index), the channel's number among those made between the two (the k-th channel a chare
 * makes to another pairs with the k-th that one makes back), what this end sent (the last value's number), and what
 * it received: values in order, ready for {@code recv()}, and values that came before an earlier one of the same
 * channel (a forwarded value can be overtaken by a later one sent straight to an element's new place). Numbers are
 * per channel, so order holds whichever end migrates; this state moves with its element.
 *
 * <p>Threading: its element's PE only (or the threaded entry method that holds that PE).
 */
public final class ChannelPort {
    /** The element this end belongs to (rebound when it arrives in another process). */
    Element element;
    /** The other end's collection (null if that end is not yet known here: never, once a value came). */
    CollectionInfo remoteInfo;
    final Index remoteIndex;
    final int number;
    /** Whether this end's chare made its channel object for it (values may come before it does). */
    boolean opened;
    /** The number of the last value this end sent (1, 2, …). */
    int sent;
    /** The number of the last value taken in order into {@link #values}. */
    int received;
    /** Values in order, not yet received: a ring of {@link #count} from {@link #head}, with their readiness ranks. */
    private Object[] values = new Object[4];
    private long[] ranks = new long[4];
    private int head;
    private int count;
    /** Values that came before an earlier one, by number; null before the first. */
    private HashMap<Integer, Object> early;
    /** The PE that last sent here and its route to the other end (the route object follows the element). */
    private Pe routePe;
    private Location.Route route;
    /** Threaded tasks waiting for a value here ({@code recv()}, {@code Charm.iwait}); null before the first. */
    private ArrayList<ThreadedTask> waiters;

    ChannelPort(final Element element, final CollectionInfo remoteInfo, final Index remoteIndex, final int number) {
        this.element = element;
        this.remoteInfo = remoteInfo;
        this.remoteIndex = remoteIndex;
        this.number = number;
    }

    /**
     * Makes a new channel end of {@code self}'s chare to the element {@code remote} names: the next number among the
     * channels it made to that element, which pairs with the same number made there back to it.
     *
     * @param self   the calling chare's record.
     * @param remote the other end: an element proxy.
     * @return the end.
     * @throws IllegalArgumentException if {@code remote} is not an element proxy.
     * @throws IllegalStateException    if not called on the chare's PE.
     */
    public static ChannelPort open(final Element self, final org.charm4j.Proxy remote) {
        java.util.Objects.requireNonNull(remote, "remote");
        if (!(remote instanceof ElementProxy ep)) {
            throw new IllegalArgumentException("a channel goes to one chare, named by an element proxy (proxy.at(i),"
                + " or XProxy.elementOf(chare)); " + remote + " names a whole collection");
        }
        final Pe pe = Node.currentPe();
        if (self.local == null || pe != self.local.pe) {
            throw new IllegalStateException("a channel of " + Pe.describe(self) + " is made on its PE, in its"
                + " constructor or entry methods, not on " + Thread.currentThread().getName());
        }
        if (self.channels == null) {
            self.channels = new ChannelTable();
        }
        return self.channels.open(self, ep.collection(), ep.index());
    }

    /**
     * @param self   a chare's record.
     * @param remote the other end.
     * @param number the channel's number between the two.
     * @return that end of {@code self} (after a migration, the one that travelled with it).
     * @throws IllegalStateException if {@code self} has no such channel.
     */
    public static ChannelPort find(final Element self, final ElementProxy remote, final int number) {
        final ChannelPort p = self.channels == null ? null : self.channels.find(remote.collection().id(),
            remote.index(), number);
        if (p == null) {
            throw new IllegalStateException(Pe.describe(self) + " has no channel " + number + " to " + remote
                + " (a channel object belongs to the chare that made it)");
        }
        return p;
    }

    /** @return the element this end belongs to now. */
    public Element element() {
        return element;
    }

    /** @return the channel's number among those between its two chares (0 for the first). */
    public int number() {
        return number;
    }

    /** @return whether a value is ready for {@code recv()}. */
    public boolean isReady() {
        return count > 0;
    }

    /** @return the readiness rank of the next value (smaller became ready earlier), or 0 if none is ready. */
    public long readyRank() {
        return count > 0 ? ranks[head] : 0;
    }

    /** @return the chare this end belongs to, for messages. */
    String owner() {
        return Pe.describe(element);
    }

    /**
     * Sends a value to the other end: numbered, routed where this PE's location cache says the other end is.
     *
     * @param value the value; taken (copied or moved within a process, serialized at once to another process).
     * @throws IllegalStateException if not called on this end's PE.
     */
    public void send(final Object value) {
        final Pe pe = ownPe("send()");
        if (remoteInfo == null) {
            throw new IllegalStateException("channel " + number + " of " + owner() + " has no other end yet");
        }
        final ChannelMessage m = new ChannelMessage(remoteInfo, remoteIndex, element.info, element.index, number,
            sent + 1, null);
        m.srcPe = pe.id();
        final int dest = remoteInfo.migratable() ? routeFrom(pe).pe : remoteInfo.homePe(remoteIndex);
        final Node node = pe.node();
        // a receiver in this process never sees the sender's later writes; another process gets bytes at once
        m.value = node.isLocal(dest) ? Args.copy(value) : value;
        node.send(dest, m);
        sent++;
    }

    /** @return {@code pe}'s route to the other end, kept for the next send from the same PE. */
    private Location.Route routeFrom(final Pe pe) {
        if (routePe != pe) {
            route = remoteInfo.route(pe.id(), remoteIndex);
            routePe = pe;
        }
        return route;
    }

    /**
     * Waits, in a threaded entry method on this end's PE, until a value is ready, and takes it.
     *
     * @return the next value, in send order.
     * @throws IllegalStateException outside a threaded entry method, or on another PE.
     */
    public Object recv() {
        final ThreadedTask task = waitingTask("Channel.recv()");
        while (count == 0) {
            if (task.pe.awaitOnPeThread(null)) {
                continue;
            }
            addWaiter(task);
            try {
                task.block();
            } finally {
                removeWaiter(task);
            }
        }
        return take();
    }

    /**
     * @param what the call, for the message.
     * @return the threaded task that may wait here.
     * @throws IllegalStateException if the caller may not wait on this end.
     */
    public ThreadedTask waitingTask(final String what) {
        final Pe home = element.local == null ? null : element.local.pe;
        final ThreadedTask running = home == null ? null : home.currentTask;
        if (running != null && running.isCurrent()) {
            return running;   // the usual case, found without a thread-local lookup
        }
        final ThreadedTask task = Blocking.checkMayBlock(what);
        if (task == null) {
            throw new IllegalStateException(what + " was called on thread " + Thread.currentThread().getName()
                + ", outside the runtime: a channel of " + owner() + " is received from in a @Threaded entry method"
                + " of a chare on its PE");
        }
        if (element.local == null || task.pe != element.local.pe) {
            throw new IllegalStateException(what + " was called on PE " + task.pe.id() + " for a channel of "
                + owner() + ", which lives on " + (element.local == null ? "another process" : "PE "
                + element.local.pe.id()) + ": receive on the chare's own PE");
        }
        return task;
    }

    private Pe ownPe(final String what) {
        final Pe home = element.local == null ? null : element.local.pe;
        if (home != null) {
            final Thread me = Thread.currentThread();
            final ThreadedTask running = home.currentTask;
            if (me == home.thread() || running != null && running.isCurrent()) {
                return home;   // the usual case, found without a thread-local lookup
            }
        }
        final Pe pe = Node.currentPe();
        if (element.local == null || pe != element.local.pe) {
            throw new IllegalStateException("Channel." + what + " was called for a channel of " + owner()
                + " from " + Thread.currentThread().getName() + ", not on its PE: use a channel from the chare's own"
                + " entry methods");
        }
        return pe;
    }

    private Object take() {
        final Object v = values[head];
        values[head] = null;
        head = (head + 1) & (values.length - 1);
        count--;
        return v;
    }

    private void push(final Object v) {
        if (count == values.length) {
            final Object[] nv = new Object[count * 2];
            final long[] nr = new long[count * 2];
            for (int i = 0; i < count; i++) {
                nv[i] = values[(head + i) & (values.length - 1)];
                nr[i] = ranks[(head + i) & (values.length - 1)];
            }
            values = nv;
            ranks = nr;
            head = 0;
        }
        final int at = (head + count) & (values.length - 1);
        values[at] = v;
        ranks[at] = Blocking.nextReadyRank();
        count++;
    }

    /**
     * A value arrived (on this end's PE thread): in order it becomes ready, with those that came early behind it,
     * and a waiting task resumes; early, it waits for its predecessors.
     *
     * @return false if its number was received before (a runtime fault).
     */
    boolean arrived(final int seq, final Object value) {
        if (seq == received + 1) {
            push(value);
            received = seq;
            if (early != null) {
                while (early.containsKey(received + 1)) {
                    push(early.remove(received + 1));
                    received++;
                }
            }
            wake();
            return true;
        }
        if (seq <= received) {
            return false;
        }
        if (early == null) {
            early = new HashMap<>();
        } else if (early.containsKey(seq)) {
            return false;
        }
        early.put(seq, value);
        return true;
    }

    /** Resumes the tasks that wait here: each checks again what it waits for. */
    private void wake() {
        final ArrayList<ThreadedTask> ws = waiters;
        if (ws == null || ws.isEmpty()) {
            return;
        }
        final ThreadedTask[] all = ws.toArray(new ThreadedTask[0]);
        ws.clear();
        final boolean onPeThread = ThreadedTask.current() == null && Node.currentPe() == element.local.pe;
        for (final ThreadedTask t : all) {
            if (onPeThread) {
                // this PE's thread, between messages: hand the baton over now rather than through a queued resume
                t.runSlice();
                if (t.element != null) {
                    t.pe.afterEntry(t.element);
                }
            } else {
                t.resumeLater();
            }
        }
    }

    /**
     * @param task a threaded task on this end's PE.
     * @return false if a value is ready already (nothing registered).
     */
    public boolean addWaiter(final ThreadedTask task) {
        if (count > 0) {
            return false;
        }
        if (waiters == null) {
            waiters = new ArrayList<>(2);
        }
        if (!waiters.contains(task)) {
            waiters.add(task);
        }
        return true;
    }

    /** @param task a task registered by {@link #addWaiter}, or not. */
    public void removeWaiter(final ThreadedTask task) {
        if (waiters != null) {
            waiters.remove(task);
        }
    }

    // ---------------------------------------------------------------- travelling with a migrating element

    void write(final WireEncoder out) {
        out.writeDescriptor(remoteInfo);
        out.writeIndex(remoteIndex);
        out.writeVarInt(number);
        out.writeBoolean(opened);
        out.writeVarInt(sent);
        out.writeVarInt(received);
        out.writeVarInt(count);
        for (int i = 0; i < count; i++) {
            out.writeObject(values[(head + i) & (values.length - 1)]);
        }
        final int nEarly = early == null ? 0 : early.size();
        out.writeVarInt(nEarly);
        if (nEarly > 0) {
            final ArrayList<Integer> seqs = new ArrayList<>(early.keySet());
            seqs.sort(null);
            for (final Integer s : seqs) {
                out.writeVarInt(s);
                out.writeObject(early.get(s));
            }
        }
    }

    static ChannelPort read(final WireDecoder in) {
        final CollectionInfo info = in.readDescriptor();
        final Index index = in.readIndex();
        final ChannelPort p = new ChannelPort(null, info, index, in.readVarInt());
        p.opened = in.readBoolean();
        p.sent = in.readVarInt();
        p.received = in.readVarInt();
        final int n = in.readVarInt();
        for (int i = 0; i < n; i++) {
            p.push(in.readObject());
        }
        final int nEarly = in.readVarInt();
        if (nEarly > 0) {
            p.early = new HashMap<>();
            for (int i = 0; i < nEarly; i++) {
                final int s = in.readVarInt();
                p.early.put(s, in.readObject());
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return "channel " + number + " of " + owner() + " to " + (remoteInfo == null ? "?" : remoteInfo.chareClass()
            .getSimpleName()) + remoteIndex + " (sent " + sent + ", received " + received + ", ready " + count + ")";
    }
}
