package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** User types travel with no registration, and a registered serializer takes over their form. */
@Timeout(60)
class SerializersTest {
    /** A plain user class: Kryo writes its fields. */
    public static final class Particle {
        double x;
        double y;
        String tag;
    }

    /** A class whose registered serializer writes only its value, marking what it read. */
    public static final class Celsius {
        final double value;
        final boolean fromSerializer;

        Celsius(final double value, final boolean fromSerializer) {
            this.value = value;
            this.fromSerializer = fromSerializer;
        }
    }

    static final class CelsiusSerializer extends Serializer<Celsius> {
        @Override
        public void write(final Kryo kryo, final Output out, final Celsius c) {
            out.writeDouble(c.value);
        }

        @Override
        public Celsius read(final Kryo kryo, final Input in, final Class<? extends Celsius> type) {
            return new Celsius(in.readDouble(), true);
        }
    }

    /** Receives user objects. */
    public static class Sink extends Chare {
        @Entry
        public String take(final Particle p, final List<Celsius> temps) {
            return p.tag + "(" + p.x + "," + p.y + ") " + temps.stream().map(t -> t.value + ":" + t.fromSerializer)
                .toList();
        }
    }

    @Test
    void userObjectsTravelWithinAndAcrossNodesAndRegisteredSerializersApply() {
        Serializers.register(Celsius.class, new CelsiusSerializer());
        for (final int ppn : new int[] {2, 1}) {
            final List<Object> out = Collections.synchronizedList(new ArrayList<>());
            Jobs.ok(2, ppn, args -> {
                final Particle p = new Particle();
                p.x = 1.5;
                p.y = -2;
                p.tag = "p";
                out.add(SerializersTest_SinkProxy.newChareOn(1).take(p, new ArrayList<>(List.of(
                    new Celsius(21.5, false)))).get());
                Charm.exit();
            });
            assertEquals("p(1.5,-2.0) [21.5:true]", out.get(0), "ppn " + ppn);
        }
    }
}
