package org.kvmlab.addressspaces.conformance;

import java.util.List;
import org.kvmlab.addressspaces.adapter.AddressSpacesDesign;
import org.kvmlab.conformance.scenario.Command;
import org.kvmlab.conformance.scenario.Ctx;
import org.kvmlab.conformance.scenario.Data;
import org.kvmlab.conformance.scenario.DesignDifferences;
import org.kvmlab.conformance.scenario.DifferenceRule;
import org.kvmlab.conformance.suite.DeclaredCorpus;
import org.kvmlab.core.kvm.Kvm;
import org.kvmlab.core.memslot.MemorySlot;
import org.kvmlab.core.memslot.MemslotFlags;
import org.kvmlab.core.memslot.Memslots;

/**
 * Every way this design (Linux 4.2's address spaces) observably differs from the 2015 flag-based
 * contract on a scenario, as difference rules (SCENARIOS.md section 6), and the corpus lines they
 * declare ({@code declared-corpus.txt} beside this class). They were found by running the corpus
 * and random programs on both modes of the reference model; {@link AddressSpacesDifferencesTest}
 * fails if a difference appears that no rule covers, and the design's corpus test if a declared
 * line disappears or a new one appears. A rule only names a line on which the design agrees with
 * the address-space reference, so a broad rule cannot hide a bug in the design. Registered for
 * the kit in this module's test resources.
 */
public final class AddressSpacesDifferences implements DesignDifferences {
    private static final int BIT_24 = MemslotFlags.KVM_MEM_X86_SMRAM;

    /** The rules, first match first. */
    public static final List<DifferenceRule> RULES = List.of(
            new DifferenceRule("flags-bit24",
                    "4.2 has no KVM_MEM_X86_SMRAM: flags=N with bit 24 is an unknown flag, EINVAL",
                    (line, flag, cache) -> line instanceof Command.Region r && (r.flags() & BIT_24) != 0),
            new DifferenceRule("as1-slot",
                    "slot numbers with as_id 1 name the SMM address space, which the flag designs lack (EINVAL there)",
                    (line, flag, cache) -> switch (line) {
                        case Command.Region r -> r.slot() >>> 16 == 1;
                        case Command.DirtyLog d -> d.slot() >>> 16 == 1;
                        default -> false;
                    }),
            new DifferenceRule("cache-refill",
                    "a vCPU's cache is refilled from the address space the vCPU uses now, so a zero-length read"
                            + " through a cache of SMRAM after leaving SMM takes the slow path (ok) where the flag"
                            + " designs refuse the hidden slot (EFAULT)",
                    (line, flag, cache) -> line instanceof Command.ReadCached(String name, int len) && len == 0
                            && cache != null && cache.ctx() instanceof Ctx.OnVcpu),
            new DifferenceRule("smram-word-as1",
                    "the smram word only adds, changes or deletes slots of address space 1, where SMRAM may lie over"
                            + " other memory, and a normal-mode vCPU keeps seeing address space 0, where the flag"
                            + " designs turn the slot itself into hidden SMRAM",
                    (line, flag, cache) -> line instanceof Command.Region r && (r.smram() || changesSmramSlot(r, flag.kvm()))
                            || normalModeVcpuTouchesSmram(line, flag.kvm(), cache)),
            new DifferenceRule("vm-as0",
                    "a VM-level access has no vCPU to choose a space: it uses address space 0, which holds no"
                            + " SMRAM, where the flag designs' VM-level lookup sees every slot; so VM-level writes"
                            + " and dirty marks never reach the SMRAM that a vCPU in SMM reads",
                    (line, flag, cache) -> touchesSmram(line, flag.kvm(), cache) || logOfSmram(line, flag.kvm())),
            new DifferenceRule("as0-survives",
                    "a change to one address space is not undone in the other: normal RAM stays in address space 0"
                            + " where the flag designs deleted it with the smram word, or where its mirror into"
                            + " address space 1 failed; a line then finds a slot where the flag designs have none",
                    (line, flag, cache) -> touchesUnbacked(line, flag.kvm(), cache) || namesSlotMissingInFlag(line, flag.kvm())));

    /** The corpus lines the rules declare, as the runner prints them. */
    static final List<String> DECLARED_CORPUS = DeclaredCorpus.read(AddressSpacesDifferences.class,
            "declared-corpus.txt");

    /** The registered instance; the rules themselves are {@link #RULES}. */
    public AddressSpacesDifferences() {}

    @Override
    public String design() {
        return AddressSpacesDesign.NAME;
    }

    @Override
    public List<DifferenceRule> declaredDifferences() {
        return RULES;
    }

    @Override
    public List<String> declaredCorpus() {
        return DECLARED_CORPUS;
    }

    /**
     * An access whose range touches a slot the flag VM holds as SMRAM: VM-level (it misses there),
     * or by a vCPU in SMM (it finds what only SMM wrote); normal-mode vCPUs are the previous rule's.
     */
    private static boolean touchesSmram(Command line, Kvm flag, Command.Cache cache) {
        Range range = Range.of(line, cache);
        return range != null && anySlot(flag, range, true);
    }

