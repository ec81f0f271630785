package org.kvmlab.conformance.scenario;

import org.kvmlab.core.host.Prot;

/**
 * One command line of a scenario, its operands decoded (SCENARIOS.md sections 3 and 4). Numbers
 * are u64 held in a {@code long} with unsigned meaning; a SLOT or a flags word is a u32 held in an
 * {@code int}; LEN and OFFSET are at most 16 MiB, so they fit an {@code int} as the accessors take
 * them.
 */
public sealed interface Command {

    /** A command that accesses guest memory on behalf of a {@link Ctx}. */
    sealed interface Contextual extends Command {
        /** On whose behalf the access runs. */
        Ctx ctx();
    }

    /** A command whose {@code ok} result carries DATA of {@link #len()} bytes. */
    sealed interface Reading extends Command {
        /** How many bytes the command reads. */
        int len();
    }

    // ---- set-up ------------------------------------------------------------------------------

    /** {@code vm user_slots=N}; N is kept as written, since out-of-range values are a result ({@code EINVAL}). */
    record Vm(long userSlots) implements Command {}

    /** {@code mmap HVA SIZE PROT}. */
    record Mmap(long hva, long size, Prot prot) implements Command {}

    /** {@code munmap HVA SIZE}. */
    record Munmap(long hva, long size) implements Command {}

    /** {@code mprotect HVA SIZE PROT}. */
    record Mprotect(long hva, long size, Prot prot) implements Command {}

    /**
     * {@code region SLOT GPA SIZE HVA [FLAG ...]}: {@code log_dirty}, {@code readonly} and
     * {@code flags=N} OR'd into {@code flags}; the {@code smram} word kept apart, because a design
     * with address spaces maps it to address space 1 where {@code flags=N} with bit 24 is refused
     * (SCENARIOS.md section 6).
     */
    record Region(int slot, long gpa, long size, long hva, int flags, boolean smram) implements Command {
        /** The flags word of the flag-based designs: the {@code smram} word is bit 24. */
        public int effectiveFlags() {
            return smram ? flags | org.kvmlab.core.memslot.MemslotFlags.KVM_MEM_X86_SMRAM : flags;
        }
    }

    /** {@code vcpu ID [smm|nosmm]}. */
    record CreateVcpu(int id, SmmSwitch smm) implements Command {}

    /** The optional word of a {@code vcpu} line. */
    enum SmmSwitch {
        /** No word: leave the SMM state as it is. */
        KEEP,
        /** {@code smm}. */
        ENTER,
        /** {@code nosmm}. */
        LEAVE
    }

    /** {@code cr3 ID GPA}. */
    record Cr3(int id, long gpa) implements Command {}

    // ---- physical accesses -------------------------------------------------------------------

    /** {@code read CTX GPA LEN}. */
    record Read(Ctx ctx, long gpa, int len) implements Contextual, Reading {}

    /** {@code write CTX GPA DATA}. */
    record Write(Ctx ctx, long gpa, Data data) implements Contextual {}

    /** {@code clear CTX GPA LEN}. */
    record Clear(Ctx ctx, long gpa, int len) implements Contextual {}

    /** {@code readpage CTX GFN OFFSET LEN}. */
    record ReadPage(Ctx ctx, long gfn, int offset, int len) implements Contextual, Reading {}

    /** {@code writepage CTX GFN OFFSET DATA}. */
    record WritePage(Ctx ctx, long gfn, int offset, Data data) implements Contextual {}

    /** {@code clearpage CTX GFN OFFSET LEN}. */
    record ClearPage(Ctx ctx, long gfn, int offset, int len) implements Contextual {}

    /** {@code readatomic CTX GPA LEN}. */
    record ReadAtomic(Ctx ctx, long gpa, int len) implements Contextual, Reading {}

    // ---- translation, visibility, dirty logging ----------------------------------------------

    /** {@code hva CTX GFN}. */
    record Hva(Ctx ctx, long gfn) implements Contextual {}

    /** {@code hvaprot CTX GFN}. */
    record HvaProt(Ctx ctx, long gfn) implements Contextual {}

    /** {@code visible CTX GFN}. */
    record Visible(Ctx ctx, long gfn) implements Contextual {}

    /** {@code memslot CTX GFN}. */
    record Memslot(Ctx ctx, long gfn) implements Contextual {}

    /** {@code dirty CTX GFN}. */
    record Dirty(Ctx ctx, long gfn) implements Contextual {}

    /** {@code dirtylog SLOT}. */
    record DirtyLog(int slot) implements Command {}

    // ---- cached accesses ---------------------------------------------------------------------

    /** {@code cache NAME CTX GPA LEN}. */
    record Cache(String name, Ctx ctx, long gpa, int len) implements Contextual {}

    /** {@code writecached NAME DATA}. */
    record WriteCached(String name, Data data) implements Command {}

    /** {@code readcached NAME LEN}. */
    record ReadCached(String name, int len) implements Reading {}

    // ---- guest-virtual accesses --------------------------------------------------------------

    /** {@code readvirt ID GVA LEN}. */
    record ReadVirt(int id, long gva, int len) implements Reading {}

    /** {@code writevirt ID GVA DATA}. */
    record WriteVirt(int id, long gva, Data data) implements Command {}
}
