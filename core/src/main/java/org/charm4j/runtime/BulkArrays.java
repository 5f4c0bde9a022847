package org.charm4j.runtime;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Primitive heap arrays ({@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}) in messages between
 * processes, written and read as one memory copy each instead of Kryo's loop of one value at a time: a migrating
 * stencil block (two 39 304-double arrays) took 1.3 ms to write and read that way once compiled, and 27 ms the first
 * time in a JVM, where the loop still ran in the interpreter. The bytes are {@code length + 1} as a variable-length
 * int (0 for null), then the values little-endian at their full width, whether or not the output or input is an
 * {@link Out} or {@link In} (plain ones go value by value): for {@code double[]} and {@code float[]} that is Kryo's
 * own form; Kryo writes {@code int[]} and {@code long[]} as variable-length values, these do not.
 *
 * <p>Threading: the serializers are stateless (one of each, shared by every Kryo); an {@link Out} or {@link In}
 * belongs to one encoder or decoder.
 */
public final class BulkArrays {
    private static final ValueLayout.OfDouble DOUBLE =
        ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT =
        ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private BulkArrays() {
    }

    /** An output that takes an array's values in place: its buffer grown once, then one copy. */
    public static final class Out extends Output {
        private final HeapView view = new HeapView();

        /**
         * @param bufferSize    the first buffer's size.
         * @param maxBufferSize the largest, or -1 for no limit.
         */
        public Out(final int bufferSize, final int maxBufferSize) {
            super(bufferSize, maxBufferSize);
        }

        /** Writes {@code count} values of {@code array} at the position, which then moves past them. */
        void put(final Object array, final ValueLayout layout, final int count) {
            final int n = Math.toIntExact(count * layout.byteSize());
            require(n);
            MemorySegment.copy(array, 0, view.of(buffer), layout, position, count);
            position += n;
        }
    }

    /** An input that gives an array's values in place: one copy out of its buffer. */
    public static final class In extends Input {
        private final HeapView view = new HeapView();

        /** An input without a buffer yet ({@link #setBuffer}). */
        public In() {
        }

        /** Reads {@code count} values into {@code array} from the position, which then moves past them. */
        void get(final Object array, final ValueLayout layout, final int count) {
            final int n = Math.toIntExact(count * layout.byteSize());
            require(n);
            MemorySegment.copy(view.of(buffer), layout, position, array, 0, count);
            position += n;
        }
    }

    /** The segment over a buffer, made again only when the buffer is another (grown or set): nothing per array. */
    private static final class HeapView {
        private byte[] of;
        private MemorySegment segment;

        MemorySegment of(final byte[] buffer) {
            if (buffer != of) {
                of = buffer;
                segment = MemorySegment.ofArray(buffer);
            }
            return segment;
        }
    }

    /**
     * Registers the serializers of the four array types on a Kryo.
     *
     * @param k       the Kryo.
     * @param firstId the registration id of {@code double[]}; {@code float[]}, {@code int[]}, {@code long[]} follow.
     * @return the next free id.
     */
    public static int register(final Kryo k, final int firstId) {
        int id = firstId;
        k.register(double[].class, DOUBLES, id++);
        k.register(float[].class, FLOATS, id++);
        k.register(int[].class, INTS, id++);
        k.register(long[].class, LONGS, id++);
        return id;
    }

    /** How one array type is written value by value to a plain Output. */
    @FunctionalInterface
    private interface PlainWrite<A> {
        void write(Output out, A array, int length);
    }

    /** How one array type is read value by value from a plain Input. */
    @FunctionalInterface
    private interface PlainRead<A> {
        A read(Input in, int length);
    }

    /** One array type: its length and values, in place through an {@link Out} or {@link In}, else value by value. */
    private static final class Bulk<A> extends Serializer<A> {
        private final ValueLayout layout;
        private final java.util.function.ToIntFunction<A> length;
        private final java.util.function.IntFunction<A> make;
        private final java.util.function.UnaryOperator<A> copy;
        private final PlainWrite<A> plainWrite;
        private final PlainRead<A> plainRead;

        Bulk(final ValueLayout layout, final java.util.function.ToIntFunction<A> length,
             final java.util.function.IntFunction<A> make, final java.util.function.UnaryOperator<A> copy,
             final PlainWrite<A> plainWrite, final PlainRead<A> plainRead) {
            this.layout = layout;
            this.length = length;
            this.make = make;
            this.copy = copy;
            this.plainWrite = plainWrite;
            this.plainRead = plainRead;
            setAcceptsNull(true);
        }

        @Override
        public void write(final Kryo kryo, final Output out, final A a) {
            if (a == null) {
                out.writeVarInt(0, true);
                return;
            }
            final int n = length.applyAsInt(a);
            out.writeVarInt(n + 1, true);
            if (out instanceof Out o) {
                o.put(a, layout, n);
            } else {
                plainWrite.write(out, a, n);
            }
        }

        @Override
        public A read(final Kryo kryo, final Input in, final Class<? extends A> type) {
            final int n = in.readVarInt(true) - 1;
            if (n < 0) {
                return null;
            }
            if (in instanceof In i) {
                final A a = make.apply(n);
                i.get(a, layout, n);
                return a;
            }
            return plainRead.read(in, n);
        }

        @Override
        public A copy(final Kryo kryo, final A original) {
            return copy.apply(original);
        }
    }

    private static final Bulk<double[]> DOUBLES = new Bulk<>(DOUBLE, a -> a.length, double[]::new, double[]::clone,
        (out, a, n) -> out.writeDoubles(a, 0, n), Input::readDoubles);
    private static final Bulk<float[]> FLOATS = new Bulk<>(FLOAT, a -> a.length, float[]::new, float[]::clone,
        (out, a, n) -> out.writeFloats(a, 0, n), Input::readFloats);
    private static final Bulk<int[]> INTS = new Bulk<>(INT, a -> a.length, int[]::new, int[]::clone,
        (out, a, n) -> out.writeInts(a, 0, n), Input::readInts);
    private static final Bulk<long[]> LONGS = new Bulk<>(LONG, a -> a.length, long[]::new, long[]::clone,
        (out, a, n) -> out.writeLongs(a, 0, n), Input::readLongs);
}
