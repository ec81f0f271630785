package org.kvmlab.bench.verdict;

import java.util.List;
import java.util.Map;

/**
 * The bench's performance targets, the one place they are stated: the bench's report and the
 * review judge these and no others. To add or change one, edit this list; a target that selects
 * no figure of a run reads "not measured" there.
 */
public final class Targets {
    /**
     * Allocation below this many bytes per operation counts as none: JMH's own per-iteration
     * allocation spread over the operations of an iteration (up to 0.98 B/op for a 1 MiB copy in
     * half a second); one object is at least 16 B.
     */
    public static final double ALLOCATION_NOISE = 1.0;

    /** 4 KiB single-page read and write at most 1.10x the bare copy, polluted profiles apart. */
    public static final Target FOUR_KIB = new Target("4k-copy",
            "4 KiB read/write (one page) <= 1.10x the bare copy", Figure.Kind.TO_LIMIT,
            "(?!PollutedBench\\.).*", "limit_(read|write)", Map.of("size", "4096"), 1.10);

    /** An 8 B read on an {@code lru_slot} hit at most 4x the bare 8 B copy. */
    public static final Target EIGHT_BYTES_LRU = new Target("8b-lru-read",
            "8 B read, lru_slot hit <= 4x the bare copy", Figure.Kind.TO_LIMIT,
            "SlotScalingBench\\.read8_lru(Vm|Vcpu)", "limit_read8", Map.of(), 4.0);

    /** Every vCPU-level accessor at most 1.10x its VM-level twin. */
    public static final Target VCPU_TO_VM = new Target("vcpu-vm",
            "vCPU-level <= 1.10x VM-level", Figure.Kind.VCPU_TO_VM, ".*", null, Map.of(), 1.10);

    /** A lookup with random gfns among 32764 slots at most 2x the same among 509. */
    public static final Target LOOKUP_SCALING = new Target("lookup-32764",
            "lookup, random gfns: 32764 slots <= 2x 509 slots", Figure.Kind.SLOT_SCALING,
            "SlotScalingBench\\.lookup_random", null, Map.of("slots", "32764"), 2.0);

    /** No accessor allocates; memslot updates are not accessors. */
    public static final Target ZERO_ALLOCATION = new Target("zero-alloc",
            "0 B/op on every accessor (below 1 B/op: JMH's own)", Figure.Kind.ALLOCATION,
            "(?!MemslotUpdateBench\\.).*", null, Map.of(), ALLOCATION_NOISE);

    /** Every target, in the order the reports list them. */
    public static final List<Target> ALL = List.of(FOUR_KIB, EIGHT_BYTES_LRU, VCPU_TO_VM, LOOKUP_SCALING,
            ZERO_ALLOCATION);

    private Targets() {}
}
