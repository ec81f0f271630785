package org.kvmlab.bench;

import static org.kvmlab.bench.fixture.GuestFixture.expectOk;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.bench.fixture.GuestFixture;
import org.kvmlab.bench.fixture.HostLimit;
import org.kvmlab.bench.fixture.Polluter;
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
 * {@link GuestCopyBench}'s accessors measured after every design's accessors, VM-level and
 * vCPU-level, read, write, clear, cached and guest-virtual, ran in the same JVM
 * ({@link Polluter}): the type profiles a real VMM gives the JIT, next to the forked, clean
 * figures. In Java a generic loop is one method with one profile, not a macro expanded per call
 * site, so a design that shares a loop between page operations pays here, and only here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PollutedBench {

    /** Runs every design's accessors before anything is measured. */
    @State(Scope.Benchmark)
    public static class Pollution {
        /** Calls of each accessor per design; enough for C2 to compile with the mixed profiles. */
        @Param({"20000"})
        public int pollutionCalls;

        @Setup(Level.Trial)
        public void pollute() {
            Polluter.polluteAll(pollutionCalls);
        }
    }

    /** As {@link GuestCopyBench.Guest}, set up after the pollution. */
    @State(Scope.Thread)
    public static class Guest {
        @Param(BenchDesigns.ALL)
        public String design;
        @Param({"8", "4096", "65536"})
        public int size;

        public DesignAccessors d;
        public Vcpu vcpu;
        public long gpa;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp(Pollution polluted) {
            GuestFixture f = GuestFixture.create(design);
            d = f.accessors;
            vcpu = f.vcpu;
            gpa = GuestFixture.ACCESS_GPA;
            buf = GuestFixture.buffer(size);
            expectOk(d.vmReadGuest(gpa, buf, 0, size), "read_guest vm");
            expectOk(d.vcpuReadGuest(vcpu, gpa, buf, 0, size), "read_guest vcpu");
            expectOk(d.vmWriteGuest(gpa, buf, 0, size), "write_guest vm");
            expectOk(d.vcpuWriteGuest(vcpu, gpa, buf, 0, size), "write_guest vcpu");
        }
    }

    /** The same bytes in host memory, in the same polluted JVM. */
    @State(Scope.Thread)
    public static class Host {
        @Param({"8", "4096", "65536"})
        public int size;

        public HostLimit limit;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp(Pollution polluted) {
            limit = HostLimit.of(GuestFixture.limitHost(), GuestFixture.RAM_HVA + GuestFixture.ACCESS_GPA, size);
            buf = GuestFixture.buffer(size);
        }
    }

    @Benchmark
    @BoundedBy("limit_read")
    @PollutedTwinOf(benchmark = GuestCopyBench.class, method = "readGuest_vm")
    public int readGuest_vm(Guest g) {
        return g.d.vmReadGuest(g.gpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy("limit_read")
    @VcpuTwinOf("readGuest_vm")
    @PollutedTwinOf(benchmark = GuestCopyBench.class, method = "readGuest_vcpu")
    public int readGuest_vcpu(Guest g) {
        return g.d.vcpuReadGuest(g.vcpu, g.gpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy("limit_write")
    @PollutedTwinOf(benchmark = GuestCopyBench.class, method = "writeGuest_vm")
    public int writeGuest_vm(Guest g) {
        return g.d.vmWriteGuest(g.gpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy("limit_write")
    @VcpuTwinOf("writeGuest_vm")
    @PollutedTwinOf(benchmark = GuestCopyBench.class, method = "writeGuest_vcpu")
    public int writeGuest_vcpu(Guest g) {
        return g.d.vcpuWriteGuest(g.vcpu, g.gpa, g.buf, 0, g.size);
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
}
