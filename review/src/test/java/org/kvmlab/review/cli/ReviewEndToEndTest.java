package org.kvmlab.review.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmlab.review.design.Design;
import org.kvmlab.review.design.Designs;
import org.kvmlab.review.metrics.SourceLines;

/**
 * {@code kvmlab review --quick --no-bench --bench-results FIXED.json} on the real designs, as a
 * user runs it: within two minutes, every file written, progress per step, the table on standard
 * output, and the key numbers in the data behind the report.
 */
class ReviewEndToEndTest {
    private static QuickReport run;
    private static JsonNode data;

    @BeforeAll
    static void review() throws IOException {
        run = QuickReport.get();
        data = new ObjectMapper().readTree(QuickReport.OUT.resolve("review.json").toFile());
    }

    @Test
    void runsWithinTwoMinutes_andExits0() {
        assertWithMessage("stderr:\n%s", run.err).that(run.status).isEqualTo(0);
        assertThat(run.millis).isLessThan(120_000L);
    }

    @Test
    void writesTheReport_theMarkdown_theData_andTheCharts() throws IOException {
        for (String name : List.of("index.html", "REVIEW.md", "review.json")) {
            assertThat(Files.size(QuickReport.OUT.resolve(name))).isGreaterThan(1000L);
        }
        for (String design : designs()) {
            assertThat(run.file("patches/" + design + ".patch")).contains(" files changed, ");
        }
        try (Stream<java.nio.file.Path> charts = Files.list(QuickReport.OUT.resolve("charts"))) {
            assertThat(charts.map(p -> p.getFileName().toString()).toList()).containsExactly("chart-conformance.svg",
                    "chart-size.svg", "chart-surface.svg", "chart-patch.svg", "chart-change-01.svg",
                    "chart-change-02.svg", "chart-change-03.svg", "chart-change-04.svg", "chart-change-totals.svg",
                    "chart-limit.svg", "chart-vcpu.svg", "chart-slots.svg");
        }
    }

    @Test
    void progressPerStep_onStandardError() {
        for (int step = 1; step <= 8; step++) {
            assertThat(run.err).contains("kvmlab review [" + step + "/8] ");
        }
        assertThat(run.err).contains("  change 01-ghc-bad-hva: ");
        assertThat(run.err).contains("x86-prefixed: corpus with ScenarioRunner: ");
    }

    @Test
    void summaryTable_onStandardOutput() {
        List<String> lines = run.out.lines().toList();
        assertThat(lines.get(0)).startsWith("design ");
        assertThat(lines.get(0)).contains("conformance");
        assertThat(lines.get(0)).contains("declared differences");
        assertThat(lines.get(1)).startsWith("------");
        for (String design : designs()) {
            assertThat(lines.stream().anyMatch(l -> l.startsWith(design + " "))).isTrue();
        }
        assertThat(lines.getLast()).startsWith("Report: ");
    }

    @Test
    void conformance_everyDesignPassesItsQuickRun() {
        for (JsonNode c : data.get("conformance")) {
            assertWithMessage("%s", c.get("design")).that(c.get("failed").asLong()).isEqualTo(0L);
            assertThat(c.get("tests").asLong()).isGreaterThan(100L);
            assertThat(c.get("groups").get("property").get("passed").asLong()).isEqualTo(0L);
            assertThat(c.get("groups").get("scenario").get("passed").asLong()).isAtLeast(60L);
            assertThat(c.get("groups").get("architecture").get("failed").asLong()).isEqualTo(0L);
            assertThat(c.get("scenarioFiles").get("87-overlay-vga-smram.scn").asText()).isEqualTo("passed");
        }
        assertThat(data.get("quick").asBoolean()).isTrue();
    }

    @Test
    void metrics_agreeWithTheirOwnComputation_andTheDesignsShapes() {
        java.nio.file.Path root = Designs.findRoot(java.nio.file.Path.of(""));
        Design baseline = Designs.baseline(root);
        for (JsonNode size : data.get("size")) {
            String name = size.get("design").asText();
            Design design = name.equals(baseline.name()) ? baseline : Design.byConvention(root, name, null);
            assertThat(size.get("codeLines").asInt()).isEqualTo(SourceLines.of(design).codeLines());
        }
        assertThat(data.get("baseline").asText()).isEqualTo(baseline.name());
        // x86-prefixed keeps the pre-series generic layer: against the baseline its virt/ changes no code line.
        JsonNode x86Patch = find(data.get("patches"), "x86-prefixed");
        assertThat(x86Patch.get("filesAdded").asInt()).isAtLeast(1);
        for (JsonNode f : x86Patch.get("files")) {
            if (f.get("path").asText().startsWith("virt/")) {
                assertWithMessage("%s", f.get("path")).that(f.get("lines").get("codeAdded").asInt()
                        + f.get("lines").get("codeRemoved").asInt()).isEqualTo(0);
            }
        }
        for (JsonNode p : data.get("patches")) {
            assertWithMessage("%s", p.get("design")).that(p.get("lines").get("commentAdded").asInt()).isGreaterThan(0);
            assertWithMessage("%s", p.get("design")).that(p.get("lines").get("codeAdded").asInt()).isGreaterThan(0);
        }
        assertThat(find(data.get("surface"), "macro-generic").get("entryPoints").size()).isGreaterThan(10);
        long copies = segmentLoops("x86-prefixed");
        long generic = segmentLoops("macro-generic");
        assertThat(generic).isLessThan(copies);
        double x86Share = share("x86-prefixed");
        for (JsonNode d : data.get("duplication")) {
            assertThat(d.get("minimumTokens").asInt()).isEqualTo(50);
            assertThat(share(d.get("design").asText())).isAtMost(x86Share);
        }
        for (JsonNode a : data.get("architecture")) {
            assertThat(a.get("rules").size()).isAtLeast(4);
            for (JsonNode rule : a.get("rules")) {
                assertThat(rule.get("holds").asText()).isEqualTo("passed");
                assertThat(rule.get("catches").asText()).isEqualTo("passed");
            }
        }
    }

