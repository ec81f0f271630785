package org.kvmlab.core.paging;

/**
 * The emulator's result codes ({@code X86EMUL_*} of {@code arch/x86/include/asm/kvm_emulate.h})
 * that the guest-virtual accessors return besides 0 and {@code -EFAULT}.
 */
public final class X86Emul {
    /** {@code X86EMUL_CONTINUE}: the access completed. */
    public static final int X86EMUL_CONTINUE = 0;
    /** {@code X86EMUL_PROPAGATE_FAULT}: the walk faulted; the {@link X86Exception} says how. */
    public static final int X86EMUL_PROPAGATE_FAULT = 2;

    private X86Emul() {}
}
