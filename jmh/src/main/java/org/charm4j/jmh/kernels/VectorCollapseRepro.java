package org.charm4j.jmh.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A reproducer, with no charm4j code in the measured path, of the slowdown that {@link MixedKernelsBenchmark} shows:
 * a Lennard-Jones Vector API loop runs at about half speed when, earlier in the same JVM, another hot loop only
 * broadcast scalars ({@code DoubleVector.broadcast} and {@code reduceLanes}); loops of loads, adds and stores do not
 * cause it (measured here: cold 1158-1186, after broadcasts 491-492, after adds 1198 Mpairs/s). The pair loop's inlining
 * tree is the same in both cases but for class-hierarchy facts about memory segments, which C2 then guards with type
 * profiles. Run {@code java --add-modules=jdk.incubator.vector -cp jmh/target/benchmarks.jar
 * org.charm4j.jmh.kernels.VectorCollapseRepro cold|broadcast|add} (one JVM per mode) and compare.
 *
 * <p>What the kernel compiler's plain Lennard-Jones kernel on {@code DoubleArray}s showed (issue 16): after the
 * hand-written {@code double[]} Vector kernel ({@code LennardJones.forcesVectorHeap}) ran hot, it ran at 35-60
 * instead of about 1000 Mpairs/s in roughly half of the JVMs (bimodal, from run to run), and in those C2 compiled
 * {@code VectorSupport.load}/{@code store} as standalone methods and reported failed intrinsics
 * ({@code VectorSupport::compare}, {@code reductionCoerced}) under {@code -XX:+PrintIntrinsics}: vector operations
 * ran as boxed Java fallbacks. C1 cannot compile the generated method ("out of virtual registers in linear scan"),
 * so it is profiled by the interpreter and reached by on-stack replacement. Five JVMs out of five were fast with each
 * of {@code -XX:TypeProfileLevel=0}, {@code -XX:-TieredCompilation} and {@code -XX:-UseOnStackReplacement}; a fresh
 * segment view made at launch ({@code reinterpret}), scratch-array loads instead of {@code broadcast}, and
 * scalar lane sums instead of {@code lane(k)} did not help. Other pollutants tried alone (Jacobi kernels, off-heap
 * Lennard-Jones kernels, copies between heap and off-heap arrays) did not cause it.
 */
public final class VectorCollapseRepro {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private VectorCollapseRepro() {
    }

    static double pairs(final int n, final MemorySegment sa, final MemorySegment ga, final MemorySegment sb,
                        final MemorySegment gb) {
        final long ys = (long) n << 3;
        final long zs = (long) n << 4;
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector zero = DoubleVector.broadcast(S, 0.0);
        double energy = 0;
        for (int i = 0; i < n; i++) {
            final DoubleVector xi = DoubleVector.broadcast(S, sa.getAtIndex(D, i));
            final DoubleVector yi = DoubleVector.broadcast(S, sa.getAtIndex(D, n + i));
            final DoubleVector zi = DoubleVector.broadcast(S, sa.getAtIndex(D, 2 * n + i));
            DoubleVector fx = zero;
            DoubleVector fy = zero;
            DoubleVector fz = zero;
            DoubleVector en = zero;
            for (int j = 0; j < n - n % LANES; j += LANES) {
                final long o = (long) j << 3;
                final DoubleVector dx = xi.sub(DoubleVector.fromMemorySegment(S, sb, o, LE));
                final DoubleVector dy = yi.sub(DoubleVector.fromMemorySegment(S, sb, o + ys, LE));
                final DoubleVector dz = zi.sub(DoubleVector.fromMemorySegment(S, sb, o + zs, LE));
                final DoubleVector r2 = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                final VectorMask<Double> m = r2.compare(VectorOperators.LT, 144.0);
                final DoubleVector inv2 = one.div(r2);
                final DoubleVector inv6 = inv2.mul(inv2).mul(inv2);
                final DoubleVector f = zero.blend(inv2.mul(inv6).mul(inv6.mul(12.0).sub(6.0)), m);
                en = en.add(zero.blend(inv6.mul(inv6.sub(1.0)), m));
                final DoubleVector gx = f.mul(dx);
                final DoubleVector gy = f.mul(dy);
                final DoubleVector gz = f.mul(dz);
                fx = fx.add(gx);
                fy = fy.add(gy);
                fz = fz.add(gz);
                DoubleVector.fromMemorySegment(S, gb, o, LE).sub(gx).intoMemorySegment(gb, o, LE);
                DoubleVector.fromMemorySegment(S, gb, o + ys, LE).sub(gy).intoMemorySegment(gb, o + ys, LE);
                DoubleVector.fromMemorySegment(S, gb, o + zs, LE).sub(gz).intoMemorySegment(gb, o + zs, LE);
            }
            ga.setAtIndex(D, i, ga.getAtIndex(D, i) + fx.reduceLanes(VectorOperators.ADD));
            ga.setAtIndex(D, n + i, ga.getAtIndex(D, n + i) + fy.reduceLanes(VectorOperators.ADD));
            ga.setAtIndex(D, 2 * n + i, ga.getAtIndex(D, 2 * n + i) + fz.reduceLanes(VectorOperators.ADD));
            energy += en.reduceLanes(VectorOperators.ADD);
        }
        return energy;
    }

