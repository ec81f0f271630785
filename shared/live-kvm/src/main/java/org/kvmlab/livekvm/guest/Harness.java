package org.kvmlab.livekvm.guest;

import java.lang.foreign.MemorySegment;
import org.kvmlab.livekvm.kvm.Cpuid;
import org.kvmlab.livekvm.kvm.KvmApi;
import org.kvmlab.livekvm.kvm.KvmVcpu;
import org.kvmlab.livekvm.kvm.KvmVm;
import org.kvmlab.livekvm.kvm.Regs;
import org.kvmlab.livekvm.kvm.Sregs;
import org.kvmlab.livekvm.kvm.VcpuExit;
import org.kvmlab.livekvm.sys.ErrnoName;
import org.kvmlab.livekvm.sys.Libc;

/**
 * The small long-mode guest that makes the kernel's own accessors touch a scenario's addresses.
 * It lives in a slot of its own ({@link HarnessImage}); each operation points its window at the
 * target pages (or borrows one top-level entry of the scenario's page tables), sets a vCPU's
 * registers, runs it, and reads the outcome: the guest's I/O-port write when it finished, an
 * MMIO exit when the kernel could not satisfy an access (the accessors' {@code -EFAULT}), or an
 * exception through the harness IDT.
 *
 * <p>Every guest load and store of this kernel's KVM goes through the kernel's page walker and
 * then {@code kvm_vcpu_read_guest}/{@code kvm_vcpu_write_guest}, or exits as MMIO; on a VMX or
 * SVM host the same guest runs natively and only exits and emulated accesses take those paths.
 */
public final class Harness implements AutoCloseable {
    /** Long mode with paging; CR0.WP set, as the contract's supervisor accesses assume. */
    private static final long CR0_PE_MP_ET_NE_WP_PG = 0x8001_0033L;
    private static final long CR4_PAE = 0x20;
    /** NXE, so that bit 63 of an entry (NX) is a valid bit rather than a reserved one. */
    private static final long EFER_LME_LMA_NXE = 0xd00;
    /** The base of every run's budget, and what each KiB copied adds to it. */
    private static final long BUDGET_MILLIS = 2000;
    private static final int EFAULT = 14;
    private static final long BUDGET_MILLIS_PER_KIB = 2;

    private final KvmVm vm;
    private final Cpuid cpuid;
    private final int slot;
    private final long gpa;
    private final long hva;
    private final MemorySegment memory;
    private final HarnessImage.Entries entries;
    private final Regs regs;
    private final Sregs sregs;
    private int windowPagesInUse;
    private boolean logDirty;
    private boolean closed;

    private Harness(KvmVm vm, Cpuid cpuid, int slot, long gpa, long hva, MemorySegment memory,
                    java.lang.foreign.Arena arena) {
        this.vm = vm;
        this.cpuid = cpuid;
        this.slot = slot;
        this.gpa = gpa;
        this.hva = hva;
        this.memory = memory;
        this.entries = HarnessImage.write(memory, gpa);
        this.regs = Regs.zeroed(arena);
        this.sregs = Sregs.zeroed(arena);
    }

    /**
     * Maps the harness memory where the kernel chooses, writes the image, and installs it as slot
     * {@code slot} at {@code gpa} (2 MiB-aligned, below the guest's physical-address width).
     *
     * @throws IllegalStateException if the memory or the slot cannot be had
     */
    public static Harness install(KvmVm vm, Cpuid cpuid, int slot, long gpa, java.lang.foreign.Arena arena) {
        long hva = Libc.mmap(0, HarnessImage.SIZE, Libc.PROT_READ | Libc.PROT_WRITE,
                Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1);
        if (hva < 0) {
            throw new IllegalStateException("cannot map the harness's memory: " + ErrnoName.of((int) hva));
        }
        MemorySegment memory = MemorySegment.ofAddress(hva).reinterpret(HarnessImage.SIZE);
        Harness harness = new Harness(vm, cpuid, slot, gpa, hva, memory, arena);
        int rc = vm.setUserMemoryRegion(slot, 0, gpa, HarnessImage.SIZE, hva);
        if (rc != 0) {
            Libc.munmap(hva, HarnessImage.SIZE);
            throw new IllegalStateException("cannot install the harness slot " + slot + " at 0x"
                    + Long.toHexString(gpa) + ": " + ErrnoName.of(rc));
        }
        return harness;
    }

