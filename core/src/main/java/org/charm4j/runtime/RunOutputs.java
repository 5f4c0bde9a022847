package org.charm4j.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.charm4j.Options;

/**
 * Writes an observed run's figures, from every PE's {@link PeReport}: the {@code +stats} table on standard output,
 * the {@code +trace} timeline (Chrome trace-event JSON, which Perfetto and {@code chrome://tracing} open) and the
 * {@code +report} page (one HTML file that draws its plots itself, from the figures it embeds).
 *
 * <p>Threading: PE 0, at the end of the run.
 */
final class RunOutputs {
    private RunOutputs() {
    }

    /** An entry method's calls and time, summed over PEs and processes. */
    record EntryRow(String name, long calls, long nanos) {
    }

    static void write(final Options o, final int numNodes, final List<PeReport> reports, final long[][] offsets,
                      final String missing, final TraceSpill spill) throws IOException {
        final List<EntryRow> entries = entries(reports);
        if (missing != null) {
            System.err.println("charm4j: " + missing);
        }
        if (o.stats() || o.traceFile() == null && o.reportDir() == null) {
            System.out.print(statsText(numNodes, reports, entries, offsets));
            System.out.flush();
        }
        if (o.traceFile() != null) {
            final Path p = Path.of(o.traceFile());
            final long events = writeTrace(p, reports, offsets, spill);
            final StringBuilder b = new StringBuilder();
            long dropped = 0;
            long sampled = 1;
            for (final PeReport r : reports) {
                dropped += r.droppedEvents;
                sampled = Math.max(sampled, r.flowEvery);
            }
            b.append("charm4j: trace of ").append(reports.size()).append(" PEs in ").append(numNodes)
                .append(" processes written to ").append(p).append(" (").append(events).append(" events");
            if (spill != null) {
                b.append(", ").append(spill.events()).append(" of them written out in ").append(spill.chunks())
                    .append(" chunks as the PEs' rings of ").append(PeStats.RING).append(" filled");
            }
            if (dropped > 0) {
                b.append("; once a PE has written out ").append(PeStats.MAX_CHUNKS).append(" chunks it keeps its"
                    + " latest ").append(PeStats.RING).append(" events: the rings of ").append(PeStats.RING).append(" events per PE dropped the ").append(dropped)
                    .append(" earliest, and messages are drawn one in ").append(sampled).append(" since");
            }
            b.append("): open it in https://ui.perfetto.dev or chrome://tracing");
            if (numNodes > 1) {
                b.append("; clocks aligned to process 0's within ").append(maxError(offsets) / 1000.0).append(" us");
            }
            System.err.println(b);
        }
        if (o.reportDir() != null) {
            final Path dir = Path.of(o.reportDir());
            Files.createDirectories(dir);
            final Path page = dir.resolve("index.html");
            Files.writeString(page, reportPage(o, numNodes, reports, entries, offsets), StandardCharsets.UTF_8);
            System.err.println("charm4j: report written to " + page + " (open it in a browser; it needs no network)");
        }
    }

    private static long maxError(final long[][] offsets) {
        long m = 0;
        for (final long[] o : offsets) {
            m = Math.max(m, o[1]);
        }
        return m;
    }

    static List<EntryRow> entries(final List<PeReport> reports) {
        final Map<String, long[]> sum = new LinkedHashMap<>();
        for (final PeReport r : reports) {
            for (int i = 0; i < r.entryNames.length; i++) {
                final long[] s = sum.computeIfAbsent(r.entryNames[i], k -> new long[2]);
                s[0] += r.entryCalls[i];
                s[1] += r.entryNanos[i];
            }
        }
        final List<EntryRow> rows = new ArrayList<>();
        sum.forEach((k, v) -> rows.add(new EntryRow(k, v[0], v[1])));
        rows.sort((a, b) -> Long.compare(b.nanos(), a.nanos()));
        return rows;
    }

    /** @return busy, runtime and idle fractions of a PE's time. */
    static double[] fractions(final PeReport r) {
        final double wall = Math.max(1, r.wallNanos);
        final double busy = r.busyNanos / wall;
        final double runtime = Math.max(0, r.workNanos - r.busyNanos) / wall;
        return new double[] {busy, runtime, Math.max(0, 1 - busy - runtime)};
    }

