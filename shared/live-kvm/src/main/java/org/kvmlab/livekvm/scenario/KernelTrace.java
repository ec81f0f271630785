package org.kvmlab.livekvm.scenario;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kvmlab.core.host.Prot;

/**
 * What the runner saw the kernel do beyond each line's answer, kept for the difference rules:
 * the page-table entries whose accessed and dirty bits the kernel's walker set, and the pages it
 * thereby dirtied, as host addresses (two slots may share host pages); and page-table walks read
 * from the kernel's own memory.
 */
public final class KernelTrace {
    /** The accessed (5) and dirty (6) bits of a page-table entry. */
    static final long ACCESSED_DIRTY = 0x60;

    private final LiveVm vm;
    private final Set<Long> walkerEntries = new HashSet<>();
    private final Set<Long> walkerPages = new HashSet<>();

    KernelTrace(LiveVm vm) {
        this.vm = vm;
    }

    /** Records that the walker set A/D bits in the 8 bytes at host address {@code hva}. */
    void walkerWrote(long hva) {
        walkerEntries.add(hva);
        walkerPages.add(hva & ~0xfffL);
    }

    /** Whether the walker set A/D bits in the entry at {@code hva}. */
    public boolean walkerWroteEntry(long hva) {
        return walkerEntries.contains(hva);
    }

    /**
     * Whether the walker dirtied page {@code page} of slot {@code id} since its log was last
     * collected (the kernel dirty-logs a table page when it writes an A or D bit there).
     */
    public boolean walkerDirtied(int id, long page) {
        LiveVm.Slot slot = slot(id);
        return slot != null && walkerPages.contains(slot.hva() + (page << 12));
    }

    /** Forgets the pages of slot {@code id} that the walker dirtied: its log was collected. */
    void logCollected(int id) {
        LiveVm.Slot slot = slot(id);
        if (slot != null) {
            walkerPages.removeIf(p -> Long.compareUnsigned(p - slot.hva(), slot.size()) < 0);
        }
    }

    /** The host address of {@code gpa} in the kernel's slots, or -1. */
    public long hvaOf(long gpa) {
        LiveVm.Slot slot = vm.slotAt(gpa);
        return slot == null ? -1 : slot.hva() + (gpa - slot.gpa());
    }

    private LiveVm.Slot slot(int id) {
        for (LiveVm.Slot slot : vm.slots()) {
            if (slot.id() == id) {
                return slot;
            }
        }
        return null;
    }

    /**
     * The entries the kernel's walker reads for {@code gva} on vCPU {@code id}, top level first,
     * read from the kernel's memory, up to the first entry that is not present or maps a page, or
     * that the run cannot read.
     */
    public List<Long> walk(int id, long gva) {
        List<Long> entries = new ArrayList<>();
        long table = vm.cr3(id) & ((1L << vm.facts().maxPhysAddr()) - 1) & ~0xfffL;
        for (int level = 4; level >= 1; level--) {
            long gpa = table + 8 * ((gva >>> (12 + 9 * (level - 1))) & 511);
            long hva = vm.ownedHva(gpa & ~0xfffL, Prot.RW);
            if (hva < 0) {
                hva = vm.ownedHva(gpa & ~0xfffL, Prot.RO);
            }
            if (hva < 0) {
                break;
            }
            long entry = MemorySegment.ofAddress(hva + (gpa & 0xfff)).reinterpret(8).get(JAVA_LONG_UNALIGNED, 0);
            entries.add(entry);
            boolean large = (level == 2 || level == 3) && (entry & 0x80) != 0;
            if ((entry & 1) == 0 || large) {
                break;
            }
            table = entry & 0x000f_ffff_ffff_f000L;
        }
        return entries;
    }
}
