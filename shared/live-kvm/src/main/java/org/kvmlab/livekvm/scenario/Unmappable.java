package org.kvmlab.livekvm.scenario;

/**
 * Why a scenario line cannot run on the live kernel: what the line asks for has no userspace path
 * into the kernel, or the run would have to touch memory it does not own. Such a line is counted
 * as not mappable, never as agreeing.
 */
public enum Unmappable {
    /** {@code vm user_slots=N}. */
    USER_SLOTS("vm user_slots", "the kernel's slot count is its own (KVM_CAP_NR_MEMSLOTS); a VMM cannot set another"),
    /** {@code hva}, {@code hvaprot}, {@code visible}, {@code memslot}. */
    LOOKUP("lookup", "gfn_to_hva, gfn_to_hva_prot, kvm_is_visible_gfn and gfn_to_memslot are internal to the kernel:"
            + " no ioctl returns what they find"),
    /** {@code dirty}. */
    MARK_DIRTY("dirty", "mark_page_dirty has no entry point of its own from userspace"),
    /** {@code readatomic}. */
    ATOMIC("readatomic", "kvm_read_guest_atomic: no guest access or ioctl reaches it at a chosen address"),
    /** An access of no bytes. */
    EMPTY_ACCESS("access of 0 bytes", "a guest cannot make an access of no bytes, so the kernel is never asked (the"
            + " contract answers without a lookup, or with the page lookup only)"),
    /** {@code readcached}, {@code writecached}. */
    CACHED_ACCESS("cached access", "the kernel reads and writes through its gfn_to_hva_caches only its own words (VAPIC,"
            + " PV EOI, async PF) and returns no result to userspace"),
    /** A {@code cache} of a length and alignment no kernel cache has. */
    CACHE_SHAPE("cache shape", "the caches a VMM can place are 4 bytes (the VAPIC page, at a gpa other than 0),"
            + " 1 byte 4-aligned (PV EOI) and 8 bytes 64-aligned (async PF)"),
    /** {@code vcpu ID smm}. */
    SMM("smm", "entering System Management Mode, which a kernel without CONFIG_KVM_SMM lacks (KVM_CAP_X86_SMM 0)"
            + " and this runner does not drive on one with it"),
    /** A line whose contract result is {@code error}. */
    HOST_ERROR("host programming error", "the accessor API's IllegalArgumentException (a range past 2^64 or out of its"
            + " page, a cached access longer than its cache): the kernel has no such check"),
    /** An access above the guest's physical-address width. */
    BEYOND_PHYSICAL("beyond MAXPHYADDR", "the guest cannot address a gpa at or above its physical-address width"),
    /** An access to the local APIC's or the I/O APIC's page. */
    APIC_PAGE("APIC page", "KVM sends accesses to the local APIC page (0xfee00000) and the I/O APIC page (0xfec00000)"
            + " to its in-kernel APICs, not to memory"),
    /** An access to the harness's own guest-physical or guest-virtual range. */
    HARNESS_RANGE("harness range", "the line touches addresses the harness guest occupies"),
    /** A guest-virtual access whose page tables the harness cannot join. */
    HARNESS_UNREACHABLE("harness unreachable", "the harness needs top-level entry 510 of the scenario's page tables,"
            + " in RAM the run can write"),
    /** A slot too large to create on a shared machine. */
    HUGE_SLOT("huge slot", "a slot of more than 2^20 pages: the kernel's bookkeeping for it would take a share of the"
            + " host's memory that a conformance run must not take"),
    /** A line that would touch host memory the run did not map. */
    FOREIGN_MEMORY("foreign memory", "the line would touch memory of this process that the run did not map");

    private final String label;
    private final String reason;

    Unmappable(String label, String reason) {
        this.label = label;
        this.reason = reason;
    }

    /** A short label for counts. */
    public String label() {
        return label;
    }

    /** Why, in a sentence. */
    public String reason() {
        return reason;
    }
}