    /** The harness slot's id. */
    public int slot() {
        return slot;
    }

    /** The harness slot's guest-physical base. */
    public long gpa() {
        return gpa;
    }

    /** The harness's host memory, which the scenario never owns. */
    public long hva() {
        return hva;
    }

    /** Makes {@code vcpu} able to run the harness: the kernel's supported CPUID (long mode, its walker's rules) and runnable. */
    public void prepare(KvmVcpu vcpu) {
        check("KVM_SET_CPUID2", vcpu.setCpuid(cpuid));
        check("KVM_SET_MP_STATE", vcpu.setRunnable());
    }

    /**
     * A physical read of {@code len} bytes at {@code target} by {@code vcpu}, through the window.
     * The target range must lie below the guest's physical-address width.
     */
    public GuestAccess read(KvmVcpu vcpu, long target, int len) {
        long offset = target & 0xfff;
        mapWindow(target, len);
        buffer(offset, len).fill((byte) 0);
        return run(vcpu, gpa, entries.copy(), HarnessImage.WINDOW_VA + offset, HarnessImage.HARNESS_VA
                + HarnessImage.BUFFER + offset, len, offset, len, false);
    }

    /** A physical write of {@code data} at {@code target} by {@code vcpu}, through the window. */
    public GuestAccess write(KvmVcpu vcpu, long target, byte[] data) {
        long offset = target & 0xfff;
        mapWindow(target, data.length);
        MemorySegment.copy(MemorySegment.ofArray(data), 0, buffer(offset, data.length), 0, data.length);
        return run(vcpu, gpa, entries.copy(), HarnessImage.HARNESS_VA + HarnessImage.BUFFER + offset,
                HarnessImage.WINDOW_VA + offset, data.length, offset, 0, true);
    }

    /**
     * A guest-virtual read of {@code len} bytes at {@code gva} by {@code vcpu} on its page tables at
     * {@code cr3}, whose top-level table must have entry {@value HarnessImage#HARNESS_PML4_INDEX}
     * pointing at the harness ({@link #borrowEntry}). {@code oneAccess}: one load of {@code len}
     * (1, 2, 4 or 8) bytes, as one guest instruction, instead of the copy loop.
     */
    public GuestAccess readVirtual(KvmVcpu vcpu, long cr3, long gva, int len, boolean oneAccess) {
        long offset = gva & 0xfff;
        buffer(offset, len).fill((byte) 0);
        long rip = oneAccess ? entries.move()[len] : entries.copy();
        return run(vcpu, cr3, rip, gva, HarnessImage.HARNESS_VA + HarnessImage.BUFFER + offset, len, offset, len,
                false);
    }

    /** A guest-virtual write; as {@link #readVirtual}. */
    public GuestAccess writeVirtual(KvmVcpu vcpu, long cr3, long gva, byte[] data, boolean oneAccess) {
        long offset = gva & 0xfff;
        MemorySegment.copy(MemorySegment.ofArray(data), 0, buffer(offset, data.length), 0, data.length);
        long rip = oneAccess ? entries.move()[data.length] : entries.copy();
        return run(vcpu, cr3, rip, HarnessImage.HARNESS_VA + HarnessImage.BUFFER + offset, gva, data.length, offset,
                0, true);
    }

    /**
     * The top-level entry that links a scenario's page tables to the harness: present, writable,
     * accessed (so that the walker never writes it), pointing at the harness's PDPT.
     */
    public long borrowedEntry() {
        return gpa + HarnessImage.HARNESS_PDPT | HarnessImage.P | HarnessImage.RW | HarnessImage.A;
    }

