package org.kvmlab.bench;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The packaged jar lists every benchmark: JDK 23 and later run no annotation processor found only
 * on the class path, so a build that lost the compiler plugin's {@code annotationProcessorPaths}
 * would package a jar with none.
 */
class BenchmarkJarIT {
    @Test
    void benchmarksJar_listsEveryBenchmark() throws IOException, InterruptedException {
        Path jar = Path.of("target", "benchmarks.jar");
        assertThat(Files.exists(jar)).isTrue();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", jar.toString(), "-l").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(0);

        Set<String> expected = new TreeSet<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of())) {
            expected.add(e.getUsername());
        }
        Set<String> listed = new TreeSet<>();
        out.lines().map(String::strip).filter(l -> l.startsWith("org.kvmlab.bench.")).forEach(listed::add);

        assertThat(expected).isNotEmpty();
        assertThat(listed).containsExactlyElementsIn(expected);
    }
}
