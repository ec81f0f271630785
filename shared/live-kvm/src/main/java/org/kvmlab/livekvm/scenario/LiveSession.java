package org.kvmlab.livekvm.scenario;

import static org.kvmlab.core.base.Errno.EFAULT;

import org.kvmlab.conformance.scenario.Canonical;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Ctx;
import org.kvmlab.conformance.scenario.Data;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.conformance.scenario.Scenario;
import org.kvmlab.core.host.Prot;
import org.kvmlab.livekvm.guest.GuestAccess;
import org.kvmlab.livekvm.guest.HarnessImage;
import org.kvmlab.livekvm.host.HostCall;
import org.kvmlab.livekvm.kvm.Cpuid;
import org.kvmlab.livekvm.kvm.KernelFacts;
import org.kvmlab.livekvm.kvm.KvmApi;
import org.kvmlab.livekvm.kvm.KvmSystem;
import org.kvmlab.livekvm.kvm.KvmVcpu;

/**
 * One scenario run on the live kernel: each line mapped onto the kernel path that implements it
 * (SCENARIOS.md sections 3 and 4), its answer read back in the scenario's terms.
 *
 * <ul>
 *   <li>{@code mmap}, {@code munmap}, {@code mprotect}: the system calls themselves, at the
 *       scenario's addresses ({@link org.kvmlab.livekvm.host.ScenarioHost}).</li>
 *   <li>{@code region}: {@code KVM_SET_USER_MEMORY_REGION}, the {@code smram} word as flags bit 24;
 *       {@code dirtylog}: {@code KVM_GET_DIRTY_LOG}.</li>
 *   <li>{@code vcpu}: {@code KVM_CREATE_VCPU}; {@code cr3}: {@code KVM_SET_SREGS} with that CR3 in
 *       long mode, which the kernel checks.</li>
 *   <li>{@code read}, {@code write}, {@code clear} and the page commands: the harness guest's
 *       loads and stores at those gpas, which the kernel serves with
 *       {@code kvm_vcpu_read_guest}/{@code kvm_vcpu_write_guest} or refuses as MMIO
 *       ({@code EFAULT}). A {@code vm} access runs on a vCPU of the harness: a kernel without SMM
 *       has one address space, which every vCPU and the VM see alike.</li>
 *   <li>{@code readvirt}, {@code writevirt}: the harness on the scenario vCPU's own CR3; an access
 *       of 1, 2, 4 or 8 bytes is one guest instruction, any other length a loop of 8- and 1-byte
 *       moves; faults come back through the harness IDT.</li>
 *   <li>{@code cache}: {@code kvm_gfn_to_hva_cache_init} through {@code KVM_SET_VAPIC_ADDR} (4 bytes)
 *       or the PV EOI (1 byte) and async-PF (8 bytes) MSRs; a failed init is {@code EFAULT}.</li>
 * </ul>
 * Every other line is {@link LiveResult.NotMappable}, with the reason.
 */
public final class LiveSession implements AutoCloseable {
    private static final long APIC_PAGE = 0xfee0_0000L;
    private static final long IOAPIC_PAGE = 0xfec0_0000L;
    /** The largest slot the run creates: 4 GiB of guest memory, 8 MiB of kernel bookkeeping. */
    private static final long MAX_SLOT_PAGES = 1L << 20;
    /** {@code KVM_MEM_MAX_NR_PAGES}: the kernel refuses a larger slot before it allocates anything. */
    private static final long KVM_MEM_MAX_NR_PAGES = (1L << 31) - 1;

    private final LiveVm vm;
    private final KernelFacts facts;

    /** A session for {@code scenario}: a fresh VM, with the harness placed where the scenario never looks. */
    public LiveSession(KvmSystem kvm, KernelFacts facts, Cpuid cpuid, Scenario scenario) {
        this.facts = facts;
        this.vm = new LiveVm(kvm, facts, cpuid,
                HarnessPlacement.choose(scenario, facts.userMemSlots(), facts.maxPhysAddr()));
    }

