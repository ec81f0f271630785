package org.kvmlab.bench;

import static org.kvmlab.bench.fixture.GuestFixture.expectOk;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.bench.fixture.GuestFixture;
import org.kvmlab.bench.fixture.HostLimit;
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
 * {@code read_guest_page} and {@code write_guest_page}, VM-level and vCPU-level, at 8 B, 64 B and
 * a whole page, each next to the physical limit of the same bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GuestPageBench {

    /** The design's guest and a buffer. */
    @State(Scope.Thread)
    public static class Guest {
        @Param(BenchDesigns.ALL)
        public String design;
        @Param({"8", "64", "4096"})
        public int size;

        public DesignAccessors d;
        public Vcpu vcpu;
        public long gfn;
        public int offset;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp() {
            GuestFixture f = GuestFixture.create(design);
            d = f.accessors;
            vcpu = f.vcpu;
            gfn = GuestFixture.ACCESS_GPA >>> 12;
            offset = 0;
            buf = GuestFixture.buffer(size);
            expectOk(d.vmReadGuestPage(gfn, buf, 0, offset, size), "read_guest_page vm");
            expectOk(d.vcpuReadGuestPage(vcpu, gfn, buf, 0, offset, size), "read_guest_page vcpu");
            expectOk(d.vmWriteGuestPage(gfn, buf, 0, offset, size), "write_guest_page vm");
            expectOk(d.vcpuWriteGuestPage(vcpu, gfn, buf, 0, offset, size), "write_guest_page vcpu");
        }
    }

    /** The same bytes in host memory, found once. */
    @State(Scope.Thread)
    public static class Host {
        @Param({"8", "64", "4096"})
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
    public int readGuestPage_vm(Guest g) {
        return g.d.vmReadGuestPage(g.gfn, g.buf, 0, g.offset, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_read", "limit_readTyped"})
    @VcpuTwinOf("readGuestPage_vm")
    public int readGuestPage_vcpu(Guest g) {
        return g.d.vcpuReadGuestPage(g.vcpu, g.gfn, g.buf, 0, g.offset, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped"})
    public int writeGuestPage_vm(Guest g) {
        return g.d.vmWriteGuestPage(g.gfn, g.buf, 0, g.offset, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped"})
    @VcpuTwinOf("writeGuestPage_vm")
    public int writeGuestPage_vcpu(Guest g) {
        return g.d.vcpuWriteGuestPage(g.vcpu, g.gfn, g.buf, 0, g.offset, g.size);
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
