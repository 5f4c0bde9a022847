package org.charm4j.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.charm4j.gpu.cuda.Cuda;
import org.charm4j.gpu.cuda.CudaDevice;
import org.charm4j.gpu.cuda.Nvrtc;
import org.charm4j.gpu.opencl.OpenCl;
import org.charm4j.gpu.opencl.OpenClDevice;

/**
 * Opens a device of one API for a test that runs on each ({@code @ValueSource(strings = {"opencl", "cuda"})}): the
 * OpenCL one is PoCL in CI; the CUDA one is there only on a machine with an NVIDIA GPU, the driver and NVRTC, and the
 * test skips elsewhere, saying why.
 */
final class TestDevices {
    private TestDevices() {
    }

    /**
     * @param api {@code opencl} or {@code cuda}.
     * @return device 0 of that API, owned by the caller; skips the calling test where there is none.
     */
    static GpuDevice open(final String api) {
        if ("cuda".equals(api)) {
            assumeTrue(Cuda.available(), () -> "no CUDA device: " + Cuda.unavailableReason().orElse("?"));
            assumeTrue(Nvrtc.available(), () -> "no NVRTC: " + Nvrtc.unavailableReason().orElse("?"));
            final CudaDevice d = CudaDevice.first().orElse(null);
            assumeTrue(d != null, "no CUDA device 0");
            return GpuDevice.of(d);
        }
        assumeTrue(OpenCl.available(), () -> "no OpenCL device: " + OpenCl.unavailableReason().orElse("?"));
        final OpenClDevice d = OpenClDevice.first().orElse(null);
        assumeTrue(d != null, "no OpenCL device");
        return GpuDevice.of(d);
    }
}
