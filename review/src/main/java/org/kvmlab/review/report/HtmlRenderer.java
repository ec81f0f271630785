package org.kvmlab.review.report;

import java.util.List;
import java.util.Map;
import org.kvmlab.review.report.Doc.Block;

/** The report as one self-contained HTML page: inline CSS, charts as inline SVG, no script, nothing fetched. */
public final class HtmlRenderer {
    private static final String CSS = """
            body{font:14px/1.45 "DejaVu Sans",Arial,sans-serif;margin:0;color:#222;background:#fafafa}
            header{background:#1f3b57;color:#fff;padding:18px 32px}header h1{margin:0;font-size:22px}
            header p{margin:4px 0 0;color:#cfe0f0}nav{padding:8px 32px;background:#e8eef4;font-size:13px}
            nav a{margin-right:14px;color:#1f3b57}main{padding:8px 32px 40px;max-width:1400px}
            section{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:6px 20px 16px;margin:16px 0}
            h2{color:#1f3b57;border-bottom:2px solid #e8eef4;padding-bottom:4px}h3{margin:18px 0 6px;color:#334}
            div.wide{overflow-x:auto}table{border-collapse:collapse;margin:8px 0;font-size:12px}th,td{border:1px solid #d5dbe2;padding:3px 5px;
            text-align:left;vertical-align:top}th{background:#eef2f6}tr:nth-child(even) td{background:#fbfcfd}
            td.bad{background:#fde2e1!important;color:#8a1010;font-weight:bold}td.good{color:#1d6b2a}
            td.open{background:#fff5d6!important}td.core{background:#e8eef4!important;color:#1f3b57}td.verdict{font-weight:bold;color:#1f3b57}figure.chart{margin:10px 0}figure.chart figcaption{font-size:12px;color:#556}
            details{margin:6px 0}summary{cursor:pointer;color:#1f3b57;font-weight:bold}
            pre.patch{font:12px/1.35 "DejaVu Sans Mono",monospace;background:#f6f8fa;border:1px solid #dde3ea;
            padding:8px;overflow-x:auto;white-space:pre}pre.patch .add{color:#116329;background:#e6ffec;display:inline-block;width:100%}
            pre.patch .del{color:#82071e;background:#ffebe9;display:inline-block;width:100%}pre.patch .hunk{color:#6639ba}
            pre.patch .file{font-weight:bold;color:#222}code{background:#eef2f6;padding:0 3px;border-radius:3px}
            """;

    private HtmlRenderer() {}

    /** The page. */
    public static String render(ReviewData d, List<Doc.Section> sections, Map<String, Charts.Chart> charts) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>kvm-accessor-lab: design review</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>kvm-accessor-lab: design review</h1><p>KVM's guest-memory accessor layer, once per design of "
                + "the May 2015 SMRAM thread; generated ").append(esc(d.generated())).append("</p></header>\n<nav>");
        for (Doc.Section s : sections) {
            h.append("<a href=\"#").append(s.id()).append("\">").append(esc(s.title())).append("</a>");
        }
        h.append("</nav>\n<main>\n");
        for (Doc.Section s : sections) {
            h.append("<section id=\"").append(s.id()).append("\"><h2>").append(esc(s.title())).append("</h2>\n");
            blocks(h, s.blocks(), charts);
            h.append("</section>\n");
        }
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private static void blocks(StringBuilder h, List<Block> blocks, Map<String, Charts.Chart> charts) {
        for (Block block : blocks) {
            switch (block) {
                case Doc.Para p -> h.append("<p>").append(inline(p.text())).append("</p>\n");
                case Doc.Items items -> {
                    h.append("<ul>");
                    items.items().forEach(i -> h.append("<li>").append(inline(i)).append("</li>"));
                    h.append("</ul>\n");
                }
                case Doc.Heading t -> h.append("<h3>").append(inline(t.text())).append("</h3>\n");
                case Doc.Table t -> table(h, t);
                case Doc.ChartRef c -> {
                    Charts.Chart chart = charts.get(c.id());
                    if (chart != null) {
                        h.append("<figure class=\"chart\" id=\"fig-").append(c.id()).append("\">").append(chart.svg())
                                .append("<figcaption>").append(esc(chart.title())).append("</figcaption></figure>\n");
                    }
                }
                case Doc.Details det -> {
                    h.append("<details><summary>").append(inline(det.summary())).append("</summary>\n");
                    blocks(h, det.blocks(), charts);
                    h.append("</details>\n");
                }
                case Doc.Diff diff -> {
                    h.append("<pre class=\"patch\">");
                    for (String line : diff.lines()) {
                        String css = line.startsWith("+++") || line.startsWith("---") ? "file"
                                : line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : null;
                        h.append(css == null ? esc(line) : "<span class=\"" + css + "\">" + esc(line) + "</span>").append('\n');
                    }
                    h.append("</pre>\n");
                }
            }
        }
    }

    private static void table(StringBuilder h, Doc.Table t) {
        // A wide table scrolls inside its section, so that the page itself never scrolls sideways.
        h.append("<div class=\"wide\"><table><thead><tr>");
        for (String header : t.headers()) {
            h.append("<th>").append(esc(header)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            for (String cell : row) {
                String css = cell.startsWith("missed by every design alike") || cell.contains("(missed by all)") ? "core"
                        : cell.startsWith("FAIL") || cell.startsWith("missed") || cell.contains("(missed)")
                        || cell.equals("failed") ? "bad"
                        : cell.equals("confirmed") || cell.equals("contradicted") || cell.equals("mixed") ? "verdict"
                        : cell.startsWith("open") || cell.contains("(open)") ? "open"
                        : cell.startsWith("pass") || cell.startsWith("met") ? "good" : null;
                h.append(css == null ? "<td>" : "<td class=\"" + css + "\">").append(inline(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    /** Escapes text and turns {@code `code`} spans into {@code <code>}. */
    static String inline(String text) {
        String[] parts = esc(text).split("`", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            out.append(i % 2 == 1 && i < parts.length - 1 ? "<code>" + parts[i] + "</code>" : (i % 2 == 1 ? "`" : "") + parts[i]);
        }
        return out.toString();
    }

    static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
