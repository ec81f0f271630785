package org.kvmlab.bench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.bench.verdict.JmhJson;
import org.kvmlab.bench.verdict.Measurement;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.Options;

/**
 * Runs a {@link Profile} and writes its results: {@code OUT/PROFILE.json} (JMH's JSON, every
 * group's results merged) and {@code OUT/PROFILE.md} (the {@link RatioReport}). Further arguments
 * are JMH command-line options laid over the profile's (for example {@code -f 3}).
 *
 * <p>Usage: {@code ProfileRunner quick|targets|full|smoke OUT [JMH options]}. {@code bench/run-profile}
 * calls it with {@code OUT = target/bench} at the repository root. {@code ProfileRunner report
 * FILE.json} judges results saved earlier (by a profile, a review, or JMH's {@code -rf json}) by
 * today's targets and prints the report, running nothing.
 */
public final class ProfileRunner {
    private ProfileRunner() {}

    public static void main(String[] args) throws RunnerException, IOException, CommandLineOptionException {
        if (args.length == 2 && args[0].equals("report")) {
            report(Path.of(args[1]));
            return;
        }
        if (args.length < 2 || Arrays.stream(Profile.values()).noneMatch(p -> p.name().equalsIgnoreCase(args[0]))) {
            System.err.println("usage: ProfileRunner quick|targets|full|smoke OUT_DIR [JMH options] | ProfileRunner report FILE.json");
            System.exit(2);
        }
        Profile profile = Profile.valueOf(args[0].toUpperCase(Locale.ROOT));
        Path out = Path.of(args[1]);
        String[] jmhArgs = Arrays.copyOfRange(args, 2, args.length);
        long start = System.nanoTime();
        List<RunResult> results = run(profile, new CommandLineOptions(BenchDesigns.withDesigns(jmhArgs)));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        Files.createDirectories(out);
        String name = profile.name().toLowerCase(Locale.ROOT);
        Path json = out.resolve(name + ".json");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        String command = "bench/run-profile " + name + (jmhArgs.length == 0 ? "" : " " + String.join(" ", jmhArgs));
        String title = String.format(Locale.ROOT, "Profile `%s`: %d results in %d min %02d s", name, results.size(),
                seconds / 60, seconds % 60);
        String md = RatioReport.of(results.stream().map(Measurement::of).toList()).markdown(title, command,
                "JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        Files.writeString(out.resolve(name + ".md"), md);
        System.out.println();
        System.out.println(md);
        System.out.println("JSON: " + json.toAbsolutePath());
        System.out.println("Report: " + out.resolve(name + ".md").toAbsolutePath());
    }

    /** Prints the report of the JMH JSON {@code json}; a file that cannot be read is one line and status 2. */
    static void report(Path json) {
        List<Measurement> measurements;
        try {
            measurements = JmhJson.read(json);
        } catch (IOException e) {
            System.err.println("ProfileRunner report: " + json + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(RatioReport.of(measurements).markdown("Results of `" + json.getFileName() + "`: "
                + measurements.size() + " results", "bench/run-profile report " + json, null));
    }

    /** Runs every group of the profile, the command line's options laid over each. */
    public static List<RunResult> run(Profile profile, Options commandLine) throws RunnerException {
        List<RunResult> all = new ArrayList<>();
        for (Profile.Group group : profile.groups()) {
            Options options = new OverlayOptions(commandLine, profile.options(group).build());
            all.addAll(new Runner(options).run());
        }
        return all;
    }
}
