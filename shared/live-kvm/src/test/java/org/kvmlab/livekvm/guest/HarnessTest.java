package org.kvmlab.livekvm.guest;

import static com.google.common.truth.Truth.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmlab.livekvm.kvm.Cpuid;
import org.kvmlab.livekvm.kvm.KvmSystem;
import org.kvmlab.livekvm.kvm.KvmVcpu;
import org.kvmlab.livekvm.kvm.KvmVm;
import org.kvmlab.livekvm.kvm.UsableKvm;
import org.kvmlab.livekvm.sys.Libc;

/**
 * The harness guest on the real kernel: physical and virtual accesses, MMIO exits as EFAULT,
 * faults through its IDT, and a run that outlives its budget. Needs a usable {@code /dev/kvm}.
 */
class HarnessTest {
    private static final long HARNESS_GPA = 0xE000_0000_0000L;
    private static final ValueLayout.OfLong PTE = ValueLayout.JAVA_LONG_UNALIGNED;

    private KvmSystem kvm;
    private Arena arena;
    private KvmVm vm;
    private Harness harness;
    private KvmVcpu vcpu;
    private long hva;
    private MemorySegment ram;

    @BeforeEach
    void setUp() {
        kvm = UsableKvm.open();
        arena = Arena.ofConfined();
        Cpuid cpuid = kvm.supportedCpuid(arena);
        vm = kvm.createVm();
        assertThat(vm.createIrqchip()).isEqualTo(0);
        harness = Harness.install(vm, cpuid, 100, HARNESS_GPA, arena);
        vcpu = vm.createVcpu(0);
        harness.prepare(vcpu);
        hva = Libc.mmap(0, 0x10000, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1);
        ram = MemorySegment.ofAddress(hva).reinterpret(0x10000);
        // gpa 0-0x7fff: RAM; 0x8000-0x8fff: a hole; 0x9000-0x9fff: read-only RAM over the same host pages.
        assertThat(vm.setUserMemoryRegion(0, 0, 0, 0x8000, hva)).isEqualTo(0);
        assertThat(vm.setUserMemoryRegion(1, 2, 0x9000, 0x1000, hva)).isEqualTo(0);
    }

    @AfterEach
    void tearDown() {
        if (kvm == null) {
            return;
        }
        harness.close();
        vm.close();
        Libc.munmap(hva, 0x10000);
        arena.close();
        kvm.close();
    }

