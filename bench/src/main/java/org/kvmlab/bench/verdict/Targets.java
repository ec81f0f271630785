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

    /**
     * 4 KiB single-page read and write at most 1.10x the bare copy (issue 14), polluted profiles
     * and writes into a slot that logs dirty pages apart (those have targets of their own).
     */
    public static final Target FOUR_KIB = new Target("4k-copy",
            "4 KiB read/write (one page) <= 1.10x the bare copy", Figure.Kind.TO_LIMIT,
            "(?!PollutedBench\\.)(?!.*Log$).*", "limit_(read|write)", Map.of("size", "4096"), 1.10);

    /** 64 KiB and 1 MiB reads and writes, 16 and 256 pages, at most 1.05x the bare copy of the whole range. */
    public static final Target MANY_PAGES = new Target("64k-1m-copy",
            "64 KiB and 1 MiB read/write <= 1.05x the bare copy", Figure.Kind.TO_LIMIT,
            "GuestCopyBench\\.(read|write)Guest_(vm|vcpu)", "limit_(read|write)", Map.of("size", "65536|1048576"), 1.05);

    /**
     * An 8 B read on an {@code lru_slot} hit at most 2x the bare 8 B copy (Linux 4.1's algorithm
     * in C: 1.9x its memcpy).
     */
    public static final Target EIGHT_BYTES_LRU = new Target("8b-lru-read",
            "8 B read, lru_slot hit <= 2.0x the bare copy", Figure.Kind.TO_LIMIT,
            "SlotScalingBench\\.read8_lru(Vm|Vcpu)", "limit_read8", Map.of(), 2.0);

    /**
     * An 8 B write into a slot that logs dirty pages at most 2.5x the bare 8 B copy (4.1's
     * algorithm in C: 2.6x).
     */
    public static final Target EIGHT_BYTES_LOGGED_WRITE = new Target("8b-log-write",
            "8 B write with dirty logging <= 2.5x the bare copy", Figure.Kind.TO_LIMIT,
            "GuestCopyBench\\.writeGuest_(vm|vcpu)Log", "limit_write", Map.of("size", "8"), 2.5);

    /** Every vCPU-level accessor at most 1.05x its VM-level twin. */
    public static final Target VCPU_TO_VM = new Target("vcpu-vm",
            "vCPU-level <= 1.05x VM-level", Figure.Kind.VCPU_TO_VM, ".*", null, Map.of(), 1.05);

    /**
     * A lookup and an 8 B read with random gfns among 32764 slots at most 2x the same among 509,
     * for the forks together and for every fork alone (each fork's iterations over the base's
     * forks together): a fork in a slower mode is a figure of its own and decides the verdict.
     */
    public static final Target LOOKUP_SCALING = new Target("lookup-32764",
            "random gfns: 32764 slots <= 2x 509 slots, in every fork", Figure.Kind.SLOT_SCALING,
            "SlotScalingBench\\.(lookup_random|read8_random(Vm|Vcpu))", null, Map.of("slots", "32764"), 2.0);

    /** An 8 B read with random gfns among 32764 slots in at most 50 ns (4.1's algorithm in C: 91 ns). */
    public static final Target RANDOM_READ_TIME = new Target("random-read-50ns",
            "8 B read, random gfns, 32764 slots <= 50 ns", Figure.Kind.TIME,
            "SlotScalingBench\\.read8_random(Vm|Vcpu)", null, Map.of("slots", "32764"), 50.0);

    /** No accessor allocates; memslot updates are not accessors. */
    public static final Target ZERO_ALLOCATION = new Target("zero-alloc",
            "0 B/op on every accessor (below 1 B/op: JMH's own)", Figure.Kind.ALLOCATION,
            "(?!MemslotUpdateBench\\.).*", null, Map.of(), ALLOCATION_NOISE);

    /** Every target, in the order the reports list them. */
    public static final List<Target> ALL = List.of(FOUR_KIB, MANY_PAGES, EIGHT_BYTES_LRU, EIGHT_BYTES_LOGGED_WRITE,
            VCPU_TO_VM, LOOKUP_SCALING, RANDOM_READ_TIME, ZERO_ALLOCATION);

    private Targets() {}
}
