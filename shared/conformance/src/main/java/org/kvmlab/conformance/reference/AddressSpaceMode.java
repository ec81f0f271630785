package org.kvmlab.conformance.reference;

import org.kvmlab.conformance.AddressSpaceSetup;
import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.Memslots;

/**
 * The contract of Linux 4.2 (DESIGN.md rule 5): two memslot sets; a VM-level access uses address
 * space 0, a vCPU uses address space 1 while in SMM and 0 otherwise, decided at each access.
 * Set-up maps onto the two spaces as SCENARIOS.md section 6 says.
 */
record AddressSpaceMode() implements ReferenceMode {

    @Override
    public KvmConfig config(int userMemSlots) {
        return KvmConfig.addressSpaces().withUserMemSlots(userMemSlots);
    }

    @Override
    public int addressSpace(Vcpu ctx) {
        return ctx != null && ctx.isSmm() ? 1 : 0;
    }

    @Override
    public MemorySlot slotFor(Kvm kvm, Vcpu ctx, long gfn) {
        Memslots slots = kvm.memslots(addressSpace(ctx));
        for (int i = 0; i < slots.usedSlots(); i++) {
            MemorySlot slot = slots.memslotAt(i);
            if (slot.containsGfn(gfn)) {
                return slot;
            }
        }
        return null;
    }

    @Override
    public boolean canSee(Vcpu ctx, MemorySlot slot) {
        return slot.asId() == addressSpace(ctx);
    }

    @Override
    public long generation(Kvm kvm, Vcpu ctx) {
        return kvm.memslots(addressSpace(ctx)).generation();
    }

    @Override
    public int region(Kvm kvm, int slot, int flags, boolean smram, long gpa, long size, long hva) {
        return AddressSpaceSetup.region(kvm, slot, flags, smram, gpa, size, hva);
    }

    @Override
    public DirtyLogResult dirtyLog(Kvm kvm, int slot) {
        return AddressSpaceSetup.dirtyLog(kvm, slot);
    }
}
