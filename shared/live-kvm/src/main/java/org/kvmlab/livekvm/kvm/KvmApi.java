package org.kvmlab.livekvm.kvm;

/**
 * The numbers of Linux's KVM API ({@code include/uapi/linux/kvm.h}, x86-64) that the live column
 * uses: ioctl requests, capabilities, exit reasons and MSRs. Each ioctl request is built the way
 * the header builds it ({@code _IO}, {@code _IOR}, {@code _IOW}, {@code _IOWR} on type
 * {@code 0xAE}), from the size of its argument, so that a wrong struct size shows as a wrong
 * number in {@code KvmApiTest}.
 */
public final class KvmApi {
    private static final int KVMIO = 0xAE;

    // ---- system ioctls (on the /dev/kvm file descriptor) ------------------------------------
    /** {@code KVM_GET_API_VERSION}: 12 on every kernel since 2.6.22. */
    public static final long KVM_GET_API_VERSION = io(0x00);
    /** {@code KVM_CREATE_VM}: a VM file descriptor (argument: machine type 0). */
    public static final long KVM_CREATE_VM = io(0x01);
    /** {@code KVM_CHECK_EXTENSION}: a capability's value, 0 when absent. */
    public static final long KVM_CHECK_EXTENSION = io(0x03);
    /** {@code KVM_GET_VCPU_MMAP_SIZE}: how much of a vCPU file descriptor to map for {@code struct kvm_run}. */
    public static final long KVM_GET_VCPU_MMAP_SIZE = io(0x04);
    /** {@code KVM_GET_SUPPORTED_CPUID}: the CPUID leaves the kernel can give a guest. */
    public static final long KVM_GET_SUPPORTED_CPUID = iowr(0x05, 8);

    // ---- VM ioctls ------------------------------------------------------------------------------
    /** {@code KVM_CREATE_VCPU}: a vCPU file descriptor (argument: the vCPU id). */
    public static final long KVM_CREATE_VCPU = io(0x41);
    /** {@code KVM_GET_DIRTY_LOG} on {@code struct kvm_dirty_log} (16 bytes). */
    public static final long KVM_GET_DIRTY_LOG = iow(0x42, 16);
    /** {@code KVM_SET_USER_MEMORY_REGION} on {@code struct kvm_userspace_memory_region} (32 bytes). */
    public static final long KVM_SET_USER_MEMORY_REGION = iow(0x46, 32);
    /** {@code KVM_CREATE_IRQCHIP}: the in-kernel local APICs, which the VAPIC page and PV EOI need. */
    public static final long KVM_CREATE_IRQCHIP = io(0x60);

    // ---- vCPU ioctls ----------------------------------------------------------------------------
    /** {@code KVM_RUN}. */
    public static final long KVM_RUN = io(0x80);
    /** {@code KVM_GET_REGS} on {@code struct kvm_regs}. */
    public static final long KVM_GET_REGS = ior(0x81, Regs.SIZE);
    /** {@code KVM_SET_REGS} on {@code struct kvm_regs}. */
    public static final long KVM_SET_REGS = iow(0x82, Regs.SIZE);
    /** {@code KVM_GET_SREGS} on {@code struct kvm_sregs}. */
    public static final long KVM_GET_SREGS = ior(0x83, Sregs.SIZE);
    /** {@code KVM_SET_SREGS} on {@code struct kvm_sregs}. */
    public static final long KVM_SET_SREGS = iow(0x84, Sregs.SIZE);
    /** {@code KVM_TRANSLATE} on {@code struct kvm_translation} (24 bytes). */
    public static final long KVM_TRANSLATE = iowr(0x85, 24);
    /** {@code KVM_SET_MSRS} on {@code struct kvm_msrs}: how many MSRs were set. */
    public static final long KVM_SET_MSRS = iow(0x89, 8);
    /** {@code KVM_SET_CPUID2} on {@code struct kvm_cpuid2}. */
    public static final long KVM_SET_CPUID2 = iow(0x90, 8);
    /** {@code KVM_SET_VAPIC_ADDR} on {@code struct kvm_vapic_addr} (8 bytes). */
    public static final long KVM_SET_VAPIC_ADDR = iow(0x93, 8);
    /** {@code KVM_SET_MP_STATE} on {@code struct kvm_mp_state} (4 bytes). */
    public static final long KVM_SET_MP_STATE = iow(0x99, 4);

