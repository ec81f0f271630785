package org.kvmlab.spi;

import static org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_X86_SMRAM;

import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;

/**
 * How a design lays SMRAM out in memslots: which VM it needs and how a VMM issues
 * {@code KVM_SET_USER_MEMORY_REGION} for it. The four 2015 designs flag one slot
 * {@code KVM_MEM_X86_SMRAM} in a single address space; Linux 4.2's address spaces put SMRAM in
 * address space 1 and mirror every ordinary region into both spaces, as QEMU does. The bench sets
 * its guests up with it; the kit maps a scenario's set-up by it (SCENARIOS.md section 6). The
 * baseline, Linux 4.1, runs on the series' core with the flag and ignores it.
 */
public enum SlotModel {
    /** One address space; SMRAM is a slot with {@code KVM_MEM_X86_SMRAM}. */
    SMRAM_FLAG {
        @Override
        public KvmConfig config(int userMemSlots) {
            return KvmConfig.smramFlag().withUserMemSlots(userMemSlots);
        }

        @Override
        public int setRegion(Kvm kvm, int id, int flags, long gpa, long size, long hva) {
            return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(id, flags, gpa, size, hva));
        }

        @Override
        public int setSmramRegion(Kvm kvm, int id, long gpa, long size, long hva) {
            return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(id, KVM_MEM_X86_SMRAM, gpa, size, hva));
        }
    },

    /** Two address spaces: ordinary regions in both, SMRAM in space 1 alone (slot {@code 1 << 16 | id}). */
    ADDRESS_SPACES {
        @Override
        public KvmConfig config(int userMemSlots) {
            return KvmConfig.addressSpaces().withUserMemSlots(userMemSlots);
        }

        @Override
        public int setRegion(Kvm kvm, int id, int flags, long gpa, long size, long hva) {
            int rc = kvm.setUserMemoryRegion(new UserspaceMemoryRegion(id, flags, gpa, size, hva));
            if (rc != 0) {
                return rc;
            }
            return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(1 << 16 | id, flags, gpa, size, hva));
        }

        @Override
        public int setSmramRegion(Kvm kvm, int id, long gpa, long size, long hva) {
            return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(1 << 16 | id, 0, gpa, size, hva));
        }
    };

    /** The VM configuration the design needs, with {@code userMemSlots} user slots per address space. */
    public abstract KvmConfig config(int userMemSlots);

    /**
     * {@code KVM_SET_USER_MEMORY_REGION} for an ordinary region (size 0 deletes it), issued the
     * way a VMM running this design issues it.
     *
     * @return 0 or the first negative errno
     */
    public abstract int setRegion(Kvm kvm, int id, int flags, long gpa, long size, long hva);

    /** Creates SMRAM the way this design expresses it. */
    public abstract int setSmramRegion(Kvm kvm, int id, long gpa, long size, long hva);
}
