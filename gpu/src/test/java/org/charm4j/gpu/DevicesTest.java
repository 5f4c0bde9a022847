package org.charm4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.charm4j.Options;
import org.junit.jupiter.api.Test;

/** {@code +device}: parsed by the runtime's options, chosen in order, missing devices refused or skipped aloud. */
class DevicesTest {
    @Test
    void theOptionIsCheckedWhenTheJobStarts() {
        assertEquals("cpu", Options.parse(new String[] {"+p1"}).device());
        assertEquals("opencl:1,cpu", Options.parse(new String[] {"+device", "OpenCL:1, cpu"}).device());
        assertTrue(Options.parse(new String[] {"+kernelSource"}).kernelSource());
        assertTrue(!Options.parse(new String[] {"+p2"}).kernelSource());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Options.parse(new String[] {"+device", "gpu"}));
        assertTrue(e.getMessage().contains("'gpu' is not a device"), e.getMessage());
    }

    @Test
    void cpuIsAlwaysThereAndAMissingDeviceIsAnErrorUnlessALaterOneIs() {
        assertTrue(Devices.choose("cpu").isCpu());
        if (!org.charm4j.gpu.cuda.Cuda.available()) {
            final IllegalStateException cuda = assertThrows(IllegalStateException.class,
                () -> Devices.choose("cuda"));
            assertTrue(cuda.getMessage().contains("cuda: ") && cuda.getMessage().contains("libcuda.so.1"),
                cuda.getMessage());
        }
        final IllegalStateException far = assertThrows(IllegalStateException.class,
            () -> Devices.choose("opencl:99"));
        assertTrue(far.getMessage().contains("opencl:99") && far.getMessage().contains("Add cpu"), far.getMessage());
        final Devices.Choice fallback = Devices.choose("cuda:0,opencl:99,cpu");
        assertTrue(fallback.isCpu());
        assertEquals(2, fallback.skipped().size(), fallback.skipped().toString());
    }

    @Test
    void openClIsTakenWhereThereIsOne() {
        OpenClForTests.assumeDevice();
        final Devices.Choice c = Devices.choose("cuda,opencl,cpu");
        try {
            assertEquals("opencl:0", c.name());
            assertTrue(c.device().isPresent() && c.device().get().openCl().isPresent() && c.skipped().size() == 1,
                c.toString());
        } finally {
            c.device().ifPresent(GpuDevice::close);
        }
    }
}
