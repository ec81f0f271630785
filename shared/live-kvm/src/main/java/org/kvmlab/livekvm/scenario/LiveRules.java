package org.kvmlab.livekvm.scenario;

import static org.kvmlab.core.base.Errno.EINVAL;

import java.util.List;
import java.util.TreeSet;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Data;
import org.kvmlab.conformance.scenario.Outcome;
import org.kvmlab.core.memslot.MemslotFlags;
import org.kvmlab.livekvm.kvm.KernelFacts;

/**
 * Every way the running kernel is known to differ from the 2015 contract on a scenario line, as
 * rules (first match first). They were found by running the corpus on Linux 6.18; each says why
 * in terms of the kernel's code, and each is decided from what the kernel reports at run time,
 * never from a list of lines.
 */
public final class LiveRules {
    private static final long PFERR_RSVD = 1 << 3;
    private static final long PS = 1 << 7;

    /** The rules, first match first. */
    public static final List<LiveRule> RULES = List.of(
            new LiveRule("no-smram-flag",
                    "Linux 4.2 merged address spaces instead of the thread's KVM_MEM_X86_SMRAM, so bit 24 is an"
                            + " unknown flag: check_memory_region_flags refuses it with EINVAL before any other check",
                    facts -> facts.atLeast(4, 2),
                    line -> line.line().command() instanceof Command.Region r
                            && (r.effectiveFlags() & MemslotFlags.KVM_MEM_X86_SMRAM) != 0
                            && line.kernel().equals(new Outcome.Errno(EINVAL))),
            new LiveRule("slot-count",
                    "KVM_USER_MEM_SLOTS is what KVM_CAP_NR_MEMSLOTS reports (509 in Linux 4.1, 32764 on x86 today)"
                            + " and no ioctl lowers it, so ids the contract refuses as beyond the VM's slots are valid",
                    facts -> facts.userMemSlots() > 0,
                    line -> slotIdBeyondContract(line)),
            new LiveRule("slot-end",
                    "x86's kvm_arch_prepare_memory_region refuses a slot that ends above the last gfn its MMU can map"
                            + " (kvm_mmu_max_gfn); the contract lets a slot end anywhere up to 2^64",
                    facts -> Long.compareUnsigned(facts.slotEndLimit(), 0) != 0,
                    line -> line.line().command() instanceof Command.Region r && r.size() != 0
                            && Long.compareUnsigned(r.gpa() + r.size(), line.facts().slotEndLimit()) > 0
                            && line.kernel().equals(new Outcome.Errno(EINVAL))),
            new LiveRule("cr3-check",
                    "KVM_SET_SREGS (kvm_is_valid_sregs) checks a long-mode CR3 only against the guest's"
                            + " physical-address width: bits 11:0 are PWT, PCD or ignored, so an unaligned root is taken"
                            + " (and walked from its page), while a root at 2^MAXPHYADDR or above is EINVAL",
                    facts -> true,
                    line -> line.line().command() instanceof Command.Cr3(int id, long gpa)
                            && ((gpa & 0xfff) != 0 && line.kernel() instanceof Outcome.Ok
                            || Long.compareUnsigned(gpa, 1L << line.facts().maxPhysAddr()) >= 0
                            && line.kernel().equals(new Outcome.Errno(EINVAL)))),
            new LiveRule("no-1g-pages",
                    "the guest's CPUID has no PDPE1GB (the host offers no 1 GiB pages), so PS in a PDPTE is a reserved"
                            + " bit: the walker faults with PFERR_RSVD where the contract maps a 1 GiB page",
                    facts -> !facts.gigabytePages(),
                    line -> reservedFault(line) && walkHas(line, 3, e -> (e & PS) != 0)),
            new LiveRule("reserved-bits",
                    "the walker enforces reserved bits (is_rsvd_bits_set): PS in a top-level entry, bits 20:13 of a"
                            + " 2 MiB entry, frame bits at or above MAXPHYADDR; the contract ignores them",
                    facts -> true,
                    line -> reservedFault(line) && hasReservedBits(line)),
            new LiveRule("canonical-first-byte",
                    "the emulator checks one access's linear address, its first byte, for canonical form"
                            + " (emul_is_noncanonical_address in linearize): an access of 1 to 8 bytes that starts below"
                            + " 0x800000000000 and runs past it walks into the other half and faults there, after"
                            + " writing its first part",
                    facts -> true,
                    LiveRules::straddlesCanonicalEdge),
            new LiveRule("walker-accessed-dirty",
                    "the walker sets the accessed bit of each entry it uses and the dirty bit of the last for a write"
                            + " (FNAME(update_accessed_dirty_bits)), and dirty-logs the table pages it wrote; the"
                            + " contract deliberately never writes A or D",
                    facts -> true,
                    line -> readsWalkerBits(line) || logsWalkerPages(line)));

    private LiveRules() {}

    /** The rules that apply to the kernel at hand. */
    public static List<LiveRule> applying(KernelFacts facts) {
        return RULES.stream().filter(rule -> rule.applies().test(facts)).toList();
    }

    /** A region or dirty-log line for an id the contract's VM lacks but the kernel's has. */
    private static boolean slotIdBeyondContract(LiveRule.Line line) {
        int slot = switch (line.line().command()) {
            case Command.Region r -> r.slot();
            case Command.DirtyLog d -> d.slot();
            default -> -1;
        };
        int id = slot & 0xffff;
        return slot >= 0 && slot >>> 16 == 0 && id >= line.userSlots() && id < line.facts().userMemSlots()
                && line.contract().equals(new Outcome.Errno(EINVAL)) && !line.kernel().equals(line.contract());
    }

