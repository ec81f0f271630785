package org.kvmlab.review.report;

import java.util.List;
import java.util.Map;
import org.kvmlab.review.report.Doc.Block;

/** The report as Markdown (GitHub flavour): tables, charts as the SVG files beside it, patches as the files beside it. */
public final class MarkdownReport {
    private MarkdownReport() {}

    /** {@code REVIEW.md}; charts are linked from {@code charts/ID.svg}. */
    public static String render(ReviewData d, List<Doc.Section> sections, Map<String, Charts.Chart> charts) {
        StringBuilder m = new StringBuilder("# kvm-accessor-lab: design review\n\n");
        m.append("Generated ").append(d.generated()).append(" by `./kvmlab review`; the same report with its charts "
                + "inline is `index.html` beside this file, the data behind both `review.json`.\n\n");
        for (Doc.Section s : sections) {
            m.append("## ").append(s.title()).append("\n\n");
            blocks(m, s.blocks(), charts);
        }
        return m.toString();
    }

    private static void blocks(StringBuilder m, List<Block> blocks, Map<String, Charts.Chart> charts) {
        for (Block block : blocks) {
            switch (block) {
                case Doc.Para p -> m.append(p.text()).append("\n\n");
                case Doc.Items items -> {
                    items.items().forEach(i -> m.append("- ").append(i).append('\n'));
                    m.append('\n');
                }
                case Doc.Heading t -> m.append("### ").append(t.text()).append("\n\n");
                case Doc.Table t -> table(m, t);
                case Doc.ChartRef c -> {
                    Charts.Chart chart = charts.get(c.id());
                    if (chart != null) {
                        m.append("![").append(chart.title()).append("](charts/").append(c.id()).append(".svg)\n\n");
                    }
                }
                case Doc.Details det -> {
                    m.append("<details><summary>").append(HtmlRenderer.esc(det.summary())).append("</summary>\n\n");
                    blocks(m, det.blocks(), charts);
                    m.append("</details>\n\n");
                }
                case Doc.Diff diff -> m.append("The patch, " + diff.lines().size() + " lines: [")
                        .append(diff.file()).append("](").append(diff.file()).append(")\n\n");
            }
        }
    }

    private static void table(StringBuilder m, Doc.Table t) {
        m.append('|');
        t.headers().forEach(h -> m.append(' ').append(cell(h)).append(" |"));
        m.append("\n|");
        t.headers().forEach(h -> m.append(" --- |"));
        m.append('\n');
        for (List<String> row : t.rows()) {
            m.append('|');
            row.forEach(c -> m.append(' ').append(cell(c)).append(" |"));
            m.append('\n');
        }
        m.append('\n');
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
