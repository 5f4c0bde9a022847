package org.charm4j;

import static org.charm4j.CheckLog.check;
import static org.charm4j.CheckLog.get;

import java.util.ArrayList;
import java.util.List;

/**
 * Channels end to end, as a program: each check prints {@code ok <what>} or {@code FAILED <what>}; the job exits 0
 * only if all passed. {@link ChannelTest} runs it in one process and over in-JVM nodes, {@link MultiProcessJobTest}
 * as real processes. The checks run in the constructor of a main chare ({@link Boss}), so that it can be a channel's
 * end.
 */
public final class ChannelChecks {
    private ChannelChecks() {
    }

    /** Chares at the ends of channels: an array spread over the PEs, whose elements may migrate. */
    public static class Peer extends Chare {
        /** A channel kept across entry methods (and migrations). */
        Channel<Integer> kept;
        int next;
        String keptResult = "";
        int quietReceived;

        private ChannelChecks_PeerProxy.Element me() {
            return ChannelChecks_PeerProxy.elementOf(this);
        }

        /** Sends {@code 0 .. count - 1} on a new channel to {@code other}. */
        @Entry
        public void produce(final ChannelChecks_PeerProxy.Element other, final int count) {
            final Channel<Integer> ch = Channel.to(this, other);
            for (int i = 0; i < count; i++) {
                ch.send(i);
            }
        }

        /** Receives {@code count} values on a new channel from {@code other}: "ok" if they came as 0, 1, 2, …. */
        @Threaded
        @Entry
        public String consume(final ChannelChecks_PeerProxy.Element other, final int count) {
            final Channel<Integer> ch = Channel.to(this, other);
            for (int i = 0; i < count; i++) {
                final int v = ch.recv();
                if (v != i) {
                    return "value " + i + " was " + v;
                }
            }
            return "ok";
        }

        /**
         * Makes three channels to {@code other}, sends on them in reverse order of making and receives their answers
         * ({@code first}), or receives on them out of order then answers: what each received, by channel.
         */
        @Threaded
        @Entry
        public String several(final ChannelChecks_PeerProxy.Element other, final boolean first) {
            final List<Channel<String>> chs = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                chs.add(Channel.to(this, other));
            }
            final String[] got = new String[3];
            if (first) {
                for (int k = 2; k >= 0; k--) {
                    chs.get(k).send("v" + k);
                }
                for (final int k : new int[] {1, 2, 0}) {
                    got[k] = chs.get(k).recv();
                }
            } else {
                for (final int k : new int[] {2, 0, 1}) {
                    got[k] = chs.get(k).recv();
                }
                for (int k = 0; k < 3; k++) {
                    chs.get(k).send("r" + k);
                }
            }
            return String.join(",", got);
        }

        /** A channel to itself: sends and receives, interleaved; "ok" if every value came back in order. */
        @Threaded
        @Entry
        public String toSelf(final int n) {
            final Channel<int[]> ch = Channel.to(this, me());
            final int[] mine = {1, 2, 3};
            ch.send(mine);
            mine[0] = 99;   // a later write: the receiver must not see it
            final int[] back = ch.recv();
            if (back == mine || back[0] != 1) {
                return "an array sent to itself came back as " + java.util.Arrays.toString(back);
            }
            final Channel<Integer> ints = Channel.to(this, me());
            for (int i = 0; i < n; i++) {
                ints.send(i);
                if (i % 3 == 2) {
                    for (int j = i - 2; j <= i; j++) {
                        final int v = ints.recv();
                        if (v != j) {
                            return "value " + j + " was " + v;
                        }
                    }
                }
            }
            for (int j = n - n % 3; j < n; j++) {
                final int v = ints.recv();
                if (v != j) {
                    return "value " + j + " was " + v;
                }
            }
            return ints.isReady() ? "a value too many" : "ok";
        }

        /** Talks to the main chare: sends first (before main made its end), then answers each value doubled. */
        @Threaded
        @Entry
        public void withMain(final ChannelChecks_BossProxy.Element boss, final int rounds) {
            final Channel<Integer> ch = Channel.to(this, boss);
            ch.send(-1);
            for (int i = 0; i < rounds; i++) {
                ch.send(2 * ch.recv());
            }
        }

        /** Sends an off-heap array of {@code n} elements; @return its address, PE, and whether the handle went stale. */
        @Entry
        public String sendOffHeap(final ChannelChecks_PeerProxy.Element other, final int n) {
            final Channel<DoubleArray> ch = Channel.to(this, other);
            final DoubleArray a = DoubleArray.allocate(n);
            for (int i = 0; i < n; i++) {
                a.set(i, i * 0.5);
            }
            final long address = a.segment().address();
            ch.send(a);
            return address + " " + Charm.myPe() + " " + a.isOwned();
        }

