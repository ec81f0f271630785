package org.kvmlab.addressspaces.arch.x86;

import static org.kvmlab.core.base.Errno.EFAULT;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.paging.PteReader;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.core.paging.X86PageWalk;
import org.kvmlab.addressspaces.virt.kvm.KvmGuestMemory;

/**
 * The emulator's guest-virtual accessors of {@code arch/x86/kvm/x86.c}: walk the vCPU's page
 * tables for each page, then access that piece through the generic {@code kvm_vcpu_*} accessors.
 * Page-table entries and data are both read in the address space the vCPU is in at that moment,
 * as Linux 4.2's emulator does, so a walk in SMM follows tables kept in SMRAM and one outside SMM
 * cannot reach them.
 */
public final class X86GuestVirt {
    /** Entries are read in the vCPU's current address space; a method reference, so no capture. */
    private static final PteReader PTE_READER = KvmGuestMemory::kvmVcpuReadGuest;

    private X86GuestVirt() {}

    /**
     * Reads {@code len} bytes at guest-virtual {@code gva}. Mirrors {@code kvm_read_guest_virt()}
     * (Linux 4.2), with the physical reads through {@code kvm_vcpu_read_guest()}.
     *
     * @return {@code X86EMUL_CONTINUE}, {@code X86EMUL_PROPAGATE_FAULT} with {@code exception}
     *         filled in (#PF, or #GP for a non-canonical address), or {@code -EFAULT} when a
     *         translated page has no memory behind it
     */
    public static int kvmReadGuestVirt(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len,
                                       X86Exception exception) {
        HostChecks.checkBuffer(data, dataOff, len);
        return guestVirtHelper(vcpu, gva, data, dataOff, len, false, exception);
    }

    /**
     * Writes {@code len} bytes at guest-virtual {@code gva} as a supervisor. Mirrors
     * {@code kvm_write_guest_virt_system()} (Linux 4.2), with the physical writes through
     * {@code kvm_vcpu_write_guest()}.
     *
     * @return as {@link #kvmReadGuestVirt}
     */
    public static int kvmWriteGuestVirtSystem(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len,
                                              X86Exception exception) {
        HostChecks.checkBuffer(data, dataOff, len);
        return guestVirtHelper(vcpu, gva, data, dataOff, len, true, exception);
    }

    /** {@code kvm_read_guest_virt_helper} and its write twin: translate a page, access it, go on. */
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
                    ? KvmGuestMemory.kvmVcpuWriteGuest(vcpu, gpa, data, dataOff, towrite)
                    : KvmGuestMemory.kvmVcpuReadGuest(vcpu, gpa, data, dataOff, towrite);
            if (ret < 0) {
                return -EFAULT;
            }
            bytes -= towrite;
            dataOff += towrite;
            addr += towrite;
        }
        return X86Emul.X86EMUL_CONTINUE;
    }
}
