package org.charm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bulk primitive-array serializers: the same bytes in place or value by value, every length, null. */
class BulkArraysTest {
    private static Kryo kryo() {
        final Kryo k = new Kryo();
        BulkArrays.register(k, 100);
        k.register(Fields.class, 110);
        return k;
    }

    /** A value with arrays of each kind, as a chare's fields. */
    static final class Fields {
        double[] d;
        float[] f;
        int[] i;
        long[] l;
        double[] none;
    }

    private static Fields fields(final int n, final long seed) {
        final SplittableRandom r = new SplittableRandom(seed);
        final Fields v = new Fields();
        v.d = r.doubles(n).toArray();
        v.d[0] = -0.0;
        if (n > 1) {
            v.d[n - 1] = Double.NaN;
        }
        v.f = new float[n];
        v.i = r.ints(n).toArray();
        v.l = r.longs(n).toArray();
        for (int k = 0; k < n; k++) {
            v.f[k] = (float) r.nextGaussian();
        }
        return v;
    }

    private static byte[] write(final Output out, final Object v) {
        kryo().writeObject(out, v);
        return out.toBytes();
    }

    private static Fields read(final Input in, final byte[] bytes) {
        in.setBuffer(bytes);
        final Fields v = kryo().readObject(in, Fields.class);
        assertEquals(bytes.length, in.position(), "every byte read");
        return v;
    }

    @Test
    void inPlaceAndValueByValueWriteTheSameBytesAndReadEachOther() {
        for (final int n : new int[] {1, 2, 7, 1000, 39_304}) {
            final Fields v = fields(n, n);
            final byte[] bulk = write(new BulkArrays.Out(16, -1), v);
            final byte[] plain = write(new Output(16, -1), v);
            assertArrayEquals(plain, bulk, n + " values");
            for (final Fields back : new Fields[] {read(new BulkArrays.In(), bulk), read(new Input(), bulk)}) {
                assertArrayEquals(v.d, back.d);
                assertArrayEquals(v.f, back.f);
                assertArrayEquals(v.i, back.i);
                assertArrayEquals(v.l, back.l);
                assertNull(back.none);
                assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.d[0]));
            }
        }
    }

    @Test
    void emptyArraysAndNullTravel() {
        final Fields v = new Fields();
        v.d = new double[0];
        v.l = new long[0];
        final Fields back = read(new BulkArrays.In(), write(new BulkArrays.Out(4, -1), v));
        assertEquals(0, back.d.length);
        assertEquals(0, back.l.length);
        assertNull(back.f);
        assertNull(back.i);
    }

    @Test
    void aTruncatedMessageFailsInsteadOfReadingPastItsEnd() {
        final byte[] bulk = write(new BulkArrays.Out(16, -1), fields(100, 1));
        final byte[] cut = java.util.Arrays.copyOf(bulk, 500);
        assertThrows(KryoException.class, () -> read(new BulkArrays.In(), cut));
    }

    @Test
    void aBoundedOutputRefusesWhatItCannotHold() {
        final double[] big = new double[1000];
        assertThrows(KryoException.class, () -> kryo().writeObject(new BulkArrays.Out(64, 1024), big));
    }
}
