package org.kvmlab.core.paging;

/**
 * {@code struct x86_exception}: the fault a guest-virtual access raises, filled in by the page
 * walk and returned to the caller through this caller-owned object, so that a fault allocates
 * nothing.
 */
public final class X86Exception {
    /** {@code GP_VECTOR}: general protection, raised for a non-canonical address. */
    public static final int GP_VECTOR = 13;
    /** {@code PF_VECTOR}: page fault. */
    public static final int PF_VECTOR = 14;

    private int vector;
    private int errorCode;
    private long address;

    /** The exception vector. */
    public int vector() {
        return vector;
    }

    /** The page-fault error code ({@code PFERR_*} bits), 0 for #GP. */
    public int errorCode() {
        return errorCode;
    }

    /** The faulting address ({@code CR2} for a page fault), 0 for #GP. */
    public long address() {
        return address;
    }

    /** Records a page fault at {@code gva} with error code {@code pferr}. */
    public void pageFault(int pferr, long gva) {
        vector = PF_VECTOR;
        errorCode = pferr;
        address = gva;
    }

    /** Records a general-protection fault with error code 0. */
    public void generalProtection() {
        vector = GP_VECTOR;
        errorCode = 0;
        address = 0;
    }
}
