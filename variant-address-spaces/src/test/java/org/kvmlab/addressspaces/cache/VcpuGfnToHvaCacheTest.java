package org.kvmlab.addressspaces.cache;

import static com.google.common.truth.Truth.assertThat;
import static org.kvmlab.core.base.Errno.EFAULT;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.kvmlab.addressspaces.virt.kvm.KvmGuestMemory;
import org.kvmlab.addressspaces.virt.kvm.VcpuGfnToHvaCache;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.host.Prot;
import org.kvmlab.core.kvm.GfnToHvaCache;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;

/**
 * Why a vCPU's cache remembers its address space: the two spaces count generations from the same
 * start, so a generation check alone cannot tell a cache of SMRAM from a cache of normal RAM.
 */
class VcpuGfnToHvaCacheTest {
    private static final long RAM = 0x7f0000000000L;
    private static final long SMRAM = RAM + 0x1000;
    private static final int SMM_SPACE = 1 << 16;

    /** Normal RAM in space 0 and SMRAM at the same guest address in space 1, one install each. */
    private static Kvm overlaidVm() {
        Kvm kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(kvm.mm().mmap(RAM, 0x2000, Prot.RW)).isEqualTo(0);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(0, 0, 0, 0x1000, RAM))).isEqualTo(0);
        assertThat(kvm.setUserMemoryRegion(new UserspaceMemoryRegion(SMM_SPACE, 0, 0, 0x1000, SMRAM))).isEqualTo(0);
        assertThat(kvm.createVcpu(0)).isEqualTo(0);
        return kvm;
    }

    private static byte[] host(Kvm kvm, long hva, int len) {
        byte[] bytes = new byte[len];
        kvm.mm().copyFromUser(MemorySegment.ofArray(bytes), 0, hva, len);
        return bytes;
    }

    @Test
    void cacheFilledInSmm_afterLeavingSmm_writesNormalRamEvenWhenGenerationsCoincide() {
        Kvm kvm = overlaidVm();
        assertThat(kvm.memslots(0).generation()).isEqualTo(kvm.memslots(1).generation());
        Vcpu vcpu = kvm.vcpu(0);
        vcpu.setSmm(true);
        VcpuGfnToHvaCache ghc = new VcpuGfnToHvaCache();
        assertThat(KvmGuestMemory.kvmVcpuGfnToHvaCacheInit(vcpu, ghc, 0x10, 4)).isEqualTo(0);
        assertThat(ghc.asId).isEqualTo(1);

        vcpu.setSmm(false);
        byte[] data = {1, 2, 3, 4};
        assertThat(KvmGuestMemory.kvmVcpuWriteGuestCached(vcpu, ghc, MemorySegment.ofArray(data), 0, 4)).isEqualTo(0);

        assertThat(ghc.asId).isEqualTo(0);
        assertThat(host(kvm, RAM + 0x10, 4)).isEqualTo(data);
        assertThat(host(kvm, SMRAM + 0x10, 4)).isEqualTo(new byte[4]);
    }

    @Test
    void cacheFilledOutsideSmm_afterEnteringSmm_readsSmram() {
        Kvm kvm = overlaidVm();
        kvm.mm().copyToUser(SMRAM + 0x10, MemorySegment.ofArray(new byte[] {9}), 0, 1);
        Vcpu vcpu = kvm.vcpu(0);
        VcpuGfnToHvaCache ghc = new VcpuGfnToHvaCache();
        assertThat(KvmGuestMemory.kvmVcpuGfnToHvaCacheInit(vcpu, ghc, 0x10, 1)).isEqualTo(0);

        vcpu.setSmm(true);
        byte[] read = new byte[1];
        assertThat(KvmGuestMemory.kvmVcpuReadGuestCached(vcpu, ghc, MemorySegment.ofArray(read), 0, 1)).isEqualTo(0);
        assertThat(read).isEqualTo(new byte[] {9});
    }

    @Test
    void failedFill_stillRecordsTheSpaceItLookedIn() {
        Kvm kvm = new Kvm(KvmConfig.addressSpaces());
        assertThat(kvm.createVcpu(0)).isEqualTo(0);
        Vcpu vcpu = kvm.vcpu(0);
        vcpu.setSmm(true);
        VcpuGfnToHvaCache ghc = new VcpuGfnToHvaCache();
        assertThat(KvmGuestMemory.kvmVcpuGfnToHvaCacheInit(vcpu, ghc, 0, 8)).isEqualTo(-EFAULT);
        assertThat(ghc.asId).isEqualTo(1);
    }

    @Test
    void vmLevelCache_staysInSpace0WhileAVcpuIsInSmm() {
        Kvm kvm = overlaidVm();
        kvm.vcpu(0).setSmm(true);
        GfnToHvaCache ghc = new GfnToHvaCache();
        assertThat(KvmGuestMemory.kvmGfnToHvaCacheInit(kvm, ghc, 0x10, 4)).isEqualTo(0);
        assertThat(ghc.memslot.asId()).isEqualTo(0);
        assertThat(ghc.hva).isEqualTo(RAM + 0x10);
    }

    /**
     * A vCPU in SMM fills its cache, VM-level code then refills the same cache from address space 0
     * while both spaces stand at the same generation: the cache is stale for the vCPU, which must
     * get a refill from SMRAM, not an error and not the VM's slot.
     */
    private static VcpuGfnToHvaCache cacheLastFilledAtVmLevel(Kvm kvm, Vcpu vcpu, int len) {
        vcpu.setSmm(true);
        VcpuGfnToHvaCache ghc = new VcpuGfnToHvaCache();
        assertThat(KvmGuestMemory.kvmVcpuGfnToHvaCacheInit(vcpu, ghc, 0x10, len)).isEqualTo(0);
        assertThat(KvmGuestMemory.kvmGfnToHvaCacheInit(kvm, ghc, 0x10, len)).isEqualTo(0);
        assertThat(ghc.memslot.asId()).isEqualTo(0);
        assertThat(ghc.asId).isEqualTo(1);
        assertThat(ghc.generation).isEqualTo(kvm.memslots(1).generation());
        return ghc;
    }

    @Test
    void cacheLastFilledAtVmLevel_vcpuInSmmReadsSmramThroughARefill() {
        Kvm kvm = overlaidVm();
        kvm.mm().copyToUser(RAM + 0x10, MemorySegment.ofArray(new byte[] {5}), 0, 1);
        kvm.mm().copyToUser(SMRAM + 0x10, MemorySegment.ofArray(new byte[] {9}), 0, 1);
        Vcpu vcpu = kvm.vcpu(0);
        VcpuGfnToHvaCache ghc = cacheLastFilledAtVmLevel(kvm, vcpu, 1);

        byte[] read = new byte[1];
        assertThat(KvmGuestMemory.kvmVcpuReadGuestCached(vcpu, ghc, MemorySegment.ofArray(read), 0, 1)).isEqualTo(0);

        assertThat(read).isEqualTo(new byte[] {9});
        assertThat(ghc.memslot.asId()).isEqualTo(1);
        assertThat(ghc.hva).isEqualTo(SMRAM + 0x10);
    }

    @Test
    void cacheLastFilledAtVmLevel_vcpuInSmmWritesSmramThroughARefill() {
        Kvm kvm = overlaidVm();
        Vcpu vcpu = kvm.vcpu(0);
        VcpuGfnToHvaCache ghc = cacheLastFilledAtVmLevel(kvm, vcpu, 4);

        byte[] data = {1, 2, 3, 4};
        assertThat(KvmGuestMemory.kvmVcpuWriteGuestCached(vcpu, ghc, MemorySegment.ofArray(data), 0, 4)).isEqualTo(0);

        assertThat(host(kvm, SMRAM + 0x10, 4)).isEqualTo(data);
        assertThat(host(kvm, RAM + 0x10, 4)).isEqualTo(new byte[4]);
        assertThat(ghc.memslot.asId()).isEqualTo(1);
    }
}