    /** The VM, for the runner's view of the kernel's state. */
    LiveVm vm() {
        return vm;
    }

    /** Runs one line on the kernel. */
    public LiveResult run(Command command) {
        return switch (command) {
            case Command.Vm _ -> new LiveResult.NotMappable(Unmappable.USER_SLOTS,
                    "the kernel has " + facts.userMemSlots() + " slots (KVM_CAP_NR_MEMSLOTS); a VMM cannot set another count");
            case Command.Mmap(long hva, long size, Prot prot) -> host(vm.host().mmap(hva, size, prot));
            case Command.Munmap(long hva, long size) -> host(vm.host().munmap(hva, size));
            case Command.Mprotect(long hva, long size, Prot prot) -> host(vm.host().mprotect(hva, size, prot));
            case Command.Region r -> region(r);
            case Command.CreateVcpu(int id, Command.SmmSwitch smm) -> {
                vm.vcpu(id);
                yield smm == Command.SmmSwitch.ENTER ? new LiveResult.NotMappable(Unmappable.SMM, facts.hasSmm()
                        ? "entering SMM (KVM_SMI) is not driven by this runner"
                        : "the kernel has no SMM (KVM_CAP_X86_SMM = 0): no vCPU can enter it")
                        : new LiveResult.Ran(Outcome.OK);
            }
            case Command.Cr3(int id, long gpa) -> rc(vm.setCr3(id, gpa));
            case Command.Read(Ctx ctx, long gpa, int len) -> physicalRead(ctx, gpa, len, true);
            case Command.Write(Ctx ctx, long gpa, Data data) -> physicalWrite(ctx, gpa, data.toByteArray());
            case Command.Clear(Ctx ctx, long gpa, int len) -> physicalWrite(ctx, gpa, new byte[len]);
            case Command.ReadPage(Ctx ctx, long gfn, int offset, int len) ->
                    physicalRead(ctx, (gfn << 12) + offset, len, false);
            case Command.WritePage(Ctx ctx, long gfn, int offset, Data data) ->
                    physicalWrite(ctx, (gfn << 12) + offset, data.toByteArray());
            case Command.ClearPage(Ctx ctx, long gfn, int offset, int len) ->
                    physicalWrite(ctx, (gfn << 12) + offset, new byte[len]);
            case Command.ReadAtomic _ -> new LiveResult.NotMappable(Unmappable.ATOMIC);
            case Command.Hva _, Command.HvaProt _, Command.Visible _, Command.Memslot _ ->
                    new LiveResult.NotMappable(Unmappable.LOOKUP);
            case Command.Dirty _ -> new LiveResult.NotMappable(Unmappable.MARK_DIRTY);
            case Command.DirtyLog(int slot) -> {
                int[] rc = new int[1];
                var pages = vm.getDirtyLog(slot, rc);
                yield pages == null ? rc(rc[0]) : new LiveResult.Ran(new Outcome.OkPages(pages));
            }
            case Command.Cache c -> cache(c);
            case Command.ReadCached _, Command.WriteCached _ -> new LiveResult.NotMappable(Unmappable.CACHED_ACCESS);
            case Command.ReadVirt(int id, long gva, int len) -> virtual(id, gva, null, len);
            case Command.WriteVirt(int id, long gva, Data data) -> virtual(id, gva, data.toByteArray(), data.length());
        };
    }

    /**
     * {@code KVM_SET_USER_MEMORY_REGION}, unless the slot is so large that the kernel would
     * allocate gigabytes for it (a shadow-paging host keeps 8 bytes of reverse map per page) and
     * the kernel does not refuse its size first.
     */
    private LiveResult region(Command.Region r) {
        long pages = r.size() >>> 12;
        if (pages > MAX_SLOT_PAGES && pages <= KVM_MEM_MAX_NR_PAGES) {
            return new LiveResult.NotMappable(Unmappable.HUGE_SLOT, "a slot of " + Canonical.number(pages)
                    + " pages: the kernel would allocate about " + (pages * 8 >>> 20) + " MiB to track it");
        }
        return rc(vm.setUserMemoryRegion(r.slot(), r.effectiveFlags(), r.gpa(), r.size(), r.hva()));
    }

