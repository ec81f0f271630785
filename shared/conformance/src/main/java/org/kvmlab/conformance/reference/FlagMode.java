package org.kvmlab.conformance.reference;

import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.MemslotFlags;
import org.kvmlab.core.memslot.UserspaceMemoryRegion;
import org.kvmlab.core.memslot.Memslots;

/**
 * The 2015 flag-based contract (DESIGN.md rule 2): one address space; a {@code KVM_MEM_X86_SMRAM}
 * slot is seen by a vCPU only while it is in SMM, and by every VM-level access.
 */
record FlagMode() implements ReferenceMode {

    @Override
    public KvmConfig config(int userMemSlots) {
        return KvmConfig.smramFlag().withUserMemSlots(userMemSlots);
    }

    @Override
    public MemorySlot slotFor(Kvm kvm, Vcpu ctx, long gfn) {
        Memslots slots = kvm.memslots(0);
        for (int i = 0; i < slots.usedSlots(); i++) {
            MemorySlot slot = slots.memslotAt(i);
            if (slot.containsGfn(gfn)) {
                return canSee(ctx, slot) ? slot : null;
            }
        }
        return null;
    }

    @Override
    public boolean canSee(Vcpu ctx, MemorySlot slot) {
        return ctx == null || !slot.isSmram() || ctx.isSmm();
    }

    @Override
    public long generation(Kvm kvm, Vcpu ctx) {
        return kvm.memslots(0).generation();
    }

    @Override
    public int addressSpace(Vcpu ctx) {
        return 0;
    }

    @Override
    public int region(Kvm kvm, int slot, int flags, boolean smram, long gpa, long size, long hva) {
        int all = smram ? flags | MemslotFlags.KVM_MEM_X86_SMRAM : flags;
        return kvm.setUserMemoryRegion(new UserspaceMemoryRegion(slot, all, gpa, size, hva));
    }

    @Override
    public DirtyLogResult dirtyLog(Kvm kvm, int slot) {
        return kvm.getDirtyLog(slot);
    }
}
