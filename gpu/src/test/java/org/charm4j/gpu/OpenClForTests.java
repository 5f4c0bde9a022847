package org.charm4j.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.charm4j.gpu.opencl.OpenCl;
import org.charm4j.gpu.opencl.OpenClDevice;

/** For tests that need an OpenCL device: they skip, saying why, where there is none (PoCL provides one in CI). */
public final class OpenClForTests {
    private OpenClForTests() {
    }

    /** Skips the calling test unless OpenCL has a device here. */
    public static void assumeDevice() {
        assumeTrue(OpenCl.available(), () -> "no OpenCL device: " + OpenCl.unavailableReason().orElse("?"));
    }

    /** @return the first OpenCL device, owned by the caller; skips the calling test where there is none. */
    public static OpenClDevice openOrSkip() {
        assumeDevice();
        final OpenClDevice d = OpenClDevice.first().orElse(null);
        assumeTrue(d != null, "no OpenCL device");
        return d;
    }
}
