package org.charm4j.gpu.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * For tests that need a CUDA device (and NVRTC): they skip, saying why, where there is none, as on a machine without
 * an NVIDIA GPU.
 */
public final class CudaForTests {
    private CudaForTests() {
    }

    /** Skips the calling test unless CUDA has a device here. */
    public static void assumeDevice() {
        assumeTrue(Cuda.available(), () -> "no CUDA device: " + Cuda.unavailableReason().orElse("?"));
    }

    /** Skips the calling test unless NVRTC is available here. */
    public static void assumeNvrtc() {
        assumeTrue(Nvrtc.available(), () -> "no NVRTC: " + Nvrtc.unavailableReason().orElse("?"));
    }

    /** @return CUDA device 0, owned by the caller; skips the calling test where there is none. */
    public static CudaDevice openOrSkip() {
        assumeDevice();
        final CudaDevice d = CudaDevice.first().orElse(null);
        assumeTrue(d != null, "no CUDA device 0");
        return d;
    }

    /** @return CUDA device 0, owned by the caller; skips the calling test unless NVRTC is available too. */
    public static CudaDevice openWithNvrtcOrSkip() {
        assumeDevice();
        assumeNvrtc();
        return openOrSkip();
    }
}
