package org.kvmlab.bench;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.bench.run.Profile;
import org.kvmlab.bench.run.ProfileRunner;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark method once, in this JVM, with the smallest parameters and every design
 * (the {@code smoke} profile): correctness, not timing, so that no benchmark rots. Each state's
 * set-up checks that its accessors succeed and see what they should, so a benchmark that would
 * time a failure fails here instead.
 */
class BenchSmokeTest {
    private static List<RunResult> results;

    @BeforeAll
    static void runSmokeProfile() throws Exception {
        results = ProfileRunner.run(Profile.SMOKE, new CommandLineOptions("-v", "SILENT"));
    }

    private static Set<String> listedBenchmarks() {
        Set<String> names = new TreeSet<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())) {
            names.add(e.getUsername());
        }
        return names;
    }

    @Test
    void everyBenchmarkMethod_producedAResult() {
        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            ran.add(r.getParams().getBenchmark());
        }

        assertThat(listedBenchmarks()).isNotEmpty();
        assertThat(ran).containsExactlyElementsIn(listedBenchmarks());
    }

    @Test
    void everyDesignParameterisedBenchmark_ranForEveryDesign() {
        Map<String, Set<String>> designsByBenchmark = new HashMap<>();
        for (RunResult r : results) {
            String design = r.getParams().getParam("design");
            if (design != null) {
                designsByBenchmark.computeIfAbsent(r.getParams().getBenchmark(), k -> new TreeSet<>()).add(design);
            }
        }
        List<String> all = BenchDesigns.names();

        assertThat(designsByBenchmark).isNotEmpty();
        designsByBenchmark.forEach((benchmark, designs) ->
                assertWithMessage(benchmark).that(designs).containsExactlyElementsIn(all));
    }

    @Test
    void everyResult_usedTheSmallestParameters_andHasAFiniteScore() {
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark() + " " + r.getParams().getParamsKeys();
            for (String key : r.getParams().getParamsKeys()) {
                String value = r.getParams().getParam(key);
                if (key.equals("size")) {
                    assertWithMessage(name).that(value).isEqualTo("8");
                }
                if (key.equals("slots")) {
                    assertWithMessage(name).that(value).isEqualTo("1");
                }
            }
            double score = r.getPrimaryResult().getScore();
            assertWithMessage(name).that(Double.isFinite(score) && score > 0).isTrue();
        }
    }
}
