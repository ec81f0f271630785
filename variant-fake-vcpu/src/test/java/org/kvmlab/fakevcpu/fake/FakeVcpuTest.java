package org.kvmlab.fakevcpu.fake;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kvmlab.core.base.Errno.EFAULT;
import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.fakevcpu.arch.x86.X86KvmArch.kvmArchFakeVcpu;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemslotFlags;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.fakevcpu.arch.x86.X86GuestVirt;
import org.kvmlab.fakevcpu.arch.x86.X86KvmArch;
import org.kvmlab.fakevcpu.virt.kvm.KvmGuestMemory;

/**
 * What makes the fake vCPU as safe as the design allows: it is never one of the VM's vCPUs, it
 * has no mode and no page tables, there is one per VM, and it widens no real vCPU's view. Black
 * box: only the design's public API is used.
 */
class FakeVcpuTest {
    private static final long HVA = 0x7f0000000000L;
    private static final long SMRAM_GPA = 0xa0000;

    private static Kvm newVm() {
        return new Kvm(KvmConfig.smramFlag());
    }

    /** A VM with one page of RAM at gpa 0 holding 0x11, and one page of SMRAM holding 0x22. */
    private static Kvm vmWithSmram() {
        Kvm kvm = newVm();
        assertThat(kvm.mm().mmap(HVA, 0x2000, Prot.RW)).isEqualTo(0);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0, 0x1000, HVA))).isEqualTo(0);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(1, MemslotFlags.KVM_MEM_X86_SMRAM,
                SMRAM_GPA, 0x1000, HVA + 0x1000))).isEqualTo(0);
        Vcpu fake = kvmArchFakeVcpu(kvm);
        assertThat(KvmGuestMemory.kvmWriteGuest(fake, 0, filled(0x1000, 0x11), 0, 0x1000)).isEqualTo(0);
        assertThat(KvmGuestMemory.kvmWriteGuest(fake, SMRAM_GPA, filled(0x1000, 0x22), 0, 0x1000)).isEqualTo(0);
        return kvm;
    }

    private static Vcpu realVcpu(Kvm kvm, int id) {
        assertThat(kvm.createVcpu(id)).isEqualTo(0);
        return kvm.vcpu(id);
    }

    private static MemorySegment filled(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return MemorySegment.ofArray(bytes);
    }

    @Nested
    class NeverMistakenForARealVcpu {
        @Test
        void theVm_neverListsItsFakeVcpu() {
            Kvm kvm = newVm();
            Vcpu fake = kvmArchFakeVcpu(kvm);
            for (int id = 0; id < Kvm.KVM_MAX_VCPUS; id++) {
                assertThat(kvm.createVcpu(id)).isEqualTo(0);
            }

            assertThat(kvm.vcpus()).hasSize(Kvm.KVM_MAX_VCPUS);
            assertThat(kvm.vcpus()).doesNotContain(fake);
            for (int id = -2; id <= Kvm.KVM_MAX_VCPUS + 1; id++) {
                assertWithMessage("kvm.vcpu(%s)", id).that(kvm.vcpu(id)).isNotSameInstanceAs(fake);
            }
        }

        @Test
        void fakeVcpuId_isOneNoRealVcpuCanHave() {
            Kvm kvm = newVm();
            Vcpu fake = kvmArchFakeVcpu(kvm);

            assertThat(fake.vcpuId() < 0 || fake.vcpuId() >= Kvm.KVM_MAX_VCPUS).isTrue();
            assertThat(kvm.createVcpu(fake.vcpuId())).isEqualTo(-EINVAL);
            assertThat(kvm.vcpu(fake.vcpuId())).isNull();
        }

        @Test
        void fakeVcpu_belongsToItsVm() {
            Kvm kvm = newVm();

            assertThat(kvmArchFakeVcpu(kvm).kvm()).isSameInstanceAs(kvm);
        }

        @Test
        void kvmArchFakeVcpu_ofNoVm_isAHostError() {
            assertThrows(IllegalArgumentException.class, () -> kvmArchFakeVcpu(null));
        }
    }

    @Nested
    class HasNoMode {
        @Test
        void enteringSmm_throws_andTheFakeVcpuStaysOutsideSmm() {
            Vcpu fake = kvmArchFakeVcpu(newVm());

            assertThrows(IllegalStateException.class, () -> fake.setSmm(true));
            assertThat(fake.isSmm()).isFalse();
        }

        @Test
        void leavingSmm_throws_too() {
            Vcpu fake = kvmArchFakeVcpu(newVm());

            assertThrows(IllegalStateException.class, () -> fake.setSmm(false));
            assertThat(fake.isSmm()).isFalse();
        }

        @Test
        void aRealVcpuInSmm_leavesTheFakeVcpuOutsideSmm() {
            Kvm kvm = newVm();
            Vcpu fake = kvmArchFakeVcpu(kvm);

            realVcpu(kvm, 0).setSmm(true);

            assertThat(fake.isSmm()).isFalse();
        }
    }

    @Nested
    class HasNoPageTables {
        @Test
        void setCr3_refuses_andCr3StaysZero() {
            Vcpu fake = kvmArchFakeVcpu(newVm());

            assertThrows(IllegalStateException.class, () -> fake.setCr3(0x1000));
            assertThat(fake.cr3()).isEqualTo(0);
        }

        @Test
        void readGuestVirt_refusesTheFakeVcpu_asAHostError() {
            Kvm kvm = vmWithSmram();
            MemorySegment dst = MemorySegment.ofArray(new byte[8]);
            X86Exception exception = new X86Exception();

            assertThrows(IllegalArgumentException.class,
                    () -> X86GuestVirt.kvmReadGuestVirt(kvmArchFakeVcpu(kvm), 0, dst, 0, 8, exception));
            assertThat(dst.toArray(JAVA_BYTE)).isEqualTo(new byte[8]);
        }

        @Test
        void writeGuestVirtSystem_refusesTheFakeVcpu_beforeTouchingMemory() {
            Kvm kvm = vmWithSmram();
            Vcpu fake = kvmArchFakeVcpu(kvm);
            X86Exception exception = new X86Exception();

            assertThrows(IllegalArgumentException.class,
                    () -> X86GuestVirt.kvmWriteGuestVirtSystem(fake, 0, filled(8, 0x33), 0, 8, exception));
            MemorySegment page = MemorySegment.ofArray(new byte[8]);
            assertThat(KvmGuestMemory.kvmReadGuest(fake, 0, page, 0, 8)).isEqualTo(0);
            assertThat(page.toArray(JAVA_BYTE)).isEqualTo(repeat(8, 0x11));
        }

        @Test
        void readGuestVirt_ofLengthZero_stillRefusesTheFakeVcpu() {
            Vcpu fake = kvmArchFakeVcpu(newVm());

            assertThrows(IllegalArgumentException.class, () -> X86GuestVirt.kvmReadGuestVirt(fake, 0,
                    MemorySegment.ofArray(new byte[0]), 0, 0, new X86Exception()));
        }
    }

    @Nested
    class Interchangeable {
        @Test
        void twoFakesOfOneVm_seeTheSameMemory_andNeitherIsListed() {
            Kvm kvm = newVm();
            Vcpu first = kvmArchFakeVcpu(kvm);
            Vcpu second = kvmArchFakeVcpu(kvm);
            assertThat(second.kvm()).isSameInstanceAs(first.kvm());
            assertThat(second.vcpuId()).isEqualTo(first.vcpuId());
            assertThat(kvm.vcpus()).containsNoneOf(first, second);
        }
    }

    @Nested
    class SeesWhatTheVmSees {
        @Test
        void theFakeVcpu_seesSmram_aRealVcpuOutsideSmm_doesNot() {
            Kvm kvm = vmWithSmram();
            Vcpu fake = kvmArchFakeVcpu(kvm);
            Vcpu vcpu = realVcpu(kvm, 0);
            long gfn = SMRAM_GPA >>> 12;

            assertThat(KvmGuestMemory.gfnToMemslot(fake, gfn)).isNotNull();
            assertThat(KvmGuestMemory.gfnToMemslot(vcpu, gfn)).isNull();
            vcpu.setSmm(true);
            assertThat(KvmGuestMemory.gfnToMemslot(vcpu, gfn)).isNotNull();
        }

        @Test
        void theAccessCheck_letsOnlyTheFakeVcpuAndVcpusInSmmAccessSmram() {
            Kvm kvm = vmWithSmram();
            Vcpu fake = kvmArchFakeVcpu(kvm);
            Vcpu vcpu = realVcpu(kvm, 0);
            var smram = kvm.memslots(0).searchMemslots(SMRAM_GPA >>> 12);
            var ram = kvm.memslots(0).searchMemslots(0);

            assertThat(X86KvmArch.kvmArchVcpuCanAccessSlot(fake, smram)).isTrue();
            assertThat(X86KvmArch.kvmArchVcpuCanAccessSlot(fake, ram)).isTrue();
            assertThat(X86KvmArch.kvmArchVcpuCanAccessSlot(vcpu, ram)).isTrue();
            assertThat(X86KvmArch.kvmArchVcpuCanAccessSlot(vcpu, smram)).isFalse();
            vcpu.setSmm(true);
            assertThat(X86KvmArch.kvmArchVcpuCanAccessSlot(vcpu, smram)).isTrue();
        }

        @Test
        void aCacheFilledThroughTheFakeVcpu_givesARealVcpuOutsideSmmNoSmram() {
            Kvm kvm = vmWithSmram();
            Vcpu fake = kvmArchFakeVcpu(kvm);
            Vcpu vcpu = realVcpu(kvm, 0);
            GfnToHvaCache ghc = new GfnToHvaCache();
            assertThat(KvmGuestMemory.kvmGfnToHvaCacheInit(fake, ghc, SMRAM_GPA, 8)).isEqualTo(0);
            MemorySegment dst = MemorySegment.ofArray(new byte[8]);

            assertThat(KvmGuestMemory.kvmReadGuestCached(vcpu, ghc, dst, 0, 8)).isEqualTo(-EFAULT);
            assertThat(KvmGuestMemory.kvmWriteGuestCached(vcpu, ghc, filled(8, 0x44), 0, 8)).isEqualTo(-EFAULT);
            assertThat(KvmGuestMemory.kvmReadGuestCached(fake, ghc, dst, 0, 8)).isEqualTo(0);
            assertThat(dst.toArray(JAVA_BYTE)).isEqualTo(repeat(8, 0x22));
        }

        @Test
        void aCacheFilledInSmm_stopsReachingSmramWhenItsVcpuLeavesSmm() {
            Kvm kvm = vmWithSmram();
            Vcpu vcpu = realVcpu(kvm, 0);
            vcpu.setSmm(true);
            GfnToHvaCache ghc = new GfnToHvaCache();
            assertThat(KvmGuestMemory.kvmGfnToHvaCacheInit(vcpu, ghc, SMRAM_GPA, 8)).isEqualTo(0);
            MemorySegment dst = MemorySegment.ofArray(new byte[8]);
            assertThat(KvmGuestMemory.kvmReadGuestCached(vcpu, ghc, dst, 0, 8)).isEqualTo(0);

            vcpu.setSmm(false);

            assertThat(KvmGuestMemory.kvmReadGuestCached(vcpu, ghc, dst, 0, 8)).isEqualTo(-EFAULT);
        }
    }

    private static byte[] repeat(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
