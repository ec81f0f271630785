package org.kvmlab.review.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The performance figures of the review, computed from JMH results by the bench's naming
 * conventions (see {@link #LIMIT_PREFIX} and the methods below), each checked against the targets
 * of the bench issue. A target is <b>met</b> when the figure's error interval lies wholly within
 * it, <b>missed</b> only when the interval lies wholly beyond it, and <b>open</b> when the interval
 * straddles it.
 *
 * <p>Conventions (what the review assumes of the bench):
 * <ul>
 *   <li>A run with a {@code design} parameter measures a design; one without measures a limit or
 *       a reference. A limit's method name starts with {@code limit} ({@code limit_read},
 *       {@code limitRead}); the rest of the name, lower-cased without {@code _}, is the operation
 *       it bounds, and it bounds the accessor runs of its class whose method name starts with that
 *       operation (the longest such), with equal values for the parameters both have. Limits whose
 *       operation ends in {@code typed} (8-byte get/set) are shown but carry no target.</li>
 *   <li>The level is the {@code level} parameter ({@code vm}, {@code vcpu}) where there is one,
 *       else the method name's ending: {@code _vm}/{@code Vm}, {@code _vcpu}/{@code Vcpu},
 *       {@code _vcpuSmm}/{@code VcpuSmm} (vCPU in SMM, not paired).</li>
 *   <li>A run is polluted when its class name holds {@code Polluted} or it has
 *       {@code profile=polluted}; its clean twin is the unpolluted run of the same method, design,
 *       level and shared parameters.</li>
 *   <li>Slot scaling compares runs with a {@code slots} parameter whose method holds
 *       {@code random}, at the largest count measured against 509.</li>
 * </ul>
 */
public final class Performance {
    /** How a limit's method name starts. */
    public static final String LIMIT_PREFIX = "limit";
    /** The targets of the bench issue. */
    public static final double TARGET_4K = 1.10;
    public static final double TARGET_8B_LRU = 4.0;
    public static final double TARGET_VCPU_VM = 1.10;
    public static final double TARGET_SLOTS = 2.0;
    /** Below this many bytes per operation a run allocates nothing: one object is at least 16 B. */
    public static final double ZERO_ALLOC = 0.5;
    /** The slot count scaling is measured against (x86's KVM_USER_MEM_SLOTS in 2015). */
    public static final int BASE_SLOTS = 509;

    private Performance() {}

    /** A ratio with its interval from both figures' errors. */
    public record Ratio(String design, String benchmark, String level, String params, String against, double value,
                        double low, double high, double score, double error, String unit) {
        /** met, missed or open against {@code target}. */
        public String verdict(double target) {
            return high <= target ? "met" : low > target ? "missed" : "open";
        }
    }

    /** One target for one design: the checks it covers, the worst, and the verdict. */
    public record TargetResult(String target, String design, double limit, String verdict, Ratio worst, int checks) {}

    /** Allocation per operation of one design: the highest over its runs. */
    public record Allocation(String design, double maxBytesPerOp, String benchmark, String verdict) {}

    /** A point of slot scaling: a design's time at a slot count. */
    public record SlotPoint(String design, String benchmark, int slots, double score, double error) {}

    /**
     * Everything the performance section shows.
     *
     * @param source where the figures came from (a file, the bench run, or why there are none)
     */
    public record Result(String source, boolean measured, List<String> designs, List<Ratio> toLimit,
                         List<Ratio> typedLimit, List<Ratio> vcpuToVm, List<Ratio> pollutedToClean,
                         List<Ratio> slotScaling, List<SlotPoint> slotPoints, List<Allocation> allocation,
                         List<TargetResult> targets) {
        /** The target result of {@code design} for {@code target}, or null. */
        public TargetResult target(String target, String design) {
            return targets.stream().filter(t -> t.target().equals(target) && t.design().equals(design))
                    .findFirst().orElse(null);
        }
    }

    /** Target names, as the report prints them. */
    public static final String T_4K = "4 KiB read/write <= 1.10x limit";
    public static final String T_8B = "8 B read, lru_slot hit <= 4x limit";
    public static final String T_VCPU = "vCPU-level <= 1.10x VM-level";
    public static final String T_SLOTS = "random gfns: 32764 slots <= 2x 509 slots";
    public static final String T_ALLOC = "0 B/op";
    public static final List<String> TARGETS = List.of(T_4K, T_8B, T_VCPU, T_SLOTS, T_ALLOC);

    /** The section without figures. */
    public static Result notMeasured(String why) {
        return new Result(why, false, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    /** Computes every figure and target from {@code results}. */
    public static Result of(String source, List<JmhResult> results) {
        List<String> designs = results.stream().map(JmhResult::design).filter(Objects::nonNull).distinct().toList();
        List<Ratio> toLimit = new ArrayList<>();
        List<Ratio> typed = new ArrayList<>();
        for (JmhResult r : results) {
            if (r.design() == null) {
                continue;
            }
            JmhResult limit = limitFor(r, results, false);
            if (limit != null) {
                toLimit.add(ratio(r, limit, limit.name()));
            }
            JmhResult typedLimit = limitFor(r, results, true);
            if (typedLimit != null) {
                typed.add(ratio(r, typedLimit, typedLimit.name()));
            }
        }
        List<Ratio> vcpuToVm = new ArrayList<>();
        List<Ratio> polluted = new ArrayList<>();
        for (JmhResult r : results) {
            if (r.design() == null) {
                continue;
            }
            if ("vcpu".equals(level(r))) {
                results.stream().filter(o -> Objects.equals(o.design(), r.design()) && o.className().equals(r.className())
                                && "vm".equals(level(o)) && base(o).equals(base(r)) && sameParams(o, r))
                        .findFirst().ifPresent(vm -> vcpuToVm.add(ratio(r, vm, vm.name())));
            }
            if (polluted(r)) {
                results.stream().filter(o -> !polluted(o) && Objects.equals(o.design(), r.design())
                                && o.method().equals(r.method()) && Objects.equals(level(o), level(r)) && sharedParamsAgree(o, r))
                        .findFirst().ifPresent(clean -> polluted.add(ratio(r, clean, clean.name())));
            }
        }
        List<SlotPoint> points = new ArrayList<>();
        List<Ratio> slotScaling = new ArrayList<>();
        for (JmhResult r : results) {
            if (r.param("slots") != null && r.method().toLowerCase(Locale.ROOT).contains("random")) {
                points.add(new SlotPoint(r.design() == null ? "core (no design)" : r.design(), r.name(),
                        Integer.parseInt(r.param("slots")), r.score(), r.error()));
            }
        }
        for (JmhResult r : results) {
            if (r.design() == null || r.param("slots") == null || !r.method().toLowerCase(Locale.ROOT).contains("random")) {
                continue;
            }
            int slots = Integer.parseInt(r.param("slots"));
            int most = points.stream().filter(p -> p.design().equals(r.design()) && p.benchmark().equals(r.name()))
                    .mapToInt(SlotPoint::slots).max().orElse(slots);
            if (slots == most && slots > BASE_SLOTS) {
                results.stream().filter(o -> Objects.equals(o.design(), r.design()) && o.name().equals(r.name())
                                && String.valueOf(BASE_SLOTS).equals(o.param("slots")) && Objects.equals(level(o), level(r)))
                        .findFirst().ifPresent(base -> slotScaling.add(ratio(r, base, "slots=" + BASE_SLOTS)));
            }
        }
        List<Allocation> allocation = new ArrayList<>();
        for (String design : designs) {
            results.stream().filter(r -> design.equals(r.design()) && r.allocNorm() != null)
                    .max(Comparator.comparingDouble(JmhResult::allocNorm))
                    .ifPresent(r -> allocation.add(new Allocation(design, r.allocNorm(), r.name() + " " + r.paramsText(),
                            r.allocNorm() < ZERO_ALLOC ? "met" : "missed")));
        }
        List<TargetResult> targets = new ArrayList<>();
        for (String design : designs) {
            targets.add(target(T_4K, design, TARGET_4K, toLimit.stream().filter(x -> x.design().equals(design)
                    && is4k(x, results)).toList()));
            targets.add(target(T_8B, design, TARGET_8B_LRU, toLimit.stream().filter(x -> x.design().equals(design)
                    && is8bLru(x, results)).toList()));
            targets.add(target(T_VCPU, design, TARGET_VCPU_VM, vcpuToVm.stream().filter(x -> x.design().equals(design)).toList()));
            targets.add(target(T_SLOTS, design, TARGET_SLOTS, slotScaling.stream().filter(x -> x.design().equals(design)).toList()));
            Allocation a = allocation.stream().filter(x -> x.design().equals(design)).findFirst().orElse(null);
            targets.add(new TargetResult(T_ALLOC, design, 0, a == null ? "not measured" : a.verdict(),
                    a == null ? null : new Ratio(design, a.benchmark(), null, "", "B/op", a.maxBytesPerOp(),
                            a.maxBytesPerOp(), a.maxBytesPerOp(), a.maxBytesPerOp(), 0, "B/op"), a == null ? 0 : 1));
        }
        return new Result(source, true, designs, toLimit, typed, vcpuToVm, polluted, slotScaling, points, allocation,
                targets);
    }

    private static TargetResult target(String name, String design, double limit, List<Ratio> checks) {
        if (checks.isEmpty()) {
            return new TargetResult(name, design, limit, "not measured", null, 0);
        }
        Ratio worst = checks.stream().max(Comparator.comparingDouble(Ratio::value)).orElseThrow();
        boolean missed = checks.stream().anyMatch(c -> c.verdict(limit).equals("missed"));
        boolean open = checks.stream().anyMatch(c -> c.verdict(limit).equals("open"));
        return new TargetResult(name, design, limit, missed ? "missed" : open ? "open" : "met", worst, checks.size());
    }

    private static boolean is4k(Ratio r, List<JmhResult> results) {
        String method = r.benchmark().substring(r.benchmark().indexOf('.') + 1).toLowerCase(Locale.ROOT);
        return r.params().matches("(.* )?size=4096( .*)?") && (method.startsWith("read") || method.startsWith("write"))
                && !r.benchmark().toLowerCase(Locale.ROOT).contains("polluted") && !r.params().contains("profile=polluted");
    }

    private static boolean is8bLru(Ratio r, List<JmhResult> results) {
        String method = r.benchmark().substring(r.benchmark().indexOf('.') + 1).toLowerCase(Locale.ROOT);
        boolean eight = r.params().matches("(.* )?size=8( .*)?") || method.startsWith("read8");
        boolean lru = method.contains("lru") || r.params().matches("(.* )?access=lru[-a-z]*( .*)?");
        return eight && lru && method.startsWith("read");
    }

    private static Ratio ratio(JmhResult r, JmhResult denominator, String against) {
        double value = r.score() / denominator.score();
        double low = (r.score() - r.error()) / (denominator.score() + denominator.error());
        double below = denominator.score() - denominator.error();
        double high = below <= 0 ? Double.POSITIVE_INFINITY : (r.score() + r.error()) / below;
        return new Ratio(r.design(), r.name(), level(r), r.paramsText(), against, value, low, high, r.score(), r.error(),
                r.unit());
    }

    /** The limit that bounds {@code r}: same class, longest operation prefix, agreeing parameters; typed or not. */
    static JmhResult limitFor(JmhResult r, List<JmhResult> results, boolean typed) {
        String method = r.method().toLowerCase(Locale.ROOT).replace("_", "");
        JmhResult best = null;
        int bestLength = -1;
        for (JmhResult limit : results) {
            if (limit.design() != null || !limit.className().equals(r.className()) || !isLimit(limit)) {
                continue;
            }
            String op = operation(limit);
            boolean isTyped = op.endsWith("typed");
            String stem = isTyped ? op.substring(0, op.length() - "typed".length()) : op;
            if (isTyped != typed || stem.isEmpty() || !method.startsWith(stem) || !sharedParamsAgree(limit, r)) {
                continue;
            }
            if (stem.length() > bestLength) {
                best = limit;
                bestLength = stem.length();
            }
        }
        return best;
    }

    static boolean isLimit(JmhResult r) {
        return r.method().toLowerCase(Locale.ROOT).startsWith(LIMIT_PREFIX);
    }

    /** A limit's operation: its name after {@code limit}, lower case, without {@code _}. */
    static String operation(JmhResult limit) {
        return limit.method().substring(LIMIT_PREFIX.length()).toLowerCase(Locale.ROOT).replace("_", "");
    }

    /** {@code vm}, {@code vcpu}, {@code vcpu-smm}, or null. */
    public static String level(JmhResult r) {
        if (r.param("level") != null) {
            return r.param("level").toLowerCase(Locale.ROOT);
        }
        String m = r.method().toLowerCase(Locale.ROOT);
        if (m.endsWith("vcpusmm")) {
            return "vcpu-smm";
        }
        if (m.endsWith("vcpu")) {
            return "vcpu";
        }
        if (m.endsWith("vm")) {
            return "vm";
        }
        return null;
    }

    /** The method name without its level ending. */
    static String base(JmhResult r) {
        if (r.param("level") != null) {
            return r.method();
        }
        String m = r.method();
        for (String end : List.of("_vcpuSmm", "VcpuSmm", "_vcpu", "Vcpu", "_vm", "Vm")) {
            if (m.endsWith(end)) {
                return m.substring(0, m.length() - end.length());
            }
        }
        return m;
    }

    static boolean polluted(JmhResult r) {
        return r.className().toLowerCase(Locale.ROOT).contains("polluted") || "polluted".equals(r.param("profile"));
    }

    private static boolean sameParams(JmhResult a, JmhResult b) {
        Map<String, String> x = new LinkedHashMap<>(a.params());
        Map<String, String> y = new LinkedHashMap<>(b.params());
        x.remove("level");
        y.remove("level");
        return x.equals(y);
    }

    /** Whether every parameter both runs have has one value in both (level and profile aside). */
    private static boolean sharedParamsAgree(JmhResult a, JmhResult b) {
        for (Map.Entry<String, String> e : a.params().entrySet()) {
            String key = e.getKey();
            if (key.equals("level") || key.equals("profile")) {
                continue;
            }
            String other = b.param(key);
            if (other != null && !other.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
