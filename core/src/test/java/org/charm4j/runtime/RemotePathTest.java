package org.charm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.charm4j.Chare;
import org.charm4j.Charm;
import org.charm4j.Entry;
import org.charm4j.Future;
import org.charm4j.Options;
import org.charm4j.Serializers;
import org.charm4j.Threaded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The remote path's shape: process 0 of a two-process job runs here alone, and its "other process" records what it
 * is given (the encoded bytes) instead of sending it.
 */
@Timeout(60)
class RemotePathTest {
    /** A value whose serializer counts its copies. */
    public static final class Counted {
        int v;

        Counted(final int v) {
            this.v = v;
        }
    }

    static final AtomicInteger COPIES = new AtomicInteger();

    static {
        Serializers.register(Counted.class, new com.esotericsoftware.kryo.Serializer<Counted>() {
            @Override
            public void write(final Kryo k, final Output o, final Counted c) {
                o.writeInt(c.v);
            }

            @Override
            public Counted read(final Kryo k, final Input i, final Class<? extends Counted> t) {
                return new Counted(i.readInt());
            }

            @Override
            public Counted copy(final Kryo k, final Counted c) {
                COPIES.incrementAndGet();
                return new Counted(c.v);
            }
        });
    }

    /** Sends from PE 0, to PE 0 and to PE 1 (the other process). */
    public static class Sender extends Chare {
        /** Creates it. */
        public Sender() {
        }

        @Entry
        public void take(final Counted c) {
        }

        @Entry
        public int encoderIdentity() {
            return System.identityHashCode(Node.current().encoder());
        }

        @Entry
        @Threaded
        public int encoderIdentityThreaded() {
            return System.identityHashCode(Node.current().encoder());
        }
    }

    /** Records each message's encoded length instead of sending it. */
    private static final class Recording implements Remote {
        private Node node;
        final List<Integer> lengths = Collections.synchronizedList(new ArrayList<>());
        /** For each message, whether its bytes name the Sender class. */
        final List<String> named = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void send(final int pe, final Message m) {
            final WireEncoder e = node.encoder();
            e.encode(pe, m);
            if (m instanceof EntryMessage) {
                lengths.add(e.length());
            }
            final String text = new String(e.bytes(), 0, e.length(), java.nio.charset.StandardCharsets.ISO_8859_1);
            named.add(m.getClass().getSimpleName() + "=" + text.contains(Sender.class.getName()));
            e.sent();
        }

        @Override
        public void sendEncoded(final int toNode, final WireEncoder encoded) {
            encoded.sent();
        }

        @Override
        public void broadcastExit(final int code, final String abortMessage) {
        }

        @Override
        public void close() {
        }
    }

    private static Recording runJob(final java.util.function.Consumer<Recording> main) throws Exception {
        final Recording remote = new Recording();
        final Node node = new Node(Options.parse(new String[] {"+p2", "++ppn", "1"}), 0, remote);
        remote.node = node;
        final Thread t = new Thread(() -> node.run(() -> {
            main.accept(remote);
            Charm.exit();
        }));
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!t.isAlive(), "the job did not end");
        return remote;
    }

    @Test
    void argumentsAreCopiedForALocalReceiverOnlyAndACollectionIsDescribedOncePerProcess() throws Exception {
        final List<Integer> copiesSeen = new ArrayList<>();
        final Recording r = runJob(rec -> {
            final var local = RemotePathTest_SenderProxy.newChareOn(0);
            final var far = RemotePathTest_SenderProxy.newChareOn(1);
            local.encoderIdentity().get(); // the local one is built
            COPIES.set(0);
            local.take(new Counted(1));
            copiesSeen.add(COPIES.get());
            far.take(new Counted(2));
            far.take(new Counted(3));
            copiesSeen.add(COPIES.get());
        });
        assertEquals(List.of(1, 1), copiesSeen, "one copy for the local call, none for the two remote ones");
        assertEquals(2, r.lengths.size(), r.lengths.toString());
        // each creation described its collection to the other process; the calls name it by id, not by class
        assertEquals(List.of("Create=true", "Create=true", "take=false", "take=false"),
            r.named.stream().map(n -> n.replaceFirst("^E\\d+_", "")).toList(), r.named.toString());
    }

    @Test
    void aThreadedEntryMethodSendsWithItsPesEncoder() throws Exception {
        final List<Integer> ids = new ArrayList<>();
        runJob(rec -> {
            final var s = RemotePathTest_SenderProxy.newChareOn(0);
            ids.add(s.encoderIdentity().get());
            ids.add(s.encoderIdentityThreaded().get());
            ids.add(s.encoderIdentityThreaded().get());
        });
        assertEquals(3, ids.size());
        assertEquals(ids.get(0), ids.get(1));
        assertEquals(ids.get(0), ids.get(2));
    }
}
