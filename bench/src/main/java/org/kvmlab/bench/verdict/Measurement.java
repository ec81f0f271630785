package org.kvmlab.bench.verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.ListStatistics;

/**
 * One JMH result: one benchmark method with one combination of parameters.
 *
 * @param benchmark {@code Class.method}, the class's simple name ({@code GuestCopyBench.readGuest_vm})
 * @param design    the {@code design} parameter as a design name ({@code X86_PREFIXED} and
 *                  {@code x86-prefixed} both become {@code x86-prefixed}), or null for a run without
 *                  one (a limit, the core's own search)
 * @param params    every other parameter, by name
 * @param score     the primary metric's score
 * @param error     its 99.9% error half-width, 0 where JMH gives none (one iteration)
 * @param unit      the primary metric's unit ({@code ns/op})
 * @param allocNorm bytes allocated per operation ({@code -prof gc}'s {@code gc.alloc.rate.norm}),
 *                  NaN without it
 * @param forks     each fork's own score and error, in fork order; empty when the run had one fork
 *                  or the results do not say (a target that must hold in every fork looks at these)
 */
public record Measurement(String benchmark, String design, Map<String, String> params, double score, double error,
                          String unit, double allocNorm, List<Fork> forks) {
    /** The secondary metric {@code -prof gc} reports allocation under (JMH 1.37; older ones prefix a dot). */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /** The parameter {@link #fork} adds: which fork a per-fork measurement comes from. */
    public static final String FORK = "fork";

    public Measurement {
        if (benchmark == null || benchmark.indexOf('.') <= 0) {
            throw new IllegalArgumentException("benchmark must be Class.method: " + benchmark);
        }
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        error = Double.isNaN(error) ? 0 : error;
        forks = forks == null || forks.size() < 2 ? List.of() : List.copyOf(forks);
    }

    /** A measurement without per-fork figures. */
    public Measurement(String benchmark, String design, Map<String, String> params, double score, double error,
                       String unit, double allocNorm) {
        this(benchmark, design, params, score, error, unit, allocNorm, List.of());
    }

    /**
     * One fork's score: the mean of its measured iterations, with the 99.9% half-width Student's t
     * gives over them (JMH's own statistics, as for the whole run), 0 with one iteration.
     *
     * @param index the fork's number, from 1
     * @param score its mean
     * @param error its half-width
     */
    public record Fork(int index, double score, double error) {
        /** The fork numbered {@code index} whose measured iterations scored {@code iterations}. */
        public static Fork of(int index, double[] iterations) {
            ListStatistics stats = new ListStatistics(iterations);
            double error = iterations.length > 1 ? stats.getMeanErrorAt(0.999) : 0;
            return new Fork(index, stats.getMean(), Double.isNaN(error) ? 0 : error);
        }
    }

    /**
     * This benchmark as one fork measured it: the same benchmark, design and unit, the fork's score
     * and error, and a parameter {@code fork} naming it, so that a report shows which fork a figure
     * comes from. Allocation is the run's.
     */
    public Measurement fork(Fork fork) {
        Map<String, String> withFork = new TreeMap<>(params);
        withFork.put(FORK, String.valueOf(fork.index()));
        return new Measurement(benchmark, design, withFork, fork.score(), fork.error(), unit, allocNorm, List.of());
    }

    /** A result of a run in this JVM: the benchmark's package dropped, the design parameter taken apart. */
    public static Measurement of(RunResult run) {
        BenchmarkParams p = run.getParams();
        String full = p.getBenchmark();
        String type = full.substring(0, full.lastIndexOf('.'));
        String benchmark = type.substring(type.lastIndexOf('.') + 1) + full.substring(full.lastIndexOf('.'));
        Map<String, String> params = new TreeMap<>();
        String design = null;
        for (String key : p.getParamsKeys()) {
            if (key.equals("design")) {
                design = designName(p.getParam(key));
            } else {
                params.put(key, p.getParam(key));
            }
        }
        double alloc = Double.NaN;
        for (Map.Entry<String, Result> s : run.getSecondaryResults().entrySet()) {
            if (s.getKey().endsWith(ALLOC_NORM)) {
                alloc = s.getValue().getScore();
            }
        }
        Result<?> primary = run.getPrimaryResult();
        List<Fork> forks = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            double[] iterations = fork.getIterationResults().stream()
                    .mapToDouble(i -> i.getPrimaryResult().getScore()).toArray();
            if (iterations.length > 0) {
                forks.add(Fork.of(forks.size() + 1, iterations));
            }
        }
        return new Measurement(benchmark, design, params, primary.getScore(), primary.getScoreError(),
                primary.getScoreUnit(), alloc, forks);
    }

    /** {@code X86_PREFIXED} or {@code x86-prefixed} as {@code x86-prefixed}. */
    public static String designName(String value) {
        return value.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The benchmark class's simple name. */
    public String className() {
        return benchmark.substring(0, benchmark.indexOf('.'));
    }

    /** The benchmark method's name. */
    public String method() {
        return benchmark.substring(benchmark.indexOf('.') + 1);
    }

    /** A parameter's value, or null. */
    public String param(String key) {
        return params.get(key);
    }

    /** The parameters as {@code k=v k=v}, the design left out. */
    public String paramsText() {
        StringBuilder text = new StringBuilder();
        params.forEach((k, v) -> text.append(text.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return text.toString();
    }

    /** Whether allocation was measured ({@code -prof gc}). */
    public boolean hasAllocation() {
        return !Double.isNaN(allocNorm);
    }

    /**
     * Whether every parameter both this and {@code other} have has the same value in both: how a
     * benchmark finds its limit or twin, which may have fewer parameters (no design).
     */
    public boolean agreesWith(Map<String, String> other) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String value = other.get(p.getKey());
            if (value != null && !value.equals(p.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The score and its error, as the reports print a time. */
    public String timeText() {
        return String.format(Locale.ROOT, "%.1f \u00b1 %.1f %s", score, error, unit);
    }
}
