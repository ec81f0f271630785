package org.kvmlab.conformance;

import org.kvmlab.core.memslot.InstallHook;
import org.kvmlab.spi.Role;

/**
 * What the kit runs: a name and a way to make a fresh VM whose accesses go through one
 * implementation of the accessors. Every design is one ({@link DesignAdapter}, made from the
 * design's module); so is the kit's reference model, registered with
 * {@link java.util.ServiceLoader} under the name {@code reference}, and so may be a reference of
 * another kind (the running kernel) that registers itself the same way.
 */
public interface VariantAdapter {
    /** Its name: a design's module name without {@code variant-} ({@code x86-prefixed}, ...). */
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

    /** What it is to the lab; a contestant unless it says otherwise. */
    default Role role() {
        return Role.CONTESTANT;
    }

    /** Where it sorts in listings, lowest first, ties by name (as {@code DesignModule#order}). */
    default int order() {
        return Integer.MAX_VALUE;
    }
}