    @Test
    void physicalWriteThenReadAcrossAPage() {
        assertThat(harness.write(vcpu, 0xffe, new byte[] {1, 2, 3, 4})).isInstanceOf(GuestAccess.Done.class);
        assertThat(ram.get(ValueLayout.JAVA_INT_UNALIGNED, 0xffe)).isEqualTo(0x04030201);
        GuestAccess read = harness.read(vcpu, 0xff8, 16);
        assertThat(((GuestAccess.Done) read).bytes()).isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0});
    }

    @Test
    void aHoleIsAnMmioExitWithTheEarlierPagesCopied() {
        ram.set(ValueLayout.JAVA_BYTE, 0x7fff, (byte) 0x5a);
        GuestAccess read = harness.read(vcpu, 0x7ffe, 4);
        assertThat(read).isInstanceOf(GuestAccess.Mmio.class);
        GuestAccess.Mmio mmio = (GuestAccess.Mmio) read;
        assertThat(mmio.gpa()).isEqualTo(0x8000L);
        assertThat(mmio.buffer()).isEqualTo(new byte[] {0, 0x5a, 0, 0});
        // Once a slot covers the page, it is memory again: the MMIO caches were dropped.
        assertThat(vm.setUserMemoryRegion(2, 0, 0x8000, 0x1000, hva + 0x8000)).isEqualTo(0);
        assertThat(harness.read(vcpu, 0x7ffe, 4)).isInstanceOf(GuestAccess.Done.class);
    }

    @Test
    void aWriteToAReadOnlySlotIsAnMmioExitAndChangesNothing() {
        GuestAccess write = harness.write(vcpu, 0x9000, new byte[] {9});
        assertThat(write).isInstanceOf(GuestAccess.Mmio.class);
        assertThat(((GuestAccess.Mmio) write).write()).isTrue();
        assertThat(ram.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0);
    }

    @Test
    void virtualAccessesWalkTheGuestsTablesAndFaultThroughTheHarnessIdt() {
        // PML4 0x1000 -> PDPT 0x2000 -> PD 0x3000 -> PT 0x4000; gva 0 -> 0x5000 (rw), gva 0x1000 -> 0x6000 (ro).
        ram.set(PTE, 0x1000, 0x2003L);
        ram.set(PTE, 0x2000, 0x3003L);
        ram.set(PTE, 0x3000, 0x4003L);
        ram.set(PTE, 0x4000, 0x5003L);
        ram.set(PTE, 0x4008, 0x6001L);
        ram.set(PTE, 0x5000, 0x0807060504030201L);
        ram.set(PTE, 0x1000 + 8 * HarnessImage.HARNESS_PML4_INDEX, harness.borrowedEntry());
        assertThat(((GuestAccess.Done) harness.readVirtual(vcpu, 0x1000, 0, 8, true)).bytes())
                .isEqualTo(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThat(harness.writeVirtual(vcpu, 0x1000, 0x1000, new byte[] {1}, true))
                .isEqualTo(new GuestAccess.Exception(14, 3, 0x1000));
        assertThat(harness.readVirtual(vcpu, 0x1000, 0x2000, 3, false)).isEqualTo(new GuestAccess.Exception(14, 0, 0x2000));
        assertThat(harness.readVirtual(vcpu, 0x1000, 0x8000_0000_0000L, 1, true)).isEqualTo(new GuestAccess.Exception(13, 0, 0));
        // The walker set the accessed bit of the entries it used.
        assertThat(ram.get(PTE, 0x4000) & 0x20).isEqualTo(0x20L);
    }

    @Test
    void oneStoreOverTwoMmioPagesExitsTwiceAndLeavesTheVcpuClean() {
        ram.set(PTE, 0x1000, 0x2003L);
        ram.set(PTE, 0x2000, 0x3003L);
        ram.set(PTE, 0x3000, 0x4003L);
        ram.set(PTE, 0x4008, 0x8003L);   // gva 0x1000 -> the hole at 0x8000
        ram.set(PTE, 0x4010, 0xa003L);   // gva 0x2000 -> no slot either
        ram.set(PTE, 0x1000 + 8 * HarnessImage.HARNESS_PML4_INDEX, harness.borrowedEntry());
        GuestAccess write = harness.writeVirtual(vcpu, 0x1000, 0x1ffc, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, true);
        assertThat(write).isInstanceOf(GuestAccess.Mmio.class);
        assertThat(((GuestAccess.Mmio) write).gpa()).isEqualTo(0x8ffcL);
        // Both pieces were completed: the next operation starts from a clean vCPU.
        assertThat(harness.write(vcpu, 0x20, new byte[] {7})).isInstanceOf(GuestAccess.Done.class);
        assertThat(ram.get(ValueLayout.JAVA_BYTE, 0x20)).isEqualTo((byte) 7);
    }

    @Test
    void aGuestThatRunsAwayIsStoppedByItsBudget() {
        long start = System.nanoTime();
        GuestAccess spun = harness.spin(vcpu, 200);
        assertThat(spun).isInstanceOf(GuestAccess.Broken.class);
        assertThat(((GuestAccess.Broken) spun).why()).contains("budget of 200 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000L);
        // The vCPU is usable again at once.
        assertThat(harness.write(vcpu, 0x10, new byte[] {1})).isInstanceOf(GuestAccess.Done.class);
    }

    @Test
    void theKernelChecksCr3AgainstThePhysicalAddressWidth() {
        assertThat(harness.setCr3(vcpu, 0x1000)).isEqualTo(0);
        assertThat(harness.setCr3(vcpu, 0x1001)).isEqualTo(0);
        assertThat(harness.setCr3(vcpu, -4096L)).isEqualTo(-22);
    }
}
