package org.kvmlab.review.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kvmlab.bench.run.RatioReport;
import org.kvmlab.bench.verdict.JmhJson;
import org.kvmlab.bench.verdict.Targets;

/**
 * One fixed JMH JSON fed to the bench's report ({@link RatioReport}, what {@code bench/run-profile}
 * prints) and to the review ({@code kvmlab review --bench-results}): both print the same verdict
 * for every target and every design, read back from the text each writes.
 */
class OneVerdictTest {

    @Test
    void benchReportAndReview_printTheSameVerdictForEveryTarget() throws IOException {
        String bench = RatioReport.of(JmhJson.read(QuickReport.BENCH)).markdown("fixed", "fixed-quick.json", null);
        QuickReport review = QuickReport.get();
        assertThat(review.status).isEqualTo(0);
        String markdown = review.file("REVIEW.md");
        String performance = markdown.substring(markdown.indexOf("## 6. Performance"), markdown.indexOf("## 7. "));

        Map<String, List<String>> fromBench = verdicts(bench);
        Map<String, List<String>> fromReview = verdicts(performance);
        assertThat(fromBench.keySet()).containsExactlyElementsIn(
                Targets.ALL.stream().map(org.kvmlab.bench.verdict.Target::title).toList()).inOrder();
        assertThat(fromReview).isEqualTo(fromBench);
        // And what the fixed figures say (the fixture's README): one verdict per design, in design order.
        assertThat(fromReview.get(Targets.FOUR_KIB.title())).containsExactly("missed", "missed", "missed", "missed",
                "missed");
        assertThat(fromReview.get(Targets.EIGHT_BYTES_LRU.title())).containsExactly("missed", "missed", "missed",
                "missed", "missed");
        assertThat(fromReview.get(Targets.VCPU_TO_VM.title())).containsExactly("open", "open", "open", "open", "open");
        assertThat(fromReview.get(Targets.LOOKUP_SCALING.title())).containsExactly("open", "open", "open", "open", "met");
        assertThat(fromReview.get(Targets.ZERO_ALLOCATION.title())).containsExactly("met", "met", "met", "met", "met");
    }

    /**
     * Each target's row of a Markdown targets table: the verdict of each design's cell, or, where
     * the row says every design missed it alike, "missed" for each.
     */
    private static Map<String, List<String>> verdicts(String markdown) {
        Map<String, List<String>> verdicts = new LinkedHashMap<>();
        for (String line : markdown.lines().toList()) {
            if (!line.startsWith("| ")) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(line.substring(2, line.length() - 2).split(" \\| ", -1)));
            String title = cells.getFirst();
            if (Targets.ALL.stream().noneMatch(t -> t.title().equals(title.replace("\\|", "|")))) {
                continue;
            }
            String summary = cells.getLast();
            List<String> designs = cells.subList(1, 6);
            List<String> words = new ArrayList<>();
            for (String cell : designs) {
                words.add(summary.startsWith("missed by every design alike") ? "missed" : cell.split(":", 2)[0]);
            }
            assertWithMessage("a row of %s", title).that(verdicts.put(title, words)).isNull();
        }
        return verdicts;
    }
}
