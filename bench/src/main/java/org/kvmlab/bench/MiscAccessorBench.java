package org.kvmlab.bench;

import static org.kvmlab.bench.fixture.GuestFixture.expectOk;
import static org.kvmlab.bench.fixture.GuestFixture.expectTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.spi.SlotModel;
import org.kvmlab.bench.fixture.GuestFixture;
import org.kvmlab.bench.fixture.HostLimit;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.paging.X86Exception;
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
 * The accessors that move no bytes or few: {@code gfn_to_hva} and {@code is_visible_gfn} (a lookup
 * on an lru_slot hit, bounded by the core's bare {@code search_memslots}), {@code read_guest_virt}
 * at 8 B (a four-level walk, each entry read through the design's own vCPU read, then the read;
 * bounded by an 8 B copy) and {@code clear_guest} of one page (bounded by a 4 KiB copy from zeros).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class MiscAccessorBench {
    /** clear_guest's size: one page. */
    public static final int CLEAR_SIZE = 4096;
    /** read_guest_virt's size. */
    public static final int VIRT_SIZE = 8;

    /** The design's guest. */
    @State(Scope.Thread)
    public static class Guest {
        @Param(BenchDesigns.ALL)
        public String design;

        public DesignAccessors d;
        public Vcpu vcpu;
        public long gfn;
        public long gpa;
        public long gva;
        public int clearSize;
        public int virtSize;
        public MemorySegment buf;
        public X86Exception exception;

        @Setup(Level.Trial)
        public void setUp() {
            GuestFixture f = GuestFixture.create(design);
            d = f.accessors;
            vcpu = f.vcpu;
            gpa = GuestFixture.ACCESS_GPA;
            gfn = gpa >>> 12;
            gva = GuestFixture.GVA;
            clearSize = CLEAR_SIZE;
            virtSize = VIRT_SIZE;
            buf = GuestFixture.buffer(VIRT_SIZE);
            exception = new X86Exception();
            expectTrue(d.vmGfnToHva(gfn) == GuestFixture.RAM_HVA + gpa, "gfn_to_hva vm");
            expectTrue(d.vcpuGfnToHva(vcpu, gfn) == GuestFixture.RAM_HVA + gpa, "gfn_to_hva vcpu");
            expectTrue(d.vmIsVisibleGfn(gfn), "is_visible_gfn vm");
            expectTrue(d.vcpuIsVisibleGfn(vcpu, gfn), "is_visible_gfn vcpu");
            expectOk(d.readGuestVirt(vcpu, gva, buf, 0, VIRT_SIZE, exception), "read_guest_virt");
            expectOk(d.vmClearGuest(gpa, CLEAR_SIZE), "clear_guest vm");
            expectOk(d.vcpuClearGuest(vcpu, gpa, CLEAR_SIZE), "clear_guest vcpu");
        }
    }

    /** The same guest RAM slot in a bare core VM, and the host bytes, for the baselines. */
    @State(Scope.Thread)
    public static class Host {
        public Kvm kvm;
        public long gfn;
        public HostLimit read8;
        public HostLimit clear;
        public MemorySegment buf;
        public MemorySegment zeros;

        @Setup(Level.Trial)
        public void setUp() {
            kvm = new Kvm(SlotModel.SMRAM_FLAG.config(509));
            expectOk(SlotModel.SMRAM_FLAG.setRegion(kvm, 0, 0, 0, GuestFixture.RAM_SIZE, GuestFixture.RAM_HVA), "slot");
            gfn = GuestFixture.ACCESS_GPA >>> 12;
            read8 = HostLimit.of(GuestFixture.limitHost(), GuestFixture.RAM_HVA + GuestFixture.ACCESS_GPA, VIRT_SIZE);
            clear = HostLimit.of(GuestFixture.limitHost(), GuestFixture.RAM_HVA + GuestFixture.ACCESS_GPA, CLEAR_SIZE);
            buf = GuestFixture.buffer(VIRT_SIZE);
            zeros = Arena.ofAuto().allocate(CLEAR_SIZE, 4096);
        }
    }

    @Benchmark
    @BoundedBy("limit_lookup")
    public long gfnToHva_vm(Guest g) {
        return g.d.vmGfnToHva(g.gfn);
    }

    @Benchmark
    @BoundedBy("limit_lookup")
    @VcpuTwinOf("gfnToHva_vm")
    public long gfnToHva_vcpu(Guest g) {
        return g.d.vcpuGfnToHva(g.vcpu, g.gfn);
    }

    @Benchmark
    @BoundedBy("limit_lookup")
    public boolean isVisibleGfn_vm(Guest g) {
        return g.d.vmIsVisibleGfn(g.gfn);
    }

    @Benchmark
    @BoundedBy("limit_lookup")
    @VcpuTwinOf("isVisibleGfn_vm")
    public boolean isVisibleGfn_vcpu(Guest g) {
        return g.d.vcpuIsVisibleGfn(g.vcpu, g.gfn);
    }

    @Benchmark
    @BoundedBy({"limit_read8", "limit_read8Typed"})
    public int readGuestVirt8_vcpu(Guest g) {
        return g.d.readGuestVirt(g.vcpu, g.gva, g.buf, 0, g.virtSize, g.exception);
    }

    @Benchmark
    @BoundedBy("limit_clear4k")
    public int clearGuest4k_vm(Guest g) {
        return g.d.vmClearGuest(g.gpa, g.clearSize);
    }

    @Benchmark
    @BoundedBy("limit_clear4k")
    @VcpuTwinOf("clearGuest4k_vm")
    public int clearGuest4k_vcpu(Guest g) {
        return g.d.vcpuClearGuest(g.vcpu, g.gpa, g.clearSize);
    }

    /** The core's {@code search_memslots} on an lru hit and the slot's hva: no design at all. */
    @Benchmark
    public long limit_lookup(Host h) {
        long gfn = h.gfn;
        return h.kvm.memslots(0).searchMemslots(gfn).gfnToHvaMemslot(gfn);
    }

    @Benchmark
    public MemorySegment limit_read8(Host h) {
        h.read8.copyOut(h.buf, 0);
        return h.buf;
    }

    @Benchmark
    public MemorySegment limit_read8Typed(Host h) {
        h.read8.typedOut(h.buf, 0);
        return h.buf;
    }

    @Benchmark
    public MemorySegment limit_clear4k(Host h) {
        h.clear.copyIn(h.zeros, 0);
        return h.zeros;
    }
}