    private LiveResult physicalRead(Ctx ctx, long gpa, int len, boolean keepBuffer) {
        LiveResult refused = checkPhysical(gpa, len);
        if (refused != null) {
            return refused;
        }
        return switch (vm.harness().read(vcpu(ctx), gpa, len)) {
            case GuestAccess.Done(byte[] bytes) -> new LiveResult.Ran(new Outcome.OkData(Data.of(bytes)));
            case GuestAccess.Mmio m -> new LiveResult.Ran(keepBuffer ? new Outcome.ReadFault(Data.of(m.buffer()))
                    : new Outcome.Errno(EFAULT));
            case GuestAccess.HostFault h -> new LiveResult.Ran(keepBuffer ? new Outcome.ReadFault(Data.of(h.buffer()))
                    : new Outcome.Errno(EFAULT));
            case GuestAccess access -> unexpected(access);
        };
    }

    private LiveResult physicalWrite(Ctx ctx, long gpa, byte[] data) {
        LiveResult refused = checkPhysical(gpa, data.length);
        if (refused != null) {
            return refused;
        }
        return switch (vm.harness().write(vcpu(ctx), gpa, data)) {
            case GuestAccess.Done _ -> new LiveResult.Ran(Outcome.OK);
            case GuestAccess.Mmio _, GuestAccess.HostFault _ -> new LiveResult.Ran(new Outcome.Errno(EFAULT));
            case GuestAccess access -> unexpected(access);
        };
    }

    /** Why a physical access cannot run, or null when it can. */
    private LiveResult checkPhysical(long gpa, int len) {
        if (len == 0) {
            return new LiveResult.NotMappable(Unmappable.EMPTY_ACCESS);
        }
        long last = gpa + len - 1;
        if (Long.compareUnsigned(last, gpa) < 0 || Long.compareUnsigned(last, (1L << facts.maxPhysAddr()) - 1) > 0) {
            return new LiveResult.NotMappable(Unmappable.BEYOND_PHYSICAL, "the access ends above the guest's"
                    + " physical-address width (2^" + facts.maxPhysAddr() + "), which the guest cannot address");
        }
        if (touches(gpa, last, vm.harness().gpa(), HarnessImage.SIZE)) {
            return new LiveResult.NotMappable(Unmappable.HARNESS_RANGE);
        }
        if (touches(gpa, last, APIC_PAGE, 4096) || touches(gpa, last, IOAPIC_PAGE, 4096)) {
            return new LiveResult.NotMappable(Unmappable.APIC_PAGE);
        }
        return foreignSlot();
    }

    private LiveResult foreignSlot() {
        LiveVm.Slot slot = vm.slotOverForeignMemory();
        return slot == null ? null : new LiveResult.NotMappable(Unmappable.FOREIGN_MEMORY, "slot " + slot.id()
                + "'s host memory at " + Canonical.number(slot.hva()) + " holds memory of this process that the run did"
                + " not map; a guest must not write there");
    }

