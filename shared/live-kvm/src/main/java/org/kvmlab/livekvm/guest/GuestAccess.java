package org.kvmlab.livekvm.guest;

/**
 * How one access of the harness guest ended, as the kernel answered it.
 */
public sealed interface GuestAccess {
    /** Every byte was copied; {@code bytes} are the bytes read (empty for a write). */
    record Done(byte[] bytes) implements GuestAccess {}

    /**
     * The kernel could not satisfy an access and exited with {@code KVM_EXIT_MMIO} at {@code gpa}:
     * the accessors' {@code -EFAULT}. {@code buffer} is the harness buffer as the guest left it,
     * the bytes of the pages before the failing one then zeros (for a read).
     */
    record Mmio(long gpa, boolean write, byte[] buffer) implements GuestAccess {}

    /**
     * {@code KVM_RUN} itself failed with {@code EFAULT}: the kernel could not reach the host page
     * behind a slot. A hardware-virtualized host reports this way a guest access that an
     * emulating one (this machine's) exits as MMIO; either is the accessors' {@code -EFAULT}.
     * {@code buffer} is as for {@link Mmio}.
     */
    record HostFault(byte[] buffer) implements GuestAccess {}

    /** An exception came back through the harness IDT: {@code vector}, its error code, and CR2. */
    record Exception(int vector, long errorCode, long cr2) implements GuestAccess {}

    /** The harness itself broke down (a triple fault, an emulation failure, a run over budget). */
    record Broken(String why) implements GuestAccess {}
}
