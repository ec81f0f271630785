package org.kvmlab.livekvm.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.host.Prot;
import org.kvmlab.livekvm.sys.Libc;
import org.kvmlab.livekvm.sys.ProcessMaps;

/**
 * Real mmap, munmap and mprotect at chosen addresses: the kernel's answers come back, the run's
 * pages behave as the scenario format says, and memory the run did not map is never touched.
 * Needs Linux (for {@code /proc/self/maps}), not KVM.
 */
class ScenarioHostTest {
    private ScenarioHost host;
    private long base;

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux's /proc/self/maps");
        host = new ScenarioHost();
        // A free range: let the kernel pick 64 KiB, then give it back and use its address.
        base = Libc.mmap(0, 0x10000, Libc.PROT_NONE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1);
        assertThat(base).isGreaterThan(0L);
        assertThat(Libc.munmap(base, 0x10000)).isEqualTo(0);
    }

    @AfterEach
    void tearDown() {
        if (host != null) {
            host.close();
        }
    }

    private static boolean mapped(long addr) {
        return ProcessMaps.read().stream().anyMatch(r -> r.start() <= addr && addr < r.end());
    }

    @Test
    void mmapGivesFreshZeroPagesAndReplacesTheRunsOwn() {
        assertThat(host.mmap(base, 0x2000, Prot.RW)).isEqualTo(new HostCall.Done(0));
        MemorySegment page = MemorySegment.ofAddress(base).reinterpret(0x2000);
        page.set(ValueLayout.JAVA_BYTE, 0x1000, (byte) 7);
        assertThat(host.mmap(base + 0x1000, 1, Prot.RW)).isEqualTo(new HostCall.Done(0));
        assertThat(page.get(ValueLayout.JAVA_BYTE, 0x1000)).isEqualTo((byte) 0);
        assertThat(host.owned().protection(base + 0x1fff)).isEqualTo(Prot.RW);
    }

    @Test
    void mmapErrorsAreTheKernels() {
        assertThat(host.mmap(base, 0, Prot.RW)).isEqualTo(new HostCall.Done(-22));
        assertThat(host.mmap(base + 1, 0x1000, Prot.RW)).isEqualTo(new HostCall.Done(-22));
        assertThat(host.mmap(0x7fffffffe000L, 0x2000, Prot.RW)).isEqualTo(new HostCall.Done(-12));
        assertThat(host.mmap(0x1000, -1L, Prot.RW)).isEqualTo(new HostCall.Done(-12));
    }

    @Test
    void memoryTheRunDidNotMapIsNeverTouched() {
        long foreign = Libc.mmap(base + 0x4000, 0x1000, Libc.PROT_READ | Libc.PROT_WRITE,
                Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_FIXED_NOREPLACE, -1);
        assertThat(foreign).isEqualTo(base + 0x4000);
        try {
            MemorySegment.ofAddress(foreign).reinterpret(8).set(ValueLayout.JAVA_LONG, 0, 42);
            assertThat(host.mmap(base, 0x8000, Prot.RW)).isInstanceOf(HostCall.Refused.class);
            assertThat(host.mprotect(base + 0x4000, 0x1000, Prot.NONE)).isInstanceOf(HostCall.Refused.class);
            assertThat(host.mmap(base, 0x1000, Prot.RW)).isEqualTo(new HostCall.Done(0));
            assertThat(host.munmap(base, 0x8000)).isInstanceOf(HostCall.Refused.class);
            // The run's own page went; the foreign one is still there, as it was.
            assertThat(mapped(base)).isFalse();
            assertThat(mapped(foreign)).isTrue();
            assertThat(MemorySegment.ofAddress(foreign).reinterpret(8).get(ValueLayout.JAVA_LONG, 0)).isEqualTo(42);
        } finally {
            Libc.munmap(foreign, 0x1000);
        }
    }

    @Test
    void mprotectStopsAtTheFirstGapAsLinuxDoes() {
        assertThat(host.mmap(base, 0x2000, Prot.RW)).isEqualTo(new HostCall.Done(0));
        assertThat(host.mprotect(base, 0x3000, Prot.RO)).isEqualTo(new HostCall.Done(-12));
        assertThat(host.owned().protection(base + 0x1000)).isEqualTo(Prot.RO);
        assertThat(host.mprotect(base, 0, Prot.NONE)).isEqualTo(new HostCall.Done(0));
        assertThat(host.mprotect(base + 0x800, 0x1000, Prot.NONE)).isEqualTo(new HostCall.Done(-22));
        assertThat(host.owned().protection(base)).isEqualTo(Prot.RO);
    }

    @Test
    void munmapOfUnmappedPagesIsFineAndBadRangesAreTheKernels() {
        assertThat(host.munmap(base, 0x4000)).isEqualTo(new HostCall.Done(0));
        assertThat(host.munmap(base + 1, 0x1000)).isEqualTo(new HostCall.Done(-22));
        assertThat(host.munmap(base, 0)).isEqualTo(new HostCall.Done(-22));
        assertThat(host.munmap(0x7ffffffff000L, 0x2000)).isEqualTo(new HostCall.Done(-22));
    }

    @Test
    void closeUnmapsEverythingTheRunMapped() {
        host.mmap(base, 0x1000, Prot.RW);
        host.mmap(base + 0x3000, 0x2000, Prot.NONE);
        host.close();
        assertThat(List.of(mapped(base), mapped(base + 0x3000), mapped(base + 0x4000))).containsExactly(false, false,
                false);
        assertThat(host.owned().all()).isEmpty();
    }
}
