package org.kvmlab.bench;

import static org.kvmlab.bench.fixture.GuestFixture.expectOk;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.kvmlab.bench.design.BenchDesigns;
import org.kvmlab.spi.DesignAccessors;
import org.kvmlab.bench.fixture.GuestFixture;
import org.kvmlab.bench.fixture.HostLimit;
import org.kvmlab.core.host.HostMemory;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.spi.Role;
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
 * {@code read_guest} and {@code write_guest} from 8 B to 1 MiB (one page up to many), VM-level,
 * vCPU-level outside SMM (ordinary RAM) and vCPU-level inside SMM (SMRAM, which only that vCPU
 * sees), and writes into a slot that logs dirty pages (which pay {@code mark_page_dirty} on every
 * page), each next to the physical limit: the same bytes moved by one bare
 * {@code MemorySegment.copy} (and by 8-byte typed get/set) with the host segment known. Accesses
 * start at a page-aligned gpa, so 4 KiB is exactly one page. {@code limit_readPaged} and
 * {@code limit_writePaged} copy the same bytes one page at a time: the least a page loop does.
 *
 * <p>The limits use a state without the design parameter, so JMH measures each once per size.
 * {@code core_copyFromUser} and {@code core_copyToUser} measure the core's host-memory copy with
 * the hva known, which splits an accessor's distance from the limit into the designs' share
 * (lookup, loop, checks) and the host-memory model's, which every design pays alike.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class GuestCopyBench {

    /** The design's guest, its vCPUs and a buffer. */
    @State(Scope.Thread)
    public static class Guest {
        @Param(BenchDesigns.ALL)
        public String design;
        @Param({"8", "64", "4096", "65536", "1048576"})
        public int size;

        public DesignAccessors d;
        public Vcpu vcpu;
        public Vcpu smmVcpu;
        public long gpa;
        public long smramGpa;
        public long logGpa;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp() {
            GuestFixture f = GuestFixture.create(design);
            d = f.accessors;
            vcpu = f.vcpu;
            smmVcpu = f.smmVcpu;
            gpa = GuestFixture.ACCESS_GPA;
            smramGpa = GuestFixture.SMRAM_GPA;
            logGpa = GuestFixture.LOG_GPA;
            buf = GuestFixture.buffer(size);
            expectOk(d.vmReadGuest(gpa, buf, 0, size), "read_guest vm");
            expectOk(d.vcpuReadGuest(vcpu, gpa, buf, 0, size), "read_guest vcpu");
            expectOk(d.vcpuReadGuest(smmVcpu, smramGpa, buf, 0, size), "read_guest vcpu in SMM, SMRAM");
            expectOk(d.vmWriteGuest(gpa, buf, 0, size), "write_guest vm");
            expectOk(d.vcpuWriteGuest(vcpu, gpa, buf, 0, size), "write_guest vcpu");
            expectOk(d.vcpuWriteGuest(smmVcpu, smramGpa, buf, 0, size), "write_guest vcpu in SMM, SMRAM");
            expectOk(d.vmWriteGuest(logGpa, buf, 0, size), "write_guest vm, logged slot");
            expectOk(d.vcpuWriteGuest(vcpu, logGpa, buf, 0, size), "write_guest vcpu, logged slot");
            GuestFixture.expectTrue(f.kvm.memslots(0).searchMemslots(logGpa >>> 12).dirtyBitmap().testBit(0),
                    "the logged slot's first page is dirty");
            if (f.design.role() == Role.CONTESTANT) {
                GuestFixture.expectTrue(d.vcpuReadGuest(vcpu, smramGpa, buf, 0, size) != 0, design
                        + " hides SMRAM from a vCPU outside SMM (DESIGN.md rule 2; a design that fails it is not measured)");
            }
        }
    }

    /** The same bytes in host memory, found once. */
    @State(Scope.Thread)
    public static class Host {
        @Param({"8", "64", "4096", "65536", "1048576"})
        public int size;

        public HostMemory mm;
        public long hva;
        public HostLimit limit;
        public MemorySegment buf;

        @Setup(Level.Trial)
        public void setUp() {
            mm = GuestFixture.limitHost();
            hva = GuestFixture.RAM_HVA + GuestFixture.ACCESS_GPA;
            limit = HostLimit.of(mm, hva, size);
            buf = GuestFixture.buffer(size);
        }
    }

    @Benchmark
    @BoundedBy({"limit_read", "limit_readTyped", "limit_readPaged", "core_copyFromUser"})
    public int readGuest_vm(Guest g) {
        return g.d.vmReadGuest(g.gpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_read", "limit_readTyped", "limit_readPaged", "core_copyFromUser"})
    @VcpuTwinOf("readGuest_vm")
    public int readGuest_vcpu(Guest g) {
        return g.d.vcpuReadGuest(g.vcpu, g.gpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_read", "limit_readTyped", "limit_readPaged", "core_copyFromUser"})
    public int readGuest_vcpuSmm(Guest g) {
        return g.d.vcpuReadGuest(g.smmVcpu, g.smramGpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped", "limit_writePaged", "core_copyToUser"})
    public int writeGuest_vm(Guest g) {
        return g.d.vmWriteGuest(g.gpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped", "limit_writePaged", "core_copyToUser"})
    @VcpuTwinOf("writeGuest_vm")
    public int writeGuest_vcpu(Guest g) {
        return g.d.vcpuWriteGuest(g.vcpu, g.gpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped", "limit_writePaged", "core_copyToUser"})
    public int writeGuest_vcpuSmm(Guest g) {
        return g.d.vcpuWriteGuest(g.smmVcpu, g.smramGpa, g.buf, 0, g.size);
    }

    /** {@code write_guest} into the slot that logs: every page written is also marked dirty. */
    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped", "limit_writePaged", "core_copyToUser"})
    public int writeGuest_vmLog(Guest g) {
        return g.d.vmWriteGuest(g.logGpa, g.buf, 0, g.size);
    }

    @Benchmark
    @BoundedBy({"limit_write", "limit_writeTyped", "limit_writePaged", "core_copyToUser"})
    @VcpuTwinOf("writeGuest_vmLog")
    public int writeGuest_vcpuLog(Guest g) {
        return g.d.vcpuWriteGuest(g.vcpu, g.logGpa, g.buf, 0, g.size);
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

    /**
     * The core's {@code copy_from_user} with the hva known: no memslot lookup, no design, only the
     * host-memory model (mapping lookup, protection, the copy) every design's read pays for.
     */
    @Benchmark
    public long core_copyFromUser(Host h) {
        return h.mm.copyFromUser(h.buf, 0, h.hva, h.size);
    }

    /** The core's {@code copy_to_user} with the hva known: what every design's write pays below it. */
    @Benchmark
    public long core_copyToUser(Host h) {
        return h.mm.copyToUser(h.hva, h.buf, 0, h.size);
    }

    /** The same bytes one page at a time: what a page loop cannot avoid, one copy per page. */
    @Benchmark
    public MemorySegment limit_readPaged(Host h) {
        h.limit.pagedOut(h.buf, 0);
        return h.buf;
    }

    @Benchmark
    public MemorySegment limit_writePaged(Host h) {
        h.limit.pagedIn(h.buf, 0);
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
