package org.charm4j.gpu;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the gpu module's tests without Maven: on a GPU machine that has a Java runtime but no build tools
 * ({@code bin/gpu-carry} packs the runtime, the jars and these test classes), so that the CUDA tests, which skip
 * here, run where there is a device. Prints JUnit's summary, each failure, and the skipped tests with their reasons;
 * exits 1 if a test failed.
 *
 * <p>Threading: its main thread.
 */
public final class DeviceTestRunner {
    private DeviceTestRunner() {
    }

    /**
     * @param args package names to run (default {@code org.charm4j.gpu}, which holds every test of the module).
     */
    public static void main(final String[] args) {
        final LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        if (args.length == 0) {
            request.selectors(selectPackage("org.charm4j.gpu"));
        } else {
            for (final String p : args) {
                request.selectors(selectPackage(p));
            }
        }
        final LauncherDiscoveryRequest built = request.build();
        final Launcher launcher = LauncherFactory.create();
        final SummaryGeneratingListener summary = new SummaryGeneratingListener();
        final org.junit.platform.launcher.TestExecutionListener skipped =
            new org.junit.platform.launcher.TestExecutionListener() {
                @Override
                public void executionSkipped(final org.junit.platform.launcher.TestIdentifier id, final String why) {
                    System.out.println("skipped: " + id.getDisplayName() + ": " + why);
                }

                @Override
                public void executionFinished(final org.junit.platform.launcher.TestIdentifier id,
                                              final org.junit.platform.engine.TestExecutionResult result) {
                    if (id.isTest()) {
                        System.out.println(result.getStatus() + ": " + id.getUniqueId().replaceAll(".*class:", "")
                            + result.getThrowable().map(t -> " (" + t + ")").orElse(""));
                    }
                }
            };
        launcher.execute(built, summary, skipped);
        final TestExecutionSummary s = summary.getSummary();
        final PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 20);
        System.exit(s.getTotalFailureCount() == 0 ? 0 : 1);
    }
}
