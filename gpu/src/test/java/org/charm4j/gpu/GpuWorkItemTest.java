package org.charm4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.charm4j.DoubleArray;
import org.charm4j.gpu.translate.Dialect;
import org.charm4j.gpu.translate.GpuSource;
import org.charm4j.gpu.translate.GpuTranslator;
import org.charm4j.kernels.Kernels;
import org.charm4j.kernels.Specialization;
import org.charm4j.kernels.WorkGrid;
import org.charm4j.kernels.lib.WorkGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kernels written per work item, with local memory and barriers ({@code org.charm4j.kernels.WorkItem}), on an OpenCL
 * device (PoCL in CI) and on a CUDA device give the CPU runner's bits; each device test skips, saying why, where its
 * API has no device.
 */
class GpuWorkItemTest {
    @ParameterizedTest
    @ValueSource(strings = {"opencl", "cuda"})
    void groupSumsOnTheDeviceEqualTheCpuRunnersTree(final String api) {
        final int n = 1000;
        final int levels = 6;
        final int groups = (n + 63) / 64;
        final Specialization s = Kernels.of(WorkGroups.class, "groupSums").specialize(n, levels);
        final DoubleArray in = DoubleArray.of(new SplittableRandom(9).doubles(n, -1, 1).toArray());
        final DoubleArray cpu = DoubleArray.allocate(groups);
        final DoubleArray gpu = DoubleArray.allocate(groups);
        final WorkGrid grid = WorkGrid.of(groups * 64).groups(64);
        s.invoke(grid, in, cpu);
        try (GpuDevice device = TestDevices.open(api); GpuKernel k = GpuKernel.compile(s, device)) {
            assertTrue(k.source().perWorkItem());
            if ("opencl".equals(api)) {
                assertTrue(k.source().text().contains("__local double local0[64]"), k.source().text());
                assertTrue(k.source().text().contains("barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);"),
                    k.source().text());
            }
            k.launch(grid, in, gpu).await();
        }
        for (int g = 0; g < groups; g++) {
            assertEquals(Double.doubleToRawLongBits(cpu.get(g)), Double.doubleToRawLongBits(gpu.get(g)), "group " + g);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencl", "cuda"})
    void theTiledStencilOnTheDeviceEqualsThePlainLoopsOnTheCpu(final String api) {
        for (final int[] c : new int[][] {{13, 7, 4, 4}, {64, 32, 16, 8}, {5, 9, 8, 1}}) {
            final int nx = c[0];
            final int ny = c[1];
            final int tx = c[2];
            final int ty = c[3];
            final int len = (nx + 2) * (ny + 2);
            final DoubleArray in = DoubleArray.of(new SplittableRandom(nx * 3L + ny).doubles(len).toArray());
            final DoubleArray plain = DoubleArray.allocate(len);
            final DoubleArray tiled = DoubleArray.allocate(len);
            Kernels.of(WorkGroups.class, "jacobi5").specialize(nx, ny).invoke(in, plain);
            final Specialization s = Kernels.of(WorkGroups.class, "jacobi5Tiled").specialize(nx, ny, tx, ty);
            try (GpuDevice device = TestDevices.open(api); GpuKernel k = GpuKernel.compile(s, device)) {
                k.launch(WorkGrid.of((nx + tx - 1) / tx * tx, (ny + ty - 1) / ty * ty).groups(tx, ty), in, tiled)
                    .await();
            }
            for (int i = 0; i < len; i++) {
                assertEquals(Double.doubleToRawLongBits(plain.get(i)), Double.doubleToRawLongBits(tiled.get(i)),
                    "element " + i + " of " + java.util.Arrays.toString(c));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencl", "cuda"})
    void aLaunchWithoutAWorkGridOrWithTooLargeAGroupSaysSo(final String api) {
        final Specialization s = Kernels.of(WorkGroups.class, "groupSums").specialize(64, 6);
        try (GpuDevice device = TestDevices.open(api); GpuKernel k = GpuKernel.compile(s, device)) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.launch(64, DoubleArray.allocate(64), DoubleArray.allocate(1)));
            assertTrue(e.getMessage().contains("pass a WorkGrid"), e.getMessage());
            final int tooMany = (int) Math.min(1 << 20, device.maxGroupItems() * 2);
            final IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> k.launch(WorkGrid.of(tooMany).groups(tooMany), DoubleArray.allocate(64),
                    DoubleArray.allocate(1)));
            assertTrue(big.getMessage().contains("runs at most"), big.getMessage());
        }
    }

    @Test
    void theCudaDialectUsesSharedMemoryThreadIdsAndSyncthreads() {
        final GpuSource cuda = GpuTranslator.translate(
            Kernels.of(WorkGroups.class, "jacobi5Tiled").specialize(13, 7, 4, 4).ir(), Dialect.CUDA);
        final String t = cuda.text();
        assertTrue(cuda.perWorkItem() && cuda.grid().isEmpty(), t);
        assertTrue(t.contains("__shared__ double local0[36]"), t);
        assertTrue(t.contains("__syncthreads();"), t);
        assertTrue(t.contains("threadIdx.y") && t.contains("blockIdx.x * blockDim.x + threadIdx.x"), t);
        assertTrue(t.contains("extern \"C\" __global__ void"), t);
    }
}
