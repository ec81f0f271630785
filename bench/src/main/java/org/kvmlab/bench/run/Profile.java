package org.kvmlab.bench.run;

import java.util.List;
import java.util.Map;
import org.kvmlab.bench.design.BenchDesigns;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The ways the benchmarks are run. Each profile is a list of JMH runs ({@link Group}s: a
 * selection of benchmark methods and the parameter values to use for them) with one set of
 * iteration settings; the runner merges the groups' results into one JSON file.
 */
public enum Profile {
    /**
     * The target-bearing subset, what the review runs by default: 4 KiB read and write VM and
     * vCPU with their limits, the 8 B read on an lru_slot hit VM and vCPU with its limits, lookup
     * with random gfns at 509 and 32764 slots with the core's bare search, and the polluted 4 KiB
     * read pair with its limit, plus the core's own copy with the hva known; every design and the
     * baseline; 1 fork, 2 warm-up iterations of 500 ms and 5 measured iterations of 1 s,
     * {@code -prof gc}. 69 runs with five designs and the baseline, about 8 minutes on 2 cores (59,
     * before the baseline joined, took 6 minutes 43 s). Five measured iterations, not fewer: JMH's 99.9% interval
     * is Student's t over the iterations, 1.7 times wider with four (t = 12.9 at 3 degrees of
     * freedom against 8.6 at 4), which left nearly every target open in a trial run; the
     * half-second warm-ups buy back the time (C2 has compiled these nanosecond-scale paths
     * within the first few million calls).
     */
    QUICK(List.of(
            new Group("GuestCopyBench", "readGuest_vm|readGuest_vcpu|writeGuest_vm|writeGuest_vcpu|limit_read|limit_write"
                            + "|core_copyFromUser|core_copyToUser",
                    Map.of("size", "4096")),
            new Group("SlotScalingBench", "read8_lruVm|read8_lruVcpu|limit_read8|limit_read8Typed",
                    Map.of("slots", "509")),
            new Group("SlotScalingBench", "lookup_random|search_random", Map.of("slots", "509,32764")),
            new Group("PollutedBench", "readGuest_vm|readGuest_vcpu|limit_read", Map.of("size", "4096"))),
            1, 2, TimeValue.milliseconds(500), 5, TimeValue.seconds(1), true),

    /**
     * Issue 14's targets, each decided over 3 forks against the honest limit: reads and writes of
     * 4 KiB, 64 KiB and 1 MiB VM- and vCPU-level with their limits (one copy, and one copy per
     * page) and the core's own copy; the 8 B write into a slot that logs dirty pages; the 8 B read
     * on an lru_slot hit; random 8 B reads and lookups at 509 and 32764 slots with the core's
     * bare search; every design; {@code -prof gc} for the allocation target. 3 forks of 2
     * half-second warm-ups and 5 measured iterations of 1 s (15 iterations, so that Student's t
     * is 3.8 and a 5% target can be decided); 156 runs with the baseline, about an hour on 2 cores.
     */
    TARGETS(List.of(
            new Group("GuestCopyBench", "readGuest_vm|readGuest_vcpu|writeGuest_vm|writeGuest_vcpu|limit_read|limit_write"
                            + "|limit_readPaged|limit_writePaged|core_copyFromUser|core_copyToUser",
                    Map.of("size", "4096,65536,1048576")),
            new Group("GuestCopyBench", "writeGuest_vmLog|writeGuest_vcpuLog|limit_write|limit_writeTyped",
                    Map.of("size", "8")),
            new Group("SlotScalingBench", "read8_lruVm|read8_lruVcpu|limit_read8|limit_read8Typed", Map.of("slots", "509")),
            new Group("SlotScalingBench", "read8_randomVm|read8_randomVcpu|lookup_random|search_random",
                    Map.of("slots", "509,32764"))),
            3, 2, TimeValue.milliseconds(500), 5, TimeValue.seconds(1), true),

    /**
     * Everything, every parameter: for publication. 3 forks (a 10% target is within one fork's
     * JIT-to-JIT spread on this kind of machine, so the error interval has to span forks), 2
     * warm-up and 3 measured iterations of 1 s each, {@code -prof gc}; 848 runs with five designs
     * and the baseline (the 719 before the baseline joined took about three and a half hours on
     * 2 cores; {@code -f 1} gives every figure in a third of that).
     */
    FULL(List.of(new Group(".*Bench", ".*", Map.of())),
            3, 2, TimeValue.seconds(1), 3, TimeValue.seconds(1), true),

    /**
     * Correctness, not timing: every benchmark method once, in this JVM, with the smallest
     * parameters and every design. What {@code mvn verify} runs so that benchmarks never rot.
     */
    SMOKE(List.of(new Group(".*Bench", ".*", Map.of("size", "8", "slots", "1", "pollutionCalls", "10"))),
            0, 0, TimeValue.milliseconds(1), 1, TimeValue.milliseconds(10), false);

    /** The package every benchmark class is in. */
    public static final String PACKAGE = "org.kvmlab.bench.";

    /**
     * One JMH run: benchmark methods of classes matching {@code classes} whose name matches
     * {@code methods}, with the parameter values given (all values where none are).
     */
    public record Group(String classes, String methods, Map<String, String> params) {
        /** The include pattern JMH matches against {@code package.Class.method}. */
        public String include() {
            return "^" + PACKAGE.replace(".", "\\.") + "(" + classes + ")\\.(" + methods + ")$";
        }
    }

    private final List<Group> groups;
    private final int forks;
    private final int warmupIterations;
    private final TimeValue warmupTime;
    private final int iterations;
    private final TimeValue iterationTime;
    private final boolean gc;

    Profile(List<Group> groups, int forks, int warmupIterations, TimeValue warmupTime, int iterations,
            TimeValue iterationTime, boolean gc) {
        this.groups = groups;
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupTime = warmupTime;
        this.iterations = iterations;
        this.iterationTime = iterationTime;
        this.gc = gc;
    }

    /** The JMH runs of this profile. */
    public List<Group> groups() {
        return groups;
    }

    /** The options of one group, before any command-line override; every design the bench measures. */
    public ChainedOptionsBuilder options(Group group) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(group.include())
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(warmupTime)
                .measurementIterations(iterations)
                .measurementTime(iterationTime)
                .shouldFailOnError(true);
        if (gc) {
            b.addProfiler(GCProfiler.class);
        }
        b.param(BenchDesigns.PARAM, BenchDesigns.names().toArray(String[]::new));
        group.params().forEach((name, values) -> b.param(name, values.split(",")));
        return b;
    }
}
