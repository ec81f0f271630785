package org.kvmlab.conformance;

import org.kvmlab.core.memslot.InstallHook;

/**
 * What a design implements to be tested by the kit: a name and a way to make a fresh VM whose
 * accesses go through the design's own accessors. A variant registers its adapter with
 * {@link java.util.ServiceLoader} in its test scope; the kit's reference model registers itself
 * the same way, under the name {@code reference}.
 */
public interface VariantAdapter {
    /** The design's name: its module name without {@code variant-} ({@code x86-prefixed}, ...). */
    String name();

    /**
     * A fresh VM with no host mappings, no slots and no vCPUs.
     *
     * @param userMemSlots {@code KVM_USER_MEM_SLOTS} for the VM (1 to 32764)
     */
    default GuestVm createVm(int userMemSlots) {
        return createVm(userMemSlots, InstallHook.NONE);
    }

    /**
     * A fresh VM as {@link #createVm(int)}, whose core calls {@code hook} after every memslot
     * install: the kit runs the design's accessors from it to observe the invalid phase of a
     * delete or a move, between the invalidating install and the final one.
     *
     * @param userMemSlots {@code KVM_USER_MEM_SLOTS} for the VM (1 to 32764)
     * @param hook         passed to the core's {@code Kvm} as it is
     */
    GuestVm createVm(int userMemSlots, InstallHook hook);
}
