package org.charm4j.apps.stencil3d.plots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the scaling scripts' charts as PNG files with XChart, headless: {@code ScalingPlots DIR} reads
 * {@code DIR/series.csv} (written by the script: {@code chart,series,x,y} rows, and {@code #chart,file,title,x
 * title,y title,log-x} lines naming each chart) and writes one PNG per chart into DIR.
 */
public final class ScalingPlots {
    private ScalingPlots() {
    }

    /** One chart: where it goes, its titles, its series in order. */
    private record Chart(String file, String title, String xTitle, String yTitle, boolean logX,
                         Map<String, List<double[]>> series) {
    }

    /**
     * @param args the folder holding series.csv.
     * @throws IOException if it cannot be read or a chart written.
     */
    public static void main(final String[] args) throws IOException {
        if (args.length != 1 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("Usage: ScalingPlots DIR   draws DIR/series.csv (chart,series,x,y rows) as PNG charts"
                + " in DIR");
            System.exit(args.length == 1 ? 0 : 2);
        }
        System.setProperty("java.awt.headless", "true");
        final Path dir = Path.of(args[0]);
        final Map<String, Chart> charts = read(dir.resolve("series.csv"));
        for (final Chart c : charts.values()) {
            final XYChart chart = new XYChartBuilder().width(900).height(540).title(c.title()).xAxisTitle(c.xTitle())
                .yAxisTitle(c.yTitle()).build();
            chart.getStyler().setXAxisLogarithmic(c.logX());
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            for (final Map.Entry<String, List<double[]>> s : c.series().entrySet()) {
                final double[] x = new double[s.getValue().size()];
                final double[] y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = s.getValue().get(i)[0];
                    y[i] = s.getValue().get(i)[1];
                }
                chart.addSeries(s.getKey(), x, y).setMarker(x.length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            }
            final Path out = dir.resolve(c.file());
            BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
            System.err.println("ScalingPlots: wrote " + out + ".png");
        }
    }

    private static Map<String, Chart> read(final Path csv) throws IOException {
        final Map<String, Chart> charts = new LinkedHashMap<>();
        int line = 0;
        for (final String l : Files.readAllLines(csv)) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            final String[] f = l.split(",", -1);
            if (l.startsWith("#chart,")) {
                if (f.length != 7) {
                    throw new IOException(csv + ":" + line + ": a #chart line has 7 fields: #chart,name,file,title,"
                        + "x title,y title,log-x");
                }
                charts.put(f[1], new Chart(f[2], f[3], f[4], f[5], Boolean.parseBoolean(f[6]), new LinkedHashMap<>()));
                continue;
            }
            if (f.length != 4) {
                throw new IOException(csv + ":" + line + ": a row has 4 fields: chart,series,x,y");
            }
            final Chart c = charts.get(f[0]);
            if (c == null) {
                throw new IOException(csv + ":" + line + ": chart " + f[0] + " has no #chart line before it");
            }
            c.series().computeIfAbsent(f[1], k -> new ArrayList<>())
                .add(new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
        }
        return charts;
    }
}
