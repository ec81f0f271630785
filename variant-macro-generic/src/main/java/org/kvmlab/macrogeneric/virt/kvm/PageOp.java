package org.kvmlab.macrogeneric.virt.kvm;

import java.lang.foreign.MemorySegment;

/**
 * One page's worth of a multi-page access: the {@code fn_page} argument of the thread's
 * {@code __kvm_write_guest(fn_page, gpa, data, len, args...)} macro. The generic segment loop in
 * {@link KvmGuestMemory} calls it once per page with the piece of the buffer that page covers.
 *
 * <p>The signature is that of the {@code *_guest_page} accessors themselves, context first, so a
 * family passes its own page accessor as a method reference ({@code KvmGuestMemory::kvmReadGuestPage},
 * {@code X86GuestMemory::x86WriteGuestPage}). Every instance is a {@code static final} constant:
 * the loop must not allocate, and a method reference that captures nothing is created once.
 *
 * @param <C> the access context: {@code Kvm} for VM-level accesses, {@code Vcpu} for vCPU-level
 *            ones; a reference type, so nothing is boxed
 */
@FunctionalInterface
public interface PageOp<C> {
    /**
     * Accesses {@code len} bytes at {@code offset} in guest frame {@code gfn}, using the bytes of
     * {@code data} from {@code dataOff}; {@code data} is null for an operation that has no buffer
     * (clearing writes from the zero page).
     *
     * @return 0, or a negative errno; the loop stops at the first negative result
     */
    int apply(C ctx, long gfn, MemorySegment data, long dataOff, int offset, int len);
}
