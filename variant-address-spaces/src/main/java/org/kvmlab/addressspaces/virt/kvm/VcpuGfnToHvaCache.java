package org.kvmlab.addressspaces.virt.kvm;

import org.kvmlab.core.kvm.GfnToHvaCache;

/**
 * A {@link GfnToHvaCache} for accesses on behalf of a vCPU: Linux 4.1's fields plus the address
 * space the cache was filled from. Not in Linux 4.2, whose caches serve VM-level callers only and
 * always look in address space 0.
 *
 * <p><b>Why the extra field.</b> A cache is refilled when its memslot generation is out of date,
 * but a generation only orders the installs of one address space: each space starts at
 * 2^64-150 and advances by 2 per install on its own, so a generation taken from address space 1
 * can equal the current generation of address space 0. A vCPU that filled its cache in SMM and has
 * since left it would then pass the generation check and write SMRAM through the cached hva, the
 * stale view DESIGN.md's rule 3 forbids. Remembering the space closes that: the vCPU-level cached
 * accessors refill whenever the vCPU's current space differs from {@link #asId}, whatever the
 * generations say.
 *
 * <p>The VM-level accessors take any {@link GfnToHvaCache}, this one included, but neither read nor
 * update {@link #asId}; should such a cache come back to a vCPU-level accessor holding a slot of
 * another space, that accessor treats it as stale and fills it again from the vCPU's space, as it
 * does after a generation change (Linux, whose later generations differ between spaces, refills it
 * for that reason).
 */
public final class VcpuGfnToHvaCache extends GfnToHvaCache {
    /** The address space (0 normal, 1 SMM) whose memslots filled the cache. */
    public int asId;
}