    /** A guest-virtual access that page-faulted on a reserved bit. */
    private static boolean reservedFault(LiveRule.Line line) {
        return line.kernel() instanceof Outcome.PageFault(long error, long gva) && (error & PFERR_RSVD) != 0;
    }

    /** Whether the walk of the line's faulting address meets an entry at {@code level} that {@code test} holds for. */
    private static boolean walkHas(LiveRule.Line line, int level, java.util.function.LongPredicate test) {
        if (!(line.kernel() instanceof Outcome.PageFault(long error, long gva))) {
            return false;
        }
        List<Long> entries = line.trace().walk(vcpuOf(line.line().command()), gva);
        int index = 4 - level;
        return index < entries.size() && (entries.get(index) & 1) != 0 && test.test(entries.get(index));
    }

    private static boolean hasReservedBits(LiveRule.Line line) {
        long frameLimit = ~((1L << line.facts().maxPhysAddr()) - 1) & 0x000f_ffff_ffff_ffffL;
        return walkHas(line, 4, e -> (e & PS) != 0 || (e & frameLimit) != 0)
                || walkHas(line, 3, e -> (e & frameLimit) != 0 || (e & PS) != 0 && (e & 0x3fff_e000L) != 0)
                || walkHas(line, 2, e -> (e & frameLimit) != 0 || (e & PS) != 0 && (e & 0x1f_e000L) != 0)
                || walkHas(line, 1, e -> (e & frameLimit) != 0);
    }

    private static int vcpuOf(Command command) {
        return switch (command) {
            case Command.ReadVirt r -> r.id();
            case Command.WriteVirt w -> w.id();
            default -> -1;
        };
    }

    /** An access of one guest instruction whose first byte is canonical and whose last is not. */
    private static boolean straddlesCanonicalEdge(LiveRule.Line line) {
        long gva;
        int len;
        switch (line.line().command()) {
            case Command.ReadVirt r -> {
                gva = r.gva();
                len = r.len();
            }
            case Command.WriteVirt w -> {
                gva = w.gva();
                len = w.data().length();
            }
            default -> {
                return false;
            }
        }
        boolean oneAccess = len == 1 || len == 2 || len == 4 || len == 8;
        return oneAccess && line.contract() instanceof Outcome.GeneralProtection
                && canonical(gva) && !canonical(gva + len - 1);
    }

    private static boolean canonical(long gva) {
        return (gva << 16 >> 16) == gva;
    }

    /**
     * A physical read whose bytes differ from the contract's (or the shadow's) only in A and D bits
     * the walker set, in entries it wrote.
     */
    private static boolean readsWalkerBits(LiveRule.Line line) {
        long gpa;
        switch (line.line().command()) {
            case Command.Read r -> gpa = r.gpa();
            case Command.ReadPage p -> gpa = (p.gfn() << 12) + p.offset();
            default -> {
                return false;
            }
        }
        return onlyWalkerBits(line, gpa, line.kernel(), line.contract())
                || onlyWalkerBits(line, gpa, line.kernel(), line.shadow());
    }

    private static boolean onlyWalkerBits(LiveRule.Line line, long gpa, Outcome kernel, Outcome other) {
        Data k = dataOf(kernel);
        Data o = dataOf(other);
        if (k == null || o == null || kernel.getClass() != other.getClass() || k.length() != o.length()) {
            return false;
        }
        byte[] kb = k.toByteArray();
        byte[] ob = o.toByteArray();
        boolean differs = false;
        for (int i = 0; i < kb.length; i++) {
            int x = (kb[i] ^ ob[i]) & 0xff;
            if (x == 0) {
                continue;
            }
            long at = gpa + i;
            long hva = line.trace().hvaOf(at & ~7L);
            // Only bits 5 and 6 of an entry's first byte, set on the kernel's side, in an entry the walker wrote.
            if ((at & 7) != 0 || (x & ~(int) KernelTrace.ACCESSED_DIRTY) != 0 || (kb[i] & x) != x
                    || hva < 0 || !line.trace().walkerWroteEntry(hva)) {
                return false;
            }
            differs = true;
        }
        return differs;
    }

    private static Data dataOf(Outcome outcome) {
        return switch (outcome) {
            case Outcome.OkData(Data data) -> data;
            case Outcome.ReadFault(Data buffer) -> buffer;
            case null, default -> null;
        };
    }

    /** A dirty log that holds, beyond the contract's (or the shadow's) pages, only table pages the walker wrote. */
    private static boolean logsWalkerPages(LiveRule.Line line) {
        if (!(line.line().command() instanceof Command.DirtyLog(int slot))
                || !(line.kernel() instanceof Outcome.OkPages(List<Long> pages))) {
            return false;
        }
        return onlyWalkerPages(line, slot, pages, line.contract()) || onlyWalkerPages(line, slot, pages, line.shadow());
    }

    private static boolean onlyWalkerPages(LiveRule.Line line, int slot, List<Long> pages, Outcome other) {
        if (!(other instanceof Outcome.OkPages(List<Long> otherPages))) {
            return false;
        }
        TreeSet<Long> extra = new TreeSet<>(pages);
        if (!extra.containsAll(otherPages)) {
            return false;
        }
        extra.removeAll(otherPages);
        return !extra.isEmpty() && extra.stream().allMatch(p -> line.trace().walkerDirtied(slot & 0xffff, p));
    }
}
