package org.kvmlab.bench.run;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.kvmlab.bench.BoundedBy;
import org.kvmlab.bench.PollutedTwinOf;
import org.kvmlab.bench.VcpuTwinOf;
import org.kvmlab.bench.design.BenchDesigns;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns JMH results into the figures the issue asks for: every accessor as a ratio to its
 * physical limit ({@link BoundedBy}), vCPU-level over VM-level ({@link VcpuTwinOf}), polluted over
 * clean ({@link PollutedTwinOf}), lookup at every slot count over 509 slots, allocation per
 * operation, and the five targets with a verdict per design.
 *
 * <p>A ratio carries the interval JMH's errors allow: with scores {@code a ± ea} and
 * {@code b ± eb} (99.9% confidence half-widths), {@code [(a - ea) / (b + eb), (a + ea) / (b - eb)]}.
 * A target counts as missed only when that interval lies wholly beyond it; "open" when it
 * straddles the target.
 */
public final class RatioReport {
    /** Allocation at or above this many bytes per operation is a real allocation, not JMH's noise. */
    public static final double ALLOCATES = 1.0;
    private static final String NO_DESIGN = "(no design)";

    /** One measured benchmark with one parameter combination. */
    record Entry(String benchmark, Map<String, String> params, double score, double error, double allocNorm) {
        String design() {
            return params.getOrDefault("design", NO_DESIGN);
        }

