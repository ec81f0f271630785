package org.kvmlab.review.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.kvmlab.bench.verdict.Figure;
import org.kvmlab.bench.verdict.Judgement;
import org.kvmlab.bench.verdict.Measurement;
import org.kvmlab.bench.verdict.TargetOutcome;
import org.kvmlab.review.changes.ChangesReport;
import org.kvmlab.review.changes.PairResult;
import org.kvmlab.review.metrics.Duplication;
import org.kvmlab.review.metrics.PatchSize;
import org.kvmlab.review.metrics.Surface;

/**
 * The report's charts, drawn by JFreeChart into JFreeSVG's SVG graphics, so that each is an SVG
 * element to inline in the page (and a file beside it for the Markdown). Each chart has an id; a
 * section without figures gets no chart.
 */
public final class Charts {
    static final int WIDTH = 760;
    static final int HEIGHT = 340;
    private static final Color[] PALETTE = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0x59a14f),
        new Color(0xe15759), new Color(0x76b7b2), new Color(0xb07aa1)};

    private Charts() {}

    /** One chart: its id, title and SVG markup. */
    public record Chart(String id, String title, String svg) {}

    /** Every chart the data supports, by id. */
    public static Map<String, Chart> of(ReviewData d) {
        Map<String, Chart> charts = new LinkedHashMap<>();
        add(charts, conformance(d));
        add(charts, size(d));
        add(charts, surface(d));
        add(charts, patch(d));
        for (ChangesReport.Change change : d.changes().changes()) {
            add(charts, change(d, change));
        }
        add(charts, changeTotals(d));
        if (d.performance().measured()) {
            add(charts, toLimit(d));
            add(charts, vcpuToVm(d));
            add(charts, slots(d));
        }
        return charts;
    }

    private static void add(Map<String, Chart> charts, Chart chart) {
        if (chart != null) {
            charts.put(chart.id(), chart);
        }
    }

    static Chart conformance(ReviewData d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ReviewData.Conformance c : d.conformance()) {
            long passed = c.groups().values().stream().mapToLong(ReviewData.Counts::passed).sum();
            long skipped = c.groups().values().stream().mapToLong(ReviewData.Counts::skipped).sum();
            data.addValue(passed, "passed", c.design());
            data.addValue(c.failed(), "failed", c.design());
            data.addValue(skipped, "skipped", c.design());
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, "tests", data, PlotOrientation.VERTICAL,
                true, false, false);
        style(chart, new Color[] {new Color(0x59a14f), new Color(0xe15759), new Color(0xbab0ac)});
        return render("chart-conformance", "Tests of each design, by outcome", chart);
    }

    static Chart size(ReviewData d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Duplication.Result r : d.duplication()) {
            data.addValue(r.codeLines(), "code lines", r.design());
            data.addValue(r.duplicatedLines(), "duplicated code lines (CPD)", r.design());
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        return render("chart-size", "Code lines and duplicated code lines per design", bars(data, "lines"));
    }

    static Chart surface(ReviewData d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Surface.Result r : d.surface()) {
            data.addValue(r.entryPointCount(), "entry points", r.design());
            data.addValue(r.oneLiners(), "one-liners", r.design());
            data.addValue(r.segmentLoops(), "segment loops", r.design());
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        return render("chart-surface", "Public accessor entry points, one-liners and segment loops", bars(data, "count"));
    }

    static Chart patch(ReviewData d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (PatchSize.Result r : d.patches()) {
            data.addValue(r.lines().codeAdded(), "code lines added", r.design());
            data.addValue(r.lines().codeRemoved(), "code lines removed", r.design());
            data.addValue(r.lines().commentAdded(), "comment lines added", r.design());
            data.addValue(r.lines().commentRemoved(), "comment lines removed", r.design());
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        JFreeChart chart = bars(data, "lines");
        style(chart, new Color[] {new Color(0x59a14f), new Color(0xe15759), new Color(0xa6d49f), new Color(0xf4a5a6)});
        return render("chart-patch", "Each design as a patch against the pre-series baseline, code and comments apart",
                chart);
    }

    /** The id of a change's chart. */
    static String changeChartId(ChangesReport.Change change) {
        return "chart-change-" + change.number();
    }

    /** What one change cost each design that passed it: code lines changed, functions touched, places to check. */
    static Chart change(ReviewData d, ChangesReport.Change change) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (PairResult r : d.changes().of(change.id())) {
            if (r.cost() == null) {
                continue;
            }
            String design = r.baseline() ? r.design() + " (baseline)" : r.design();
            data.addValue(r.cost().code(), "code lines changed", design);
            data.addValue(r.cost().functions().size(), "functions touched", design);
            data.addValue(r.cost().places().size(), "places to check", design);
            data.addValue(r.cost().untouchedCopies().size(), "copies left untouched", design);
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        JFreeChart chart = bars(data, "count");
        style(chart, new Color[] {new Color(0x4e79a7), new Color(0x76b7b2), new Color(0xf28e2b), new Color(0xe15759)});
        return render(changeChartId(change), "Change " + change.id() + ": what it cost each design", chart);
    }

    /** Every design's totals over the changes, beside its duplicated lines. */
    static Chart changeTotals(ReviewData d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ChangesReport.Totals t : d.changes().totals()) {
            if (t.carried() == 0) {
                continue;
            }
            data.addValue(t.code(), "code lines changed, all changes", t.design());
            data.addValue(t.places(), "places to check, all changes", t.design());
            Duplication.Result dup = d.duplicationOf(t.design());
            data.addValue(dup == null ? 0 : dup.duplicatedLines(), "duplicated code lines (CPD)", t.design());
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        return render("chart-change-totals", "The cost of every change, per design, beside its duplication",
                bars(data, "lines or places"));
    }

    static Chart toLimit(ReviewData d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Judgement j = d.performance().judgement();
        for (Figure f : j.figures().toLimit()) {
            if (f.design() != null && f.to().method().matches(COPY_LIMIT)) {
                data.addValue(f.value(), f.design(), label(f));
            }
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        JFreeChart chart = bars(data, "time / physical limit");
        markers(chart, j, Figure.Kind.TO_LIMIT);
        return render("chart-limit", "Time per operation as a ratio to the bare copy of the same bytes", chart);
    }

    /** The bench's bare-copy limits; the typed and core-copy ones are in the tables only. */
    private static final String COPY_LIMIT = "limit_(read|write)(8)?";

    static Chart vcpuToVm(ReviewData d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Judgement j = d.performance().judgement();
        for (Figure f : j.figures().vcpuToVm()) {
            data.addValue(f.value(), f.design(), label(f));
        }
        for (Figure f : j.figures().pollutedToClean()) {
            data.addValue(f.value(), f.design(), "polluted/clean " + label(f));
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        JFreeChart chart = bars(data, "ratio");
        markers(chart, j, Figure.Kind.VCPU_TO_VM);
        return render("chart-vcpu", "vCPU-level / VM-level, and polluted / clean", chart);
    }

    /** A line at each target's bound for figures of {@code kind}, labelled with the target's id. */
    private static void markers(JFreeChart chart, Judgement j, Figure.Kind kind) {
        j.outcomes().stream().map(TargetOutcome::target).filter(t -> t.kind() == kind)
                .forEach(t -> marker(chart, t.atMost(), Fmt.ratio(t.atMost()) + " (" + t.id() + ")"));
    }

    /** Time against slot count, one line per design and benchmark; the counts measured, evenly spaced. */
    static Chart slots(ReviewData d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<Measurement> points = d.performance().judgement().figures().measurements().stream()
                .filter(m -> m.param("slots") != null && m.method().toLowerCase(java.util.Locale.ROOT).contains("random"))
                .sorted(java.util.Comparator.comparingInt(m -> Integer.parseInt(m.param("slots")))).toList();
        for (Measurement m : points) {
            String key = (m.design() == null ? "core (no design)" : m.design()) + " " + m.method();
            data.addValue(m.score(), key, String.format(java.util.Locale.ROOT, "%,d", Integer.parseInt(m.param("slots"))));
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        JFreeChart chart = ChartFactory.createLineChart(null, "memslots (the counts measured)", "ns/op", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        return render("chart-slots", "Time with random gfns against the number of memslots", chart);
    }

    /** The benchmark, and its parameters where there are any. */
    private static String label(Figure f) {
        String params = f.of().paramsText();
        return f.of().benchmark() + (params.isEmpty() ? "" : " " + params);
    }

    private static JFreeChart bars(DefaultCategoryDataset data, String axis) {
        JFreeChart chart = ChartFactory.createBarChart(null, null, axis, data, PlotOrientation.VERTICAL, true, false, false);
        style(chart, PALETTE);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.##")));
        renderer.setDefaultItemLabelsVisible(data.getColumnCount() * data.getRowCount() <= 24);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        if (data.getColumnCount() > 4) {
            plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return chart;
    }

    private static void style(JFreeChart chart, Color[] colors) {
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
        }
        CategoryAxis domain = plot.getDomainAxis();
        domain.setMaximumCategoryLabelLines(3);
    }

    /** A dashed target line, the value axis stretched to show it. */
    private static void marker(JFreeChart chart, double value, String label) {
        CategoryPlot plot = chart.getCategoryPlot();
        double top = 0;
        for (int row = 0; row < plot.getDataset().getRowCount(); row++) {
            for (int col = 0; col < plot.getDataset().getColumnCount(); col++) {
                Number n = plot.getDataset().getValue(row, col);
                top = n == null ? top : Math.max(top, n.doubleValue());
            }
        }
        double upper = Math.max(plot.getRangeAxis().getUpperBound(), Math.max(top, value) * 1.08);
        plot.getRangeAxis().setRange(0, upper);
        ValueMarker marker = new ValueMarker(value, new Color(0xaa0000), new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        marker.setLabel(label);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        chart.getCategoryPlot().addRangeMarker(marker);
    }

    private static Chart render(String id, String title, JFreeChart chart) {
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        g2.setDefsKeyPrefix(id + "-");
        chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        return new Chart(id, title, g2.getSVGElement(id));
    }
}
