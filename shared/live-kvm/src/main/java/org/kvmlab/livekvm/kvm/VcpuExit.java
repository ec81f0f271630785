package org.kvmlab.livekvm.kvm;

/**
 * Why {@code KVM_RUN} came back: the exits the harness guest provokes on purpose (an I/O port
 * write, an MMIO access), the ones that mean the guest broke down, and a run stopped by its
 * budget.
 */
public sealed interface VcpuExit {
    /** {@code KVM_EXIT_IO}: the guest wrote {@code value} (its AL) to {@code port}. */
    record Io(int port, boolean out) implements VcpuExit {}

    /** {@code KVM_EXIT_MMIO}: an access to {@code gpa} that no slot could satisfy. */
    record Mmio(long gpa, int len, boolean write) implements VcpuExit {}

    /** {@code KVM_EXIT_SHUTDOWN}: a triple fault. */
    record Shutdown() implements VcpuExit {}

    /** {@code KVM_EXIT_INTERNAL_ERROR}, with the kernel's sub-error (1: the emulator failed). */
    record InternalError(int suberror) implements VcpuExit {}

    /** Any other exit reason. */
    record Other(int reason) implements VcpuExit {}

    /** {@code KVM_RUN} itself failed with {@code -errno}. */
    record Failed(int errno) implements VcpuExit {}

    /** The run outlived its budget and was stopped with {@code immediate_exit} and a signal. */
    record BudgetExceeded(long budgetMillis) implements VcpuExit {}
}