    @Test
    void performance_fromTheFixedJson_judgedByTheBench() {
        JsonNode p = data.get("performance");
        assertThat(p.get("source").asText()).contains("fixed-quick.json");
        JsonNode fourKib = outcome(p, "4k-copy");
        assertThat(fourKib.get("alike").asText()).isEqualTo("MISSED");
        JsonNode x86 = fourKib.get("designs").get(0);
        assertThat(x86.get("design").asText()).isEqualTo("x86-prefixed");
        assertThat(x86.get("verdict").asText()).isEqualTo("MISSED");
        assertThat(x86.get("deciding").get("value").asDouble()).isWithin(1e-9).of(51.5 / 40.3);
        assertThat(outcome(p, "8b-lru-read").get("alike").asText()).isEqualTo("MISSED");
        assertThat(outcome(p, "lookup-32764").get("designs").get(4).get("verdict").asText()).isEqualTo("MET");
        // Missed by every design alike: the table says so once, not as each design's failure.
        assertThat(run.out).contains("1.28 (missed by all)");
        assertThat(run.out).doesNotContain("(missed)");
    }

    @Test
    void html_hasEverySection_inlineCharts_andCollapsedPatches() {
        String html = run.file("index.html");
        for (String id : List.of("glance", "conformance", "size", "surface", "patch", "architecture", "performance", "argument",
                "changes")) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        assertThat(html.split("<svg", -1).length - 1).isEqualTo(12);
        assertThat(html).contains("<details><summary>[PATCH] macro-generic: code +");
        assertThat(html.indexOf("<section id=\"glance\">")).isLessThan(html.indexOf("<section id=\"conformance\">"));
        assertThat(html).contains("<span class=\"file\">--- a/virt/kvm/KvmGuestMemory.java</span>");
        assertThat(html).doesNotContain("<script");
        assertThat(html).doesNotContain("src=\"http");
        assertThat(html).doesNotContain("<link");
        String md = run.file("REVIEW.md");
        assertThat(md).contains("## 7. The argument next to the figure");
        assertThat(md).contains("## 8. The cost of change");
        assertThat(md).contains("Change 03-dirty-ring: ");
        assertThat(md).doesNotContain("```diff");
        assertThat(md).contains("](patches/macro-generic.patch)");
        assertThat(md.lines().count()).isLessThan(1500L);
        assertThat(md).contains("87-overlay-vga-smram.scn");
    }

    @Test
    void argument_everyDesignHasACase_withComputedVerdicts() {
        List<String> verdicts = new ArrayList<>();
        for (JsonNode c : data.get("argument")) {
            assertThat(c.get("thread").asText()).isNotEmpty();
            for (JsonNode point : c.get("points")) {
                verdicts.add(c.get("design").asText() + ": " + point.get("verdict").asText());
            }
        }
        assertThat(verdicts).contains("x86-prefixed: confirmed");
        assertThat(data.get("comparison").size()).isEqualTo(designs().size() + 1);
        assertThat(data.get("comparison").get(designs().size()).get("reference").asBoolean()).isTrue();
        assertThat(data.get("laterFacts").get("overlayRows").get(0).get("smramOverVideoRam").asText()).isEqualTo("EEXIST");
    }

    private static List<String> designs() {
        List<String> names = new ArrayList<>();
        data.get("designs").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static long segmentLoops(String design) {
        long n = 0;
        for (JsonNode loop : find(data.get("surface"), design).get("loops")) {
            n += loop.get("segmentLoop").asBoolean() ? 1 : 0;
        }
        return n;
    }

    private static double share(String design) {
        JsonNode d = find(data.get("duplication"), design);
        return d.get("duplicatedLines").asDouble() / d.get("codeLines").asDouble();
    }

    private static JsonNode outcome(JsonNode performance, String id) {
        for (JsonNode o : performance.get("judgement").get("outcomes")) {
            if (o.get("target").get("id").asText().equals(id)) {
                return o;
            }
        }
        throw new AssertionError("no target " + id);
    }

    private static JsonNode find(JsonNode list, String design) {
        for (JsonNode n : list) {
            if (n.get("design").asText().equals(design)) {
                return n;
            }
        }
        throw new AssertionError("no " + design);
    }

    @Test
    void missingBenchResults_isAUsageError() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Console console = new Console(new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        int status = Kvmlab.commandLine(console).execute("review", "--no-bench", "--bench-results", "no/such.json");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--bench-results no/such.json: no such file");
        assertThat(out.toString()).isEmpty();
    }
}
