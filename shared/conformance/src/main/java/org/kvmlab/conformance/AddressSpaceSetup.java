package org.kvmlab.conformance;

import static org.kvmlab.core.base.Errno.EINVAL;
import static org.kvmlab.core.base.Errno.ENOENT;

import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemslotFlags;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;

/**
 * How a scenario's set-up maps onto a VM with two address spaces (SCENARIOS.md section 6), the
 * way a VMM such as QEMU sets up SMM: normal RAM is mirrored into address space 1, SMRAM goes to
 * address space 1 alone, and the dirty log of a mirrored slot is the union of both. The design
 * with address spaces and the reference model's address-space mode both use this, so that they
 * are judged on the same mapping.
 */
public final class AddressSpaceSetup {
    private static final int SMM_ADDRESS_SPACE = 1 << 16;

    private AddressSpaceSetup() {}

    /**
     * A scenario's {@code region} line on two address spaces.
     *
     * @return 0, or the first error of the address spaces it was applied in
     */
    public static int region(Kvm kvm, int slot, int flags, boolean smram, long gpa, long size, long hva) {
        int asId = slot >>> 16;
        int id = slot & 0xffff;
        if (asId >= 2 || (flags & MemslotFlags.KVM_MEM_X86_SMRAM) != 0) {
            return -EINVAL;
        }
        if (smram || asId == 1) {
            return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(SMM_ADDRESS_SPACE | id, flags, gpa, size, hva));
        }
        if (id >= kvm.config().userMemSlots()) {
            return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(id, flags, gpa, size, hva));
        }
        boolean existed = !kvm.memslots(0).idToMemslot(id).isEmpty();
        int rc = kvm.setUserMemoryRegion(new UserspaceMemoryRegion(id, flags, gpa, size, hva));
        if (rc != 0) {
            return rc;
        }
        boolean created = !existed && size != 0;
        boolean mirrored = !kvm.memslots(1).idToMemslot(id).isEmpty();
        if (created || mirrored) {
            return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(SMM_ADDRESS_SPACE | id, flags, gpa, size, hva));
        }
        return 0;
    }

    /**
     * A scenario's {@code dirtylog} line on two address spaces: for address space 0, the union of
     * the logs of the slot id in both spaces (where it exists and logs), both then cleared;
     * address space 1 alone otherwise.
     */
    public static DirtyLogResult dirtyLog(Kvm kvm, int slot) {
        if (slot >>> 16 != 0) {
            return kvm.getDirtyLog(slot);
        }
        DirtyLogResult normal = kvm.getDirtyLog(slot);
        if (normal instanceof DirtyLogResult.Failed(int errno) && errno == -EINVAL) {
            return normal;
        }
        DirtyLogResult smm = kvm.getDirtyLog(SMM_ADDRESS_SPACE | slot);
        return switch (normal) {
            case DirtyLogResult.Collected n when smm instanceof DirtyLogResult.Collected s -> union(n, s);
            case DirtyLogResult.Collected n -> n;
            case DirtyLogResult.Failed _ when smm instanceof DirtyLogResult.Collected s -> s;
            case DirtyLogResult.Failed _ -> new DirtyLogResult.Failed(-ENOENT);
        };
    }

    private static DirtyLogResult union(DirtyLogResult.Collected a, DirtyLogResult.Collected b) {
        long[] longer = a.bitmap().length >= b.bitmap().length ? a.bitmap() : b.bitmap();
        long[] shorter = longer == a.bitmap() ? b.bitmap() : a.bitmap();
        long[] both = longer.clone();
        for (int i = 0; i < shorter.length; i++) {
            both[i] |= shorter[i];
        }
        return new DirtyLogResult.Collected(Math.max(a.npages(), b.npages()), both);
    }
}
