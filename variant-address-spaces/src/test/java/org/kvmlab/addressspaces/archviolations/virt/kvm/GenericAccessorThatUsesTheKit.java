package org.kvmlab.addressspaces.archviolations.virt.kvm;

import org.kvmlab.conformance.GuestVm;

/** Deliberately wrong: design code that depends on the project beyond the core. */
public final class GenericAccessorThatUsesTheKit {
    private GenericAccessorThatUsesTheKit() {}

    /** Borrows another module's answer. */
    public static boolean visible(GuestVm vm, long gfn) {
        return vm.isVisibleGfn(null, gfn);
    }
}