    // ---- capabilities ---------------------------------------------------------------------------
    /** {@code KVM_CAP_NR_VCPUS}: the recommended number of vCPUs. */
    public static final int KVM_CAP_NR_VCPUS = 9;
    /** {@code KVM_CAP_NR_MEMSLOTS}: user memory slots per address space ({@code KVM_USER_MEM_SLOTS}). */
    public static final int KVM_CAP_NR_MEMSLOTS = 10;
    /** {@code KVM_CAP_MAX_VCPUS}. */
    public static final int KVM_CAP_MAX_VCPUS = 66;
    /** {@code KVM_CAP_READONLY_MEM}: {@code KVM_MEM_READONLY} slots. */
    public static final int KVM_CAP_READONLY_MEM = 81;
    /** {@code KVM_CAP_X86_SMM}: System Management Mode ({@code CONFIG_KVM_SMM}). */
    public static final int KVM_CAP_X86_SMM = 117;
    /** {@code KVM_CAP_MULTI_ADDRESS_SPACE}: how many address spaces (2 with SMM, else 0 or 1). */
    public static final int KVM_CAP_MULTI_ADDRESS_SPACE = 118;
    /** {@code KVM_CAP_MAX_VCPU_ID}: the largest vCPU id plus one. */
    public static final int KVM_CAP_MAX_VCPU_ID = 128;
    /** {@code KVM_CAP_IMMEDIATE_EXIT}: {@code kvm_run.immediate_exit}. */
    public static final int KVM_CAP_IMMEDIATE_EXIT = 136;
    /** {@code KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2}: not enabled here, so the log is cleared when read. */
    public static final int KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 = 168;

    // ---- memory-region flags --------------------------------------------------------------------
    /** {@code KVM_MEM_LOG_DIRTY_PAGES}. */
    public static final int KVM_MEM_LOG_DIRTY_PAGES = 1;

    // ---- exit reasons ---------------------------------------------------------------------------
    /** {@code KVM_EXIT_IO}: the guest used an I/O port no in-kernel device claims. */
    public static final int KVM_EXIT_IO = 2;
    /** {@code KVM_EXIT_HLT}. */
    public static final int KVM_EXIT_HLT = 5;
    /** {@code KVM_EXIT_MMIO}: an access no memory slot could satisfy. */
    public static final int KVM_EXIT_MMIO = 6;
    /** {@code KVM_EXIT_SHUTDOWN}: a triple fault. */
    public static final int KVM_EXIT_SHUTDOWN = 8;
    /** {@code KVM_EXIT_FAIL_ENTRY}. */
    public static final int KVM_EXIT_FAIL_ENTRY = 9;
    /** {@code KVM_EXIT_INTR}: a signal interrupted the run. */
    public static final int KVM_EXIT_INTR = 10;
    /** {@code KVM_EXIT_INTERNAL_ERROR}: for example, an instruction the emulator cannot handle. */
    public static final int KVM_EXIT_INTERNAL_ERROR = 17;

    // ---- MSRs -----------------------------------------------------------------------------------
    /** {@code MSR_KVM_ASYNC_PF_EN}: enables async page faults at a 64-byte-aligned gpa (an 8-byte cache). */
    public static final int MSR_KVM_ASYNC_PF_EN = 0x4b564d02;
    /** {@code MSR_KVM_PV_EOI_EN}: enables PV end-of-interrupt at a 4-byte-aligned gpa (a 1-byte cache). */
    public static final int MSR_KVM_PV_EOI_EN = 0x4b564d04;
    /** {@code KVM_MSR_ENABLED}: bit 0 of the paravirtual MSRs' values. */
    public static final long KVM_MSR_ENABLED = 1;
    /** {@code KVM_ASYNC_PF_DELIVERY_AS_INT}: async page faults arrive as an interrupt (required since Linux 5.10). */
    public static final long KVM_ASYNC_PF_DELIVERY_AS_INT = 1L << 3;

    private KvmApi() {}

    /** {@code _IO(KVMIO, nr)}. */
    static long io(int nr) {
        return (KVMIO << 8) | nr;
    }

    /** {@code _IOR(KVMIO, nr, size)}: the kernel writes the argument. */
    static long ior(int nr, long size) {
        return (2L << 30) | (size << 16) | (KVMIO << 8) | nr;
    }

    /** {@code _IOW(KVMIO, nr, size)}: the kernel reads the argument. */
    static long iow(int nr, long size) {
        return (1L << 30) | (size << 16) | (KVMIO << 8) | nr;
    }

    /** {@code _IOWR(KVMIO, nr, size)}: both. */
    static long iowr(int nr, long size) {
        return (3L << 30) | (size << 16) | (KVMIO << 8) | nr;
    }
}
