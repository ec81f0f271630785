package org.kvmlab.macrogeneric.archviolations.arch.x86;

import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.macrogeneric.virt.kvm.PageOp;

/** Deliberately wrong: a page operation in a field that can be replaced, so built again at will. */
public final class X86PageOpInAField {
    private static PageOp<Vcpu> readPage = org.kvmlab.macrogeneric.arch.x86.X86GuestMemory::x86ReadGuestPage;

    private X86PageOpInAField() {}

    /** Swaps the page operation a family uses. */
    public static void use(PageOp<Vcpu> op) {
        readPage = op;
    }
}
