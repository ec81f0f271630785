package org.kvmlab.bench.verdict;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One performance target: a bound on the figures of one kind, for the benchmarks it selects. A
 * design meets it when every selected figure's interval lies wholly at or below {@link #atMost},
 * misses it when some interval lies wholly above, and leaves it open otherwise.
 *
 * @param id         a short stable name ({@code 4k-copy}), used in JSON and by the review's argument
 * @param title      the target as the reports state it
 * @param kind       the kind of figure it bounds
 * @param benchmarks which benchmarks count ({@code Class.method}, a regular expression matched whole)
 * @param against    for {@link Figure.Kind#TO_LIMIT}: which limits count (a regular expression over
 *                   the limit's method name); null for any other kind
 * @param params     parameter values the measurement must have (each a regular expression matched
 *                   whole); a parameter it does not have never matches
 * @param atMost     the bound: a ratio, nanoseconds for {@link Figure.Kind#TIME}, bytes for
 *                   {@link Figure.Kind#ALLOCATION}
 */
public record Target(String id, String title, Figure.Kind kind, String benchmarks, String against,
                     Map<String, String> params, double atMost) {

    public Target {
        if (id == null || !id.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("target id must be lower-case words joined by dashes: " + id);
        }
        if (kind == null || benchmarks == null || params == null || title == null || title.isBlank()) {
            throw new IllegalArgumentException("target " + id + ": kind, title, benchmarks and params are required");
        }
        if ((kind == Figure.Kind.TO_LIMIT) != (against != null)) {
            throw new IllegalArgumentException("target " + id + ": a limit pattern goes with TO_LIMIT and only with it");
        }
        if (!(atMost >= 0) || Double.isInfinite(atMost)) {
            throw new IllegalArgumentException("target " + id + ": bound " + atMost + " is not a finite number >= 0");
        }
        Pattern.compile(benchmarks);
        if (against != null) {
            Pattern.compile(against);
        }
        params.values().forEach(Pattern::compile);
        params = Map.copyOf(params);
    }

    /** Whether this target judges {@code figure}. */
    public boolean judges(Figure figure) {
        if (figure.kind() != kind || !figure.of().benchmark().matches(benchmarks)) {
            return false;
        }
        if (against != null && !figure.to().method().matches(against)) {
            return false;
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            String value = figure.of().param(p.getKey());
            if (value == null || !value.matches(p.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The verdict on one figure: met at or below the bound, missed wholly above it, else open. */
    public Verdict verdict(Figure figure) {
        if (figure.high() <= atMost) {
            return Verdict.MET;
        }
        return figure.low() > atMost ? Verdict.MISSED : Verdict.OPEN;
    }
}
