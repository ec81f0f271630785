package org.kvmlab.baseline.arch.x86;

import static org.kvmlab.core.base.Errno.EFAULT;

import java.lang.foreign.MemorySegment;
import org.kvmlab.baseline.virt.kvm.KvmGuestMemory;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.paging.PteReader;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.core.paging.X86PageWalk;

/**
 * The emulator's guest-virtual accessors of Linux 4.1's {@code arch/x86/kvm/x86.c}, as they were
 * before the SMM series: the vCPU is needed for its page tables only. Each page is translated by
 * walking the vCPU's tables, and both the table entries and the data are then accessed through the
 * VM-level {@code kvm_*} accessors of {@code vcpu->kvm}, which see every slot. That is the gap the
 * series had to close: a vCPU outside SMM reaches SMRAM through here.
 */
public final class X86GuestVirt {
    /**
     * The page walk reads entries as 4.1's {@code paging_tmpl.h} did, through the VM; a method
     * reference to a static method, so nothing is captured per call.
     */
    private static final PteReader PTE_READER = X86GuestVirt::readPte;

    private X86GuestVirt() {}

    /**
     * Reads {@code len} bytes at guest-virtual {@code gva}. Mirrors {@code kvm_read_guest_virt()}
     * (Linux 4.1), the physical reads through {@code kvm_read_guest(vcpu->kvm, ...)}.
     *
     * @return {@code X86EMUL_CONTINUE}, {@code X86EMUL_PROPAGATE_FAULT} with {@code exception}
     *         filled in (#PF, or #GP for a non-canonical address), or {@code -EFAULT} when a
     *         translated page has no memory behind it (where 4.1 says {@code X86EMUL_IO_NEEDED};
     *         the lab's contract reports the fault itself, as every design does)
     */
    public static int kvmReadGuestVirt(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len,
                                       X86Exception exception) {
        HostChecks.checkBuffer(data, dataOff, len);
        return guestVirtHelper(vcpu, gva, data, dataOff, len, false, exception);
    }

    /**
     * Writes {@code len} bytes at guest-virtual {@code gva} as a supervisor. Mirrors
     * {@code kvm_write_guest_virt_system()} (Linux 4.1), the physical writes through
     * {@code kvm_write_guest(vcpu->kvm, ...)}.
     *
     * @return as {@link #kvmReadGuestVirt}
     */
    public static int kvmWriteGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len,
                                              X86Exception exception) {
        HostChecks.checkBuffer(data, dataOff, len);
        return guestVirtHelper(vcpu, gva, data, dataOff, len, true, exception);
    }

    /**
     * {@code kvm_read_guest_virt_helper} and its write twin ({@code kvm_write_guest_virt_system}'s
     * loop): translate a page, access it, go on.
     */
    private static int guestVirtHelper(Vcpu vcpu, long addr, MemorySegment data, long dataOff, int bytes,
                                       boolean write, X86Exception exception) {
        if (vcpu == null || exception == null) {
            throw new IllegalArgumentException("vcpu and exception must not be null: " + vcpu + ", " + exception);
        }
        HostChecks.checkGuestRange(addr, bytes);
        if (bytes == 0) {
            return X86Emul.X86EMUL_CONTINUE;
        }
        if (X86PageWalk.isNoncanonical(addr) || X86PageWalk.isNoncanonical(addr + bytes - 1)) {
            exception.generalProtection();
            return X86Emul.X86EMUL_PROPAGATE_FAULT;
        }
        while (bytes > 0) {
            long gpa = X86PageWalk.gvaToGpa(vcpu, addr, write, PTE_READER, exception);
            int towrite = Page.nextSegment(bytes, Page.offsetInPage(addr));
            if (gpa == X86PageWalk.UNMAPPED_GVA) {
                return X86Emul.X86EMUL_PROPAGATE_FAULT;
            }
            int ret = write
                    ? KvmGuestMemory.kvmWriteGuest(vcpu.kvm(), gpa, data, dataOff, towrite)
                    : KvmGuestMemory.kvmReadGuest(vcpu.kvm(), gpa, data, dataOff, towrite);
            if (ret < 0) {
                return -EFAULT;
            }
            bytes -= towrite;
            dataOff += towrite;
            addr += towrite;
        }
        return X86Emul.X86EMUL_CONTINUE;
    }

    /** A page-table entry read as 4.1 read it: {@code kvm_read_guest(vcpu->kvm, ...)}. */
    private static int readPte(Vcpu vcpu, long gpa, MemorySegment dst, long dstOff, int len) {
        return KvmGuestMemory.kvmReadGuest(vcpu.kvm(), gpa, dst, dstOff, len);
    }
}