    /**
     * A region line through address space 0, without the smram word, for a slot id the flag VM
     * holds as SMRAM: with address spaces that slot lives in address space 1 only.
     */
    private static boolean changesSmramSlot(Command.Region region, Kvm flag) {
        int id = region.slot() & 0xffff;
        return region.slot() >>> 16 == 0 && id < flag.config().userMemSlots()
                && flag.memslots(0).idToMemslot(id).isSmram();
    }

    /** A dirty log of a slot the flag VM holds as SMRAM: VM-level marks never reach address space 1. */
    private static boolean logOfSmram(Command line, Kvm flag) {
        if (line instanceof Command.DirtyLog(int slot) && slot >>> 16 == 0
                && (slot & 0xffff) < flag.config().userMemSlots()) {
            return flag.memslots(0).idToMemslot(slot & 0xffff).isSmram();
        }
        return false;
    }

    /** A normal-mode vCPU's access (or a cache bound to one) touching what the flag VM holds as SMRAM. */
    private static boolean normalModeVcpuTouchesSmram(Command line, Kvm flag, Command.Cache cache) {
        Range range = Range.of(line, cache);
        return range != null && range.ctx() instanceof Ctx.OnVcpu(int id) && flag.vcpu(id) != null
                && !flag.vcpu(id).isSmm() && anySlot(flag, range, true);
    }

    /** An access whose range the flag VM does not back with slots throughout. */
    private static boolean touchesUnbacked(Command line, Kvm flag, Command.Cache cache) {
        Range range = Range.of(line, cache);
        return range != null && !fullyCovered(flag, range);
    }

    /** A region or dirty-log line through address space 0 for a slot id the flag VM does not hold. */
    private static boolean namesSlotMissingInFlag(Command line, Kvm flag) {
        int slot = switch (line) {
            case Command.Region r when !r.smram() -> r.slot();
            case Command.DirtyLog d -> d.slot();
            default -> -1;
        };
        int id = slot & 0xffff;
        return slot >= 0 && slot >>> 16 == 0 && id < flag.config().userMemSlots()
                && flag.memslots(0).idToMemslot(id).isEmpty();
    }

    private static boolean anySlot(Kvm flag, Range range, boolean smram) {
        Memslots slots = flag.memslots(0);
        for (int i = 0; i < slots.usedSlots(); i++) {
            MemorySlot slot = slots.memslotAt(i);
            if (slot.isSmram() == smram && range.overlaps(slot)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fullyCovered(Kvm flag, Range range) {
        for (long gfn = range.firstGfn(); Long.compareUnsigned(gfn, range.lastGfn()) <= 0; gfn++) {
            if (flag.memslots(0).searchMemslots(gfn) == null) {
                return false;
            }
            if (gfn == -1L) {
                break;
            }
        }
        return true;
    }

    /** The guest frames a line touches, and on whose behalf; null for lines that touch no frame. */
    private record Range(Ctx ctx, long firstGfn, long lastGfn) {
        static Range of(Command line, Command.Cache cache) {
            return switch (line) {
                case Command.Read(var ctx, long gpa, int len) -> bytes(ctx, gpa, len);
                case Command.Write(var ctx, long gpa, Data data) -> bytes(ctx, gpa, data.length());
                case Command.Clear(var ctx, long gpa, int len) -> bytes(ctx, gpa, len);
                case Command.ReadAtomic(var ctx, long gpa, int len) -> bytes(ctx, gpa, Math.max(len, 1));
                case Command.ReadPage(var ctx, long gfn, int o, int l) -> new Range(ctx, gfn, gfn);
                case Command.WritePage(var ctx, long gfn, int o, var d) -> new Range(ctx, gfn, gfn);
                case Command.ClearPage(var ctx, long gfn, int o, int l) -> new Range(ctx, gfn, gfn);
                case Command.Hva(var ctx, long gfn) -> new Range(ctx, gfn, gfn);
                case Command.HvaProt(var ctx, long gfn) -> new Range(ctx, gfn, gfn);
                case Command.Visible(var ctx, long gfn) -> new Range(ctx, gfn, gfn);
                case Command.Memslot(var ctx, long gfn) -> new Range(ctx, gfn, gfn);
                case Command.Dirty(var ctx, long gfn) -> new Range(ctx, gfn, gfn);
                case Command.Cache(String name, var ctx, long gpa, int len) -> bytes(ctx, gpa, Math.max(len, 1));
                case Command.ReadCached _, Command.WriteCached _ ->
                        cache == null ? null : bytes(cache.ctx(), cache.gpa(), Math.max(cache.len(), 1));
                default -> null;
            };
        }

        private static Range bytes(Ctx ctx, long gpa, int len) {
            if (len == 0 || Long.compareUnsigned(gpa, -(long) len) > 0 && len != 0 && gpa + len != 0) {
                return len == 0 ? null : new Range(ctx, gpa >>> 12, -1L >>> 12);
            }
            return new Range(ctx, gpa >>> 12, (gpa + len - 1) >>> 12);
        }

        boolean overlaps(MemorySlot slot) {
            long slotLast = slot.baseGfn() + slot.npages() - 1;
            return Long.compareUnsigned(firstGfn, slotLast) <= 0 && Long.compareUnsigned(slot.baseGfn(), lastGfn) <= 0;
        }
    }
}