    static String statsText(final int numNodes, final List<PeReport> reports, final List<EntryRow> entries,
                            final long[][] offsets) {
        final StringBuilder b = new StringBuilder();
        long wall = 0;
        for (final PeReport r : reports) {
            wall = Math.max(wall, r.wallNanos);
        }
        b.append(String.format(Locale.ROOT, "charm4j stats: %d PEs in %d processes, %.3f s%n", reports.size(), numNodes,
            wall / 1e9));
        b.append(String.format(Locale.ROOT, "%5s %7s %7s %8s %7s %10s %10s %11s %12s %11s %12s%n", "PE", "process",
            "busy", "runtime", "idle", "handled", "sent here", "sent away", "bytes away", "came in", "bytes in"));
        long[] total = new long[6];
        for (final PeReport r : reports) {
            final double[] f = fractions(r);
            b.append(String.format(Locale.ROOT, "%5d %7d %6.1f%% %7.1f%% %6.1f%% %10d %10d %11d %12d %11d %12d%n", r.pe,
                r.node, 100 * f[0], 100 * f[1], 100 * f[2], r.handled, r.sentLocal, r.sentRemote, r.sentRemoteBytes,
                r.receivedRemote, r.receivedRemoteBytes));
            total[0] += r.handled;
            total[1] += r.sentLocal;
            total[2] += r.sentRemote;
            total[3] += r.sentRemoteBytes;
            total[4] += r.receivedRemote;
            total[5] += r.receivedRemoteBytes;
        }
        b.append(String.format(Locale.ROOT, "%5s %7s %7s %8s %7s %10d %10d %11d %12d %11d %12d%n", "all", "", "", "", "",
            total[0], total[1], total[2], total[3], total[4], total[5]));
        b.append(String.format(Locale.ROOT, "charm4j entry methods (summed over PEs and processes):%n%12s %12s %12s  %s%n",
            "calls", "total ms", "mean us", "method"));
        for (final EntryRow e : entries) {
            b.append(String.format(Locale.ROOT, "%12d %12.3f %12.3f  %s%n", e.calls(), e.nanos() / 1e6,
                e.calls() == 0 ? 0.0 : e.nanos() / 1e3 / e.calls(), e.name()));
        }
        if (numNodes > 1) {
            b.append("charm4j clocks: process offsets from process 0 (error bound):");
            for (int n = 1; n < offsets.length; n++) {
                b.append(String.format(Locale.ROOT, " %d: %+.1f us (%s)", n, offsets[n][0] / 1e3,
                    offsets[n][1] < 0 ? "no answer" : offsets[n][1] == 0 ? "exact: same machine"
                        : String.format(Locale.ROOT, "±%.1f us", offsets[n][1] / 1e3)));
            }
            b.append(System.lineSeparator());
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- the trace

    private static long writeTrace(final Path p, final List<PeReport> reports, final long[][] offsets,
                                   final TraceSpill spill) throws IOException {
        final Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        final long[] count = new long[1];
        try (var w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"charm4j +trace\",\"clockErrorsUs\":[");
            for (int n = 0; n < offsets.length; n++) {
                w.write((n > 0 ? "," : "") + offsets[n][1] / 1e3);
            }
            w.write("]},\"traceEvents\":[\n");
            boolean first = true;
            final java.util.BitSet named = new java.util.BitSet();
            for (final PeReport r : reports) {
                if (!named.get(r.node)) {
                    named.set(r.node);
                    w.write((first ? "" : ",\n") + "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":" + r.node
                        + ",\"args\":{\"name\":\"process " + r.node + "\"}}");
                    first = false;
                }
                w.write(",\n{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":" + r.node + ",\"tid\":" + r.pe
                    + ",\"args\":{\"name\":\"PE " + r.pe + "\"}}");
            }
            if (spill != null) {
                final IOException[] failed = new IOException[1];
                spill.forEach(c -> {
                    try {
                        if (c.node < offsets.length) {
                            count[0] += writeEvents(w, c, offsets[c.node][0]);
                        }
                    } catch (final IOException e) {
                        failed[0] = e;
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
            for (final PeReport r : reports) {
                if (r.evStart != null) {
                    count[0] += writeEvents(w, r, offsets[r.node][0]);
                }
            }
            w.write("\n]}\n");
        }
        return count[0];
    }

    /** Writes a PE's events (a chunk, or what its ring held at the end) on process 0's clock. */
    private static long writeEvents(final java.io.Writer w, final PeReport r, final long off) throws IOException {
        long count = 0;
        for (int i = 0; i < r.evStart.length; i++) {
            final double ts = (r.evStart[i] + off) / 1e3;
            final String head = ",\n{\"pid\":" + r.node + ",\"tid\":" + r.pe + ",\"ts\":" + us(ts);
            switch (r.evKind[i]) {
                case PeStats.SPAN -> {
                    final String name = r.names[r.evName[i]];
                    w.write(head + ",\"ph\":\"X\",\"dur\":" + us(r.evLength[i] / 1e3) + ",\"name\":"
                        + json(name) + ",\"cat\":\"entry\"" + (r.evDetail[i] == null ? ""
                        : ",\"args\":{\"index\":" + json(r.evDetail[i]) + "}") + "}");
                    if (r.evFlowIn[i] != 0) {
                        w.write(head + ",\"ph\":\"f\",\"bp\":\"e\",\"id\":" + r.evFlowIn[i]
                            + ",\"name\":\"call\",\"cat\":\"message\"}");
                        count++;
                    }
                }
                case PeStats.FLOW_OUT -> w.write(head + ",\"ph\":\"s\",\"id\":" + r.evLength[i]
                    + ",\"name\":\"call\",\"cat\":\"message\"}");
                default -> w.write(head + ",\"ph\":\"i\",\"s\":\"t\",\"name\":" + json(r.names[r.evName[i]])
                    + ",\"cat\":\"runtime\",\"args\":{\"what\":" + json(r.evDetail[i]) + "}}");
            }
            count++;
        }
        return count;
    }

    private static String us(final double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String json(final String s) {
        if (s == null) {
            return "null";
        }
        final StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // ---------------------------------------------------------------- the report page

    static String reportPage(final Options o, final int numNodes, final List<PeReport> reports,
                             final List<EntryRow> entries, final long[][] offsets) {
        long width = 0;
        for (final PeReport r : reports) {
            width = Math.max(width, r.binNanos);
        }
        final StringBuilder data = new StringBuilder("{\"options\":").append(json(o.toString()))
            .append(",\"processes\":").append(numNodes).append(",\"binSeconds\":").append(width / 1e9)
            .append(",\"pes\":[");
        for (int i = 0; i < reports.size(); i++) {
            final PeReport r = reports.get(i);
            final double[] f = fractions(r);
            // re-bin to the widest bins, shifted onto process 0's clock
            final int ratio = (int) (width / r.binNanos);
            final long shift = offsets[r.node][0] / width;
            final List<Double> util = new ArrayList<>();
            for (int b = 0; b < r.bins.length; b++) {
                final int j = (int) (b / ratio + shift);
                if (j < 0) {
                    continue;
                }
                while (util.size() <= j) {
                    util.add(0.0);
                }
                util.set(j, util.get(j) + r.bins[b] / (double) width);
            }
            data.append(i > 0 ? "," : "").append("{\"pe\":").append(r.pe).append(",\"node\":").append(r.node)
                .append(",\"busy\":").append(f[0]).append(",\"runtime\":").append(f[1]).append(",\"idle\":")
                .append(f[2]).append(",\"handled\":").append(r.handled).append(",\"sentLocal\":").append(r.sentLocal)
                .append(",\"sentRemote\":").append(r.sentRemote).append(",\"sentRemoteBytes\":")
                .append(r.sentRemoteBytes).append(",\"util\":[");
            for (int b = 0; b < util.size(); b++) {
                data.append(b > 0 ? "," : "").append(String.format(Locale.ROOT, "%.4f", Math.min(1, util.get(b))));
            }
            data.append("]}");
        }
        data.append("],\"entries\":[");
        for (int i = 0; i < entries.size(); i++) {
            final EntryRow e = entries.get(i);
            data.append(i > 0 ? "," : "").append("{\"name\":").append(json(e.name())).append(",\"calls\":")
                .append(e.calls()).append(",\"nanos\":").append(e.nanos()).append("}");
        }
        data.append("],\"steps\":[");
        boolean firstStep = true;
        for (final PeReport r : reports) {
            if (r.markTimes == null) {
                continue;
            }
            for (int i = 0; i < r.markTimes.length; i++) {
                data.append(firstStep ? "" : ",").append("{\"t\":").append((r.markTimes[i] + offsets[r.node][0]) / 1e9)
                    .append(",\"what\":").append(json(r.markTexts[i])).append("}");
                firstStep = false;
            }
        }
        data.append("]}");
        return PAGE.replace("/*DATA*/null", data.toString());
    }

    /** The page: its script draws the plots and tables from the data put in place of the marker. */
    private static final String PAGE = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>charm4j run report</title>
        <style>
        body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
        table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #ddd}
        th{background:#f4f4f4}td.name,th.name{text-align:left}td.name{font-family:monospace}svg{border:1px solid #ccc;background:#fff}
        .busy{fill:#2b7bb9}.runtime{fill:#e69f00}.idle{fill:#eee}code{font-size:12px}
        </style></head><body>
        <h1>charm4j run report</h1>
        <p id="summary"></p>
        <h2>PE utilization over time</h2>
        <svg id="util" width="900" height="260"></svg>
        <h2>Time per PE</h2>
        <svg id="split" width="900" height="40"></svg>
        <table id="pes"><thead><tr><th>PE</th><th>process</th><th>busy</th><th>runtime</th><th>idle</th><th>handled</th>
        <th>sent here</th><th>sent away</th><th>bytes away</th></tr></thead><tbody></tbody></table>
        <h2>Entry methods</h2>
        <table id="entries"><thead><tr><th>calls</th><th>total ms</th><th>mean us</th><th class="name">method</th></tr>
        </thead><tbody></tbody></table>
        <h2>Load-balancing steps</h2>
        <ol id="steps"></ol>
        <h2>Options</h2>
        <p><code id="options"></code></p>
        <script>
        const run = /*DATA*/null;
        const NS = 'http://www.w3.org/2000/svg';
        function el(parent, tag, attrs, text) {
          const e = document.createElementNS(parent.namespaceURI === NS || tag === 'svg' ? NS : null, tag);
          for (const k in attrs) e.setAttribute(k, attrs[k]);
          if (text !== undefined) e.textContent = text;
          parent.appendChild(e); return e;
        }
        function row(tbody, cells, cls) {
          const tr = document.createElement('tr');
          cells.forEach((c, i) => { const td = document.createElement('td'); td.textContent = c;
            if (cls && cls[i]) td.className = cls[i]; tr.appendChild(td); });
          tbody.appendChild(tr);
        }
        const pct = x => (100 * x).toFixed(1) + '%';
        document.getElementById('summary').textContent = run.pes.length + ' PEs in ' + run.processes
          + ' processes; ' + run.entries.reduce((a, e) => a + e.calls, 0) + ' entry-method calls';
        // utilization: the mean over PEs as an area, each PE as a thin line
        const svg = document.getElementById('util'), W = 900, H = 260, L = 50, B = 30;
        const bins = Math.max(1, ...run.pes.map(p => p.util.length));
        const x = i => L + (W - L - 10) * i / bins, y = u => H - B - (H - B - 10) * u;
        for (const u of [0, 0.5, 1]) { el(svg, 'line', {x1: L, x2: W - 10, y1: y(u), y2: y(u), stroke: '#ddd'});
          el(svg, 'text', {x: 5, y: y(u) + 4, 'font-size': 11}, pct(u)); }
        el(svg, 'text', {x: L, y: H - 8, 'font-size': 11}, '0 s');
        el(svg, 'text', {x: W - 60, y: H - 8, 'font-size': 11}, (bins * run.binSeconds).toFixed(2) + ' s');
        const mean = []; for (let i = 0; i < bins; i++) mean.push(run.pes.reduce((a, p) => a + (p.util[i] || 0), 0)
          / run.pes.length);
        let d = 'M' + x(0) + ' ' + y(0); mean.forEach((u, i) => { d += ' L' + x(i) + ' ' + y(u) + ' L' + x(i + 1)
          + ' ' + y(u); }); d += ' L' + x(bins) + ' ' + y(0) + ' Z';
        el(svg, 'path', {d: d, class: 'busy', 'fill-opacity': 0.35});
        run.pes.forEach(p => { let s = ''; p.util.forEach((u, i) => { s += (i ? ' L' : 'M') + x(i + 0.5) + ' ' + y(u); });
          if (s) el(svg, 'path', {d: s, fill: 'none', stroke: '#2b7bb9', 'stroke-width': 0.7, 'stroke-opacity': 0.6}); });
        run.steps.forEach(st => { const sx = L + (W - L - 10) * st.t / (bins * run.binSeconds);
          el(svg, 'line', {x1: sx, x2: sx, y1: 10, y2: H - B, stroke: '#c00', 'stroke-dasharray': '3 3'}); });
        // time per PE: stacked bars
        const split = document.getElementById('split'), bw = (W - 10) / run.pes.length;
        run.pes.forEach((p, i) => { let y0 = 0; for (const k of ['busy', 'runtime', 'idle']) {
          el(split, 'rect', {x: 5 + i * bw, y: 5 + 30 * y0, width: Math.max(1, bw - 2), height: 30 * p[k], class: k});
          y0 += p[k]; } });
        const pes = document.querySelector('#pes tbody');
        run.pes.forEach(p => row(pes, [p.pe, p.node, pct(p.busy), pct(p.runtime), pct(p.idle), p.handled, p.sentLocal,
          p.sentRemote, p.sentRemoteBytes]));
        const en = document.querySelector('#entries tbody');
        run.entries.forEach(e => row(en, [e.calls, (e.nanos / 1e6).toFixed(3), (e.calls ? e.nanos / 1e3 / e.calls : 0)
          .toFixed(3), e.name], [0, 0, 0, 'name']));
        const steps = document.getElementById('steps');
        if (run.steps.length === 0) steps.outerHTML = '<p>none</p>';
        run.steps.forEach(st => { const li = document.createElement('li'); li.textContent = st.t.toFixed(3) + ' s: '
          + st.what; steps.appendChild(li); });
        document.getElementById('options').textContent = run.options;
        document.body.setAttribute('data-drawn', 'yes');
        </script></body></html>
        """;
}