    private LiveResult virtual(int id, long gva, byte[] data, int len) {
        if (len == 0) {
            return new LiveResult.NotMappable(Unmappable.EMPTY_ACCESS);
        }
        long root = vm.cr3(id) & ((1L << facts.maxPhysAddr()) - 1) & ~0xfffL;
        long rootHva = vm.ownedHva(root, Prot.RW);
        if (rootHva < 0) {
            return new LiveResult.NotMappable(Unmappable.HARNESS_UNREACHABLE, "the top-level table at gpa "
                    + Canonical.number(root) + " is not in a slot over memory the run mapped writable, so the harness"
                    + " cannot join vCPU " + id + "'s page tables");
        }
        if ((LiveVm.tableEntry(rootHva, HarnessImage.HARNESS_PML4_INDEX) & 1) != 0) {
            return new LiveResult.NotMappable(Unmappable.HARNESS_UNREACHABLE, "the scenario's top-level table uses entry "
                    + HarnessImage.HARNESS_PML4_INDEX + ", where the harness lives");
        }
        if (touches(gva, gva + len - 1, HarnessImage.HARNESS_VA, 1L << 39)) {
            return new LiveResult.NotMappable(Unmappable.HARNESS_RANGE);
        }
        LiveResult refused = foreignSlot();
        if (refused != null) {
            return refused;
        }
        boolean oneAccess = len == 1 || len == 2 || len == 4 || len == 8;
        return switch (vm.virtualAccess(id, rootHva, gva, data, len, oneAccess)) {
            case GuestAccess.Done(byte[] bytes) ->
                    new LiveResult.Ran(data == null ? new Outcome.OkData(Data.of(bytes)) : Outcome.OK);
            case GuestAccess.Mmio _, GuestAccess.HostFault _ -> new LiveResult.Ran(new Outcome.Errno(EFAULT));
            case GuestAccess.Exception(int vector, long errorCode, long cr2) -> new LiveResult.Ran(switch (vector) {
                case 14 -> new Outcome.PageFault(errorCode & 0xffff_ffffL, cr2);
                case 13 -> new Outcome.GeneralProtection();
                default -> new Outcome.Unlisted("exception vector " + Canonical.number(vector));
            });
            case GuestAccess.Broken(String why) -> new LiveResult.Ran(new Outcome.Unlisted("harness: " + why));
        };
    }

    private LiveResult cache(Command.Cache c) {
        long gpa = c.gpa();
        int set;
        if (c.len() == 4 && gpa != 0) {
            // KVM_SET_VAPIC_ADDR reports a failed init as EINVAL; the accessor returns EFAULT.
            set = vm.vapicCacheInit(gpa) == 0 ? 1 : 0;
        } else if (c.len() == 1 && (gpa & 3) == 0) {
            set = vm.msrCacheInit(KvmApi.MSR_KVM_PV_EOI_EN, gpa | KvmApi.KVM_MSR_ENABLED);
        } else if (c.len() == 8 && (gpa & 63) == 0) {
            set = vm.msrCacheInit(KvmApi.MSR_KVM_ASYNC_PF_EN,
                    gpa | KvmApi.KVM_MSR_ENABLED | KvmApi.KVM_ASYNC_PF_DELIVERY_AS_INT);
        } else {
            return new LiveResult.NotMappable(Unmappable.CACHE_SHAPE);
        }
        return new LiveResult.Ran(set == 1 ? Outcome.OK : new Outcome.Errno(EFAULT));
    }

    private KvmVcpu vcpu(Ctx ctx) {
        return switch (ctx) {
            case Ctx.Vm _ -> vm.vcpu(LiveVm.HARNESS_VCPU);
            case Ctx.OnVcpu(int id) -> vm.vcpu(id);
        };
    }

    private static LiveResult unexpected(GuestAccess access) {
        return new LiveResult.Ran(new Outcome.Unlisted(switch (access) {
            case GuestAccess.Broken(String why) -> "harness: " + why;
            case GuestAccess.Exception e -> "harness: exception vector " + e.vector() + " in a physical access";
            default -> "harness: " + access;
        }));
    }

    private static LiveResult host(HostCall call) {
        return switch (call) {
            case HostCall.Done(int rc) -> rc(rc);
            case HostCall.Refused(String why) -> new LiveResult.NotMappable(Unmappable.FOREIGN_MEMORY, why);
        };
    }

    private static LiveResult rc(int rc) {
        return new LiveResult.Ran(rc == 0 ? Outcome.OK : new Outcome.Errno(-rc));
    }

    /** Whether {@code [first, last]} meets {@code [start, start + size)}. */
    private static boolean touches(long first, long last, long start, long size) {
        return Long.compareUnsigned(first, start + size - 1) <= 0 && Long.compareUnsigned(last, start) >= 0;
    }

    /** Deletes the VM and unmaps every page the run mapped. */
    @Override
    public void close() {
        vm.close();
    }
}