        /** Receives an off-heap array; @return its address, PE, and whether its values are intact. */
        @Threaded
        @Entry
        public String recvOffHeap(final ChannelChecks_PeerProxy.Element other, final int n) {
            final Channel<DoubleArray> ch = Channel.to(this, other);
            final DoubleArray a = ch.recv();
            boolean intact = a.length() == n;
            for (int i = 0; intact && i < n; i++) {
                intact = a.get(i) == i * 0.5;
            }
            return a.segment().address() + " " + Charm.myPe() + " " + intact;
        }

        /** Opens the kept channel to {@code other} and sends {@code 0 .. count - 1} at once. */
        @Entry
        public void sendKept(final ChannelChecks_PeerProxy.Element other, final int count) {
            kept = Channel.to(this, other);
            for (int i = 0; i < count; i++) {
                kept.send(i);
            }
        }

        /** Opens the kept channel to {@code other} and sends {@code count} values from {@code next}, then moves. */
        @Entry
        public void sendKeptThenMove(final ChannelChecks_PeerProxy.Element other, final int count, final int pe) {
            if (kept == null) {
                kept = Channel.to(this, other);
            }
            for (int i = 0; i < count; i++) {
                kept.send(next++);
            }
            if (pe >= 0) {
                migrateMe(pe);
            }
        }

        /**
         * Receives {@code count} values on the kept channel (made to {@code other} at the first call), checking their
         * order, then moves to {@code pe} (if not negative).
         */
        @Threaded
        @Entry
        public String recvKeptThenMove(final ChannelChecks_PeerProxy.Element other, final int count, final int pe) {
            if (kept == null) {
                kept = Channel.to(this, other);
            }
            for (int i = 0; i < count; i++) {
                final int v = kept.recv();
                if (v != next && keptResult.isEmpty()) {
                    keptResult = "value " + next + " was " + v + " on PE " + Charm.myPe();
                }
                next++;
            }
            if (pe >= 0) {
                migrateMe(pe);
            }
            return keptResult();
        }

        /** @return what the kept channel's receptions found ("ok" if all in order) and how many came. */
        @Entry
        public String keptResult() {
            return (keptResult.isEmpty() ? "ok" : keptResult) + " " + next;
        }

        /** @return the PE it lives on. */
        @Entry
        public int where() {
            return Charm.myPe();
        }

        /** Waits {@code ms}, then sends {@code value} on a new channel to the main chare. */
        @Threaded
        @Entry
        public void sendLater(final ChannelChecks_BossProxy.Element boss, final int ms, final String value) {
            Charm.sleep(java.time.Duration.ofMillis(ms));
            Channel.<String>to(this, boss).send(value);
        }

        /** Waits {@code ms}, then completes {@code f}. */
        @Threaded
        @Entry
        public void completeLater(final Future<String> f, final int ms, final String value) {
            Charm.sleep(java.time.Duration.ofMillis(ms));
            f.complete(value);
        }

        /** Receives {@code count} values on a new channel, counting them (for quiescence). */
        @Threaded
        @Entry
        public void receiveQuietly(final ChannelChecks_PeerProxy.Element other, final int count) {
            final Channel<Integer> ch = Channel.to(this, other);
            for (int i = 0; i < count; i++) {
                if (ch.recv() == i) {
                    quietReceived++;
                }
            }
        }

        /** @return how many values {@link #receiveQuietly} received in order. */
        @Entry
        public int quietReceived() {
            return quietReceived;
        }

        /** @return the error of a {@code recv()} here, in an entry method that is not threaded. */
        @Entry
        public String recvNotThreaded() {
            final Channel<Integer> ch = Channel.to(this, me());
            try {
                ch.recv();
                return "recv() returned";
            } catch (final IllegalStateException e) {
                return e.getMessage();
            }
        }

        /** Would take values (never called: the send is refused at the caller). */
        @Entry
        public void take(final java.util.ArrayList<Object> values) {
        }

        /** @return the error of sending a channel to {@code other} inside a list. */
        @Entry
        public String sendChannelAway(final ChannelChecks_PeerProxy.Element other) {
            final java.util.ArrayList<Object> values = new java.util.ArrayList<>();
            values.add(Channel.to(this, other));
            try {
                other.take(values);
                return "sent";
            } catch (final IllegalArgumentException e) {
                return e.getMessage();
            }
        }

