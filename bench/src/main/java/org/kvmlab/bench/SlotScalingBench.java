package org.kvmlab.bench;

import static org.kvmlab.bench.fixture.GuestFixture.expectOk;
import static org.kvmlab.bench.fixture.GuestFixture.expectTrue;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.DesignModule;
import org.kvmlab.spi.SlotModel;
import org.kvmlab.bench.fixture.GuestFixture;
import org.kvmlab.bench.fixture.HostLimit;
import org.kvmlab.bench.fixture.ManySlots;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memslot lookup and an 8 B read as the slot count grows from 1 to 32764, with the lru_slot hint
 * hitting (the same gfn every time) and with random gfns (4096 precomputed frames spread over all
 * slots, so the hint almost never hits and {@code search_memslots} binary-searches). The core's
 * bare {@code search_memslots} is the lookup's limit; an 8 B copy (and typed get/set) the read's.
 * The cost of changing memslots is in {@link MemslotUpdateBench}, apart from lookup, as the
 * kernel's memslot_perf_test reports it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SlotScalingBench {
    /** Bytes per read. */
    public static final int READ_SIZE = 8;
    private static final int MASK = ManySlots.RANDOM_GFNS - 1;

    /** The design's VM with many slots. */
    @State(Scope.Thread)
    public static class Slots {
        @Param(BenchDesigns.ALL)
        public String design;
        @Param({"1", "10", "100", "509", "4096", "32764"})
        public int slots;

        public DesignAccessors d;
        public Vcpu vcpu;
        public long[] randomGfns;
        public int next;
        public long lruGfn;
        public int size;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp() {
            DesignModule module = BenchDesigns.named(design);
            ManySlots m = ManySlots.create(module.slotModel(), slots);
            expectOk(m.kvm.createVcpu(0), "vcpu");
            d = module.accessors(m.kvm);
            vcpu = m.kvm.vcpu(0);
            randomGfns = m.randomGfns;
            lruGfn = m.lruGfn;
            size = READ_SIZE;
            buf = GuestFixture.buffer(READ_SIZE);
            // A sample is enough to show the frames are all backed; set-up stays off the measured
            // paths as far as it can. (lookup_random at 32764 slots runs at ~21 ns or 55-100 ns per
            // fork either way, in every design and the core's bare search: see README, Benchmarks.)
            for (int i = 0; i < 64; i++) {
                long gfn = randomGfns[i];
                expectTrue(d.vmGfnToMemslot(gfn) != null, "lookup of gfn " + gfn);
                expectOk(d.vcpuReadGuest(vcpu, gfn << 12, buf, 0, size), "read of gfn " + gfn);
            }
            expectOk(d.vmReadGuest(lruGfn << 12, buf, 0, size), "read at the lru gfn");
        }

        /** The next random frame: one increment and one masked load, the same in every benchmark. */
        long nextGfn() {
            return randomGfns[next++ & MASK];
        }
    }

    /** The same slots in a bare core VM, for the lookup's limit. */
    @State(Scope.Thread)
    public static class CoreSlots {
        @Param({"1", "10", "100", "509", "4096", "32764"})
        public int slots;

        public Kvm kvm;
        public long[] randomGfns;
        public int next;
        public long lruGfn;

        @Setup(Level.Trial)
        public void setUp() {
            ManySlots m = ManySlots.create(SlotModel.SMRAM_FLAG, slots);
            kvm = m.kvm;
            randomGfns = m.randomGfns;
            lruGfn = m.lruGfn;
        }

        long nextGfn() {
            return randomGfns[next++ & MASK];
        }
    }

    /** 8 B of host memory, found once. */
    @State(Scope.Thread)
    public static class Host {
        public HostLimit limit;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp() {
            limit = HostLimit.of(GuestFixture.limitHost(), GuestFixture.RAM_HVA + GuestFixture.ACCESS_GPA, READ_SIZE);
            buf = GuestFixture.buffer(READ_SIZE);
        }
    }

    @Benchmark
    @BoundedBy("search_lru")
    public MemorySlot lookup_lru(Slots s) {
        return s.d.vmGfnToMemslot(s.lruGfn);
    }

    @Benchmark
    @BoundedBy("search_random")
    public MemorySlot lookup_random(Slots s) {
        return s.d.vmGfnToMemslot(s.nextGfn());
    }

    @Benchmark
    @BoundedBy({"limit_read8", "limit_read8Typed"})
    public int read8_lruVm(Slots s) {
        return s.d.vmReadGuest(s.lruGfn << 12, s.buf, 0, s.size);
    }

    @Benchmark
    @BoundedBy({"limit_read8", "limit_read8Typed"})
    @VcpuTwinOf("read8_lruVm")
    public int read8_lruVcpu(Slots s) {
        return s.d.vcpuReadGuest(s.vcpu, s.lruGfn << 12, s.buf, 0, s.size);
    }

    @Benchmark
    @BoundedBy({"limit_read8", "limit_read8Typed"})
    public int read8_randomVm(Slots s) {
        return s.d.vmReadGuest(s.nextGfn() << 12, s.buf, 0, s.size);
    }

    @Benchmark
    @BoundedBy({"limit_read8", "limit_read8Typed"})
    @VcpuTwinOf("read8_randomVm")
    public int read8_randomVcpu(Slots s) {
        return s.d.vcpuReadGuest(s.vcpu, s.nextGfn() << 12, s.buf, 0, s.size);
    }

    /** The core's {@code search_memslots} on an lru hit, from the VM's current set. */
    @Benchmark
    public MemorySlot search_lru(CoreSlots c) {
        return c.kvm.memslots(0).searchMemslots(c.lruGfn);
    }

    /** The core's {@code search_memslots} on random gfns. */
    @Benchmark
    public MemorySlot search_random(CoreSlots c) {
        return c.kvm.memslots(0).searchMemslots(c.nextGfn());
    }

    @Benchmark
    public MemorySegment limit_read8(Host h) {
        h.limit.copyOut(h.buf, 0);
        return h.buf;
    }

    @Benchmark
    public MemorySegment limit_read8Typed(Host h) {
        h.limit.typedOut(h.buf, 0);
        return h.buf;
    }
}
