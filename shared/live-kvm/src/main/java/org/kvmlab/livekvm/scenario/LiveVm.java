package org.kvmlab.livekvm.scenario;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kvmlab.core.host.Prot;
import org.kvmlab.livekvm.guest.GuestAccess;
import org.kvmlab.livekvm.guest.Harness;
import org.kvmlab.livekvm.guest.HarnessImage;
import org.kvmlab.livekvm.host.ScenarioHost;
import org.kvmlab.livekvm.kvm.Cpuid;
import org.kvmlab.livekvm.kvm.KernelFacts;
import org.kvmlab.livekvm.kvm.KvmApi;
import org.kvmlab.livekvm.kvm.KvmSystem;
import org.kvmlab.livekvm.kvm.KvmVcpu;
import org.kvmlab.livekvm.kvm.KvmVm;
import org.kvmlab.livekvm.sys.ProcessMaps;

/**
 * One scenario's VM on the live kernel: a real KVM VM with in-kernel APICs, the scenario's host
 * mappings at its own addresses, its slots as the kernel accepted them, its vCPUs and the CR3
 * each holds, and the harness guest. It knows nothing of scenario lines; {@link LiveSession}
 * maps each line onto it. Closing it deletes the VM and unmaps every page it mapped.
 */
final class LiveVm implements AutoCloseable {
    /** The vCPU that runs VM-level accesses: above every id a scenario can name (0 to 254). */
    static final int HARNESS_VCPU = 255;
    /** The vCPU that initialises caches; it never runs, so the kernel never writes through them. */
    static final int CACHE_VCPU = 256;

    /** A slot as the kernel accepted it. */
    record Slot(int id, long gpa, long size, long hva, int flags) {
        boolean logsDirty() {
            return (flags & KvmApi.KVM_MEM_LOG_DIRTY_PAGES) != 0;
        }

        boolean containsGpa(long at) {
            return Long.compareUnsigned(at, gpa) >= 0 && Long.compareUnsigned(at - gpa, size) < 0;
        }
    }

    private final Arena arena = Arena.ofConfined();
    private final KernelFacts facts;
    private final Cpuid cpuid;
    private final KvmVm vm;
    private final ScenarioHost host = new ScenarioHost();
    private final Harness harness;
    private final TreeMap<Integer, Slot> slots = new TreeMap<>();
    private final Map<Integer, KvmVcpu> vcpus = new HashMap<>();
    private final Map<Integer, Long> cr3 = new HashMap<>();

    LiveVm(KvmSystem kvm, KernelFacts facts, Cpuid cpuid, HarnessPlacement placement) {
        this.facts = facts;
        this.cpuid = cpuid;
        this.vm = kvm.createVm();
        Harness installed = null;
        try {
            int rc = vm.createIrqchip();
            if (rc != 0) {
                throw new IllegalStateException("KVM_CREATE_IRQCHIP failed: " + rc);
            }
            installed = Harness.install(vm, cpuid, placement.slot(), placement.gpa(), arena);
        } finally {
            if (installed == null) {
                vm.close();
                arena.close();
            }
        }
        this.harness = installed;
    }

    KernelFacts facts() {
        return facts;
    }

    ScenarioHost host() {
        return host;
    }

    Harness harness() {
        return harness;
    }

    /** The scenario's slots as the kernel holds them, by id. */
    Collection<Slot> slots() {
        return slots.values();
    }

    /** {@code KVM_SET_USER_MEMORY_REGION}, remembering what the kernel accepted. */
    int setUserMemoryRegion(int slot, int flags, long gpa, long size, long hva) {
        int rc = vm.setUserMemoryRegion(slot, flags, gpa, size, hva);
        if (rc == 0) {
            // The kernel accepted it, so the as_id is 0 here.
            int id = slot & 0xffff;
            if (size == 0) {
                slots.remove(id);
            } else {
                slots.put(id, new Slot(id, gpa, size, hva, flags));
            }
        }
        return rc;
    }

