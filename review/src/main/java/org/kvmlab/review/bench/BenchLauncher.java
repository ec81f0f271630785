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
 * Runs the bench module's quick profile in a JVM of its own, the only place where the review
 * touches the bench: the benchmarks jar is found at {@link #JAR} below the repository root and
 * run with {@link #COMMAND}; the JMH JSON it leaves at {@link #RESULT} is what the performance
 * section reads. The review never links against the bench, so it builds and runs without it.
 */
public final class BenchLauncher {
    /** The benchmarks jar, relative to the repository root. */
    public static final String JAR = "bench/target/benchmarks.jar";

    /**
     * The arguments after {@code java}: {@code {jar}} is replaced by the jar's path and
     * {@code {out}} by the folder the results go to. The bench's profile runner (a main class in
     * the jar) runs the quick profile's JMH groups and writes {@code OUT/quick.json}.
     */
    public static final List<String> COMMAND = List.of("--sun-misc-unsafe-memory-access=allow",
            "-cp", "{jar}", "org.kvmlab.bench.run.ProfileRunner", "quick", "{out}");

    /** The JMH JSON the command leaves, relative to {@code {out}}. */
    public static final String RESULT = "quick.json";

    /** How long the run may take before it is stopped. */
    public static final long TIMEOUT_MINUTES = 13;

    /** The JDK 25 used outside Maven when this JVM is older. */
    public static final String FALLBACK_JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    private BenchLauncher() {}

    /** What happened: the JSON file, or why there is none. */
    public record Outcome(Path json, String problem) {}

    /** Whether the jar has been built. */
    public static boolean jarPresent(Path root) {
        return Files.isRegularFile(root.resolve(JAR));
    }

    /** The command line, {@code java} first. */
    public static List<String> commandLine(Path root, Path out) {
        List<String> command = new ArrayList<>();
        command.add(java());
        for (String arg : COMMAND) {
            command.add(arg.replace("{jar}", root.resolve(JAR).toString()).replace("{out}", out.toString()));
        }
        return command;
    }

    /**
     * Runs the quick profile, copying its output line by line to {@code progress}.
     *
     * @return the JSON file, or the reason there is none (no jar, a failed or timed-out run)
     */
    public static Outcome run(Path root, Path out, PrintStream progress) {
        if (!jarPresent(root)) {
            return new Outcome(null, JAR + " is not there (build it with: mvn -B -q package -pl bench -am -DskipTests)");
        }
        try {
            Files.createDirectories(out);
            Process process = new ProcessBuilder(commandLine(root, out)).directory(root.toFile())
                    .redirectErrorStream(true).start();
            Thread pump = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        progress.println("  bench | " + line);
                    }
                } catch (IOException ignored) {
                    // The process ended; its exit status says how.
                }
            });
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Outcome(null, "the bench did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            pump.join(5000);
            Path json = out.resolve(RESULT);
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

    /** This JVM's {@code java} if it is a JDK 25 or newer, else {@link #FALLBACK_JAVA}. */
    static String java() {
        Path own = Path.of(System.getProperty("java.home"), "bin", "java");
        return Runtime.version().feature() >= 25 && Files.isExecutable(own) ? own.toString() : FALLBACK_JAVA;
    }
}
