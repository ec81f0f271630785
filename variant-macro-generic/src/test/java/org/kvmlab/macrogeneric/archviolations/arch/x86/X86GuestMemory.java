package org.kvmlab.macrogeneric.archviolations.arch.x86;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.macrogeneric.virt.kvm.KvmGuestMemory;
import org.kvmlab.macrogeneric.virt.kvm.MemslotLookup;
import org.kvmlab.macrogeneric.virt.kvm.PageOp;

/** Deliberately wrong: an x86 family that drifts back into copies instead of instantiations. */
public final class X86GuestMemory {
    private enum SeeAll implements MemslotLookup<Vcpu> {
        INSTANCE;

        @Override
        public Kvm kvm(Vcpu vcpu) {
            return vcpu.kvm();
        }

        @Override
        public boolean canUse(Vcpu vcpu, MemorySlot slot) {
            return true;
        }
    }

    private static final MemslotLookup<Vcpu> LOOKUP = SeeAll.INSTANCE;
    private static final PageOp<Vcpu> WRITE_PAGE =
            org.kvmlab.macrogeneric.arch.x86.X86GuestMemory::x86WriteGuestPage;

    private X86GuestMemory() {}

    /** Runs a segment loop of its own around the real page accessor, calling no generic body. */
    public static int x86ReadGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        long gfn = Page.gpaToGfn(gpa);
        int offset = Page.offsetInPage(gpa);
        int seg;
        while ((seg = Page.nextSegment(len, offset)) != 0) {
            int ret = org.kvmlab.macrogeneric.arch.x86.X86GuestMemory.x86ReadGuestPage(vcpu, gfn, data, dataOff,
                    offset, seg);
            if (ret < 0) {
                return ret;
            }
            offset = 0;
            len -= seg;
            dataOff += seg;
            ++gfn;
        }
        return 0;
    }

    /** Combines two generic bodies. */
    public static boolean x86IsVisibleGfn(Vcpu vcpu, long gfn) {
        return KvmGuestMemory.gfnToMemslotGeneric(LOOKUP, vcpu, gfn) != null
                && KvmGuestMemory.kvmIsVisibleGfnGeneric(LOOKUP, vcpu, gfn);
    }

    /** Does work of its own beside its one generic body. */
    public static int x86WriteGuest(Vcpu vcpu, long gpa, MemorySegment data, long dataOff, int len) {
        HostChecks.checkBuffer(data, dataOff, len);
        return KvmGuestMemory.kvmWriteGuestGeneric(WRITE_PAGE, vcpu, gpa, data, dataOff, len);
    }
}
