package org.kvmlab.bench.verdict;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

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
 */
public record Measurement(String benchmark, String design, Map<String, String> params, double score, double error,
                          String unit, double allocNorm) {
    /** The secondary metric {@code -prof gc} reports allocation under (JMH 1.37; older ones prefix a dot). */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    public Measurement {
        if (benchmark == null || benchmark.indexOf('.') <= 0) {
            throw new IllegalArgumentException("benchmark must be Class.method: " + benchmark);
        }
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        error = Double.isNaN(error) ? 0 : error;
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
        return new Measurement(benchmark, design, params, primary.getScore(), primary.getScoreError(),
                primary.getScoreUnit(), alloc);
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