        /** The parameters other than the design, as {@code k=v} text. */
        String shape() {
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> {
                if (!k.equals("design")) {
                    sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v);
                }
            });
            return sb.isEmpty() ? "-" : sb.toString();
        }
    }

    /** {@code a / b} with its interval. */
    record Ratio(double value, double lo, double hi) {
        static Ratio of(Entry a, Entry b) {
            double ea = Double.isNaN(a.error) ? 0 : a.error;
            double eb = Double.isNaN(b.error) ? 0 : b.error;
            double hiDen = b.score - eb;
            return new Ratio(a.score / b.score, (a.score - ea) / (b.score + eb),
                    hiDen > 0 ? (a.score + ea) / hiDen : Double.POSITIVE_INFINITY);
        }

        String verdict(double target) {
            if (hi <= target) {
                return "met";
            }
            return lo > target ? "MISSED" : "open";
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f [%.2f, %s]", value, lo,
                    Double.isInfinite(hi) ? "inf" : String.format(Locale.ROOT, "%.2f", hi));
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<String> designs = new ArrayList<>();

    private RatioReport(Collection<RunResult> results) {
        Set<String> seen = new LinkedHashSet<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark().substring(Profile.PACKAGE.length());
            Map<String, String> params = new TreeMap<>();
            for (String key : p.getParamsKeys()) {
                params.put(key, p.getParam(key));
            }
            Result<?> primary = r.getPrimaryResult();
            double alloc = Double.NaN;
            for (Map.Entry<String, Result> s : r.getSecondaryResults().entrySet()) {
                if (s.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = s.getValue().getScore();
                }
            }
            Entry e = new Entry(name, params, primary.getScore(), primary.getScoreError(), alloc);
            entries.add(e);
            seen.add(e.design());
        }
        // The designs' own order where the build knows them, then any other in order of appearance.
        for (String d : BenchDesigns.names()) {
            if (seen.contains(d)) {
                designs.add(d);
            }
        }
        for (String d : seen) {
            if (!designs.contains(d) && !d.equals(NO_DESIGN)) {
                designs.add(d);
            }
        }
    }

    /** A report over one profile's results. */
    public static RatioReport of(Collection<RunResult> results) {
        return new RatioReport(results);
    }

    /** The benchmark method behind a result name such as {@code GuestCopyBench.readGuest_vm}. */
    static Method method(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        try {
            Class<?> c = Class.forName(Profile.PACKAGE + benchmark.substring(0, dot));
            for (Method m : c.getMethods()) {
                if (m.getName().equals(benchmark.substring(dot + 1)) && m.isAnnotationPresent(Benchmark.class)) {
                    return m;
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no benchmark class for " + benchmark, e);
        }
        throw new IllegalStateException("no benchmark method " + benchmark);
    }

    private static String className(String benchmark) {
        return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    /** The result of {@code benchmark} whose every parameter agrees with {@code like}'s. */
    private Entry find(String benchmark, Map<String, String> like) {
        for (Entry e : entries) {
            if (e.benchmark.equals(benchmark) && agrees(e.params, like)) {
                return e;
            }
        }
        return null;
    }

    private static boolean agrees(Map<String, String> params, Map<String, String> like) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String other = like.get(p.getKey());
            if (other != null && !other.equals(p.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A ratio of one result to another, for the tables and the targets. */
    record Pair(Entry of, Entry to, String label) {
        Ratio ratio() {
            return Ratio.of(of, to);
        }
    }

    /** Every (accessor, limit) pair, for the limits named {@code limitFilter} accepts. */
    List<Pair> limitPairs(Predicate<String> limitFilter) {
        List<Pair> pairs = new ArrayList<>();
        for (Entry e : entries) {
            BoundedBy bound = method(e.benchmark).getAnnotation(BoundedBy.class);
            if (bound == null) {
                continue;
            }
            for (String limit : bound.value()) {
                Entry l = limitFilter.test(limit) ? find(className(e.benchmark) + "." + limit, e.params) : null;
                if (l != null) {
                    pairs.add(new Pair(e, l, e.benchmark + " / " + limit));
                }
            }
        }
        return pairs;
    }

    List<Pair> vcpuPairs() {
        List<Pair> pairs = new ArrayList<>();
        for (Entry e : entries) {
            VcpuTwinOf twin = method(e.benchmark).getAnnotation(VcpuTwinOf.class);
            Entry vm = twin == null ? null : find(className(e.benchmark) + "." + twin.value(), e.params);
            if (vm != null) {
                pairs.add(new Pair(e, vm, e.benchmark + " / " + twin.value()));
            }
        }
        return pairs;
    }

    List<Pair> pollutedPairs() {
        List<Pair> pairs = new ArrayList<>();
        for (Entry e : entries) {
            PollutedTwinOf twin = method(e.benchmark).getAnnotation(PollutedTwinOf.class);
            if (twin == null) {
                continue;
            }
            String clean = twin.benchmark().getSimpleName() + "." + twin.method();
            Entry c = find(clean, e.params);
            if (c != null) {
                pairs.add(new Pair(e, c, e.benchmark + " / " + clean));
            }
        }
        return pairs;
    }

    /** Every slot-scaling result over the same benchmark's result at 509 slots. */
    List<Pair> scalingPairs() {
        List<Pair> pairs = new ArrayList<>();
        for (Entry e : entries) {
            String slots = e.params.get("slots");
            if (slots == null || slots.equals("509") || !e.benchmark.startsWith("SlotScalingBench.")) {
                continue;
            }
            Map<String, String> at509 = new TreeMap<>(e.params);
            at509.put("slots", "509");
            Entry base = find(e.benchmark, at509);
            if (base != null) {
                pairs.add(new Pair(e, base, e.benchmark + " (slots=" + slots + " / 509)"));
            }
        }
        return pairs;
    }

    /** Whether a result measures an accessor of a design (not a limit, not a memslot update). */
    static boolean isAccessor(Entry e) {
        return e.params.containsKey("design") && !e.benchmark.startsWith("MemslotUpdateBench.");
    }

    /** The report as Markdown. */
    public String markdown(String title, String command) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(title).append("\n\n");
        out.append("Command: `").append(command).append("`; JDK ").append(System.getProperty("java.version"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores. ")
                .append("Each cell: ratio [interval from JMH's 99.9% errors] and the accessor's own time.\n\n");
        table(out, "Ratio to the physical limit (same bytes, bare `MemorySegment.copy`; `Typed`: 8-byte get/set)",
                limitPairs(l -> true));
        table(out, "vCPU-level / VM-level (target: at most 1.10)", vcpuPairs());
        table(out, "Polluted profiles / forked, clean", pollutedPairs());
        table(out, "Slot scaling: at N slots / at 509 slots (target for lookup_random at 32764: at most 2)",
                scalingPairs());
        targets(out);
        allocation(out);
        return out.toString();
    }

    private void table(StringBuilder out, String heading, List<Pair> pairs) {
        if (pairs.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(designs);
        boolean anyNoDesign = pairs.stream().anyMatch(p -> p.of.design().equals(NO_DESIGN));
        if (anyNoDesign) {
            columns.add(NO_DESIGN);
        }
        out.append("#### ").append(heading).append("\n\n| ratio | params |");
        for (String c : columns) {
            out.append(' ').append(c).append(" |");
        }
        out.append(" denominator |\n|---|---|");
        columns.forEach(c -> out.append("---|"));
        out.append("---|\n");
        Map<String, Map<String, Pair>> rows = new LinkedHashMap<>();
        for (Pair p : pairs) {
            rows.computeIfAbsent(p.label + "\u0000" + p.of.shape(), k -> new LinkedHashMap<>()).put(p.of.design(), p);
        }
        for (Map.Entry<String, Map<String, Pair>> row : rows.entrySet()) {
            String[] key = row.getKey().split("\u0000");
            out.append("| ").append(key[0]).append(" | ").append(key[1]).append(" |");
            Pair any = null;
            for (String c : columns) {
                Pair p = row.getValue().get(c);
                out.append(' ').append(p == null ? "" : p.ratio() + " (" + ns(p.of) + ")").append(" |");
                any = p != null ? p : any;
            }
            boolean sharedDenominator = row.getValue().values().stream().map(p -> p.to).distinct().count() == 1;
            out.append(' ').append(sharedDenominator && any != null ? ns(any.to) : "per design").append(" |\n");
        }
        out.append('\n');
    }

    private static String ns(Entry e) {
        return Double.isNaN(e.error)
                ? String.format(Locale.ROOT, "%.1f ns", e.score)
                : String.format(Locale.ROOT, "%.1f ± %.1f ns", e.score, e.error);
    }

    /** The five targets, with a verdict per design. */
    private void targets(StringBuilder out) {
        Map<String, List<Pair>> byTarget = new LinkedHashMap<>();
        Map<String, Double> limits = new LinkedHashMap<>();
        byTarget.put("4 KiB single-page read/write <= 1.10x limit", limitPairs(l -> l.equals("limit_read")
                || l.equals("limit_write")).stream().filter(p -> "4096".equals(p.of.params.get("size"))
                && !p.of.benchmark.startsWith("PollutedBench.")).toList());
        limits.put("4 KiB single-page read/write <= 1.10x limit", 1.10);
        byTarget.put("8 B read, lru_slot hit <= 4x copy limit", limitPairs(l -> l.equals("limit_read8")).stream()
                .filter(p -> p.of.benchmark.contains("read8_lru")).toList());
        limits.put("8 B read, lru_slot hit <= 4x copy limit", 4.0);
        byTarget.put("8 B read, lru_slot hit <= 4x typed limit", limitPairs(l -> l.equals("limit_read8Typed"))
                .stream().filter(p -> p.of.benchmark.contains("read8_lru")).toList());
        limits.put("8 B read, lru_slot hit <= 4x typed limit", 4.0);
        byTarget.put("vCPU-level <= 1.10x VM-level", vcpuPairs());
        limits.put("vCPU-level <= 1.10x VM-level", 1.10);
        byTarget.put("lookup, random gfns: 32764 slots <= 2x 509 slots", scalingPairs().stream()
                .filter(p -> p.of.benchmark.equals("SlotScalingBench.lookup_random")
                        && "32764".equals(p.of.params.get("slots"))).toList());
        limits.put("lookup, random gfns: 32764 slots <= 2x 509 slots", 2.0);

        out.append("#### Targets (met: interval wholly within; MISSED: wholly beyond; open: straddles)\n\n");
        out.append("| target |");
        designs.forEach(d -> out.append(' ').append(d).append(" |"));
        out.append("\n|---|");
        designs.forEach(d -> out.append("---|"));
        out.append('\n');
        for (Map.Entry<String, List<Pair>> t : byTarget.entrySet()) {
            if (t.getValue().isEmpty()) {
                continue;
            }
            double target = limits.get(t.getKey());
            out.append("| ").append(t.getKey()).append(" |");
            for (String d : designs) {
                Pair worst = null;
                String verdict = "met";
                for (Pair p : t.getValue()) {
                    if (!p.of.design().equals(d)) {
                        continue;
                    }
                    String v = p.ratio().verdict(target);
                    // The pair shown is the one that decides the verdict: the most severe, then the highest.
                    if (worst == null || severity(v) > severity(verdict)
                            || (severity(v) == severity(verdict) && p.ratio().value() > worst.ratio().value())) {
                        worst = p;
                        verdict = v;
                    }
                }
                out.append(' ').append(worst == null ? "" : verdict + ", " + worst.ratio() + " " + worst.of.benchmark
                        .substring(worst.of.benchmark.indexOf('.') + 1)).append(" |");
            }
            out.append('\n');
        }
        StringBuilder alloc = new StringBuilder("| 0 B/op on every accessor |");
        for (String d : designs) {
            double max = 0;
            boolean any = false;
            for (Entry e : entries) {
                if (isAccessor(e) && e.design().equals(d) && !Double.isNaN(e.allocNorm)) {
                    max = Math.max(max, e.allocNorm);
                    any = true;
                }
            }
            alloc.append(' ').append(!any ? "not measured" : (max >= ALLOCATES ? "MISSED" : "met")
                    + String.format(Locale.ROOT, ", max %.3f B/op", max)).append(" |");
        }
        out.append(alloc).append("\n\n");
    }

    private static int severity(String verdict) {
        return switch (verdict) {
            case "MISSED" -> 2;
            case "open" -> 1;
            default -> 0;
        };
    }

    /** Bytes allocated per operation, every benchmark, every design ({@code -prof gc}). */
    private void allocation(StringBuilder out) {
        if (entries.stream().allMatch(e -> Double.isNaN(e.allocNorm))) {
            return;
        }
        out.append("#### Allocation, B/op (`-prof gc`, gc.alloc.rate.norm; the highest over the parameters)\n\n");
        List<String> columns = new ArrayList<>(designs);
        columns.add(NO_DESIGN);
        out.append("| benchmark |");
        columns.forEach(c -> out.append(' ').append(c).append(" |"));
        out.append("\n|---|");
        columns.forEach(c -> out.append("---|"));
        out.append('\n');
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!Double.isNaN(e.allocNorm)) {
                rows.computeIfAbsent(e.benchmark, k -> new LinkedHashMap<>()).merge(e.design(), e.allocNorm, Math::max);
            }
        }
        for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
            out.append("| ").append(row.getKey()).append(" |");
            for (String c : columns) {
                Double v = row.getValue().get(c);
                out.append(' ').append(v == null ? "" : String.format(Locale.ROOT, "%.3f", v)).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }
}
