package org.kvmlab.core.kvm;

import org.kvmlab.core.memslot.MemorySlot;

/**
 * {@code struct gfn_to_hva_cache} of Linux 4.1: a caller-owned record of where a guest range was
 * found, so that repeated accesses to it (kvmclock, steal time, async page faults) skip the
 * memslot lookup while the memslot generation is unchanged. Its fields are the C struct's, public
 * and mutable because the accessors of each design fill them in; a design that needs more state
 * to keep DESIGN.md's rule 3 extends this class and says why.
 */
public class GfnToHvaCache {
    /** The memslot generation the cache was filled under. */
    public long generation;
    /** The start of the cached guest range. */
    public long gpa;
    /** The host address of {@link #gpa}, or an error hva. */
    public long hva;
    /** The length of the cached range; no access through the cache may be longer. */
    public long len;
    /** The slot holding the range, or null when accesses take the slow path. */
    public MemorySlot memslot;
}