    /** Runs a guest that only spins, to check that a run's budget stops it. */
    public GuestAccess spin(KvmVcpu vcpu, long budgetMillis) {
        setUp(vcpu, gpa, entries.spin(), 0, 0, 0);
        VcpuExit exit = vcpu.run(budgetMillis);
        return exit instanceof VcpuExit.BudgetExceeded b ? new GuestAccess.Broken("the guest ran past its budget of "
                + b.budgetMillis() + " ms and was stopped") : new GuestAccess.Broken("unexpected exit " + exit);
    }

    private GuestAccess run(KvmVcpu vcpu, long cr3, long rip, long rsi, long rdi, int len, long bufferOffset,
                            int resultLen, boolean write) {
        GuestAccess broken = setUp(vcpu, cr3, rip, rsi, rdi, len);
        if (broken != null) {
            return broken;
        }
        VcpuExit exit = vcpu.run(BUDGET_MILLIS + BUDGET_MILLIS_PER_KIB * (len >>> 10));
        return switch (exit) {
            case VcpuExit.Io(int port, boolean out) when out && port == HarnessImage.PORT_DONE ->
                    new GuestAccess.Done(buffer(bufferOffset, resultLen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            case VcpuExit.Io(int port, boolean out) when out && port == HarnessImage.PORT_EXCEPTION -> {
                check("KVM_GET_REGS", vcpu.getRegs(regs));
                check("KVM_GET_SREGS", vcpu.getSregs(sregs));
                yield new GuestAccess.Exception((int) regs.get(Regs.Reg.RBX), regs.get(Regs.Reg.RAX), sregs.cr2());
            }
            case VcpuExit.Mmio(long at, int n, boolean w) -> {
                afterMmio(vcpu);
                yield new GuestAccess.Mmio(at, w, buffer(bufferOffset, resultLen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
            case VcpuExit.Failed(int errno) when errno == -EFAULT ->
                    new GuestAccess.HostFault(buffer(bufferOffset, resultLen).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            case VcpuExit.BudgetExceeded b -> new GuestAccess.Broken("the guest ran past its budget of "
                    + b.budgetMillis() + " ms and was stopped");
            case VcpuExit.Shutdown s -> new GuestAccess.Broken("the guest triple-faulted (KVM_EXIT_SHUTDOWN)");
            case VcpuExit.InternalError e -> new GuestAccess.Broken("KVM_EXIT_INTERNAL_ERROR, suberror " + e.suberror());
            case VcpuExit.Failed f -> new GuestAccess.Broken("KVM_RUN failed: " + ErrnoName.of(f.errno()));
            default -> new GuestAccess.Broken("unexpected exit " + exit);
        };
    }

    /**
     * After an MMIO exit: lets the kernel finish the instruction (its MMIO read gets zeros) without
     * entering the guest again, then changes only the harness slot's flags. That starts a new
     * memslot generation, which drops the MMIO frame and address KVM caches per vCPU
     * ({@code vcpu->arch.mmio_gfn}, {@code mmio_gva}); otherwise a later access to that page
     * would be taken for MMIO without a look at the slots.
     */
    private void afterMmio(KvmVcpu vcpu) {
        check("KVM_RUN (completing MMIO)", vcpu.completePendingExit());
        logDirty = !logDirty;
        check("KVM_SET_USER_MEMORY_REGION (harness flags)", vm.setUserMemoryRegion(slot,
                logDirty ? KvmApi.KVM_MEM_LOG_DIRTY_PAGES : 0, gpa, HarnessImage.SIZE, hva));
    }

    private GuestAccess setUp(KvmVcpu vcpu, long cr3, long rip, long rsi, long rdi, int len) {
        // Start from the vCPU's own state: its APIC base above all. A zero apic_base would disable
        // the local APIC and move its page to gpa 0, where KVM then reads 0xff and drops writes.
        check("KVM_GET_SREGS", vcpu.getSregs(sregs));
        sregs.setSegment(Sregs.Seg.CS, 0, 0xffff_ffff, HarnessImage.CODE_SELECTOR, 11, true, true, false, true);
        for (Sregs.Seg seg : new Sregs.Seg[] {Sregs.Seg.DS, Sregs.Seg.ES, Sregs.Seg.FS, Sregs.Seg.GS, Sregs.Seg.SS}) {
            sregs.setSegment(seg, 0, 0xffff_ffff, HarnessImage.DATA_SELECTOR, 3, true, false, true, true);
        }
        sregs.setSegment(Sregs.Seg.TR, HarnessImage.HARNESS_VA + HarnessImage.TSS, 0x67, HarnessImage.TSS_SELECTOR, 11,
                false, false, false, false);
        sregs.setSegment(Sregs.Seg.LDT, 0, 0xffff, 0, 2, false, false, false, false);
        sregs.setGdt(HarnessImage.HARNESS_VA + HarnessImage.GDT, 5 * 8 - 1);
        sregs.setIdt(HarnessImage.HARNESS_VA + HarnessImage.IDT, 32 * 16 - 1);
        sregs.setCr0(CR0_PE_MP_ET_NE_WP_PG);
        sregs.setCr2(0);
        sregs.setCr3(cr3);
        sregs.setCr4(CR4_PAE);
        sregs.setEfer(EFER_LME_LMA_NXE);
        int rc = vcpu.setSregs(sregs);
        if (rc != 0) {
            return new GuestAccess.Broken("KVM_SET_SREGS refused the harness state with CR3 0x" + Long.toHexString(cr3)
                    + ": " + ErrnoName.of(rc));
        }
        for (Regs.Reg reg : Regs.Reg.values()) {
            regs.set(reg, 0);
        }
        regs.set(Regs.Reg.RFLAGS, Regs.RFLAGS_FIXED);
        regs.set(Regs.Reg.RIP, HarnessImage.HARNESS_VA + HarnessImage.CODE + rip);
        regs.set(Regs.Reg.RSP, HarnessImage.HARNESS_VA + HarnessImage.STACK_TOP);
        regs.set(Regs.Reg.RSI, rsi);
        regs.set(Regs.Reg.RDI, rdi);
        regs.set(Regs.Reg.RCX, len);
        check("KVM_SET_REGS", vcpu.setRegs(regs));
        return null;
    }

    /**
     * Sets the CR3 the scenario asks for, with the rest of the harness's long-mode state, and
     * says whether the kernel accepts it: the kernel's own check of a CR3 value.
     *
     * @return 0, or {@code -EINVAL}
     */
    public int setCr3(KvmVcpu vcpu, long cr3) {
        GuestAccess broken = setUp(vcpu, cr3, entries.spin(), 0, 0, 0);
        return broken == null ? 0 : -22;
    }

    /** Points the window's first pages at the pages of {@code [target, target + len)}; clears the rest in use. */
    private void mapWindow(long target, int len) {
        long first = target & ~0xfffL;
        int pages = (int) (((target & 0xfff) + len + 0xfff) >>> 12);
        for (int i = 0; i < Math.max(pages, windowPagesInUse); i++) {
            long value = i < pages ? first + 4096L * i | HarnessImage.P | HarnessImage.RW | HarnessImage.A | HarnessImage.D : 0;
            HarnessImage.entry(memory, HarnessImage.WINDOW_PTS, i, value);
        }
        windowPagesInUse = pages;
    }

    private MemorySegment buffer(long offset, int len) {
        return memory.asSlice(HarnessImage.BUFFER + offset, len);
    }

    private static void check(String what, int rc) {
        if (rc < 0) {
            throw new IllegalStateException(what + " failed: " + ErrnoName.of(rc));
        }
    }

    /** Deletes the harness slot and unmaps its memory. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            vm.setUserMemoryRegion(slot, 0, gpa, 0, hva);
            Libc.munmap(hva, HarnessImage.SIZE);
        }
    }
}
