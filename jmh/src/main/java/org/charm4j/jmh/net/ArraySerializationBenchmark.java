package org.charm4j.jmh.net;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.concurrent.TimeUnit;
import org.charm4j.runtime.BulkArrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A value with two {@code double[]} fields written and read back with Kryo, as a message or a migrating chare between
 * processes is: with the runtime's {@link BulkArrays} (one memory copy per array) against Kryo's own array
 * serializers (a loop of one value at a time). 900 doubles are a LeanMD cell's positions; 39 304 a stencil3d block of
 * 32^3 with its ghost layer (two of them migrate with the block).
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar ArraySerializationBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ArraySerializationBenchmark {
    /** Doubles per array. */
    @Param({"900", "39304"})
    public int length;

    private final Kryo bulk = new Kryo();
    private final Kryo plain = new Kryo();
    private final BulkArrays.Out bulkOut = new BulkArrays.Out(256, -1);
    private final BulkArrays.In bulkIn = new BulkArrays.In();
    private final Output plainOut = new Output(256, -1);
    private final Input plainIn = new Input();
    private Block value;

    /** A chare's state: two arrays. */
    public static final class Block {
        double[] temperature;
        double[] next;
    }

    /** Registers the value's class with both Kryos and fills the arrays. */
    @Setup
    public void setUp() {
        BulkArrays.register(bulk, 100);
        bulk.register(Block.class, 110);
        plain.register(double[].class, 100);
        plain.register(Block.class, 110);
        value = new Block();
        value.temperature = new double[length];
        value.next = new double[length];
        for (int i = 0; i < length; i++) {
            value.temperature[i] = i * 0.5;
            value.next[i] = -i;
        }
    }

    /** @return the value read back, written with the runtime's serializers. */
    @Benchmark
    public Block bulkWriteRead() {
        bulkOut.reset();
        bulk.writeObject(bulkOut, value);
        bulkIn.setBuffer(bulkOut.getBuffer(), 0, bulkOut.position());
        return bulk.readObject(bulkIn, Block.class);
    }

    /** @return the value read back, written with Kryo's. */
    @Benchmark
    public Block kryoWriteRead() {
        plainOut.reset();
        plain.writeObject(plainOut, value);
        plainIn.setBuffer(plainOut.getBuffer(), 0, plainOut.position());
        return plain.readObject(plainIn, Block.class);
    }
}
