package org.kvmlab.conformance.reference;

import org.kvmlab.core.base.KvmConfig;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.DirtyLogResult;
import org.kvmlab.core.memslot.MemorySlot;

/**
 * Which slots an access sees, and how set-up maps onto the VM: what the reference model's modes
 * disagree on. The flag mode models the 2015 designs, the address-space mode Linux 4.2.
 */
sealed interface ReferenceMode permits FlagMode, AddressSpaceMode {

    /** The VM parameters of this mode, with {@code userMemSlots} user slots. */
    KvmConfig config(int userMemSlots);

    /** The slot that {@code ctx} (null: the VM) sees at gfn, found by a plain scan; or null. */
    MemorySlot slotFor(Kvm kvm, Vcpu ctx, long gfn);

    /** Whether {@code ctx} may use {@code slot} now (DESIGN.md rule 3 asks this at every access). */
    boolean canSee(Vcpu ctx, MemorySlot slot);

    /** The memslot generation that a cache used by {@code ctx} is compared with. */
    long generation(Kvm kvm, Vcpu ctx);

    /** The address space {@code ctx} uses now (always 0 with one address space). */
    int addressSpace(Vcpu ctx);

    /** A scenario's {@code region} line. */
    int region(Kvm kvm, int slot, int flags, boolean smram, long gpa, long size, long hva);

    /** A scenario's {@code dirtylog} line. */
    DirtyLogResult dirtyLog(Kvm kvm, int slot);
}
