package org.kvmlab.review.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the bench module's profiles in a JVM of its own: the benchmarks jar is found at
 * {@link #JAR} below the repository root, its profile runner writes {@code OUT/PROFILE.json}, and
 * that JMH JSON is what the performance section reads. The benchmarks never run in the review's
 * JVM; the review links only the bench's verdict engine, which judges the JSON.
 */
public final class BenchLauncher {
    /** The benchmarks jar, relative to the repository root. */
    public static final String JAR = "bench/target/benchmarks.jar";

    /** The bench's profile runner, a main class in the jar. */
    public static final String RUNNER = "org.kvmlab.bench.run.ProfileRunner";

    /** How long a run may take before it is stopped (the quick profile takes about 8). */
    public static final long TIMEOUT_MINUTES = 13;

    private BenchLauncher() {}

    /**
     * What to run: a profile of the bench ({@code quick}, {@code full}, {@code smoke}), options for
     * the bench's JVM, and the designs to measure (empty: every design the bench finds).
     */
    public record Command(String profile, List<String> jvmOptions, List<String> designs) {
        /** The quick profile, as {@code bench/run-profile quick} runs it: what the review runs. */
        public static final Command QUICK = new Command("quick", List.of());

        public Command {
            if (profile == null || !profile.matches("[a-z]+")) {
                throw new IllegalArgumentException("bench profile: " + profile);
            }
            if (jvmOptions == null) {
                throw new IllegalArgumentException("bench JVM options: null (use an empty list)");
            }
            if (designs == null) {
                throw new IllegalArgumentException("bench designs: null (use an empty list for every design)");
            }
            jvmOptions = List.copyOf(jvmOptions);
            designs = List.copyOf(designs);
        }

        /** A profile over every design the bench finds. */
        public Command(String profile, List<String> jvmOptions) {
            this(profile, jvmOptions, List.of());
        }

        /** The same run over {@code names} only (the bench's {@code -p design=...}). */
        public Command measuring(List<String> names) {
            return new Command(profile, jvmOptions, names);
        }

        /** The command line, this JVM's {@code java} first, the results going to {@code out}. */
        public List<String> line(Path root, Path out) {
            List<String> line = new ArrayList<>();
            line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // JMH reads its counters with sun.misc.Unsafe; JDK 25 warns about that unless allowed.
            line.add("--sun-misc-unsafe-memory-access=allow");
            // The core reserves guest memory with mmap through the FFM linker, a restricted method.
            line.add("--enable-native-access=ALL-UNNAMED");
            line.addAll(jvmOptions);
            line.addAll(List.of("-cp", root.resolve(JAR).toString(), RUNNER, profile, out.toString()));
            if (!designs.isEmpty()) {
                line.addAll(List.of("-p", "design=" + String.join(",", designs)));
            }
            return line;
        }

        /**
         * The command as the report shows it, run from the repository root: {@code java} for this
         * JVM's path and {@code out} as given.
         */
        public String shown(String out) {
            List<String> line = line(Path.of(""), Path.of(out));
            return "java " + String.join(" ", line.subList(1, line.size()));
        }

        /** The JMH JSON the runner writes, relative to its output folder. */
        public String result() {
            return profile + ".json";
        }
    }

    /** What happened: the JSON file, or why there is none. */
    public record Outcome(Path json, String problem) {}

    /** Whether the jar has been built. */
    public static boolean jarPresent(Path root) {
        return Files.isRegularFile(root.resolve(JAR));
    }

    /**
     * Runs {@code command}, copying the bench's output line by line to {@code progress}. The
     * review runs on a JDK 25 (it is compiled for one), so the bench runs on this JVM's JDK.
     *
     * @return the JSON file, or the reason there is none (no jar, a failed or timed-out run)
     */
    public static Outcome run(Path root, Path out, Command command, PrintStream progress) {
        if (!jarPresent(root)) {
            return new Outcome(null, JAR + " is not there (build it with: mvn -B -q package -pl bench -am -DskipTests)");
        }
        try {
            Files.createDirectories(out);
            Process process = new ProcessBuilder(command.line(root, out)).directory(root.toFile())
                    .redirectErrorStream(true).start();
            Thread pump = Thread.ofPlatform().daemon().start(() -> copyLines(process, progress));
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Outcome(null, "the bench did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            pump.join(5000);
            Path json = out.resolve(command.result());
            if (process.exitValue() != 0) {
                return new Outcome(null, "the bench exited with status " + process.exitValue());
            }
            if (!Files.isRegularFile(json)) {
                return new Outcome(null, "the bench left no " + json);
            }
            return new Outcome(json, null);
        } catch (IOException e) {
            return new Outcome(null, "the bench could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted");
        }
    }

    private static void copyLines(Process process, PrintStream progress) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                progress.println("  bench | " + line);
            }
        } catch (IOException ignored) {
            // The process ended; its exit status says how.
        }
    }
}
