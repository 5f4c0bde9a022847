package org.charm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code +stats}, {@code +trace} and {@code +report} count what ran, in one process and over in-JVM nodes. */
@Timeout(180)
class ObservedRunTest {
    private static final Pattern PE_LINE = Pattern.compile("(?m)^\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)%\\s+([\\d.]+)%\\s+"
        + "([\\d.]+)%\\s+(\\d+)");
    private static final Pattern PING_ROW = Pattern.compile("(?m)^\\s+(\\d+)\\s+[\\d.]+\\s+[\\d.]+\\s+Pinger\\.ping\\(\\)$");
    private static final Pattern ALL_LINE = Pattern.compile("(?m)^\\s+all\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)"
        + "\\s+(\\d+)$");

    @TempDir
    Path dir;

    /** More events than the rings hold: each full ring is written out, so the trace keeps every call and flow. */
    @ParameterizedTest
    @ValueSource(strings = {"2 2", "4 2"})
    void aLongTraceIsWrittenOutAsTheRingsFill(final String layout) throws Exception {
        final String[] l = layout.split(" ");
        final int pes = Integer.parseInt(l[0]);
        final int ppn = Integer.parseInt(l[1]);
        final Path trace = dir.resolve("long.json");
        final int calls = 3 * org.charm4j.runtime.PeStatsAccess.ring() + 1_000;
        final long[] counted = new long[1];
        final Jobs.Result r = Jobs.run(pes, ppn, new String[] {"+trace", trace.toString()}, args -> {
            counted[0] = ObservedChecks.many(calls);
            Charm.exit();
        });
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(calls, counted[0]);
        assertTrue(r.stderr().matches("(?s).*of them written out in \\d+ chunks as the PEs' rings of \\d+ filled.*")
            && !r.stderr().contains("dropped"), r.stderr());
        assertTrue(Files.notExists(Path.of(trace + ".chunks")), "the chunks' file is deleted after the exit");
        final String json = Files.readString(trace, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{") && json.strip().endsWith("]}"), json.substring(0, Math.min(300, json.length())));
        assertEquals(calls, count(json, "\"ph\":\"X\",\"dur\":[\\d.]+,\"name\":\"Ticker\\.tick\\(\\)\""),
            "a span per call, those of every full ring included");
        final List<String> sent = ids(json, "s");
        final List<String> received = ids(json, "f");
        assertTrue(sent.size() >= calls && new java.util.HashSet<>(sent).equals(new java.util.HashSet<>(received)),
            "every call's flow starts and ends: " + sent.size() + " " + received.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 2", "4 2"})
    void statsTraceAndReportCountTheCallsThatRan(final String layout) throws Exception {
        final String[] l = layout.split(" ");
        final int pes = Integer.parseInt(l[0]);
        final int ppn = Integer.parseInt(l[1]);
        final Path trace = dir.resolve("run.json");
        final Path report = dir.resolve("report");
        final int[] calls = new int[1];
        final String out = Jobs.checks(pes, ppn, new String[] {"+stats", "+trace", trace.toString(), "+report",
            report.toString()}, () -> CheckLog.check((calls[0] = ObservedChecks.run()) > 0, "the observed run ran", ""));
        assertTrue(out.contains("charm4j stats: " + pes + " PEs in " + pes / ppn + " processes"), out);
        final Matcher ping = PING_ROW.matcher(out);
        assertTrue(ping.find(), out);
        assertEquals(calls[0], Long.parseLong(ping.group(1)), out);
        final Matcher pe = PE_LINE.matcher(out);
        int lines = 0;
        double busiest = 0;
        while (pe.find()) {
            lines++;
            final double sum = Double.parseDouble(pe.group(3)) + Double.parseDouble(pe.group(4))
                + Double.parseDouble(pe.group(5));
            assertTrue(Math.abs(sum - 100) < 0.35, "busy + runtime + idle = " + sum + "%\n" + out);
            busiest = Math.max(busiest, Double.parseDouble(pe.group(3)));
        }
        assertEquals(pes, lines, out);
        assertTrue(busiest > 0, out);
        final Matcher all = ALL_LINE.matcher(out);
        assertTrue(all.find(), out);
        if (ppn < pes) {
            assertTrue(Long.parseLong(all.group(3)) > 0 && Long.parseLong(all.group(4)) > 0
                && Long.parseLong(all.group(5)) > 0, "messages and bytes between processes are counted\n" + out);
            assertTrue(out.contains("exact: same machine"), out);
        }

        final String json = Files.readString(trace, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{") && json.strip().endsWith("]}"), json.substring(0, Math.min(300, json.length())));
        assertEquals(calls[0], count(json, "\"ph\":\"X\",\"dur\":[\\d.]+,\"name\":\"Pinger\\.ping\\(\\)\""), "a span"
            + " per call");
        for (int p = 0; p < pes; p++) {
            assertTrue(json.contains("\"name\":\"thread_name\",\"pid\":" + p / ppn + ",\"tid\":" + p + ","), "PE " + p
                + " has its track");
        }
        final List<String> sent = ids(json, "s");
        final List<String> received = ids(json, "f");
        assertTrue(!sent.isEmpty() && new java.util.HashSet<>(sent).containsAll(received)
            && new java.util.HashSet<>(received).containsAll(sent), "every flow that starts ends: " + sent.size() + " "
            + received.size());

        final Path page = report.resolve("index.html");
        final String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.contains("\"name\":\"Pinger.ping()\",\"calls\":" + calls[0]) && !html.contains("<link")
            && !html.contains("<script src") && !html.contains("<img"), "the page embeds its figures and loads nothing");
    }

    private static int count(final String text, final String regex) {
        final Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static List<String> ids(final String json, final String ph) {
        final Matcher m = Pattern.compile("\"ph\":\"" + ph + "\",(?:\"bp\":\"e\",)?\"id\":(\\d+)").matcher(json);
        final List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The report page, drawn by a real browser (Debian's chromium, headless): its numbers are the run's. */
    @Test
    void theReportPageDrawsInHeadlessChromium() throws Exception {
        final Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium), "skipped: no /usr/bin/chromium here (.ci/run installs"
            + " Debian's chromium package)");
        final Path report = dir.resolve("report");
        final int[] calls = new int[1];
        final String out = Jobs.checks(2, 2, new String[] {"+report", report.toString(), "+stats"},
            () -> CheckLog.check((calls[0] = ObservedChecks.run()) > 0, "the observed run ran", ""));
        final Matcher ping = PING_ROW.matcher(out);
        assertTrue(ping.find(), out);
        final Path page = report.resolve("index.html");
        final String dom = browser(chromium, "--dump-dom", page.toUri().toString());
        assertTrue(dom.contains("data-drawn=\"yes\""), "the page's script ran to its end:\n" + dom);
        assertTrue(dom.contains("<td>" + ping.group(1) + "</td>") && dom.contains("<td class=\"name\">Pinger.ping()"
            + "</td>"), "the entry table shows the calls +stats counted (" + ping.group(1) + "):\n" + dom);
        assertTrue(dom.contains("<path") && dom.contains("class=\"busy\""), "the utilization plot is drawn");
        final Path shot = dir.resolve("report.png");
        browser(chromium, "--screenshot=" + shot, "--window-size=1000,1400", page.toUri().toString());
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the page: " + Files.size(shot) + " bytes");
    }

    private String browser(final Path chromium, final String... args) throws Exception {
        final List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
            "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.err").toFile()).start();
        final String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return stdout;
    }
}