    /**
     * {@code KVM_GET_DIRTY_LOG} into a bitmap as large as the kernel copies for that slot.
     *
     * @return the dirty pages, slot-relative and ascending, or null with {@code rc[0]} the error
     */
    List<Long> getDirtyLog(int slot, int[] rc) {
        Slot known = slot >>> 16 == 0 ? slots.get(slot & 0xffff) : null;
        long pages = known == null ? 64 : known.size() >>> 12;
        long bytes = (pages + 63) / 64 * 8;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment bitmap = call.allocate(bytes, 8);
            rc[0] = vm.getDirtyLog(slot, bitmap);
            if (rc[0] != 0) {
                return null;
            }
            List<Long> dirty = new ArrayList<>();
            for (long word = 0; word < bytes / 8; word++) {
                long bits = bitmap.get(JAVA_LONG, word * 8);
                while (bits != 0) {
                    dirty.add(word * 64 + Long.numberOfTrailingZeros(bits));
                    bits &= bits - 1;
                }
            }
            return dirty;
        }
    }

    /** The scenario's vCPU {@code id}, created and made able to run the harness on first use. */
    KvmVcpu vcpu(int id) {
        return vcpus.computeIfAbsent(id, this::newVcpu);
    }

    private KvmVcpu newVcpu(int id) {
        KvmVcpu vcpu = vm.createVcpu(id);
        harness.prepare(vcpu);
        return vcpu;
    }

    /** The CR3 the kernel holds for vCPU {@code id} (0 until a {@code cr3} line is accepted). */
    long cr3(int id) {
        return cr3.getOrDefault(id, 0L);
    }

    /** Sets vCPU {@code id}'s CR3 with {@code KVM_SET_SREGS}; 0 or {@code -EINVAL}. */
    int setCr3(int id, long value) {
        int rc = harness.setCr3(vcpu(id), value);
        if (rc == 0) {
            cr3.put(id, value);
        }
        return rc;
    }

    /**
     * Whether every slot's host memory holds only pages the run mapped (or none): only then may a
     * guest run, since its writes land wherever the slots point.
     */
    Slot slotOverForeignMemory() {
        List<ProcessMaps.Range> maps = ProcessMaps.read();
        for (Slot slot : slots.values()) {
            if (!host.safeForGuest(slot.hva(), slot.hva() + slot.size(), maps)) {
                return slot;
            }
        }
        return null;
    }

    /** The slot holding {@code gpa}, or null. */
    Slot slotAt(long gpa) {
        for (Slot slot : slots.values()) {
            if (slot.containsGpa(gpa)) {
                return slot;
            }
        }
        return null;
    }

    /**
     * A guest-virtual access on vCPU {@code id}'s page tables, with the harness joined to them
     * through top-level entry {@value HarnessImage#HARNESS_PML4_INDEX} for the run only: the
     * entry is written through the host mapping (which the kernel does not dirty-log) and put
     * back as it was afterwards.
     *
     * @param rootHva the host address of the top-level table, in a page the run owns writable
     */
    GuestAccess virtualAccess(int id, long rootHva, long gva, byte[] data, int len, boolean oneAccess) {
        MemorySegment entry = MemorySegment.ofAddress(rootHva + 8L * HarnessImage.HARNESS_PML4_INDEX).reinterpret(8);
        long saved = entry.get(JAVA_LONG_UNALIGNED, 0);
        entry.set(JAVA_LONG_UNALIGNED, 0, harness.borrowedEntry());
        try {
            KvmVcpu vcpu = vcpu(id);
            return data == null ? harness.readVirtual(vcpu, cr3(id), gva, len, oneAccess)
                    : harness.writeVirtual(vcpu, cr3(id), gva, data, oneAccess);
        } finally {
            entry.set(JAVA_LONG_UNALIGNED, 0, saved);
        }
    }

    /** Entry {@code index} of the table at host address {@code tableHva}. */
    static long tableEntry(long tableHva, int index) {
        return MemorySegment.ofAddress(tableHva + 8L * index).reinterpret(8).get(JAVA_LONG_UNALIGNED, 0);
    }

    /** The host address of {@code gpa} when a slot holds it and the run owns its page with {@code prot}, else -1. */
    long ownedHva(long gpa, Prot prot) {
        Slot slot = slotAt(gpa);
        if (slot == null) {
            return -1;
        }
        long hva = slot.hva() + (gpa - slot.gpa());
        return host.owned().protection(hva) == prot ? hva : -1;
    }

    /** {@code KVM_SET_VAPIC_ADDR} at {@code gpa}, then off again, so that no run ever writes through it. */
    int vapicCacheInit(long gpa) {
        KvmVcpu vcpu = vcpu(CACHE_VCPU);
        int rc = vcpu.setVapicAddr(gpa);
        vcpu.setVapicAddr(0);
        return rc;
    }

    /** A paravirtual MSR that initialises a cache at its address: 1 when the kernel took it, 0 when not; then off again. */
    int msrCacheInit(int msr, long value) {
        KvmVcpu vcpu = vcpu(CACHE_VCPU);
        int set = vcpu.setMsr(msr, value);
        vcpu.setMsr(msr, 0);
        return set;
    }

    @Override
    public void close() {
        try {
            harness.close();
            vm.close();
        } finally {
            host.close();
            arena.close();
        }
    }
}