        /** @return the error of a channel to a whole collection. */
        @Entry
        public String toCollection() {
            try {
                Channel.to(this, ChannelChecks_PeerProxy.of(this));
                return "accepted";
            } catch (final IllegalArgumentException e) {
                return e.getMessage();
            }
        }
    }

    /** The main chare: its constructor runs the checks (on main's threaded task, so it may wait). */
    public static class Boss extends Chare {
        /** Runs the checks. */
        public Boss() {
            runChecks();
        }

        /** Does nothing: a main chare needs no entry method but has a proxy. */
        @Entry
        public void nothing() {
        }

        private ChannelChecks_BossProxy.Element me() {
            return ChannelChecks_BossProxy.elementOf(this);
        }

        private void runChecks() {
            final int pes = Charm.numPes();
            final int n = 8 * pes + 16;
            final var peers = ChannelChecks_PeerProxy.newArray(n);
            // pairs on different PEs (the first and last PE: different processes when there are several)
            final var a = peers.at(0);
            final var b = peers.at(n - 1);

            final Future<String> order = b.consume(a, 1000);
            a.produce(b, 1000);
            check(get(order).equals("ok"), "1000 values arrive in send order between PE " + get(a.where()) + " and PE "
                + get(b.where()), get(order));

            final Future<String> first = a.several(b, true);
            final Future<String> second = b.several(a, false);
            check(get(first).equals("r0,r1,r2") && get(second).equals("v0,v1,v2"),
                "several channels between two chares pair by creation order", get(first) + " / " + get(second));

            final Future<String> self = peers.at(3).toSelf(100);
            check(get(self).equals("ok"), "a channel to oneself receives what it sends, in order, copied", get(self));

            // the main chare: the worker sends before main has made its end
            final var w = peers.at(n - 2);
            w.withMain(me(), 5);
            Charm.sleep(java.time.Duration.ofMillis(100));
            final Channel<Integer> toWorker = Channel.to(this, w);
            final boolean early = toWorker.isReady();
            final int hello = toWorker.recv();
            final StringBuilder answers = new StringBuilder();
            for (int i = 1; i <= 5; i++) {
                toWorker.send(i);
                answers.append(toWorker.recv()).append(' ');
            }
            check(early && hello == -1 && answers.toString().equals("2 4 6 8 10 "),
                "a channel to the main chare works, and a value that came before recv() is returned at once",
                "early=" + early + " hello=" + hello + " answers=" + answers);

            offHeap(peers.at(1), peers.at(2), "the same PE");
            offHeap(peers.at(1), peers.at(n - 3), "PE to PE");

            migration(peers, pes);
            iwait(peers);
            quiescence(peers, n);
            errors(peers, n);
        }

        private void offHeap(final ChannelChecks_PeerProxy.Element from, final ChannelChecks_PeerProxy.Element to,
                             final String where) {
            final int len = 100_000;
            final Future<String> got = to.recvOffHeap(from, len);
            final String[] sent = get(from.sendOffHeap(to, len)).split(" ");
            final String[] recv = get(got).split(" ");
            final int fromPe = Integer.parseInt(sent[1]);
            final int toPe = Integer.parseInt(recv[1]);
            final boolean sameProcess = Charm.nodeOf(fromPe) == Charm.nodeOf(toPe);
            final boolean stale = sent[2].equals("false");
            final boolean intact = recv[2].equals("true");
            final boolean sameMemory = sent[0].equals(recv[0]);
            check(stale && intact && (sameMemory || !sameProcess), "an off-heap array travels on a channel intact ("
                + where + ", PE " + fromPe + " to " + toPe + "), " + (sameProcess ? "not copied: the receiver has the"
                + " sender's memory" : "to another process") + ", and the sender's handle goes stale",
                "stale=" + stale + " intact=" + intact + " addresses " + sent[0] + " / " + recv[0]);
        }

        private void migration(final ChannelChecks_PeerProxy peers, final int pes) {
            // the receiver moves mid-stream: values it had not received move with it, those in flight follow
            final var src = peers.at(4);
            final var dst = peers.at(5);
            final int from = get(dst.where());
            final int to = (from + Math.max(1, pes / 2)) % pes;
            dst.recvKeptThenMove(src, 400, to);
            src.sendKept(dst, 1000);
            waitUntilAt(dst, to);
            final String r = get(dst.recvKeptThenMove(src, 600, -1));
            check(r.equals("ok 1000"), "a channel's receiving end migrates mid-stream (PE " + from + " to " + to
                + "): every value arrives, in order", r);

            // the sender moves mid-stream, then sends the rest from its new place
            final var s2 = peers.at(6);
            final var d2 = peers.at(7);
            final int sFrom = get(s2.where());
            final int sTo = (sFrom + Math.max(1, pes / 2)) % pes;
            final Future<String> all = d2.recvKeptThenMove(s2, 1000, -1);
            s2.sendKeptThenMove(d2, 500, sTo);
            waitUntilAt(s2, sTo);
            s2.sendKeptThenMove(d2, 500, -1);
            final String r2 = get(all);
            check(r2.equals("ok 1000"), "a channel's sending end migrates mid-stream (PE " + sFrom + " to " + sTo
                + "): every value arrives, in order", r2);
        }

        private static void waitUntilAt(final ChannelChecks_PeerProxy.Element e, final int pe) {
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (get(e.where()) != pe && System.nanoTime() < deadline) {
                Charm.sleep(java.time.Duration.ofMillis(5));
            }
        }

        private void iwait(final ChannelChecks_PeerProxy peers) {
            final var w1 = peers.at(9);
            final var w2 = peers.at(10);
            final var w3 = peers.at(11);
            final Channel<String> c1 = Channel.to(this, w1);
            final Channel<String> c2 = Channel.to(this, w2);
            final Future<String> f = new Future<>();
            w1.sendLater(me(), 600, "one");
            w3.completeLater(f, 300, "three");
            w2.sendLater(me(), 0, "two");
            final List<String> got = new ArrayList<>();
            for (final Waitable x : Charm.iwait(c1, f, c2)) {
                got.add(x == f ? f.get() : x == c1 ? c1.recv() : x == c2 ? c2.recv() : "?");
            }
            check(got.equals(List.of("two", "three", "one")), "iwait() gives 2 channels and a future in the order"
                + " they become ready", got);

            // all ready before iwait(): still in the order they became ready, not in argument order
            final Channel<String> c3 = Channel.to(this, w1);
            final Channel<String> c4 = Channel.to(this, w2);
            final Future<String> g = new Future<>();
            w2.sendLater(me(), 0, "b");
            w3.completeLater(g, 150, "c");
            w1.sendLater(me(), 300, "a");
            Charm.sleep(java.time.Duration.ofMillis(700));
            final List<String> got2 = new ArrayList<>();
            for (final Waitable x : Charm.iwait(List.of(c3, g, c4))) {
                got2.add(x == g ? g.get() : ((Channel<?>) x).recv().toString());
            }
            check(got2.equals(List.of("b", "c", "a")), "iwait() over items all ready gives them in readiness order",
                got2);
        }

        private void quiescence(final ChannelChecks_PeerProxy peers, final int n) {
            final var p = peers.at(12);
            final var q = peers.at(n - 5);
            q.receiveQuietly(p, 3000);
            p.produce(q, 3000);
            Charm.waitQuiescence();
            final int got = get(q.quietReceived());
            check(got == 3000, "quiescence is not detected while channel values are in flight", got + " of 3000");
        }

        private void errors(final ChannelChecks_PeerProxy peers, final int n) {
            final var p = peers.at(13);
            final int pe = get(p.where());
            final String e = get(p.recvNotThreaded());
            check(e.contains("Channel.recv()") && e.contains("Peer") && e.contains("PE " + pe)
                && e.contains("@Threaded"), "recv() outside a threaded entry method fails, naming the chare and PE"
                + " and suggesting @Threaded", e);
            final String c = get(p.toCollection());
            check(c.contains("whole collection"), "a channel to a whole collection is refused", c);
            final var far = peers.at(n - 1);
            final String s1 = get(p.sendChannelAway(far));
            final String s2 = get(p.sendChannelAway(p));
            check(s1.contains("belongs to the chare that made it") && s2.contains("belongs to the chare that made it"),
                "a channel sent in a message is refused at the sender (PE " + pe + " to " + get(far.where())
                + ", and to itself)", s1 + " / " + s2);
        }
    }

    /** Runs the checks from main (a threaded context on PE 0): as the main chare's constructor. */
    static void all() {
        org.charm4j.runtime.MainChare.create(Boss.class, new String[0]);
    }

    public static void main(final String[] args) {
        Charm.start(args, a -> {
            CheckLog.reset();
            System.out.println("threaded code runs on " + (org.charm4j.runtime.ThreadedTask.onPeThread()
                ? "its PE's thread" : "the JDK's carrier pool"));
            all();
            CheckLog.finish("channel");
        });
    }
}
