package org.kvmlab.bench.verdict;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kvmlab.bench.BoundedBy;
import org.kvmlab.bench.PollutedTwinOf;
import org.kvmlab.bench.VcpuTwinOf;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Every figure a set of measurements gives, paired as the benchmarks themselves declare: an
 * accessor with each limit its method names in {@link BoundedBy}, a vCPU-level accessor with the
 * VM-level twin of {@link VcpuTwinOf}, a polluted run with the clean twin of
 * {@link PollutedTwinOf}, a run at N slots with the same run at {@link #BASE_SLOTS} (over all
 * forks, and each fork of it over all forks at the base, when the results give forks); and each
 * accessor's own time and allocation. A partner must be of the same design (or of none, for a
 * limit) and agree on every parameter both have. A measurement of a benchmark this bench does not
 * have (a results file from another version) pairs with nothing.
 *
 * @param measurements what the figures come from, in their order
 */
public record Figures(List<Measurement> measurements, List<Figure> toLimit, List<Figure> vcpuToVm,
                      List<Figure> pollutedToClean, List<Figure> slotScaling, List<Figure> times,
                      List<Figure> allocations) {
    /** The slot count scaling is measured against: x86's {@code KVM_USER_MEM_SLOTS} in 2015. */
    public static final int BASE_SLOTS = 509;

    /** The package of every benchmark class. */
    static final String PACKAGE = "org.kvmlab.bench.";

    /** Every figure of {@code measurements}. */
    public static Figures of(List<Measurement> measurements) {
        Map<String, Method> methods = new HashMap<>();
        List<Figure> toLimit = new ArrayList<>();
        List<Figure> vcpu = new ArrayList<>();
        List<Figure> polluted = new ArrayList<>();
        List<Figure> scaling = new ArrayList<>();
        List<Figure> times = new ArrayList<>();
        List<Figure> allocations = new ArrayList<>();
        for (Measurement m : measurements) {
            Method method = methods.computeIfAbsent(m.benchmark(), Figures::method);
            if (m.design() != null) {
                times.add(Figure.time(m));
                if (m.hasAllocation()) {
                    allocations.add(Figure.allocation(m));
                }
            }
            if (method != null && m.design() != null) {
                BoundedBy bound = method.getAnnotation(BoundedBy.class);
                for (String limit : bound == null ? new String[0] : bound.value()) {
                    Measurement l = partner(measurements, m.className() + "." + limit, null, m.params());
                    if (l != null) {
                        toLimit.add(Figure.ratio(Figure.Kind.TO_LIMIT, m, l));
                    }
                }
                VcpuTwinOf twin = method.getAnnotation(VcpuTwinOf.class);
                Measurement vm = twin == null ? null
                        : partner(measurements, m.className() + "." + twin.value(), m.design(), m.params());
                if (vm != null) {
                    vcpu.add(Figure.ratio(Figure.Kind.VCPU_TO_VM, m, vm));
                }
                PollutedTwinOf clean = method.getAnnotation(PollutedTwinOf.class);
                Measurement c = clean == null ? null : partner(measurements,
                        clean.benchmark().getSimpleName() + "." + clean.method(), m.design(), m.params());
                if (c != null) {
                    polluted.add(Figure.ratio(Figure.Kind.POLLUTED_TO_CLEAN, m, c));
                }
            }
            String slots = m.param("slots");
            if (slots != null && !slots.equals(String.valueOf(BASE_SLOTS))) {
                Map<String, String> base = new TreeMap<>(m.params());
                base.put("slots", String.valueOf(BASE_SLOTS));
                measurements.stream().filter(o -> o.benchmark().equals(m.benchmark())
                                && java.util.Objects.equals(o.design(), m.design()) && o.params().equals(base))
                        .findFirst().ifPresent(o -> {
                            scaling.add(Figure.ratio(Figure.Kind.SLOT_SCALING, m, o));
                            // Fork by fork too: a fork whose JIT settled on a slower search must not
                            // hide in an interval that spans every fork.
                            for (Measurement.Fork fork : m.forks()) {
                                scaling.add(Figure.ratio(Figure.Kind.SLOT_SCALING, m.fork(fork), o));
                            }
                        });
            }
        }
        return new Figures(List.copyOf(measurements), List.copyOf(toLimit), List.copyOf(vcpu), List.copyOf(polluted),
                List.copyOf(scaling), List.copyOf(times), List.copyOf(allocations));
    }

    /** The figures of one kind. */
    public List<Figure> of(Figure.Kind kind) {
        return switch (kind) {
            case TO_LIMIT -> toLimit;
            case VCPU_TO_VM -> vcpuToVm;
            case POLLUTED_TO_CLEAN -> pollutedToClean;
            case SLOT_SCALING -> slotScaling;
            case TIME -> times;
            case ALLOCATION -> allocations;
        };
    }

    /** The measurement of {@code benchmark} and {@code design} that agrees with {@code params}, or null. */
    private static Measurement partner(List<Measurement> all, String benchmark, String design, Map<String, String> params) {
        for (Measurement o : all) {
            if (o.benchmark().equals(benchmark) && java.util.Objects.equals(o.design(), design) && o.agreesWith(params)) {
                return o;
            }
        }
        return null;
    }

    /** The {@code @Benchmark} method behind {@code Class.method}, or null when this bench has none. */
    static Method method(String benchmark) {
        int dot = benchmark.indexOf('.');
        try {
            Class<?> type = Class.forName(PACKAGE + benchmark.substring(0, dot), false, Figures.class.getClassLoader());
            for (Method m : type.getMethods()) {
                if (m.getName().equals(benchmark.substring(dot + 1)) && m.isAnnotationPresent(Benchmark.class)) {
                    return m;
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return null;
    }
}
