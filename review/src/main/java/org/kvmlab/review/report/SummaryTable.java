package org.kvmlab.review.report;

import java.util.ArrayList;
import java.util.List;

/** The report's tables as plain text for standard output: the comparison, one row per design, and the cost of change. */
public final class SummaryTable {
    private SummaryTable() {}

    public static String render(ReviewData d) {
        return render(Sections.comparisonTable(d));
    }

    /** Any of the report's tables as plain text: a header row, a rule, then the rows, columns aligned. */
    public static String render(Doc.Table t) {
        List<List<String>> all = new ArrayList<>();
        all.add(t.headers());
        all.addAll(t.rows());
        int[] width = new int[t.headers().size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(pad(row.get(i), width[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < width.length; i++) {
                    rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
                }
                out.append(rule).append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