    static double pairsHeap(final int n, final double[] sa, final double[] ga, final double[] sb,
                            final double[] gb) {
        final int ys = n;
        final int zs = 2 * n;
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector zero = DoubleVector.broadcast(S, 0.0);
        double energy = 0;
        for (int i = 0; i < n; i++) {
            final DoubleVector xi = DoubleVector.broadcast(S, sa[i]);
            final DoubleVector yi = DoubleVector.broadcast(S, sa[n + i]);
            final DoubleVector zi = DoubleVector.broadcast(S, sa[2 * n + i]);
            DoubleVector fx = zero;
            DoubleVector fy = zero;
            DoubleVector fz = zero;
            DoubleVector en = zero;
            for (int j = 0; j < n - n % LANES; j += LANES) {
                final int o = j;
                final DoubleVector dx = xi.sub(DoubleVector.fromArray(S, sb, o));
                final DoubleVector dy = yi.sub(DoubleVector.fromArray(S, sb, o + ys));
                final DoubleVector dz = zi.sub(DoubleVector.fromArray(S, sb, o + zs));
                final DoubleVector r2 = dx.mul(dx).add(dy.mul(dy)).add(dz.mul(dz));
                final VectorMask<Double> m = r2.compare(VectorOperators.LT, 144.0);
                final DoubleVector inv2 = one.div(r2);
                final DoubleVector inv6 = inv2.mul(inv2).mul(inv2);
                final DoubleVector f = zero.blend(inv2.mul(inv6).mul(inv6.mul(12.0).sub(6.0)), m);
                en = en.add(zero.blend(inv6.mul(inv6.sub(1.0)), m));
                final DoubleVector gx = f.mul(dx);
                final DoubleVector gy = f.mul(dy);
                final DoubleVector gz = f.mul(dz);
                fx = fx.add(gx);
                fy = fy.add(gy);
                fz = fz.add(gz);
                DoubleVector.fromArray(S, gb, o).sub(gx).intoArray(gb, o);
                DoubleVector.fromArray(S, gb, o + ys).sub(gy).intoArray(gb, o + ys);
                DoubleVector.fromArray(S, gb, o + zs).sub(gz).intoArray(gb, o + zs);
            }
            ga[i] = ga[i] + fx.reduceLanes(VectorOperators.ADD);
            ga[n + i] = ga[n + i] + fy.reduceLanes(VectorOperators.ADD);
            ga[2 * n + i] = ga[2 * n + i] + fz.reduceLanes(VectorOperators.ADD);
            energy += en.reduceLanes(VectorOperators.ADD);
        }
        return energy;
    }

    /**
     * @param args {@code cold}, {@code broadcast} or {@code add}: what runs hot before the pair loop; then
     *             {@code heap} to run the same loop on {@code double[]} instead of memory segments.
     */
    public static void main(final String[] args) {
        final String mode = args.length > 0 ? args[0] : "cold";
        final double[] x = new double[4096];
        final double[] y = new double[4096];
        for (int r = 0; r < 20_000 && !mode.equals("cold"); r++) {
            for (int i = 0; i < x.length; i += LANES) {
                if (mode.equals("broadcast")) {
                    y[i] = DoubleVector.broadcast(S, x[i]).reduceLanes(VectorOperators.ADD);
                } else {
                    DoubleVector.fromArray(S, x, i).add(DoubleVector.fromArray(S, y, i)).intoArray(y, i);
                }
            }
        }
        final int n = 200;
        final MemorySegment sa = Arena.ofAuto().allocate(24L * n, 64);
        final MemorySegment sb = Arena.ofAuto().allocate(24L * n, 64);
        final MemorySegment gb = Arena.ofAuto().allocate(24L * n, 64);
        final MemorySegment ga = Arena.ofAuto().allocate(24L * n, 64);
        final java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < 3 * n; i++) {
            sa.setAtIndex(D, i, rnd.nextDouble() * 12);
            sb.setAtIndex(D, i, 12 + rnd.nextDouble() * 12);
        }
        final boolean onHeap = args.length > 1 && args[1].equals("heap");
        final double[] ha = sa.toArray(D);
        final double[] hb = sb.toArray(D);
        final double[] hga = new double[3 * n];
        final double[] hgb = new double[3 * n];
        double best = 0;
        double sink = 0;
        for (int rep = 0; rep < 12; rep++) {
            final long t0 = System.nanoTime();
            for (int r = 0; r < 3000; r++) {
                sink += onHeap ? pairsHeap(n, ha, hga, hb, hgb) : pairs(n, sa, ga, sb, gb);
            }
            best = Math.max(best, (double) n * n * 3000 / ((System.nanoTime() - t0) / 1e3));
        }
        System.out.printf("%s: %.0f Mpairs/s (checksum %s)%n", mode, best, sink != 0);
    }
}
