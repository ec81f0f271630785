package org.kvmlab.core.memslot;

/**
 * Called after each memslot set is published, on the updating thread with the update lock held.
 * The kernel calls into the arch code at these points ({@code kvm_arch_flush_shadow_memslot} after
 * the invalidating install of a delete or move, {@code kvm_arch_memslots_updated} after every
 * install); here tests use it to observe the in-between set and to widen race windows.
 */
@FunctionalInterface
public interface InstallHook {
    /** No arch work. */
    InstallHook NONE = installed -> { };

    /** The set that was just published. */
    void installed(Memslots installed);
}
