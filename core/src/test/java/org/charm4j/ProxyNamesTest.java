package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chares whose names meet the generated proxy's: parameters named like what the generated code uses (which must not
 * capture or shadow them), and entry methods that overload the proxy's own methods (which must work, where only the
 * exact signature clashes).
 */
@Timeout(60)
class ProxyNamesTest {
    /** What the chares' methods ran, with their arguments. */
    static final Queue<String> RAN = new ConcurrentLinkedQueue<>();

    /** Constructors and entry methods with parameters named like the generated code's own names. */
    public static class Names extends Chare {
        private final int made;

        public Names(final int proxy, final int info, final int in, final int out, final int target, final int m,
                     final int f, final int index, final int shape, final int map, final int pe, final int n,
                     final int org) {
            made = proxy + info + in + out + target + m + f + index + shape + map + pe + n + org;
        }

        public Names(final String flags, final int reply, final int e, final int t, final int value, final int i,
                     final int j, final int k, final int[] java) {
            made = flags.length() + reply + e + t + value + i + j + k + java.length;
        }

        @Entry
        public int made() {
            return made;
        }

        @Entry
        public void record(final int proxy, final int info, final int in, final int out, final int target,
                           final int m, final int f) {
            RAN.add("record" + thisIndex() + " " + (proxy + info + in + out + target + m + f));
        }

        @Entry
        public int mix(final int index, final int shape, final int map, final int pe, final int n, final int flags,
                       final int reply) {
            return index + shape + map + pe + n + flags + reply;
        }

        @Entry
        public String refs(final int[] org, final List<String> java, final String original, final int a0,
                           final int chare, final int id) {
            return org.length + java.toString() + original + a0 + chare + id;
        }

        @Entry
        public void last(final int e, final int t, final int value, final int i, final int j, final int k) {
            RAN.add("last" + thisIndex() + " " + (e + t + value + i + j + k));
        }
    }

    /** Entry methods named like the proxy's methods, with other parameters: overloads, which are fine. */
    public static class Overloads extends Chare {
        @Entry
        public void index(final int i) {
            RAN.add("index(" + i + ")" + thisIndex());
        }

        @Entry
        public void gather(final double x) {
            RAN.add("gather(" + x + ")" + thisIndex());
        }

        @Entry
        public void collection(final String s) {
            RAN.add("collection(" + s + ")" + thisIndex());
        }

        @Entry
        public int whenDone(final int w) {
            RAN.add("whenDone(" + w + ")" + thisIndex());
            return w;
        }

        @Entry
        public void at(final String s) {
            RAN.add("at(" + s + ")" + thisIndex());
        }

        @Entry
        public void send(final Object o) {
            RAN.add("send(" + o + ")" + thisIndex());
        }

        @Entry
        public int call(final Object o) {
            return 7;
        }

        @Entry
        public void broadcast(final Object o) {
            RAN.add("broadcast(" + o + ")" + thisIndex());
        }

        @Entry
        public String toString(final int radix) {
            return Integer.toString(255, radix);
        }
    }

    @Test
    void parametersNamedLikeGeneratedNamesReachTheChareIntact() {
        RAN.clear();
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final var a = ProxyNamesTest_NamesProxy.newArray(2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
            out.add(a.gather().made().get());
            a.whenDone().record(1, 2, 3, 4, 5, 6, 7).get();
            out.add(a.at(1).mix(1, 2, 3, 4, 5, 6, 7).get());
            out.add(a.gather().refs(new int[] {1, 2}, List.of("x"), "o", 1, 2, 3).get());
            a.at(0).whenDone().last(1, 2, 3, 4, 5, 6).get();
            final var g = ProxyNamesTest_NamesProxy.newGroup("ab", 1, 1, 1, 1, 1, 1, 1, new int[3]);
            out.add(g.gather().made().get());
            final var c = ProxyNamesTest_NamesProxy.newChareOn(1, "abc", 0, 0, 0, 0, 0, 0, 0, new int[0]);
            out.add(c.made().get());
            final var s = ProxyNamesTest_NamesProxy.newSparseArray();
            s.insert(Index.of(5), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
            s.doneInserting();
            out.add(s.at(5).made().get());
            Charm.exit();
        });
        assertEquals(List.of(13, 13), out.get(0));
        assertEquals(28, out.get(1));
        assertEquals(List.of("2[x]o123", "2[x]o123"), out.get(2));
        assertEquals(List.of(12, 12), out.get(3));
        assertEquals(3, out.get(4));
        assertEquals(91, out.get(5));
        assertEquals(List.of("last[0] 21", "record[0] 28", "record[1] 28"), RAN.stream().sorted().toList());
    }

    @Test
    void entryMethodsThatOverloadTheProxysOwnMethodsWork() {
        RAN.clear();
        final List<Object> out = Collections.synchronizedList(new ArrayList<>());
        Jobs.ok(2, args -> {
            final var o = ProxyNamesTest_OverloadsProxy.newArray(2);
            o.whenDone().index(4).get();
            o.at(1).whenDone().gather(2.5).get();
            o.at(0).whenDone().collection("c").get();
            out.add(o.at(1).whenDone(9).get());
            o.whenDone().at("s").get();
            o.at(0).whenDone().send("m").get();
            out.add(o.at(0).call("x").get());
            o.whenDone().broadcast("b").get();
            out.add(o.gather().toString(16).get());
            // the proxies' own methods still work beside the overloads
            out.add(o.at(1).index());
            out.add(o.collection() == o.at(0).collection());
            Charm.exit();
        });
        assertEquals(9, out.get(0));
        assertEquals(7, out.get(1));
        assertEquals(List.of("ff", "ff"), out.get(2));
        assertEquals(Index.of(1), out.get(3));
        assertTrue((Boolean) out.get(4));
        assertEquals(List.of("at(s)[0]", "at(s)[1]", "broadcast(b)[0]", "broadcast(b)[1]", "collection(c)[0]",
            "gather(2.5)[1]", "index(4)[0]", "index(4)[1]", "send(m)[0]", "whenDone(9)[1]"),
            RAN.stream().sorted().toList());
    }
}
