package org.kvmlab.bench;

import static org.kvmlab.bench.fixture.GuestFixture.expectOk;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.bench.fixture.GuestFixture;
import org.kvmlab.bench.fixture.HostLimit;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Vcpu;
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
 * {@code read_guest_cached} and {@code write_guest_cached} at 8 B and 64 B (the kvmclock, steal
 * time and PV EOI sizes), VM-level and vCPU-level, through caches initialised in set-up, each
 * next to the physical limit of the same bytes. The vCPU-level fast path is where DESIGN.md rule 3 costs
 * something: every design asks again, at each access, whether the vCPU may still see the slot.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CachedAccessBench {

    /** The design's guest with one cache per flavour. */
    @State(Scope.Thread)
    public static class Guest {
        @Param(BenchDesigns.ALL)
        public String design;
        @Param({"8", "64"})
        public int size;

        public DesignAccessors d;
        public Vcpu vcpu;
        public GfnToHvaCache vmCache;
        public GfnToHvaCache vcpuCache;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp() {
            GuestFixture f = GuestFixture.create(design);
            d = f.accessors;
            vcpu = f.vcpu;
            buf = GuestFixture.buffer(size);
            vmCache = d.newVmCache();
            vcpuCache = d.newVcpuCache();
            expectOk(d.vmGfnToHvaCacheInit(vmCache, GuestFixture.ACCESS_GPA, size), "cache init vm");
            expectOk(d.vcpuGfnToHvaCacheInit(vcpu, vcpuCache, GuestFixture.ACCESS_GPA, size), "cache init vcpu");
            expectOk(d.vmReadGuestCached(vmCache, buf, 0, size), "read_guest_cached vm");
            expectOk(d.vcpuReadGuestCached(vcpu, vcpuCache, buf, 0, size), "read_guest_cached vcpu");
            expectOk(d.vmWriteGuestCached(vmCache, buf, 0, size), "write_guest_cached vm");
            expectOk(d.vcpuWriteGuestCached(vcpu, vcpuCache, buf, 0, size), "write_guest_cached vcpu");
        }
    }

    /** The same bytes in host memory, found once. */
    @State(Scope.Thread)
    public static class Host {
        @Param({"8", "64"})
        public int size;

        public HostLimit limit;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp() {
            limit = HostLimit.of(GuestFixture.limitHost(), GuestFixture.RAM_HVA + GuestFixture.ACCESS_GPA, size);
            buf = GuestFixture.buffer(size);
        }
    }

    @Benchmark
    @BoundedBy({"limit_read", "limit_readTyped"})
    public int readGuestCached_vm(Guest g) {
        return g.d.vmReadGuestCached(g.vmCache, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_read", "limit_readTyped"})
    @VcpuTwinOf("readGuestCached_vm")
    public int readGuestCached_vcpu(Guest g) {
        return g.d.vcpuReadGuestCached(g.vcpu, g.vcpuCache, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped"})
    public int writeGuestCached_vm(Guest g) {
        return g.d.vmWriteGuestCached(g.vmCache, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped"})
    @VcpuTwinOf("writeGuestCached_vm")
    public int writeGuestCached_vcpu(Guest g) {
        return g.d.vcpuWriteGuestCached(g.vcpu, g.vcpuCache, g.buf, 0, g.size);
    }

    @Benchmark
    public MemorySegment limit_read(Host h) {
        h.limit.copyOut(h.buf, 0);
        return h.buf;
    }

    @Benchmark
    public MemorySegment limit_write(Host h) {
        h.limit.copyIn(h.buf, 0);
        return h.buf;
    }

    @Benchmark
    public MemorySegment limit_readTyped(Host h) {
        h.limit.typedOut(h.buf, 0);
        return h.buf;
    }

    @Benchmark
    public MemorySegment limit_writeTyped(Host h) {
        h.limit.typedIn(h.buf, 0);
        return h.buf;
    }
}
