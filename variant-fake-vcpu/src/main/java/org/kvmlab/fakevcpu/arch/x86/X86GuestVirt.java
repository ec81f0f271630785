package org.kvmlab.fakevcpu.arch.x86;

import static org.kvmlab.core.base.Errno.EFAULT;

import java.lang.foreign.MemorySegment;
import org.kvmlab.core.base.HostChecks;
import org.kvmlab.core.base.Page;
import org.kvmlab.core.kvm.Vcpu;
import org.kvmlab.core.paging.PteReader;
import org.kvmlab.core.paging.X86Emul;
import org.kvmlab.core.paging.X86Exception;
import org.kvmlab.core.paging.X86PageWalk;
import org.kvmlab.fakevcpu.virt.kvm.KvmGuestMemory;

/**
 * The emulator's guest-virtual accessors of {@code arch/x86/kvm/x86.c}: walk the vCPU's page
 * tables for each page, then access that piece through the generic accessors with the same vCPU,
 * so that page tables and data are both seen as the vCPU sees memory (SMRAM only in SMM).
 *
 * <p>They need a real vCPU: a VM's fake vCPU has no page tables to walk, and the walk would share
 * its scratch buffer between every thread that holds the fake. Passing one is a host programming
 * error, refused before anything is read.
 */
public final class X86GuestVirt {
    /** Page-table entries are read as the vCPU sees memory; a method reference, so no capture. */
    private static final PteReader PTE_READER = KvmGuestMemory::kvmReadGuest;

    private X86GuestVirt() {}

    /**
     * Reads {@code len} bytes at guest-virtual {@code gva}. Mirrors {@code kvm_read_guest_virt()}
     * (Linux 4.1), with the physical reads through {@code kvm_read_guest()} taking the vCPU.
     *
     * @return {@code X86EMUL_CONTINUE}, {@code X86EMUL_PROPAGATE_FAULT} with {@code exception}
     *         filled in (#PF, or #GP for a non-canonical address), or {@code -EFAULT} when a
     *         translated page has no memory behind it
     * @throws IllegalArgumentException for a fake vCPU, a null vCPU or exception, or a range past
     *                                  2^64 or the buffer
     */
    public static int kvmReadGuestVirt(Vcpu vcpu, long gva, MemorySegment data, long dataOff, int len,
                                       X86Exception exception) {
        HostChecks.checkBuffer(data, dataOff, len);
        return guestVirtHelper(vcpu, gva, data, dataOff, len, false, exception);
    }

    /**
     * Writes {@code len} bytes at guest-virtual {@code gva} as a supervisor. Mirrors
     * {@code kvm_write_guest_virt_system()} (Linux 4.1), with the physical writes through
     * {@code kvm_write_guest()} taking the vCPU.
     *
     * @return as {@link #kvmReadGuestVirt}
     * @throws IllegalArgumentException as {@link #kvmReadGuestVirt}
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
        if (vcpu instanceof FakeVcpu) {
            throw new IllegalArgumentException(vcpu + " has no page tables; guest-virtual accesses need a real vCPU");
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
                    ? KvmGuestMemory.kvmWriteGuest(vcpu, gpa, data, dataOff, towrite)
                    : KvmGuestMemory.kvmReadGuest(vcpu, gpa, data, dataOff, towrite);
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
