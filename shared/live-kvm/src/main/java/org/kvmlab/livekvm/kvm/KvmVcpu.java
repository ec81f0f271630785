package org.kvmlab.livekvm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.kvmlab.livekvm.sys.Libc;

/**
 * A vCPU file descriptor and its {@code struct kvm_run}, mapped shared with the kernel: run it,
 * read why it stopped, and get or set its registers, MSRs, CPUID and VAPIC page.
 */
public final class KvmVcpu implements AutoCloseable {
    private static final int EINTR = 4;
    /** More pieces than any single instruction's access has (KVM_MAX_MMIO_FRAGMENTS is 2). */
    private static final int MAX_PENDING_PIECES = 8;
    // struct kvm_run offsets (include/uapi/linux/kvm.h)
    private static final long IMMEDIATE_EXIT = 1;
    private static final long EXIT_REASON = 8;
    private static final long EXIT_DATA = 0x20;

    private final int id;
    private final int fd;
    private final MemorySegment run;
    private final long runSize;
    private boolean closed;

    KvmVcpu(int id, int fd, MemorySegment run, long runSize) {
        this.id = id;
        this.fd = fd;
        this.run = run;
        this.runSize = runSize;
    }

    /** The vCPU id it was created with. */
    public int id() {
        return id;
    }

    /**
     * {@code KVM_RUN} until the guest exits, or until {@code budgetMillis} have passed, when the
     * run is stopped and reported as {@link VcpuExit.BudgetExceeded}.
     */
    public VcpuExit run(long budgetMillis) {
        run.set(JAVA_BYTE, IMMEDIATE_EXIT, (byte) 0);
        RunWatchdog.Ticket ticket = RunWatchdog.arm(this, budgetMillis);
        try {
            while (true) {
                int rc = Libc.ioctl(fd, KvmApi.KVM_RUN, 0L);
                if (rc == -EINTR) {
                    if (ticket.expired()) {
                        return new VcpuExit.BudgetExceeded(budgetMillis);
                    }
                    continue;   // a stray signal: run on
                }
                return rc < 0 ? new VcpuExit.Failed(rc) : exit();
            }
        } finally {
            ticket.disarm();
            run.set(JAVA_BYTE, IMMEDIATE_EXIT, (byte) 0);
        }
    }

    /**
     * Completes an exit the kernel is waiting on (an MMIO read's data, an I/O access) without
     * entering the guest again: {@code KVM_RUN} with {@code immediate_exit} set lets the kernel
     * finish the instruction, then returns {@code EINTR}. An access split over two MMIO pages
     * exits once per piece, so the call repeats until the kernel has nothing left to finish.
     *
     * @return 0, or {@code -errno} other than {@code EINTR}
     */
    public int completePendingExit() {
        run.set(JAVA_BYTE, IMMEDIATE_EXIT, (byte) 1);
        try {
            for (int piece = 0; piece < MAX_PENDING_PIECES; piece++) {
                int rc = Libc.ioctl(fd, KvmApi.KVM_RUN, 0L);
                if (rc == -EINTR) {
                    return 0;
                }
                if (rc < 0) {
                    return rc;
                }
            }
            throw new IllegalStateException("vCPU " + id + " still had an exit pending after "
                    + MAX_PENDING_PIECES + " completions");
        } finally {
            run.set(JAVA_BYTE, IMMEDIATE_EXIT, (byte) 0);
        }
    }

    /** Asks a run in progress, or the next one, to return at once. */
    void requestImmediateExit() {
        run.set(JAVA_BYTE, IMMEDIATE_EXIT, (byte) 1);
    }

    private VcpuExit exit() {
        int reason = run.get(JAVA_INT, EXIT_REASON);
        return switch (reason) {
            case KvmApi.KVM_EXIT_IO -> new VcpuExit.Io(Short.toUnsignedInt(run.get(JAVA_SHORT, EXIT_DATA + 2)),
                    run.get(JAVA_BYTE, EXIT_DATA) == 1);
            case KvmApi.KVM_EXIT_MMIO -> new VcpuExit.Mmio(run.get(JAVA_LONG, EXIT_DATA),
                    run.get(JAVA_INT, EXIT_DATA + 16), run.get(JAVA_BYTE, EXIT_DATA + 20) != 0);
            case KvmApi.KVM_EXIT_SHUTDOWN -> new VcpuExit.Shutdown();
            case KvmApi.KVM_EXIT_INTERNAL_ERROR -> new VcpuExit.InternalError(run.get(JAVA_INT, EXIT_DATA));
            default -> new VcpuExit.Other(reason);
        };
    }

    /** {@code KVM_GET_REGS} into {@code regs}; 0 or {@code -errno}. */
    public int getRegs(Regs regs) {
        return Libc.ioctl(fd, KvmApi.KVM_GET_REGS, regs.segment());
    }

    /** {@code KVM_SET_REGS}; 0 or {@code -errno}. */
    public int setRegs(Regs regs) {
        return Libc.ioctl(fd, KvmApi.KVM_SET_REGS, regs.segment());
    }

    /** {@code KVM_GET_SREGS} into {@code sregs}; 0 or {@code -errno}. */
    public int getSregs(Sregs sregs) {
        return Libc.ioctl(fd, KvmApi.KVM_GET_SREGS, sregs.segment());
    }

    /** {@code KVM_SET_SREGS}: 0, or {@code -EINVAL} for a state the kernel refuses (a CR3 beyond the guest's physical-address width, ...). */
    public int setSregs(Sregs sregs) {
        return Libc.ioctl(fd, KvmApi.KVM_SET_SREGS, sregs.segment());
    }

    /** {@code KVM_SET_CPUID2}; 0 or {@code -errno}. */
    public int setCpuid(Cpuid cpuid) {
        return Libc.ioctl(fd, KvmApi.KVM_SET_CPUID2, cpuid.segment());
    }

    /** {@code KVM_SET_MP_STATE} to {@code KVM_MP_STATE_RUNNABLE}: with an in-kernel APIC, only vCPU 0 starts runnable. */
    public int setRunnable() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(JAVA_INT);
            state.set(JAVA_INT, 0, 0);
            return Libc.ioctl(fd, KvmApi.KVM_SET_MP_STATE, state);
        }
    }

    /**
     * {@code KVM_SET_MSRS} of one MSR, as the host sets it.
     *
     * @return 1 when the kernel set it, 0 when it refused it, or {@code -errno}
     */
    public int setMsr(int index, long value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment msrs = arena.allocate(8 + 16, 8);
            msrs.set(JAVA_INT, 0, 1);
            msrs.set(JAVA_INT, 8, index);
            msrs.set(JAVA_LONG, 16, value);
            return Libc.ioctl(fd, KvmApi.KVM_SET_MSRS, msrs);
        }
    }

    /**
     * {@code KVM_SET_VAPIC_ADDR}: the VAPIC page at {@code gpa} (0 turns it off). The kernel
     * initialises a {@code gfn_to_hva_cache} of 4 bytes there.
     *
     * @return 0, or {@code -EINVAL} when that initialisation fails
     */
    public int setVapicAddr(long gpa) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(JAVA_LONG);
            addr.set(JAVA_LONG, 0, gpa);
            return Libc.ioctl(fd, KvmApi.KVM_SET_VAPIC_ADDR, addr);
        }
    }

    /** Unmaps {@code struct kvm_run} and closes the vCPU. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.munmap(run.address(), runSize);
            Libc.close(fd);
        }
    }
}
